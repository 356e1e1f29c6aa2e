/*
 * shortage.h — shortage notices (forsyningssvikt) at the hub: the pharmacy
 * registers a notice for an article (upcoming, ongoing or ended — the
 * national shortage list's kommende, pågående, avsluttet), its message,
 * from/to dates and the alternatives it chose with the clinicians, and
 * ends it.  Notices and alternatives are master rows (tables shortage and
 * shortage_alt, core/master-tables.c), written with their change-log
 * entries in one transaction, so every handheld pulls them on its next
 * sync.
 */
#ifndef TALLY_HUB_SHORTAGE_H
#define TALLY_HUB_SHORTAGE_H

#include "common/err.h"

#include <jansson.h>
#include "hub/hdb.h"
#include <stddef.h>

/* The statuses, as stored. */
#define SHORTAGE_UPCOMING "upcoming"
#define SHORTAGE_ONGOING  "ongoing"
#define SHORTAGE_ENDED    "ended"

/* Most alternatives a notice names. */
#define SHORTAGE_MAX_ALTERNATIVES 16

struct shortage_alternative {
	const char *article_id;
	const char *note; /* NULL: none */
};

struct shortage_notice {
	const char *article_id, *status, *message;
	const char *from_date, *to_date; /* YYYY-MM-DD or NULL */
	struct shortage_alternative alt[SHORTAGE_MAX_ALTERNATIVES];
	size_t n_alt;
};

/* Register (or replace) the notice of n->article_id: every article named
 * must be known, the status one of the three, dates YYYY-MM-DD.  Its
 * alternatives replace the old ones.  EX_DATAERR with e saying what was
 * wrong.  The audit log gets a row by `actor` (a login, or "cli:USER")
 * from client_addr (NULL for a command) in the same transaction. */
int shortage_put(struct hdb *db, const struct shortage_notice *n, const char *actor,
                 const char *client_addr, struct tally_err *e);

/* End the notice of article_id: status ended, to_date `to` (NULL: today).
 * EX_DATAERR when the article has no notice.  Audited as shortage_put. */
int shortage_end(struct hdb *db, const char *article_id, const char *to, const char *actor,
                 const char *client_addr, struct tally_err *e);

/* Every notice (all: ended ones too), as [{article_id, article_name,
 * generic_name, status, from_date, to_date, message, alternatives:
 * [{article_id, article_name, note}]}], ongoing first.  NULL with e set. */
json_t *shortage_list(struct hdb *db, int all, struct tally_err *e);

/* Is the string a date YYYY-MM-DD? */
int shortage_date_ok(const char *s);

#endif
