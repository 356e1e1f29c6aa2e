/*
 * restore.h — finding a store restored from a backup or copied, and giving
 * it a new identity the hub accepts, before anything is pushed.
 */
#ifndef TALLY_SYNC_RESTORE_H
#define TALLY_SYNC_RESTORE_H

#include "common/err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct http;

struct sync_result;

/* From a push's answer (reply, and its parsed results): is this store not
 * the one the hub knows — it does not hold the hub's highest record, or a
 * record came back "conflict: seq"?  *needed 1 or 0; *hub_seq the hub's
 * highest.  0, or an EX_* status. */
int restore_needed(struct store *s, const json_t *reply, const struct sync_result *res, size_t n,
                   int64_t *hub_seq, int *needed, struct tally_err *e);

/* Take a new db_id (POST /v1/rebase, then the store) and say so in
 * `said`.  0, or an outcome status with e set. */
int restore_rebase(struct store *s, struct http *h, int64_t hub_seq, char *said, size_t said_size,
                   struct tally_err *e);

#endif
