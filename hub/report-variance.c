/*
 * report-variance.c — per count, what reconciliation expected just before
 * it against what was counted (voided counts left out, as reconciliation
 * leaves them out); the corrections themselves, who cancelled which
 * record when, listed apart in the JSON ("corrections"); its columns and
 * its table.
 */
#include "hub/report-internal.h"
#include "hub/reconcile.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

struct variance_ctx {
	json_t *rows; /* this pair's counts */
	const char *loc, *art;
};

static void on_count(const struct onhand_count *c, void *arg)
{
	struct variance_ctx *v = arg;
	/* A drill's further scans complete its count: one row per count. */
	if (c->continues && json_array_size(v->rows) > 0)
		json_array_remove(v->rows, json_array_size(v->rows) - 1);
	json_array_append_new(
	    v->rows,
	    json_pack("{s:I,s:s,s:s,s:s,s:s?,s:I,s:o,s:I,s:o}", "event_id", (json_int_t)c->event_id,
	              "location_id", v->loc, "article_id", v->art, "placed_time", c->placed_time,
	              "user", c->user, "device_id", (json_int_t)c->device_id, "expected",
	              c->known ? json_integer((json_int_t)c->expected) : json_null(), "counted",
	              (json_int_t)c->counted, "difference",
	              c->known ? json_integer((json_int_t)(c->counted - c->expected))
	                       : json_null()));
}

/* The audit trail of corrections: every void, the record it cancelled. */
static json_t *corrections(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	struct hdb_stmt *st = report_prep(
	    db,
	    "SELECT v.placed_time, v.user, v.device_id, t.kind, t.location_id, t.article_id,"
	    " t.qty, t.batch, t.placed_time, t.user FROM event AS v JOIN event AS t"
	    " ON t.device_id = v.device_id AND t.db_id = v.db_id"
	    " AND t.seq = json_extract(v.data, '$.seq')"
	    " WHERE v.kind = 'void' AND (?1 IS NULL OR t.location_id = ?1)"
	    " ORDER BY v.placed_time, v.device_id, v.seq",
	    e);
	if (st == NULL)
		return NULL;
	report_bind_opt(st, 1, o->location);
	json_t *list = json_array();
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW)
		json_array_append_new(
		    list, json_pack("{s:o,s:o,s:I,s:{s:o,s:o,s:o,s:o,s:o,s:o,s:o}}", "placed_time",
		                    report_text(st, 0), "user", report_text(st, 1), "device_id",
		                    (json_int_t)hdb_column_int64(st, 2), "cancelled", "kind",
		                    report_text(st, 3), "location_id", report_text(st, 4),
		                    "article_id", report_text(st, 5), "qty", report_int(st, 6),
		                    "batch", report_text(st, 7), "placed_time", report_text(st, 8),
		                    "user", report_text(st, 9)));
	if (report_done(db, st, rc, e) != 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

static json_t *variance_build(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	struct hdb_stmt *st =
	    report_prep(db,
	                "SELECT p.location_id, p.article_id, l.name, a.name FROM"
	                " (SELECT DISTINCT location_id, article_id FROM event"
	                "  WHERE kind = 'count' AND location_id IS NOT NULL"
	                "  AND article_id IS NOT NULL"
	                "  AND (?1 IS NULL OR location_id = ?1)) p"
	                " LEFT JOIN location l ON l.id = p.location_id"
	                " LEFT JOIN article a ON a.id = p.article_id"
	                " ORDER BY coalesce(l.name, p.location_id), p.location_id,"
	                " coalesce(a.name, p.article_id), p.article_id",
	                e);
	struct hdb_stmt *who = report_prep(db, "SELECT name FROM device WHERE id = ?", e);
	if (st == NULL || who == NULL) {
		hdb_finalize(st);
		hdb_finalize(who);
		return NULL;
	}
	report_bind_opt(st, 1, o->location);
	json_t *rows = json_array();
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		struct variance_ctx v = { json_array(), (const char *)hdb_column_text(st, 0),
			                  (const char *)hdb_column_text(st, 1) };
		struct onhand oh;
		if (reconcile_pair(db, v.loc, v.art, &oh, on_count, &v, e) != 0) {
			json_decref(v.rows);
			json_decref(rows);
			hdb_finalize(st);
			hdb_finalize(who);
			return NULL;
		}
		size_t i;
		json_t *row;
		json_array_foreach(v.rows, i, row)
		{
			json_t *diff = json_object_get(row, "difference");
			if (!o->all &&
			    (diff == NULL || json_is_null(diff) || json_integer_value(diff) == 0))
				continue;
			json_object_set_new(row, "location_name", report_text(st, 2));
			json_object_set_new(row, "article_name", report_text(st, 3));
			hdb_reset(who);
			hdb_bind_int64(who, 1,
			               json_integer_value(json_object_get(row, "device_id")));
			json_t *u =
			    report_user_json(db, json_string_value(json_object_get(row, "user")));
			json_object_set(row, "user_name", json_object_get(u, "name"));
			json_decref(u);
			json_object_set_new(row, "device_name",
			                    hdb_step(who) == HDB_ROW ? report_text(who, 0)
			                                             : json_null());
			json_array_append(rows, row);
		}
		json_decref(v.rows);
	}
	hdb_finalize(who);
	if (report_done(db, st, rc, e) != 0) {
		json_decref(rows);
		return NULL;
	}
	json_t *r = report_new("variance");
	json_object_set_new(r, "rows", rows);
	json_t *fixes = corrections(db, o, e);
	if (fixes == NULL) {
		json_decref(r);
		return NULL;
	}
	json_object_set_new(r, "corrections", fixes);
	return r;
}

