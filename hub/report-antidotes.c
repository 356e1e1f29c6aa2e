/*
 * report-antidotes.c — antidote holdings per article and place, the total
 * and the places at zero; against the recommended stocking tiers
 * (Giftinformasjonen: all hospitals, larger hospitals, at least one per
 * region — article.antidote_tier, antidote_qty; a hospital's
 * location.antidote_tier): per hospital recommended vs held, last counted,
 * expired packs found at its last counts, and the region's totals.  Its
 * columns and its table.  The JSON and CSV are the export another hub or a
 * national compilation reads (docs/hub-reports.md, "antidotes").
 */
#include "hub/report-internal.h"
#include "hub/reconcile.h"
#include "hub/hub-db.h"
#include "core/antidote-tier.h"
#include "core/calc.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

/* Expired packs found at a hospital's places: the count records flagged
 * expired (a drill's) or past their expiry when counted, in the session of
 * the last count at each place. */
#define EXPIRED_AT_LAST_COUNT(where)                                                              \
	"(SELECT coalesce(sum(e.qty), 0) FROM event AS e JOIN location pl ON pl.id = "            \
	"e.location_id WHERE " where " AND e.article_id = ?1 AND e.kind = 'count'"                \
	" AND (CAST(json_extract(e.data, '$.expired') AS TEXT) IN ('1', 'true') OR (e.expiry IS " \
	"NOT NULL"                                                                                \
	" AND e.expiry < substr(e.placed_time, 1, 10)))" HUB_NOT_VOIDED(                          \
	    "e") " AND e.session = (SELECT s.session FROM event s WHERE s.location_id ="          \
	         " e.location_id AND s.article_id = ?1 AND s.kind = 'count'"                      \
	         " ORDER BY s.placed_time DESC LIMIT 1))"

/* The packs held at the places listed (none below 0). */
static int64_t total_held(json_t *locations)
{
	size_t i;
	json_t *l;
	int64_t n = 0;
	json_array_foreach(locations, i, l)
	{
		json_int_t q = json_integer_value(json_object_get(l, "onhand"));
		n += q > 0 ? q : 0;
	}
	return n;
}

/* The recommendation per hospital and for the region. */
static int antidote_tiers(struct hdb *db, json_t *a, struct tally_err *e)
{
	struct hdb_stmt *art =
	    report_prep(db, "SELECT antidote_tier, antidote_qty FROM article WHERE id = ?1", e);
	if (art == NULL)
		return e->status;
	const char *id = json_string_value(json_object_get(a, "article_id"));
	hdb_bind_text(art, 1, id);
	char tier[16] = "";
	int64_t qty = 0;
	if (hdb_step(art) == HDB_ROW) {
		if (hdb_column_text(art, 0) != NULL)
			snprintf(tier, sizeof(tier), "%s", hdb_column_text(art, 0));
		qty = hdb_column_int64(art, 1);
	}
	hdb_finalize(art);
	struct hdb_stmt *st = report_prep(
	    db,
	    "SELECT h.id, h.name, h.antidote_tier,"
	    " (SELECT coalesce(sum(CASE WHEN o.qty > 0 THEN o.qty ELSE 0 END), 0) FROM onhand o "
	    "JOIN location pl"
	    "  ON pl.id = o.location_id WHERE pl.hospital_id = h.id AND o.article_id = ?1),"
	    " (SELECT max(o.counted_at) FROM onhand o JOIN location pl"
	    "  ON pl.id = o.location_id WHERE pl.hospital_id = h.id AND o.article_id = ?1),"
	    " " EXPIRED_AT_LAST_COUNT("pl.hospital_id = h.id") " FROM location h"
	                                                       " WHERE h.kind = 'hospital' ORDER "
	                                                       "BY coalesce(h.name, h.id)",
	    e);
	if (st == NULL)
		return e->status;
	hdb_bind_text(st, 1, id);
	json_t *hospitals = json_array();
	int64_t region_rec = 0, region_held = 0, region_expired = 0;
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		const char *htier = (const char *)hdb_column_text(st, 2);
		int larger = htier != NULL && strcmp(htier, "larger") == 0;
		/* all: every hospital; larger: the larger ones; region: the
		 * region as a whole, no hospital in particular. */
		int required = antidote_asked_of_hospital(tier, larger);
		int64_t held = hdb_column_int64(st, 3), expired = hdb_column_int64(st, 5);
		region_rec += required ? qty : 0;
		region_held += held;
		region_expired += expired;
		json_array_append_new(
		    hospitals,
		    json_pack("{s:o,s:o,s:s,s:o,s:I,s:o,s:I,s:o}", "hospital_id",
		              report_text(st, 0), "hospital_name", report_text(st, 1),
		              "hospital_tier", larger ? "larger" : "other", "recommended",
		              required ? json_integer((json_int_t)qty) : json_null(), "held",
		              (json_int_t)held, "last_counted", report_text(st, 4), "expired",
		              (json_int_t)expired, "short",
		              required ? json_integer((json_int_t)(qty > held ? qty - held : 0))
		                       : json_null()));
	}
	if (report_done(db, st, rc, e) != 0) {
		json_decref(hospitals);
		return e->status;
	}
	if (antidote_once_per_region(tier))
		region_rec = qty;
	json_object_set_new(a, "stocking_tier", tier[0] ? json_string(tier) : json_null());
	json_object_set_new(a, "recommended_qty", json_integer((json_int_t)qty));
	json_object_set_new(a, "hospitals", hospitals);
	json_object_set_new(
	    a, "region",
	    json_pack("{s:I,s:I,s:I,s:I}", "recommended", (json_int_t)region_rec, "held",
	              (json_int_t)region_held, "expired", (json_int_t)region_expired, "short",
	              (json_int_t)(region_rec > region_held ? region_rec - region_held : 0)));
	return 0;
}

