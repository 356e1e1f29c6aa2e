/*
 * code-attribute.c — unknown-code records counted for their article once
 * the code is known (see code-attribute.h).  The scan text is read with
 * the handheld's parser (barcode/), so the key, batch and expiry are what
 * the handheld would have recorded.
 */
#include "hub/code-attribute.h"
#include "hub/account-audit.h"
#include "hub/hub-db.h"
#include "hub/reconcile.h"
#include "hub/unknown-codes.h"
#include "barcode/scan.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ST_CANDIDATES, ST_CODE, ST_JOB, ST_COUNTED, ST_KEPT, ST_N };

static const char *const sql[ST_N] = {
	"SELECT id, code, session, location_id, qty, data FROM event"
	" WHERE id >= ? AND kind = 'unknown-code' AND mapped_code IS NULL AND code IS NOT NULL"
	" ORDER BY id",
	"SELECT article_id, multiplier FROM code WHERE code = ?",
	/* A session is named by its session-start record's UUID. */
	"SELECT data FROM event WHERE uuid = ? AND kind = 'session-start'",
	"UPDATE event SET kind = ?, article_id = ?, qty = ?, batch = coalesce(batch, ?),"
	" expiry = coalesce(expiry, ?), serial = coalesce(serial, ?), data = ?,"
	" mapped_code = ?, mapped_at = ? WHERE id = ?",
	"UPDATE event SET article_id = ?, mapped_code = ?, mapped_at = ? WHERE id = ?",
};

/* What one record becomes. */
struct attribution {
	const char *kind; /* NULL: not counted */
	int64_t qty;
	json_t *data; /* the record's data, with the drill's plan where it has one */
};

static void bind_opt(struct hdb_stmt *st, int i, const char *v)
{
	if (v != NULL && v[0] != '\0')
		hdb_bind_text(st, i, v);
	else
		hdb_bind_null(st, i);
}

/* The session's job and (a drill) its plan, from its session-start. */
static int session_job(struct hdb *db, struct hdb_stmt *st, const char *session, json_t **start,
                       struct tally_err *e)
{
	*start = NULL;
	if (session == NULL)
		return 0;
	hdb_reset(st);
	hdb_bind_text(st, 1, session);
	int rc = hdb_step(st);
	if (rc == HDB_ROW) {
		const char *text = (const char *)hdb_column_text(st, 0);
		*start = text != NULL ? json_loads(text, 0, NULL) : NULL;
	}
	hdb_reset(st);
	return rc == HDB_ROW || rc == HDB_DONE
	           ? 0
	           : hub_db_fail(e, db, rc, _("counting earlier records for a mapped code"));
}

static void decide(json_t *start, const char *location, int64_t qty, int64_t mult, json_t *data,
                   struct attribution *a)
{
	const char *job = json_string_value(json_object_get(start, "job"));
	int typed = qty > 0 || json_is_true(json_object_get(data, "qty_given"));
	int64_t packs = qty > 0 ? qty : mult > 0 ? mult : 1;
	a->kind = NULL;
	a->qty = qty;
	a->data = json_deep_copy(json_is_object(data) ? data : NULL);
	if (a->data == NULL)
		a->data = json_object();
	json_object_set_new(a->data, "mapped_from", json_string("unknown-code"));
	if (location == NULL || job == NULL)
		return;
	if (strcmp(job, "round") == 0 || strcmp(job, "count") == 0) {
		if (typed)
			a->kind = "count";
	} else if (strcmp(job, "drill") == 0) {
		a->kind = "count";
		a->qty = packs;
		json_t *plan = json_object_get(start, "plan");
		if (json_is_string(plan))
			json_object_set(a->data, "plan", plan);
	} else if (strcmp(job, "consume") == 0) {
		a->kind = "consume";
		a->qty = packs;
	} else if (strcmp(job, "receive") == 0) {
		a->kind = "receive";
		a->qty = packs;
	}
}

/* Remember a location × article pair once. */
static void pair_add(json_t *pairs, const char *loc, const char *art)
{
	size_t i;
	json_t *p;
	json_array_foreach(pairs, i, p)
	{
		if (strcmp(json_string_value(json_array_get(p, 0)), loc) == 0 &&
		    strcmp(json_string_value(json_array_get(p, 1)), art) == 0)
			return;
	}
	json_array_append_new(pairs, json_pack("[s,s]", loc, art));
}

