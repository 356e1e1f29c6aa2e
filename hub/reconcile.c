/*
 * reconcile.c — on-hand per location × article (see reconcile.h).
 *
 * Why recompute a pair from its history instead of adding the new events to
 * the old figure: handhelds sync whenever they find the network, so a count
 * placed at 08:00 may arrive after a consume placed at 07:55 from another
 * handheld.  Only a walk in placed order gives the same answer whatever the
 * arrival order.  The walk uses the index event_place and touches one pair.
 */
#include "hub/reconcile.h"
#include "hub/changelog.h"
#include "hub/place-lock.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every stock-moving event at the place, and transfers into it from
 * elsewhere, in placed order, from a point in that order on (?3, ?4, ?5:
 * placed_time, device, seq; '', 0, 0 for the whole history).  The indexes
 * are named: without statistics the planner would pick event_kind and read
 * every transfer for each pair. */
static const char pair_sql[] =
    "SELECT id, kind, qty, placed_time, device_id, user, session,"
    " CASE WHEN json_extract(data, '$.plan') IS NOT NULL THEN 1 ELSE 0 END, json_extract(data, "
    "'$.to'), 1,"
    " seq, batch"
    " FROM event AS e INDEXED BY event_place WHERE location_id = ?1 AND article_id = ?2"
    " AND (placed_time, device_id, seq) >= (?3, ?4, ?5)"
    " AND kind IN ('count', 'receive', 'refill', 'consume', 'discard', 'transfer')" HUB_NOT_VOIDED(
        "e") " UNION ALL"
             " SELECT id, kind, qty, placed_time, device_id, user, session, 0, NULL, 0, seq, batch"
             " FROM event AS t INDEXED BY event_transfer_to WHERE kind = 'transfer'"
             " AND json_extract(data, '$.to') = ?1 AND article_id = ?2 AND placed_time >= ?3"
             " AND (placed_time, device_id, seq) >= (?3, ?4, ?5) AND location_id IS NOT "
             "?1" HUB_NOT_VOIDED("t") " ORDER BY 4, 5, 11";

/* Where a walk may start: the last count (any count resets the figure, so
 * what lies before it does not matter) ... */
static const char last_count_sql[] =
    "SELECT placed_time, device_id, seq, session"
    " FROM event AS e INDEXED BY event_place WHERE location_id = ?1 AND article_id = ?2"
    " AND kind = 'count'" HUB_NOT_VOIDED(
        "e") " ORDER BY placed_time DESC, device_id DESC, seq DESC LIMIT 1";

/* ... or, when that count belongs to a session, the session's first count
 * there: a drill's count is the sum of its scans, any other session's the
 * sum of its batches. */
static const char session_first_sql[] =
    "SELECT placed_time, device_id, seq FROM event AS e INDEXED BY event_place"
    " WHERE location_id = ?1 AND article_id = ?2 AND kind = 'count' AND session = "
    "?3" HUB_NOT_VOIDED("e") " ORDER BY placed_time, device_id, seq LIMIT 1";

/* A point in placed order. */
struct from {
	char time[32];
	int64_t device, seq;
};

/* `+kind`: the new events are found by id, not by reading every event of
 * these kinds through event_kind (for a void's loan, reading every loan
 * and then every record of its device took 4 s for 10,000 records). */
static const char pairs_sql[] =
    "SELECT location_id, article_id FROM event WHERE id >= ?1"
    " AND location_id IS NOT NULL AND article_id IS NOT NULL"
    " AND +kind IN ('count', 'receive', 'refill', 'consume', 'discard', 'transfer')"
    " UNION"
    " SELECT json_extract(data, '$.to'), article_id FROM event WHERE id >= ?1"
    " AND +kind = 'transfer' AND article_id IS NOT NULL"
    " AND json_extract(data, '$.to') IS NOT NULL"
    /* A void: the pairs of the record it cancels, a loan's both ends. */
    " UNION"
    " SELECT t.location_id, t.article_id FROM event AS v JOIN event AS t"
    " ON t.device_id = v.device_id AND t.db_id = v.db_id"
    " AND t.seq = json_extract(v.data, '$.seq')"
    " WHERE v.id >= ?1 AND +v.kind = 'void' AND t.location_id IS NOT NULL"
    " AND t.article_id IS NOT NULL"
    " UNION"
    " SELECT json_extract(t.data, '$.to'), t.article_id FROM event AS v JOIN event AS t"
    " ON t.device_id = v.device_id AND t.db_id = v.db_id"
    " AND t.seq = json_extract(v.data, '$.seq')"
    " WHERE v.id >= ?1 AND +v.kind = 'void' AND +t.kind = 'transfer'"
    " AND json_extract(t.data, '$.to') IS NOT NULL";