static const struct report_col variance_cols[] = {
	{ "placed_time", N_("when"), 0, REPORT_SHOW_BOTH, 1, NULL },
	{ "location_id", N_("location id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "location", N_("location"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "article_id", N_("article id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article", N_("article"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "expected", N_("expected"), 1, REPORT_SHOW_BOTH, 0, N_("first count") },
	{ "counted", N_("counted"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "difference", N_("difference"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "user", N_("user"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "user_name", N_("user"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "device", N_("handheld"), 0, REPORT_SHOW_BOTH, 0, NULL },
};

static void variance_table(json_t *rep, struct report_table *t, int text)
{
	(void)text;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rep, "rows"), i, r)
	{
		json_t *row = json_deep_copy(r);
		json_t *ln = json_object_get(r, "location_name"),
		       *an = json_object_get(r, "article_name");
		json_object_set(row, "location",
		                json_is_string(ln) ? ln : json_object_get(r, "location_id"));
		json_object_set(row, "article",
		                json_is_string(an) ? an : json_object_get(r, "article_id"));
		if (!json_is_string(json_object_get(r, "user_name")))
			json_object_set(row, "user_name", json_object_get(r, "user"));
		json_t *dn = json_object_get(r, "device_name");
		if (json_is_string(dn))
			json_object_set(row, "device", dn);
		else
			json_object_set_new(
			    row, "device",
			    json_sprintf("#%lld", (long long)json_integer_value(
			                              json_object_get(r, "device_id"))));
		report_table_add(t, NULL, row);
	}
	if (!text)
		return; /* CSV keeps one row per count; the JSON has the corrections */
	/* The audit trail under the counts: what was cancelled, by whom, when. */
	json_array_foreach(json_object_get(rep, "corrections"), i, r)
	{
		json_t *gone = json_object_get(r, "cancelled");
		json_t *row = json_object();
		json_object_set(row, "placed_time", json_object_get(r, "placed_time"));
		json_object_set(row, "location", json_object_get(gone, "location_id"));
		json_object_set(row, "article", json_object_get(gone, "article_id"));
		json_object_set_new(row, "expected", json_string(""));
		json_object_set(row, "counted", json_object_get(gone, "qty"));
		const char *kind = json_string_value(json_object_get(gone, "kind"));
		json_object_set_new(row, "difference",
		                    json_sprintf(_("%s cancelled"), kind ? kind : "?"));
		json_object_set(row, "user_name", json_object_get(r, "user"));
		json_object_set_new(row, "device",
		                    json_sprintf("#%lld", (long long)json_integer_value(
		                                              json_object_get(r, "device_id"))));
		report_table_add(t, _("Corrections (left out of the counts above)"), row);
	}
}
const struct report_kind report_variance = {
	"variance",     variance_build,
	variance_cols,  sizeof(variance_cols) / sizeof(variance_cols[0]),
	variance_table,
};