/* One record: its key looked up, then counted or kept. */
static int attribute_one(struct hdb *db, struct hdb_stmt **st, json_t *cand, const char *only_key,
                         const char *now, json_t *pairs, json_t *per_key,
                         struct code_attributed *out, struct tally_err *e)
{
	const char *text = json_string_value(json_array_get(cand, 1));
	char key[64];
	unknown_code_key(text, key);
	if (key[0] == '\0' || (only_key != NULL && strcmp(key, only_key) != 0))
		return 0;
	struct hdb_stmt *code = st[ST_CODE];
	hdb_reset(code);
	hdb_bind_text(code, 1, key);
	int rc = hdb_step(code);
	if (rc == HDB_DONE)
		return 0; /* still unknown */
	if (rc != HDB_ROW)
		return hub_db_fail(e, db, rc, _("counting earlier records for a mapped code"));
	char article[128];
	snprintf(article, sizeof(article), "%s", (const char *)hdb_column_text(code, 0));
	int64_t mult = hdb_column_int64(code, 1);
	hdb_reset(code);

	json_t *start;
	if (session_job(db, st[ST_JOB], json_string_value(json_array_get(cand, 2)), &start, e) != 0)
		return e->status;
	const char *loc = json_string_value(json_array_get(cand, 3));
	struct attribution a;
	decide(start, loc, json_integer_value(json_array_get(cand, 4)), mult,
	       json_array_get(cand, 5), &a);
	json_decref(start);
	int64_t id = json_integer_value(json_array_get(cand, 0));
	struct hdb_stmt *w;
	if (a.kind != NULL) {
		struct scan sc;
		struct scan_failure fail;
		if (scan_parse(text, strlen(text), NULL, &sc, &fail) != SCAN_OK)
			memset(&sc, 0, sizeof(sc));
		char *data = json_dumps(a.data, JSON_COMPACT | JSON_SORT_KEYS);
		w = st[ST_COUNTED];
		hdb_reset(w);
		hdb_bind_text(w, 1, a.kind);
		hdb_bind_text(w, 2, article);
		hdb_bind_int64(w, 3, a.qty);
		bind_opt(w, 4, sc.batch);
		bind_opt(w, 5, sc.expiry);
		bind_opt(w, 6, sc.serial);
		bind_opt(w, 7, data != NULL ? data : "{}");
		hdb_bind_text(w, 8, key);
		hdb_bind_text(w, 9, now);
		hdb_bind_int64(w, 10, id);
		rc = hdb_step(w);
		free(data);
		out->counted++;
		pair_add(pairs, loc, article);
	} else {
		w = st[ST_KEPT];
		hdb_reset(w);
		hdb_bind_text(w, 1, article);
		hdb_bind_text(w, 2, key);
		hdb_bind_text(w, 3, now);
		hdb_bind_int64(w, 4, id);
		rc = hdb_step(w);
		out->not_counted++;
	}
	json_decref(a.data);
	hdb_reset(w);
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("counting earlier records for a mapped code"));
	/* per key: [article, counted, not counted, first id] for the audit line */
	json_t *k = json_object_get(per_key, key);
	if (k == NULL) {
		k = json_pack("[s,I,I]", article, (json_int_t)0, (json_int_t)0);
		json_object_set_new(per_key, key, k);
	}
	int slot = a.kind != NULL ? 1 : 2;
	json_array_set_new(k, slot, json_integer(json_integer_value(json_array_get(k, slot)) + 1));
	return 0;
}

/* One audit line per code: what was counted in, by whom. */
static int audit(struct hdb *db, json_t *per_key, const char *actor, const char *client_addr,
                 struct tally_err *e)
{
	const char *key;
	json_t *k;
	json_object_foreach(per_key, key, k)
	{
		char detail[256];
		snprintf(detail, sizeof(detail),
		         "article %s: %lld earlier records counted in, %lld kept without a count",
		         json_string_value(json_array_get(k, 0)),
		         (long long)json_integer_value(json_array_get(k, 1)),
		         (long long)json_integer_value(json_array_get(k, 2)));
		if (audit_log(db, actor, "records-attributed", key, detail, client_addr, e) != 0)
			return e->status;
	}
	return 0;
}