/* One session's count of an article, batch by batch ("" for a count
 * without a batch, which is the article's whole count). */
#define SESSION_BATCHES_MAX 64
struct session_batches {
	char batch[SESSION_BATCHES_MAX][21];
	int64_t qty[SESSION_BATCHES_MAX];
	int n, overflow;
};

/* Set a batch's count; returns the article's count now (total: before). */
static int64_t batches_put(struct session_batches *sb, const char *batch, int64_t qty,
                           int64_t total)
{
	if (batch == NULL || batch[0] == '\0') {
		sb->n = 1;
		sb->batch[0][0] = '\0';
		sb->qty[0] = qty;
		return qty;
	}
	for (int i = 0; i < sb->n; i++)
		if (strcmp(sb->batch[i], batch) == 0) {
			total += qty - sb->qty[i];
			sb->qty[i] = qty;
			return total;
		}
	if (sb->n == SESSION_BATCHES_MAX) {
		sb->overflow = 1;
		return total;
	}
	snprintf(sb->batch[sb->n], sizeof(sb->batch[0]), "%s", batch);
	sb->qty[sb->n++] = qty;
	return total + qty;
}

static const char opening_sql[] =
    "SELECT qty FROM opening WHERE location_id = ?1 AND article_id = ?2";

static int walk(struct hdb *db, struct hdb_stmt *st, struct hdb_stmt *opening, const char *loc,
                const char *art, const struct from *from, struct onhand *out, onhand_count_fn fn,
                void *arg, struct tally_err *e)
{
	memset(out, 0, sizeof(*out));
	int rc, seen = 0;
	if (from == NULL || from->time[0] == '\0') {
		/* No count to start from: the opening balance, if any. */
		hdb_reset(opening);
		hdb_bind_text(opening, 1, loc);
		hdb_bind_text(opening, 2, art);
		rc = hdb_step(opening);
		if (rc == HDB_ROW) {
			out->qty = hdb_column_int64(opening, 0);
			out->opening = seen = 1;
		}
		hdb_reset(opening);
		if (rc != HDB_ROW && rc != HDB_DONE)
			return hub_db_fail(e, db, rc, _("reconciling stock"));
	}
	hdb_reset(st);
	hdb_bind_text(st, 1, loc);
	hdb_bind_text(st, 2, art);
	hdb_bind_text(st, 3, from ? from->time : "");
	hdb_bind_int64(st, 4, from ? from->device : 0);
	hdb_bind_int64(st, 5, from ? from->seq : 0);
	/* The session whose counts make up the current count, if any: a
	 * drill's scans add up; any other session's counts are per batch,
	 * a recount of a batch replacing that batch only. */
	char count_session[64] = "";
	int count_drill = 0;
	struct session_batches sb = { 0 };
	int64_t session_expected = 0;
	int session_known = 0;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		const char *kind = (const char *)hdb_column_text(st, 1);
		int64_t qty = hdb_column_int64(st, 2);
		int here = hdb_column_int(st, 9);
		int was_seen = seen;
		seen = 1;
		if (strcmp(kind, "count") == 0) {
			const char *session = (const char *)hdb_column_text(st, 6);
			const char *batch = (const char *)hdb_column_text(st, 11);
			int drill = hdb_column_int(st, 7);
			/* A count without a batch (outside a drill) is the whole
			 * count: it starts afresh even within its session. */
			int whole = !drill && (batch == NULL || batch[0] == '\0');
			int continues = !whole && session != NULL && count_session[0] &&
			                strcmp(session, count_session) == 0 && drill == count_drill;
			struct onhand_count c = {
				.event_id = hdb_column_int64(st, 0),
				.device_id = hdb_column_int64(st, 4),
				.placed_time = (const char *)hdb_column_text(st, 3),
				.user = (const char *)hdb_column_text(st, 5),
				.session = session,
				.continues = continues,
			};
			if (continues) {
				int64_t before = out->last_count;
				out->last_count =
				    drill ? before + qty : batches_put(&sb, batch, qty, before);
				out->qty += out->last_count - before;
				c.expected = session_expected;
				c.known = session_known;
			} else {
				c.expected = out->qty;
				c.known = was_seen;
				session_expected = out->qty;
				session_known = was_seen;
				sb.n = 0;
				out->last_count = drill ? qty : batches_put(&sb, batch, qty, 0);
				out->qty = out->last_count;
				count_drill = drill;
				snprintf(count_session, sizeof(count_session), "%s",
				         session != NULL ? session : "");
			}
			c.counted = out->last_count;
			out->counted = 1;
			snprintf(out->counted_at, sizeof(out->counted_at), "%s", c.placed_time);
			if (fn != NULL)
				fn(&c, arg);
		} else if (strcmp(kind, "receive") == 0 || strcmp(kind, "refill") == 0) {
			out->qty += qty;
		} else if (strcmp(kind, "consume") == 0 || strcmp(kind, "discard") == 0) {
			out->qty -= qty;
		} else if (strcmp(kind, "transfer") == 0) {
			const char *to = (const char *)hdb_column_text(st, 8);
			if (!here)
				out->qty += qty;
			else if (to == NULL || strcmp(to, loc) != 0)
				out->qty -= qty; /* a transfer to itself moves nothing */
			else
				seen = was_seen;
		}
	}
	hdb_reset(st);
	out->more_used = out->qty < 0;
	if (sb.overflow)
		return err_set(e, EX_DATAERR,
		               _("%s at %s: more than %d batches counted in one session; "
		                 "count them in two sessions"),
		               art, loc, SESSION_BATCHES_MAX);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("reconciling stock"));
}

