/*
 * report-stock.c — on-hand per location × article, as reconciliation left
 * it (the onhand table), with the opening balance it started from and the
 * places where more was used than was there (no figure: count it); opening
 * balances no record has touched yet are listed as they are; an article
 * under a shortage notice is marked.  Its columns and its table.
 */
#include "hub/report-internal.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

static json_t *stock_build(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	struct hdb_stmt *st = report_prep(
	    db,
	    "SELECT o.location_id, l.name, o.article_id, a.name, o.qty, o.last_count,"
	    " o.counted_at, o.opening FROM"
	    " (SELECT location_id, article_id, qty, last_count, counted_at,"
	    "  (SELECT p.qty FROM opening p WHERE p.location_id = h.location_id"
	    "   AND p.article_id = h.article_id) AS opening FROM onhand h"
	    "  UNION ALL SELECT location_id, article_id, qty, NULL, NULL, qty FROM opening p"
	    "  WHERE NOT EXISTS (SELECT 1 FROM onhand h WHERE h.location_id = p.location_id"
	    "  AND h.article_id = p.article_id)) o"
	    " LEFT JOIN location l ON l.id = o.location_id"
	    " LEFT JOIN article a ON a.id = o.article_id"
	    " WHERE ?1 IS NULL OR o.location_id = ?1"
	    " ORDER BY coalesce(l.name, o.location_id), o.location_id,"
	    " coalesce(a.name, o.article_id), o.article_id",
	    e);
	if (st == NULL)
		return NULL;
	report_bind_opt(st, 1, o->location);
	json_t *rows = json_array();
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		/* Below zero is not stock: no figure, and the pharmacy is asked
		 * to count. */
		int more_used = hdb_column_int64(st, 4) < 0;
		json_array_append_new(
		    rows,
		    json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "location_id",
		              report_text(st, 0), "location_name", report_text(st, 1), "article_id",
		              report_text(st, 2), "article_name", report_text(st, 3), "onhand",
		              more_used ? json_null() : report_int(st, 4), "last_count",
		              report_int(st, 5), "counted_at", report_text(st, 6), "opening",
		              report_int(st, 7), "note",
		              more_used ? json_string(_("more used than was there: count it"))
		                        : json_null()));
		json_object_set_new(json_array_get(rows, json_array_size(rows) - 1), "shortage",
		                    report_shortage(db, (const char *)hdb_column_text(st, 2)));
	}
	if (report_done(db, st, rc, e) != 0) {
		json_decref(rows);
		return NULL;
	}
	json_t *r = report_new("stock");
	json_object_set_new(r, "rows", rows);
	return r;
}

static const struct report_col stock_cols[] = {
	{ "location_id", N_("location id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "location", N_("location"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "article_id", N_("article id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article", N_("article"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "onhand", N_("on hand"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "last_count", N_("last count"), 1, REPORT_SHOW_BOTH, 0, N_("none") },
	{ "counted_at", N_("counted at"), 0, REPORT_SHOW_BOTH, 1, NULL },
	{ "opening", N_("opening"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "note", N_("note"), 0, REPORT_SHOW_BOTH, 0, NULL },
};

static void stock_table(json_t *rep, struct report_table *t, int text)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rep, "rows"), i, r)
	{
		json_t *row = json_deep_copy(r);
		json_object_set_new(row, "location",
		                    json_incref(json_object_get(r, "location_name")));
		json_object_set_new(row, "article",
		                    json_incref(json_object_get(r, "article_name")));
		if (json_is_null(json_object_get(row, "location")))
			json_object_set(row, "location", json_object_get(r, "location_id"));
		if (json_is_null(json_object_get(row, "article")))
			json_object_set(row, "article", json_object_get(r, "article_id"));
		/* A shortage in the note, so the article column stays as wide
		 * as the names: "SHORTAGE, alternatives: ...". */
		char *mark = text ? report_shortage_mark("", json_object_get(r, "shortage")) : NULL;
		if (mark != NULL && json_is_null(json_object_get(row, "note")))
			json_object_set_new(row, "note",
			                    json_string(mark + strspn(mark, " \xe2\x80\x94")));
		free(mark);
		json_object_del(row, "shortage");
		report_table_add(t, NULL, row);
	}
}
const struct report_kind report_stock = {
	"stock", stock_build, stock_cols, sizeof(stock_cols) / sizeof(stock_cols[0]), stock_table,
};
