/*
 * restore.c — a store restored from its own backup, or byte-copied to a
 * second handheld, keeps its db_id: its next records would reuse seqs the
 * hub already holds and be rejected as conflicts.  Before pushing, the
 * hub's answer to every push says the highest seq (and that record's UUID)
 * it holds from this store.  When this store does not hold that very record — it is
 * behind, or it went another way from that seq — the store is not the one
 * the hub knows; so too when the hub answers a record "conflict: seq …"
 * (a copy that went another way below the hub's highest).  It takes a new
 * identity (a fresh db_id the hub accepts through POST /v1/rebase) before
 * anything of that answer is marked, and pushes everything under it.  Records the hub
 * already has come back "duplicate" by their UUID; new ones are accepted:
 * nothing is lost, nothing rejected.  Both sides say what happened.
 */
#include "sync/restore.h"

#include "common/i18n.h"
#include "db/store.h"
#include "sync/http.h"
#include "sync/outcome.h"

#include <stdio.h>
#include <string.h>

/* Does this store hold the hub's highest record, seq and UUID alike? */
static int holds(struct store *s, int64_t seq, const char *uuid, int *yes, struct tally_err *e)
{
	struct record r;
	*yes = 0;
	int rc = store_record_get(s, seq, &r, e);
	if (rc == EX_DATAERR) {
		err_clear(e);
		return 0; /* behind: restored from an older backup */
	}
	if (rc != 0)
		return rc;
	*yes = strcmp(r.uuid, uuid) == 0;
	record_free(&r);
	return 0;
}

static int64_t own_highest(struct store *s)
{
	struct record *recs = NULL;
	size_t n = 0;
	struct tally_err ignore = { 0 };
	int64_t high = 0;
	/* Records are few per call only when asked from the end; a full walk
	 * is fine here: this runs once per sync, and only after detection. */
	if (store_records(s, 0, 0, 0, &recs, &n, &ignore) == 0 && n > 0)
		high = recs[n - 1].seq;
	records_free(recs, n);
	return high;
}

int restore_needed(struct store *s, const json_t *reply, const struct sync_result *res, size_t n,
                   int64_t *hub_seq, int *needed, struct tally_err *e)
{
	*needed = 0;
	json_t *jseq = json_object_get(reply, "highest_seq");
	const char *uuid = json_string_value(json_object_get(reply, "highest_uuid"));
	*hub_seq = json_is_integer(jseq) ? json_integer_value(jseq) : 0;
	for (size_t i = 0; i < n; i++)
		if (res[i].state == SYNC_REJECTED && res[i].reason != NULL &&
		    strncmp(res[i].reason, "conflict: seq", 13) == 0)
			*needed = 1;
	if (*needed || *hub_seq <= 0 || uuid == NULL)
		return 0; /* an older hub says nothing: nothing to compare */
	int same = 0;
	if (holds(s, *hub_seq, uuid, &same, e) != 0)
		return e->status;
	*needed = !same;
	return 0;
}

int restore_rebase(struct store *s, struct http *h, int64_t hub_seq, char *said, size_t said_size,
                   struct tally_err *e)
{
	char fresh[37], old[37];
	if (store_new_uuid(fresh) != 0)
		return err_set(e, EX_OSERR, _("no randomness for the store's new identity"));
	snprintf(old, sizeof(old), "%s", store_db_id(s));
	int64_t mine = own_highest(s);
	json_t *body = json_pack("{s:s, s:s, s:I}", "db_id", old, "new_db_id", fresh, "highest_seq",
	                         (json_int_t)mine);
	struct http_result r;
	http_request(h, "POST", "/v1/rebase", body, &r);
	json_decref(body);
	int rc = 0;
	if (r.transport || r.status != 200)
		rc = outcome_fail(&r, _("giving the restored store a new identity"), e);
	http_result_release(&r);
	if (rc != 0)
		return rc;
	if (store_take_identity(s, fresh, e) != 0)
		return e->status;
	snprintf(said, said_size,
	         _("This store was restored from a backup or copied: it holds records up to %lld, "
	           "the hub had up to %lld from it. It goes on as a new store (%s); every record "
	           "is sent, none is lost or rejected."),
	         (long long)mine, (long long)hub_seq, fresh);
	return 0;
}