int reconcile_pair(struct hdb *db, const char *location_id, const char *article_id,
                   struct onhand *out, onhand_count_fn fn, void *arg, struct tally_err *e)
{
	struct hdb_stmt *st = NULL, *opening = NULL;
	int rc = hdb_prepare(db, pair_sql, &st);
	if (rc == HDB_OK)
		rc = hdb_prepare(db, opening_sql, &opening);
	if (rc != HDB_OK) {
		hdb_finalize(st);
		return hub_db_fail(e, db, rc, _("reconciling stock"));
	}
	rc = walk(db, st, opening, location_id, article_id, NULL, out, fn, arg, e);
	hdb_finalize(st);
	hdb_finalize(opening);
	return rc;
}

/* The statements one reconciliation reuses for every pair. */
enum { ST_PAIR, ST_LAST, ST_DRILL, ST_OLD, ST_ONHAND, ST_STOCK, ST_OPENING, ST_N };
static const char *const stmt_sql[ST_N] = {
	pair_sql,
	last_count_sql,
	session_first_sql,
	"SELECT qty, counted_at FROM onhand WHERE location_id = ? AND article_id = ?",
	"INSERT INTO onhand(location_id, article_id, qty, last_count, counted_at,"
	" updated_at) VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(location_id, article_id) DO UPDATE"
	" SET qty = excluded.qty, last_count = excluded.last_count,"
	" counted_at = excluded.counted_at, updated_at = excluded.updated_at",
	"INSERT INTO stock(location_id, article_id, qty, counted_at) VALUES(?, ?, ?, ?)"
	" ON CONFLICT(location_id, article_id) DO UPDATE SET qty = excluded.qty,"
	" counted_at = excluded.counted_at",
	opening_sql,
};

static int same_text(const char *a, const char *b)
{
	if (a == NULL)
		return b[0] == '\0';
	return strcmp(a, b) == 0;
}

