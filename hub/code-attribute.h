/*
 * code-attribute.h — records scanned before their code was known, counted
 * for the article once it is.
 *
 * A handheld that does not know a scanned code keeps the scan as an
 * `unknown-code` record (jobs/pack.c) with its place, session and typed
 * quantity.  When the hub learns the code (mapped at /unknown, imported as
 * a `code` row, or already known when such a record arrives), each of
 * those records becomes what the handheld would have written had it known
 * the code, by the job of its session:
 *
 *   round, count   a count of the typed quantity (none typed: not counted)
 *   drill          a count of the packs scanned, within the drill's plan
 *   consume        consumption of the packs scanned
 *   receive        a receipt of the packs scanned into the bin
 *
 * A scan without a typed quantity is one pack times the code's multiplier.
 * The record keeps its body as it came (its kind there stays
 * `unknown-code`) and its scanned code; the code it was mapped by and when
 * are written on it (`mapped_code`, `mapped_at`), and the audit log gets
 * one line per code.  On-hand of the places touched is recomputed in the
 * same transaction.  A record without a place or a session job, or a count
 * without a quantity, gets the article and stays out of on-hand.
 */
#ifndef TALLY_HUB_CODE_ATTRIBUTE_H
#define TALLY_HUB_CODE_ATTRIBUTE_H

#include "common/err.h"

#include <jansson.h>
#include "hub/hdb.h"
#include <stdint.h>

struct code_attributed {
	long counted;     /* records now counted for their article */
	long not_counted; /* given the article, but no place, job or quantity */
};

/* Attribute the unknown-code records with id >= from_id whose code's key
 * (unknown_code_key) is `key` (NULL: any code the hub now knows), inside
 * the caller's transaction; reconciles what they touch unless `reconcile`
 * is 0 (the caller reconciles from from_id itself).  actor and
 * client_addr (may be NULL) go to the audit log.  out is added to. */
int code_attribute(struct hdb *db, int64_t from_id, const char *key, int reconcile,
                   const char *actor, const char *client_addr, struct code_attributed *out,
                   struct tally_err *e);

/* The codes mapped so far with the records counted in through each:
 * {"mapped":[{key, article_id, article_name, counted, not_counted,
 * mapped_at}]}, latest first. */
json_t *code_attributed_list(struct hdb *db, struct tally_err *e);

#endif
