/*
 * report-antidotes.c — antidote holdings per article and place, the total
 * and the places at zero; its columns and its table.
 */
#include "hub/report-internal.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

static json_t *antidotes_build(sqlite3 *db, const struct report_opts *o, struct tally_err *e)
{
	/* Every place that holds the antidote, or should (its basis list). */
	sqlite3_stmt *st = report_prep(
	    db,
	    "SELECT a.id, a.name, p.location_id, l.name, l.hospital_id, h.name, o.qty, o.counted_at"
	    " FROM article a"
	    " LEFT JOIN (SELECT location_id, article_id FROM onhand UNION"
	    "            SELECT location_id, article_id FROM basis) p ON p.article_id = a.id"
	    "  AND (?1 IS NULL OR p.location_id = ?1)"
	    " LEFT JOIN location l ON l.id = p.location_id"
	    " LEFT JOIN location h ON h.id = l.hospital_id"
	    " LEFT JOIN onhand o ON o.location_id = p.location_id AND o.article_id = a.id"
	    " WHERE a.antidote = 1"
	    " ORDER BY a.name, a.id, coalesce(h.name, l.hospital_id), coalesce(l.name, "
	    "p.location_id)",
	    e);
	if (st == NULL)
		return NULL;
	report_bind_opt(st, 1, o->location);
	json_t *list = json_array(), *cur = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (cur == NULL ||
		    strcmp(json_string_value(json_object_get(cur, "article_id")), id)) {
			cur = json_pack("{s:s,s:o,s:I,s:I,s:[]}", "article_id", id, "article_name",
			                report_text(st, 1), "total", (json_int_t)0,
			                "places_at_zero", (json_int_t)0, "locations");
			json_array_append_new(list, cur);
		}
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		int known = sqlite3_column_type(st, 6) != SQLITE_NULL;
		int64_t qty = sqlite3_column_int64(st, 6);
		if (known && qty > 0)
			json_object_set_new(
			    cur, "total",
			    json_integer(json_integer_value(json_object_get(cur, "total")) + qty));
		if (known && qty <= 0)
			json_object_set_new(
			    cur, "places_at_zero",
			    json_integer(
			        json_integer_value(json_object_get(cur, "places_at_zero")) + 1));
		json_array_append_new(
		    json_object_get(cur, "locations"),
		    json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "location_id", report_text(st, 2),
		              "location_name", report_text(st, 3), "hospital_id",
		              report_text(st, 4), "hospital_name", report_text(st, 5), "onhand",
		              report_int(st, 6), "counted_at", report_text(st, 7)));
	}
	if (report_done(db, st, rc, e) != 0) {
		json_decref(list);
		return NULL;
	}
	json_t *r = report_new("antidotes");
	json_object_set_new(r, "articles", list);
	return r;
}

static const struct report_col antidotes_cols[] = {
	{ "article_id", N_("article id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article_name", N_("antidote"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "total", N_("total"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "places_at_zero", N_("places at zero"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "hospital", N_("hospital"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "location_id", N_("location id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "location", N_("location"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "onhand", N_("on hand"), 1, REPORT_SHOW_BOTH, 0, N_("not counted") },
	{ "counted_at", N_("counted at"), 0, REPORT_SHOW_BOTH, 1, NULL },
};

static void antidotes_table(json_t *rep, struct report_table *t, int text)
{
	(void)text;
	size_t i, k;
	json_t *a, *l;
	json_array_foreach(json_object_get(rep, "articles"), i, a)
	{
		char *name = report_named(a, "article_name", "article_id"), head[512];
		snprintf(head, sizeof(head), _("%s: %lld in all, %lld places at zero"), name,
		         (long long)json_integer_value(json_object_get(a, "total")),
		         (long long)json_integer_value(json_object_get(a, "places_at_zero")));
		free(name);
		json_t *locs = json_object_get(a, "locations");
		if (json_array_size(locs) == 0) {
			json_t *row = json_pack("{s:O,s:O,s:O,s:O}", "article_id",
			                        json_object_get(a, "article_id"), "article_name",
			                        json_object_get(a, "article_name"), "total",
			                        json_object_get(a, "total"), "places_at_zero",
			                        json_object_get(a, "places_at_zero"));
			json_object_set_new(row, "location", json_string(_("held nowhere")));
			report_table_add(t, head, row);
		}
		json_array_foreach(locs, k, l)
		{
			json_t *row = json_deep_copy(l);
			json_object_set(row, "article_id", json_object_get(a, "article_id"));
			json_object_set(row, "article_name", json_object_get(a, "article_name"));
			json_object_set(row, "total", json_object_get(a, "total"));
			json_object_set(row, "places_at_zero",
			                json_object_get(a, "places_at_zero"));
			json_t *hn = json_object_get(l, "hospital_name"),
			       *ln = json_object_get(l, "location_name");
			json_object_set(row, "hospital",
			                json_is_string(hn) ? hn
			                                   : json_object_get(l, "hospital_id"));
			json_object_set(row, "location",
			                json_is_string(ln) ? ln
			                                   : json_object_get(l, "location_id"));
			report_table_add(t, head, row);
		}
	}
}
const struct report_kind report_antidotes = {
	"antidotes",     antidotes_build,
	antidotes_cols,  sizeof(antidotes_cols) / sizeof(antidotes_cols[0]),
	antidotes_table,
};