static int store_pair(struct hdb *db, struct hdb_stmt **st, struct changelog_writer *log,
                      const char *loc, const char *art, const struct onhand *oh, const char *now,
                      struct tally_err *e)
{
	struct hdb_stmt *old = st[ST_OLD];
	hdb_reset(old);
	hdb_bind_text(old, 1, loc);
	hdb_bind_text(old, 2, art);
	int rc = hdb_step(old), changed = 1;
	if (rc == HDB_ROW)
		changed = hdb_column_int64(old, 0) != oh->qty ||
		          !same_text(hdb_column_text(old, 1), oh->counted_at);
	else if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("reconciling stock"));
	hdb_reset(old);

	struct hdb_stmt *w = st[ST_ONHAND];
	hdb_reset(w);
	hdb_bind_text(w, 1, loc);
	hdb_bind_text(w, 2, art);
	hdb_bind_int64(w, 3, oh->qty);
	if (oh->counted) {
		hdb_bind_int64(w, 4, oh->last_count);
		hdb_bind_text(w, 5, oh->counted_at);
	} else {
		hdb_bind_null(w, 4);
		hdb_bind_null(w, 5);
	}
	hdb_bind_text(w, 6, now);
	rc = hdb_step(w);
	hdb_reset(w);
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("reconciling stock"));
	if (!changed)
		return 0;

	/* Handhelds learn the new figure through the change log
	 * (where-to-borrow reads it offline); more used than was there is
	 * no stock: 0. */
	w = st[ST_STOCK];
	hdb_reset(w);
	hdb_bind_text(w, 1, loc);
	hdb_bind_text(w, 2, art);
	hdb_bind_int64(w, 3, oh->qty > 0 ? oh->qty : 0);
	if (oh->counted)
		hdb_bind_text(w, 4, oh->counted_at);
	else
		hdb_bind_null(w, 4);
	rc = hdb_step(w);
	hdb_reset(w);
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("reconciling stock"));
	json_t *row = json_pack("{s:s,s:s,s:I,s:o}", "location_id", loc, "article_id", art, "qty",
	                        (json_int_t)(oh->qty > 0 ? oh->qty : 0), "counted_at",
	                        oh->counted ? json_string(oh->counted_at) : json_null());
	if (row == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	char key[512];
	snprintf(key, sizeof(key), "%s\x1f%s", loc, art);
	rc = changelog_writer_put(log, "stock", key, "upsert", row, e);
	json_decref(row);
	return rc;
}

/* Where the walk of a pair can start without changing its result. */
static int walk_start(struct hdb *db, struct hdb_stmt **st, const char *loc, const char *art,
                      struct from *from, struct tally_err *e)
{
	memset(from, 0, sizeof(*from));
	struct hdb_stmt *last = st[ST_LAST], *first = st[ST_DRILL];
	hdb_reset(last);
	hdb_bind_text(last, 1, loc);
	hdb_bind_text(last, 2, art);
	int rc = hdb_step(last);
	if (rc == HDB_ROW && hdb_column_type(last, 3) != HDB_NULL) {
		hdb_reset(first);
		hdb_bind_text(first, 1, loc);
		hdb_bind_text(first, 2, art);
		hdb_bind_text(first, 3, (const char *)hdb_column_text(last, 3));
		rc = hdb_step(first);
		if (rc == HDB_ROW) {
			snprintf(from->time, sizeof(from->time), "%s", hdb_column_text(first, 0));
			from->device = hdb_column_int64(first, 1);
			from->seq = hdb_column_int64(first, 2);
		}
		hdb_reset(first);
	} else if (rc == HDB_ROW) {
		snprintf(from->time, sizeof(from->time), "%s", hdb_column_text(last, 0));
		from->device = hdb_column_int64(last, 1);
		from->seq = hdb_column_int64(last, 2);
	}
	hdb_reset(last);
	return rc == HDB_ROW || rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("reconciling stock"));
}

/* The statements and the change-log writer one reconciliation reuses. */
struct reconciler {
	struct hdb *db;
	struct hdb_stmt *st[ST_N];
	struct changelog_writer *log;
	char now[32];
};

/* The statements, and a writer that stages the stock changes: written
 * with reconciler_flush, under the change log's lock, last (changelog.h).
 * The caller has locked the places (hub/place-lock.h). */
