/*
 * record-kind.c — record kinds by name (see record-kind.h).
 */
#include "core/record-kind.h"

#include <string.h>

static const char *const kind_names[REC_KIND_COUNT] = {
	[REC_COUNT] = "count",
	[REC_CONSUME] = "consume",
	[REC_DISCARD] = "discard",
	[REC_RECEIVE] = "receive",
	[REC_REFILL] = "refill",
	[REC_TRANSFER] = "transfer",
	[REC_SESSION_START] = "session-start",
	[REC_SESSION_END] = "session-end",
	[REC_UNKNOWN_CODE] = "unknown-code",
	[REC_DEVIATION] = "deviation",
	[REC_SKIP] = "skip",
	[REC_VOID] = "void",
};

const char *record_kind_name(enum record_kind kind)
{
	return (unsigned)kind < REC_KIND_COUNT ? kind_names[kind] : "?";
}

int record_kind_from_name(const char *name)
{
	for (int i = 0; i < REC_KIND_COUNT; i++)
		if (name != NULL && strcmp(kind_names[i], name) == 0)
			return i;
	return -1;
}
