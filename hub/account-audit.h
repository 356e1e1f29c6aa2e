/*
 * account-audit.h — the audit log: one row per change made through the
 * staff pages or the account commands (sign-ins and failed ones included),
 * with who, when, from where and what.
 */
#ifndef TALLY_HUB_ACCOUNT_AUDIT_H
#define TALLY_HUB_ACCOUNT_AUDIT_H

#include "common/err.h"

#include <jansson.h>
#include "hub/hdb.h"

/* Append a row; actor is a login, or "cli:USER" for a command. */
int audit_log(struct hdb *db, const char *actor, const char *action, const char *target,
              const char *detail, const char *client_addr, struct tally_err *e);

/* The latest `limit` rows, newest first: {"rows":[{at, actor, action,
 * target, detail, client_addr}]}. */
json_t *audit_list(struct hdb *db, int limit, struct tally_err *e);

#endif
