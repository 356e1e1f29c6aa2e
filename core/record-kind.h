/*
 * record-kind.h — the kinds of record a handheld writes and the hub
 * ingests, and their names on the wire ("count", "session-start", ...).
 * One list for both programs: a kind the hub does not know is refused.
 */
#ifndef TALLY_CORE_RECORD_KIND_H
#define TALLY_CORE_RECORD_KIND_H

enum record_kind {
	REC_COUNT,
	REC_CONSUME,
	REC_DISCARD,
	REC_RECEIVE,
	REC_REFILL,
	REC_TRANSFER,
	REC_SESSION_START,
	REC_SESSION_END,
	REC_UNKNOWN_CODE,
	REC_DEVIATION, /* goods receipt: over/under, wrong batch, short expiry, damaged */
	REC_SKIP,      /* round: an article of the basis list explicitly not counted */
	REC_VOID,      /* cancels an earlier record of this device: data {"seq", "uuid", "kind"} */
	REC_KIND_COUNT
};

/* "count", "consume", ... "session-start", "unknown-code"; and back (-1 if none). */
const char *record_kind_name(enum record_kind kind);
int record_kind_from_name(const char *name);

#endif