int code_attribute(struct hdb *db, int64_t from_id, const char *key, int reconcile,
                   const char *actor, const char *client_addr, struct code_attributed *out,
                   struct tally_err *e)
{
	struct hdb_stmt *st[ST_N] = { 0 };
	json_t *cands = json_array(), *pairs = json_array(), *per_key = json_object();
	int status = 0, rc = HDB_OK;
	for (int i = 0; rc == HDB_OK && i < ST_N; i++)
		rc = hdb_prepare(db, sql[i], &st[i]);
	if (rc != HDB_OK)
		goto failed;
	/* Read first, then write: the candidates are few (the unresolved
	 * scans), and no statement walks the table it changes. */
	hdb_bind_int64(st[ST_CANDIDATES], 1, from_id);
	while ((rc = hdb_step(st[ST_CANDIDATES])) == HDB_ROW) {
		struct hdb_stmt *c = st[ST_CANDIDATES];
		const char *data = (const char *)hdb_column_text(c, 5);
		json_t *d = data != NULL ? json_loads(data, 0, NULL) : NULL;
		json_array_append_new(cands, json_pack("[I,s,s?,s?,I,o]",
		                                       (json_int_t)hdb_column_int64(c, 0),
		                                       (const char *)hdb_column_text(c, 1),
		                                       (const char *)hdb_column_text(c, 2),
		                                       (const char *)hdb_column_text(c, 3),
		                                       (json_int_t)hdb_column_int64(c, 4),
		                                       d != NULL ? d : json_object()));
	}
	if (rc != HDB_DONE)
		goto failed;
	char now[32];
	hub_time_now(now, 0);
	size_t i;
	json_t *cand;
	json_array_foreach(cands, i, cand)
	{
		if ((status = attribute_one(db, st, cand, key, now, pairs, per_key, out, e)) != 0)
			goto out;
	}
	if ((status = audit(db, per_key, actor, client_addr, e)) != 0)
		goto out;
	if (reconcile && json_array_size(pairs) > 0) {
		size_t n = json_array_size(pairs);
		const char **flat = calloc(2 * n, sizeof(*flat));
		if (flat == NULL) {
			status = err_set(e, EX_OSERR, _("out of memory"));
			goto out;
		}
		json_t *p;
		json_array_foreach(pairs, i, p)
		{
			flat[2 * i] = json_string_value(json_array_get(p, 0));
			flat[2 * i + 1] = json_string_value(json_array_get(p, 1));
		}
		status = reconcile_pairs(db, flat, n, e);
		free(flat);
	}
	goto out;
failed:
	status = hub_db_fail(e, db, rc, _("counting earlier records for a mapped code"));
out:
	for (int k = 0; k < ST_N; k++)
		hdb_finalize(st[k]);
	json_decref(cands);
	json_decref(pairs);
	json_decref(per_key);
	return status;
}

json_t *code_attributed_list(struct hdb *db, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(
	    db,
	    "SELECT e.mapped_code, e.article_id, a.name,"
	    " sum(CASE WHEN e.kind = 'unknown-code' THEN 0 ELSE 1 END),"
	    " sum(CASE WHEN e.kind = 'unknown-code' THEN 1 ELSE 0 END), max(e.mapped_at)"
	    " FROM event e LEFT JOIN article a ON a.id = e.article_id"
	    " WHERE e.mapped_code IS NOT NULL GROUP BY e.mapped_code, e.article_id, a.name"
	    " ORDER BY max(e.mapped_at) DESC, e.mapped_code LIMIT 2000",
	    &st);
	json_t *list = json_array();
	while (st != NULL && (rc = hdb_step(st)) == HDB_ROW)
		json_array_append_new(
		    list, json_pack("{s:s,s:s,s:s?,s:I,s:I,s:s}", "key",
		                    (const char *)hdb_column_text(st, 0), "article_id",
		                    (const char *)hdb_column_text(st, 1), "article_name",
		                    (const char *)hdb_column_text(st, 2), "counted",
		                    (json_int_t)hdb_column_int64(st, 3), "not_counted",
		                    (json_int_t)hdb_column_int64(st, 4), "mapped_at",
		                    (const char *)hdb_column_text(st, 5)));
	hdb_finalize(st);
	if (rc != HDB_DONE) {
		json_decref(list);
		hub_db_fail(e, db, rc, _("reading the mapped codes"));
		return NULL;
	}
	return json_pack("{s:o}", "mapped", list);
}