/* What the preparedness plans require of the antidote, where a plan line
 * names it: the calculator's packs (core/calc.h) against what the plan's
 * places for it hold (on hand, none below 0); a plan that names no place
 * for it is held against the region's total. */
static int antidote_plans(struct hdb *db, json_t *a, struct tally_err *e)
{
	struct hdb_stmt *st =
	    report_prep(db,
	                "SELECT p.id, p.name, p.scenario, p.patients, p.days, pl.dose, pl.strength,"
	                " pl.units_per_pack,"
	                " (SELECT count(*) FROM plan_place pp WHERE pp.plan_id = p.id"
	                "  AND pp.article_id = pl.article_id),"
	                " (SELECT coalesce(sum(CASE WHEN o.qty > 0 THEN o.qty ELSE 0 END), 0)"
	                "  FROM plan_place pp JOIN onhand o ON o.location_id = pp.location_id"
	                "  AND o.article_id = pp.article_id"
	                "  WHERE pp.plan_id = p.id AND pp.article_id = pl.article_id)"
	                " FROM plan_line pl JOIN plan p ON p.id = pl.plan_id"
	                " WHERE pl.article_id = ? ORDER BY p.name, p.id",
	                e);
	if (st == NULL)
		return e->status;
	hdb_bind_text(st, 1, json_string_value(json_object_get(a, "article_id")));
	json_t *plans = json_array();
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		struct calc_in in = { hdb_column_double(st, 5), hdb_column_double(st, 6),
			              hdb_column_double(st, 7), hdb_column_double(st, 3),
			              hdb_column_double(st, 4) };
		double ppd;
		int64_t required = 0;
		struct tally_err ce = { 0 };
		int ok = calc_required(&in, &ppd, &required, &ce) == 0;
		int64_t places = hdb_column_int64(st, 8);
		int64_t held = places > 0 ? hdb_column_int64(st, 9)
		                          : total_held(json_object_get(a, "locations"));
		json_array_append_new(
		    plans,
		    json_pack("{s:o,s:o,s:o,s:o,s:I,s:s,s:I,s:o}", "plan_id", report_text(st, 0),
		              "plan_name", report_text(st, 1), "scenario", report_text(st, 2),
		              "required", ok ? json_integer((json_int_t)required) : json_null(),
		              "held", (json_int_t)held, "held_at", places > 0 ? "plan" : "region",
		              "places", (json_int_t)places, "short",
		              ok ? json_integer((json_int_t)(required > held ? required - held : 0))
		                 : json_null()));
	}
	if (report_done(db, st, rc, e) != 0) {
		json_decref(plans);
		return e->status;
	}
	json_object_set_new(a, "plans", plans);
	return 0;
}

