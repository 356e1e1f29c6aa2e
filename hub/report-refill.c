/*
 * report-refill.c — the pick list per ward: the basis lines to top up, by
 * each list's policy (core/refill.c), an article under a shortage notice
 * marked with the alternatives the pharmacy chose; its columns and its
 * table.
 */
#include "hub/report-internal.h"
#include "core/refill.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

static json_t *refill_build(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	struct hdb_stmt *st =
	    report_prep(db,
	                "SELECT b.location_id, l.name, b.article_id, a.name, b.min, b.max,"
	                " b.policy, o.qty, o.counted_at FROM basis b"
	                " LEFT JOIN location l ON l.id = b.location_id"
	                " LEFT JOIN article a ON a.id = b.article_id"
	                " LEFT JOIN onhand o ON o.location_id = b.location_id"
	                " AND o.article_id = b.article_id"
	                " WHERE ?1 IS NULL OR b.location_id = ?1"
	                " ORDER BY coalesce(l.name, b.location_id), b.location_id,"
	                " b.shelf_order, coalesce(a.name, b.article_id)",
	                e);
	struct hdb_stmt *round =
	    report_prep(db,
	                "SELECT max(placed_time) FROM event WHERE kind = 'session-start'"
	                " AND location_id = ? AND json_extract(data, '$.job') = 'round'",
	                e);
	if (st == NULL || round == NULL) {
		hdb_finalize(st);
		hdb_finalize(round);
		return NULL;
	}
	report_bind_opt(st, 1, o->location);
	json_t *wards = json_array(), *ward = NULL;
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		const char *loc = (const char *)hdb_column_text(st, 0);
		if (ward == NULL ||
		    strcmp(json_string_value(json_object_get(ward, "location_id")), loc) != 0) {
			hdb_reset(round);
			hdb_bind_text(round, 1, loc);
			json_t *last =
			    hdb_step(round) == HDB_ROW ? report_text(round, 0) : json_null();
			ward = json_pack("{s:s,s:o,s:o,s:[],s:i}", "location_id", loc,
			                 "location_name", report_text(st, 1), "last_round", last,
			                 "lines", "not_counted", 0);
			json_array_append_new(wards, ward);
		}
		int64_t min = hdb_column_int64(st, 4), max = hdb_column_int64(st, 5);
		const char *policy = (const char *)hdb_column_text(st, 6);
		int counted = hdb_column_type(st, 8) != HDB_NULL;
		int64_t have = hdb_column_int64(st, 7);
		/* Not counted: listed, but no refill is guessed (as on the
		 * handheld, where an uncounted line is a skip). */
		json_t *qty = json_null();
		if (!counted && !o->all) {
			/* A pick list is what to fetch: the uncounted lines are
			 * only numbered unless asked for (--all). */
			json_object_set_new(
			    ward, "not_counted",
			    json_integer(json_integer_value(json_object_get(ward, "not_counted")) +
			                 1));
			continue;
		}
		if (counted) {
			int64_t q = refill_qty(policy, min, max, have > 0 ? have : 0);
			if (q <= 0)
				continue;
			qty = json_integer((json_int_t)q);
		}
		json_array_append_new(
		    json_object_get(ward, "lines"),
		    json_pack("{s:o,s:o,s:o,s:o,s:I,s:I,s:s,s:o,s:o}", "article_id",
		              report_text(st, 2), "article_name", report_text(st, 3), "onhand",
		              counted ? json_integer((json_int_t)have) : json_null(), "counted_at",
		              report_text(st, 8), "min", (json_int_t)min, "max", (json_int_t)max,
		              "policy", policy ? policy : "top-up-at-min", "refill", qty,
		              "shortage",
		              report_shortage(db, (const char *)hdb_column_text(st, 2))));
	}
	hdb_finalize(round);
	if (report_done(db, st, rc, e) != 0) {
		json_decref(wards);
		return NULL;
	}
	/* Wards with nothing to bring and nothing left uncounted are left
	 * out of the pick list. */
	for (size_t i = json_array_size(wards); i-- > 0;) {
		json_t *w = json_array_get(wards, i);
		if (json_array_size(json_object_get(w, "lines")) == 0 &&
		    json_integer_value(json_object_get(w, "not_counted")) == 0)
			json_array_remove(wards, i);
	}
	json_t *r = report_new("refill");
	json_object_set_new(r, "wards", wards);
	return r;
}

static const struct report_col refill_cols[] = {
	{ "location_id", N_("location id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "location_name", N_("ward"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "last_round", N_("last round"), 0, REPORT_SHOW_CSV, 1, NULL },
	{ "article_id", N_("article id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article_name", N_("article"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "onhand", N_("on hand"), 1, REPORT_SHOW_BOTH, 0, N_("not counted") },
	{ "min", N_("min"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "max", N_("max"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "policy", N_("policy"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "refill", N_("refill"), 1, REPORT_SHOW_BOTH, 0, N_("count first") },
	{ "shortage", N_("shortage"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "shortage_alternatives", N_("alternatives"), 0, REPORT_SHOW_CSV, 0, NULL },
};

static void refill_table(json_t *rep, struct report_table *t, int text)
{
	size_t i, k;
	json_t *w, *l;
	json_array_foreach(json_object_get(rep, "wards"), i, w)
	{
		char *ward = report_named(w, "location_name", "location_id"), head[512];
		const char *last = json_string_value(json_object_get(w, "last_round"));
		char when[20];
		if (last != NULL)
			snprintf(head, sizeof(head), _("%s — last round %s"), ward,
			         report_local_time(last, when));
		else
			snprintf(head, sizeof(head), _("%s — no round yet"), ward);
		free(ward);
		json_int_t uncounted = json_integer_value(json_object_get(w, "not_counted"));
		if (uncounted > 0) {
			size_t n = strlen(head);
			snprintf(head + n, sizeof(head) - n,
			         _("; %lld articles not counted, so not on this list (--all shows "
			           "them)"),
			         (long long)uncounted);
		}
		json_array_foreach(json_object_get(w, "lines"), k, l)
		{
			json_t *row = json_deep_copy(l);
			json_object_set(row, "location_id", json_object_get(w, "location_id"));
			json_object_set(row, "location_name", json_object_get(w, "location_name"));
			json_object_set(row, "last_round", json_object_get(w, "last_round"));
			/* Under a shortage: the alternatives to bring instead. */
			json_t *sh = json_object_get(l, "shortage");
			char *mark =
			    text ? report_shortage_mark(
			               json_string_value(json_object_get(l, "article_name")), sh)
			         : NULL;
			if (mark != NULL)
				json_object_set_new(row, "article_name", json_string(mark));
			free(mark);
			json_object_del(row, "shortage");
			/* Text: the policy in words, as the pages say it; CSV: its key. */
			const char *policy = json_string_value(json_object_get(l, "policy"));
			if (text)
				json_object_set_new(
				    row, "policy",
				    json_string(policy != NULL &&
				                        strcmp(policy, "always-to-max") == 0
				                    ? _("always to max")
				                    : _("top up at min")));
			if (json_is_object(sh)) {
				json_object_set(row, "shortage", json_object_get(sh, "status"));
				json_object_set(row, "shortage_alternatives",
				                json_object_get(sh, "alternatives"));
			}
			report_table_add(t, head, row);
		}
	}
}
const struct report_kind report_refill = {
	"refill",     refill_build, refill_cols, sizeof(refill_cols) / sizeof(refill_cols[0]),
	refill_table,
};