static int reconciler_open(struct reconciler *r, struct hdb *db, struct tally_err *e)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	if ((r->log = changelog_writer_new(db, e)) == NULL)
		return e->status;
	int rc = HDB_OK;
	for (int i = 0; rc == HDB_OK && i < ST_N; i++)
		rc = hdb_prepare(db, stmt_sql[i], &r->st[i]);
	hub_time_now(r->now, 0);
	return rc == HDB_OK ? 0 : hub_db_fail(e, db, rc, _("reconciling stock"));
}

static void reconciler_close(struct reconciler *r)
{
	changelog_writer_free(r->log);
	for (int i = 0; i < ST_N; i++)
		hdb_finalize(r->st[i]);
}

/* Walk one pair from where it may start and store the figure. */
static int reconcile_one(struct reconciler *r, const char *loc, const char *art,
                         struct tally_err *e)
{
	struct onhand oh;
	struct from from;
	int status;
	if ((status = walk_start(r->db, r->st, loc, art, &from, e)) != 0 ||
	    (status = walk(r->db, r->st[ST_PAIR], r->st[ST_OPENING], loc, art, &from, &oh, NULL,
	                   NULL, e)) != 0)
		return status;
	return store_pair(r->db, r->st, r->log, loc, art, &oh, r->now, e);
}

/* Lock the places of the n pairs (pairs[2i], pairs[2i+1]), walk each and
 * write what changed: the figures at once, the stock changes last. */
static int reconcile_list(struct hdb *db, const char *const *pairs, size_t n, struct tally_err *e)
{
	if (n == 0)
		return 0;
	const char **places = malloc(n * sizeof(*places));
	if (places == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	for (size_t i = 0; i < n; i++)
		places[i] = pairs[2 * i];
	int status = place_lock(db, places, n, e);
	free(places);
	if (status != 0)
		return status;
	struct reconciler r;
	status = reconciler_open(&r, db, e);
	for (size_t i = 0; status == 0 && i < n; i++)
		status = reconcile_one(&r, pairs[2 * i], pairs[2 * i + 1], e);
	if (status == 0)
		status = changelog_writer_flush(r.log, e);
	reconciler_close(&r);
	return status;
}

/* A list of strings that owns them. */
struct strings {
	char **v;
	size_t n, cap;
};

static int strings_add(struct strings *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **more = realloc(l->v, cap * sizeof(*more));
		if (more == NULL)
			return -1;
		l->v = more;
		l->cap = cap;
	}
	if ((l->v[l->n] = strdup(s)) == NULL)
		return -1;
	l->n++;
	return 0;
}

static void strings_free(struct strings *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

int reconcile_after_ingest(struct hdb *db, int64_t first_event_id, struct tally_err *e)
{
	/* The pairs first, then their places' locks, then their histories:
	 * reading the new records' pairs needs no lock, walking does. */
	struct strings pairs = { 0 };
	struct hdb_stmt *st = NULL;
	int status = 0, rc = hdb_prepare(db, pairs_sql, &st);
	if (rc == HDB_OK) {
		hdb_bind_int64(st, 1, first_event_id);
		while ((rc = hdb_step(st)) == HDB_ROW) {
			const char *loc = (const char *)hdb_column_text(st, 0);
			const char *art = (const char *)hdb_column_text(st, 1);
			if (loc == NULL || art == NULL)
				continue;
			if (strings_add(&pairs, loc) != 0 || strings_add(&pairs, art) != 0) {
				status = err_set(e, EX_OSERR, _("out of memory"));
				break;
			}
		}
	}
	hdb_finalize(st);
	if (status == 0 && rc != HDB_DONE)
		status = hub_db_fail(e, db, rc, _("reconciling stock"));
	if (status == 0)
		status = reconcile_list(db, (const char *const *)pairs.v, pairs.n / 2, e);
	strings_free(&pairs);
	return status;
}

int reconcile_pairs(struct hdb *db, const char *const *pairs, size_t n, struct tally_err *e)
{
	return reconcile_list(db, pairs, n, e);
}

int reconcile_all(struct hdb *db, struct tally_err *e)
{
	int own = hdb_autocommit(db);
	if (own && hub_db_begin(db, e) != 0)
		return e->status;
	int rc = reconcile_after_ingest(db, 0, e);
	if (own) {
		if (rc == 0)
			rc = hub_db_commit(db, e);
		if (rc != 0)
			hdb_rollback(db);
	}
	return rc;
}