static json_t *antidotes_build(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	/* Every place that holds the antidote, or should (its basis list). */
	struct hdb_stmt *st = report_prep(
	    db,
	    "SELECT a.id, a.name, p.location_id, l.name, l.hospital_id, h.name, o.qty, "
	    "o.counted_at,"
	    " (SELECT coalesce(sum(e.qty), 0) FROM event AS e WHERE e.location_id = p.location_id"
	    "  AND e.article_id = a.id AND e.kind = 'count'"
	    "  AND (CAST(json_extract(e.data, '$.expired') AS TEXT) IN ('1', 'true') OR (e.expiry "
	    "IS NOT NULL"
	    "  AND e.expiry < substr(e.placed_time, 1, 10)))" HUB_NOT_VOIDED(
	        "e") "  AND e.session = (SELECT s.session FROM event s WHERE s.location_id ="
	             "  e.location_id AND s.article_id = a.id AND s.kind = 'count'"
	             "  ORDER BY s.placed_time DESC LIMIT 1))"
	             " FROM article a"
	             " LEFT JOIN (SELECT location_id, article_id FROM onhand UNION"
	             "            SELECT location_id, article_id FROM basis) p ON p.article_id = "
	             "a.id"
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
	while ((rc = hdb_step(st)) == HDB_ROW) {
		const char *id = (const char *)hdb_column_text(st, 0);
		if (cur == NULL ||
		    strcmp(json_string_value(json_object_get(cur, "article_id")), id)) {
			cur = json_pack("{s:s,s:o,s:I,s:I,s:[]}", "article_id", id, "article_name",
			                report_text(st, 1), "total", (json_int_t)0,
			                "places_at_zero", (json_int_t)0, "locations");
			json_array_append_new(list, cur);
		}
		if (hdb_column_type(st, 2) == HDB_NULL)
			continue;
		int known = hdb_column_type(st, 6) != HDB_NULL;
		int64_t qty = hdb_column_int64(st, 6);
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
		    json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "location_id", report_text(st, 2),
		              "location_name", report_text(st, 3), "hospital_id",
		              report_text(st, 4), "hospital_name", report_text(st, 5), "onhand",
		              report_int(st, 6), "counted_at", report_text(st, 7), "expired",
		              report_int(st, 8)));
	}
	if (report_done(db, st, rc, e) != 0) {
		json_decref(list);
		return NULL;
	}
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a)
	{
		if (antidote_tiers(db, a, e) != 0 || antidote_plans(db, a, e) != 0) {
			json_decref(list);
			return NULL;
		}
	}
	/* Whose figures, and as of when: what another hub importing this
	 * export keeps them under (antidote-import.h). */
	char rid[128], rname[256], now[32];
	if (report_own_region(db, rid, rname, e) != 0) {
		json_decref(list);
		return NULL;
	}
	hub_time_now(now, 0);
	json_t *r = report_new("antidotes");
	json_object_set_new(r, "region_id", rid[0] ? json_string(rid) : json_null());
	json_object_set_new(r, "region_name", rname[0] ? json_string(rname) : json_null());
	json_object_set_new(r, "exported_at", json_string(now));
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
	{ "level", N_("level"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "stocking_tier", N_("stocking tier"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "recommended", N_("recommended"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "required", N_("plan requires"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "onhand", N_("on hand"), 1, REPORT_SHOW_BOTH, 0, N_("not counted") },
	{ "short", N_("short"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "expired", N_("expired"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "counted_at", N_("counted at"), 0, REPORT_SHOW_BOTH, 1, NULL },
	{ "region_id", N_("region id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "region_name", N_("region"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "exported_at", N_("exported at"), 0, REPORT_SHOW_CSV, 0, NULL },
};

/* A row of a hospital's or the region's figures. */
static json_t *sum_row(json_t *a, const char *hospital, const char *location, const char *level,
                       json_t *figures)
{
	json_t *row = json_pack(
	    "{s:O,s:O,s:O,s:O,s:s,s:s,s:s,s:O}", "article_id", json_object_get(a, "article_id"),
	    "article_name", json_object_get(a, "article_name"), "total",
	    json_object_get(a, "total"), "places_at_zero", json_object_get(a, "places_at_zero"),
	    "hospital", hospital, "location", location, "level", level, "stocking_tier",
	    json_object_get(a, "stocking_tier"));
	json_object_set(row, "recommended", json_object_get(figures, "recommended"));
	json_object_set(row, "onhand", json_object_get(figures, "held"));
	json_object_set(row, "short", json_object_get(figures, "short"));
	json_object_set(row, "expired", json_object_get(figures, "expired"));
	json_object_set(row, "counted_at", json_object_get(figures, "last_counted"));
	return row;
}

static void add_place(struct report_table *t, const char *head, json_t *a, json_t *l);

/* A plan's requirement.  For people a narrow row under its own heading,
 * which names the plan (a plan's name can be long: in a column it would
 * widen every table): "plan" and its storage places, or the region and
 * all hospitals when the plan names no place.  In CSV the plan's id and
 * name in the location's columns. */
static json_t *plan_row(json_t *a, json_t *plan, int text)
{
	json_t *row = json_pack(
	    "{s:O,s:O,s:O,s:O,s:s,s:O}", "article_id", json_object_get(a, "article_id"),
	    "article_name", json_object_get(a, "article_name"), "total",
	    json_object_get(a, "total"), "places_at_zero", json_object_get(a, "places_at_zero"),
	    "level", "plan", "stocking_tier", json_object_get(a, "stocking_tier"));
	if (text) {
		int at_plan =
		    strcmp(json_string_value(json_object_get(plan, "held_at")), "plan") == 0;
		json_object_set_new(row, "hospital",
		                    json_string(at_plan ? _("plan") : _("region")));
		json_object_set_new(
		    row, "location",
		    json_string(at_plan ? _("its storage places") : _("all hospitals")));
	} else {
		const char *n = json_string_value(json_object_get(plan, "plan_name"));
		if (n == NULL || !*n)
			n = json_string_value(json_object_get(plan, "plan_id"));
		json_object_set(row, "location_id", json_object_get(plan, "plan_id"));
		json_object_set_new(row, "location", json_string(n));
	}
	json_object_set(row, "required", json_object_get(plan, "required"));
	json_object_set(row, "onhand", json_object_get(plan, "held"));
	json_object_set(row, "short", json_object_get(plan, "short"));
	return row;
}

/* The heading of a plan's row: the antidote and the plan, by name. */
static void plan_heading(json_t *a, json_t *plan, char *buf, size_t size)
{
	char *antidote = report_named(a, "article_name", "article_id");
	const char *n = json_string_value(json_object_get(plan, "plan_name"));
	if (n == NULL || !*n)
		n = json_string_value(json_object_get(plan, "plan_id"));
	int at_plan = strcmp(json_string_value(json_object_get(plan, "held_at")), "plan") == 0;
	snprintf(buf, size,
	         at_plan ? _("%s in plan %s")
	                 : _("%s in plan %s (it names no place: held against the region)"),
	         antidote, n);
	free(antidote);
}

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
		/* Each hospital's figures, then its places; the region last. */
		size_t h;
		json_t *hosp;
		json_array_foreach(json_object_get(a, "hospitals"), h, hosp)
		{
			const char *hid = json_string_value(json_object_get(hosp, "hospital_id"));
			const char *hn = json_string_value(json_object_get(hosp, "hospital_name"));
			report_table_add(
			    t, head,
			    sum_row(a, hn ? hn : hid, _("all its places"), "hospital", hosp));
			json_array_foreach(locs, k, l)
			{
				const char *lh =
				    json_string_value(json_object_get(l, "hospital_id"));
				if (lh != NULL && hid != NULL && strcmp(lh, hid) == 0)
					add_place(t, head, a, l);
			}
		}
		json_array_foreach(locs, k, l)
		{
			const char *lh = json_string_value(json_object_get(l, "hospital_id"));
			int listed = 0;
			json_array_foreach(json_object_get(a, "hospitals"), h, hosp)
			{
				const char *hid =
				    json_string_value(json_object_get(hosp, "hospital_id"));
				listed |= lh != NULL && hid != NULL && strcmp(lh, hid) == 0;
			}
			if (!listed)
				add_place(t, head, a, l);
		}
		report_table_add(t, head,
		                 sum_row(a, _("region"), _("all hospitals"), "region",
		                         json_object_get(a, "region")));
		json_t *plan;
		json_array_foreach(json_object_get(a, "plans"), k, plan)
		{
			char plan_head[768];
			plan_heading(a, plan, plan_head, sizeof(plan_head));
			report_table_add(t, plan_head, plan_row(a, plan, text));
		}
	}
	/* Every CSV row says whose export it is. */
	json_array_foreach(t->rows, i, a)
	{
		json_t *row = json_array_get(a, 1);
		json_object_set(row, "region_id", json_object_get(rep, "region_id"));
		json_object_set(row, "region_name", json_object_get(rep, "region_name"));
		json_object_set(row, "exported_at", json_object_get(rep, "exported_at"));
	}
}

/* One place holding the antidote (or listing it on its basis list). */
static void add_place(struct report_table *t, const char *head, json_t *a, json_t *l)
{
	json_t *row = json_deep_copy(l);
	json_object_set_new(row, "level", json_string("place"));
	json_object_set(row, "article_id", json_object_get(a, "article_id"));
	json_object_set(row, "article_name", json_object_get(a, "article_name"));
	json_object_set(row, "total", json_object_get(a, "total"));
	json_object_set(row, "places_at_zero", json_object_get(a, "places_at_zero"));
	json_object_set(row, "stocking_tier", json_object_get(a, "stocking_tier"));
	json_t *hn = json_object_get(l, "hospital_name"), *ln = json_object_get(l, "location_name");
	json_object_set(row, "hospital",
	                json_is_string(hn) ? hn : json_object_get(l, "hospital_id"));
	json_object_set(row, "location",
	                json_is_string(ln) ? ln : json_object_get(l, "location_id"));
	report_table_add(t, head, row);
}
const struct report_kind report_antidotes = {
	"antidotes",     antidotes_build,
	antidotes_cols,  sizeof(antidotes_cols) / sizeof(antidotes_cols[0]),
	antidotes_table,
};
