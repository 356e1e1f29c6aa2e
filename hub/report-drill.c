/*
 * report-drill.c — emergency-stock drills, every handheld of a drill merged:
 * required packs from the calculator (core/calc.c), counted, shortfall,
 * cover, expired, places below their minimum, cover counted cumulatively
 * by time-criticality tier (core/tier.h), and how long it took; its columns
 * and its table.
 */
#include "hub/report-internal.h"
#include "hub/reconcile.h"
#include "core/calc.h"
#include "core/tier.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Add to a JSON array of {id|badge, name} unless already there. */
static void add_device(struct hdb *db, json_t *list, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i,
	                   v) if (json_integer_value(json_object_get(v, "id")) == id) return;
	json_array_append_new(list, report_device_json(db, id));
}

static void add_user(struct hdb *db, json_t *list, const char *badge)
{
	if (badge == NULL)
		return;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *b = json_string_value(json_object_get(v, "badge"));
		if (b != NULL && strcmp(b, badge) == 0)
			return;
	}
	json_array_append_new(list, report_user_json(db, badge));
}

/* Seconds since 1970 of "2026-11-23T08:15:02.123Z" (UTC), -1 if not one. */
static double iso_seconds(const char *t)
{
	int y, mo, d, h, mi, sec, ms = 0;
	if (t == NULL ||
	    sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &y, &mo, &d, &h, &mi, &sec, &ms) < 6)
		return -1;
	/* Days from the civil date (proleptic Gregorian). */
	y -= mo <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long days = era * 146097 + doe - 719468;
	return (double)days * 86400.0 + h * 3600.0 + mi * 60.0 + sec + ms / 1000.0;
}

/* --- drill ---------------------------------------------------------------- */

static int drill_lines(struct hdb *db, json_t *d, struct tally_err *e)
{
	const char *plan = json_string_value(json_object_get(d, "plan_id"));
	struct hdb_stmt *p =
	    report_prep(db, "SELECT name, patients, days, scenario FROM plan WHERE id = ?", e);
	if (p == NULL)
		return e->status;
	hdb_bind_text(p, 1, plan);
	double patients = 0, days = 0;
	if (hdb_step(p) == HDB_ROW) {
		json_object_set_new(d, "plan_name", report_text(p, 0));
		patients = hdb_column_double(p, 1);
		days = hdb_column_double(p, 2);
		json_object_set_new(d, "patients", report_int(p, 1));
		json_object_set_new(d, "days", report_int(p, 2));
		json_object_set_new(d, "scenario", report_text(p, 3));
	}
	hdb_finalize(p);

	/* What each session counted at each place; the latest session at a
	 * place stands (two handhelds recounting a place do not add up), and
	 * within a session the scans add up (one record per scanned pack). */
	struct hdb_stmt *c =
	    report_prep(db,
	                "SELECT article_id, location_id,"
	                " sum(CASE WHEN CAST(json_extract(data, '$.expired') AS TEXT) IN ('1', "
	                "'true') THEN 0 ELSE qty END),"
	                " sum(CASE WHEN CAST(json_extract(data, '$.expired') AS TEXT) IN ('1', "
	                "'true') THEN qty ELSE 0 END),"
	                " max(placed_time) FROM event AS c WHERE kind = 'count'"
	                " AND session IN (SELECT value FROM json_each(?1))" HUB_NOT_VOIDED(
	                    "c") " AND article_id IS NOT NULL AND location_id IS NOT NULL"
	                         " GROUP BY article_id, location_id, session ORDER BY 5",
	                e);
	if (c == NULL)
		return e->status;
	char *sessions = json_dumps(json_object_get(d, "sessions"), JSON_COMPACT);
	hdb_bind_text_owned(c, 1, sessions);
	json_t *at = json_object(); /* "article\x1fplace" → [counted, expired] */
	int rc;
	while ((rc = hdb_step(c)) == HDB_ROW) {
		char key[512];
		snprintf(key, sizeof(key), "%s\x1f%s", hdb_column_text(c, 0),
		         hdb_column_text(c, 1));
		json_object_set_new(at, key,
		                    json_pack("[I,I]", (json_int_t)hdb_column_int64(c, 2),
		                              (json_int_t)hdb_column_int64(c, 3)));
	}
	if (report_done(db, c, rc, e) != 0) {
		json_decref(at);
		return e->status;
	}

	struct hdb_stmt *lines =
	    report_prep(db,
	                "SELECT pl.article_id, a.name, pl.dose, pl.strength,"
	                " pl.units_per_pack FROM plan_line pl"
	                " LEFT JOIN article a ON a.id = pl.article_id"
	                " WHERE pl.plan_id = ? ORDER BY coalesce(a.name, pl.article_id)",
	                e);
	struct hdb_stmt *places =
	    report_prep(db,
	                "SELECT pp.location_id, l.name, pp.min, pp.max, pp.tier FROM plan_place pp"
	                " LEFT JOIN location l ON l.id = pp.location_id"
	                " WHERE pp.plan_id = ? AND pp.article_id = ?"
	                " ORDER BY coalesce(l.name, pp.location_id)",
	                e);
	struct hdb_stmt *locname = report_prep(db, "SELECT name FROM location WHERE id = ?", e);
	if (lines == NULL || places == NULL || locname == NULL) {
		hdb_finalize(lines);
		hdb_finalize(places);
		hdb_finalize(locname);
		json_decref(at);
		return e->status;
	}
	hdb_bind_text(lines, 1, plan);
	json_t *out = json_array();
	while ((rc = hdb_step(lines)) == HDB_ROW) {
		const char *art = (const char *)hdb_column_text(lines, 0);
		struct calc_in in = { hdb_column_double(lines, 2), hdb_column_double(lines, 3),
			              hdb_column_double(lines, 4), patients, days };
		double ppd;
		int64_t required = 0;
		struct tally_err ce = { 0 };
		int ok = calc_required(&in, &ppd, &required, &ce) == 0;
		json_t *pl = json_array();
		int64_t counted = 0, expired = 0, below = 0;
		struct tier_cover tc = { 0 };
		hdb_reset(places);
		hdb_bind_text(places, 1, plan);
		hdb_bind_text(places, 2, art);
		while (hdb_step(places) == HDB_ROW) {
			char key[512];
			snprintf(key, sizeof(key), "%s\x1f%s", art, hdb_column_text(places, 0));
			json_t *got = json_object_get(at, key);
			int64_t n = got ? json_integer_value(json_array_get(got, 0)) : 0;
			int64_t x = got ? json_integer_value(json_array_get(got, 1)) : 0;
			double min = hdb_column_double(places, 2);
			int is_below = (double)n < min;
			below += is_below;
			counted += n;
			expired += x;
			int tier = tier_parse((const char *)hdb_column_text(places, 4));
			tier_cover_add(&tc, tier, n);
			json_array_append_new(
			    pl, json_pack("{s:o,s:o,s:s,s:o,s:I,s:I,s:f,s:f,s:b}", "location_id",
			                  report_text(places, 0), "location_name",
			                  report_text(places, 1), "tier", tier_key(tier), "visited",
			                  json_boolean(got != NULL), "counted", (json_int_t)n,
			                  "expired", (json_int_t)x, "min", min, "max",
			                  hdb_column_double(places, 3), "below_min", is_below));
			json_object_del(at, key);
		}
		/* Packs found at places the plan does not name still count. */
		const char *key;
		json_t *got;
		void *tmp;
		size_t artlen = strlen(art);
		json_object_foreach_safe(at, tmp, key, got)
		{
			if (strncmp(key, art, artlen) != 0 || key[artlen] != '\x1f')
				continue;
			const char *loc = key + artlen + 1;
			int64_t n = json_integer_value(json_array_get(got, 0));
			int64_t x = json_integer_value(json_array_get(got, 1));
			counted += n;
			expired += x;
			tier_cover_add(&tc, TIER_NONE, n);
			hdb_reset(locname);
			hdb_bind_text(locname, 1, loc);
			json_array_append_new(
			    pl, json_pack("{s:s,s:o,s:s,s:b,s:I,s:I,s:n,s:n,s:b}", "location_id",
			                  loc, "location_name",
			                  hdb_step(locname) == HDB_ROW ? report_text(locname, 0)
			                                               : json_null(),
			                  "tier", tier_key(TIER_NONE), "visited", 1, "counted",
			                  (json_int_t)n, "expired", (json_int_t)x, "min", "max",
			                  "below_min", 0));
			json_object_del(at, key);
		}
		json_t *line = json_pack(
		    "{s:s,s:o,s:o,s:I,s:I,s:o,s:o,s:I,s:o}", "article_id", art, "article_name",
		    report_text(lines, 1), "required",
		    ok ? json_integer((json_int_t)required) : json_null(), "counted",
		    (json_int_t)counted, "expired", (json_int_t)expired, "shortfall",
		    ok ? json_integer((json_int_t)(required > counted ? required - counted : 0))
		       : json_null(),
		    "cover_pct",
		    ok ? json_real(required > 0 ? 100.0 * (double)counted / (double)required
		                                : 100.0)
		       : json_null(),
		    "places_below_min", (json_int_t)below, "places", pl);
		if (!ok)
			json_object_set_new(line, "problem", json_string(ce.msg));
		/* Cover within each tier and the ones before it; only when the
		 * plan gives its places tiers. */
		json_t *tiers = json_array();
		for (int t = 0; t < TIER_COUNT; t++) {
			int any = 0;
			for (int k = 0; k < TIER_NONE; k++)
				any |= tc.present[k];
			if (!any || !tc.present[t])
				continue;
			json_array_append_new(
			    tiers, json_pack("{s:s,s:I,s:I}", "tier", tier_key(t), "counted",
			                     (json_int_t)tc.counted[t], "within",
			                     (json_int_t)tier_cover_within(&tc, t)));
		}
		json_object_set_new(line, "tiers", tiers);
		json_array_append_new(out, line);
	}
	hdb_finalize(places);
	hdb_finalize(locname);
	json_decref(at);
	if (report_done(db, lines, rc, e) != 0) {
		json_decref(out);
		return e->status;
	}
	json_object_set_new(d, "lines", out);
	return 0;
}

static json_t *drill_build(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	struct hdb_stmt *st =
	    report_prep(db,
	                "SELECT uuid, json_extract(data, '$.plan'), placed_time, device_id,"
	                " user, (SELECT max(placed_time) FROM event x"
	                "        WHERE x.session = s.uuid)"
	                " FROM event s WHERE kind = 'session-start'"
	                " AND json_extract(data, '$.job') = 'drill'"
	                " AND json_extract(data, '$.plan') IS NOT NULL"
	                " AND (?1 IS NULL OR json_extract(data, '$.plan') = ?1)"
	                " ORDER BY 2, placed_time, device_id, seq",
	                e);
	if (st == NULL)
		return NULL;
	report_bind_opt(st, 1, o->plan);
	json_t *drills = json_array(), *d = NULL;
	double t0 = 0, last = 0;
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		const char *plan = (const char *)hdb_column_text(st, 1);
		const char *start = (const char *)hdb_column_text(st, 2);
		const char *end = (const char *)hdb_column_text(st, 5);
		double ts = iso_seconds(start);
		if (d == NULL ||
		    strcmp(json_string_value(json_object_get(d, "plan_id")), plan) != 0 ||
		    ts - t0 > REPORT_DRILL_WINDOW_S) {
			d = json_pack("{s:s,s:s,s:s,s:f,s:[],s:[],s:[]}", "plan_id", plan,
			              "started", start, "ended", start, "duration_s", 0.0,
			              "sessions", "devices", "users");
			json_array_append_new(drills, d);
			t0 = last = ts;
		}
		json_array_append_new(json_object_get(d, "sessions"),
		                      json_string((const char *)hdb_column_text(st, 0)));
		add_device(db, json_object_get(d, "devices"), hdb_column_int64(st, 3));
		add_user(db, json_object_get(d, "users"), (const char *)hdb_column_text(st, 4));
		double te = end != NULL ? iso_seconds(end) : ts;
		if (te > last) {
			last = te;
			json_object_set_new(d, "ended", json_string(end != NULL ? end : start));
			json_object_set_new(d, "duration_s", json_real(last - t0));
		}
	}
	if (report_done(db, st, rc, e) != 0) {
		json_decref(drills);
		return NULL;
	}
	size_t i;
	json_array_foreach(drills, i, d)
	{
		if (drill_lines(db, d, e) != 0) {
			json_decref(drills);
			return NULL;
		}
	}
	json_t *r = report_new("drill");
	json_object_set_new(r, "window_s", json_integer(REPORT_DRILL_WINDOW_S));
	json_object_set_new(r, "drills", drills);
	return r;
}

/* Names of a list of {name, id|badge}: "Anne Hansen, MED1 handheld 2". */
static json_t *names(json_t *list)
{
	size_t i, len = 0;
	json_t *v;
	char buf[1024] = "";
	json_array_foreach(list, i, v)
	{
		const char *n = json_string_value(json_object_get(v, "name"));
		char idbuf[32];
		if (n == NULL) {
			const char *b = json_string_value(json_object_get(v, "badge"));
			snprintf(idbuf, sizeof(idbuf), "#%lld",
			         (long long)json_integer_value(json_object_get(v, "id")));
			n = b != NULL ? b : idbuf;
		}
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? ", " : "", n);
		if (len >= sizeof(buf))
			break;
	}
	return json_string(buf);
}

static const struct report_col drill_cols[] = {
	{ "plan_id", N_("plan"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "started", N_("started"), 0, REPORT_SHOW_CSV, 1, NULL },
	{ "ended", N_("ended"), 0, REPORT_SHOW_CSV, 1, NULL },
	{ "duration_s", N_("duration (s)"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "devices", N_("handhelds"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "users", N_("users"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article_id", N_("article id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article_name", N_("article"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "required", N_("required"), 1, REPORT_SHOW_BOTH, 0, N_("plan error") },
	{ "counted", N_("counted"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "shortfall", N_("shortfall"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "cover_pct", N_("cover %"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "expired", N_("expired"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "below_min", N_("places below min"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "within_ambulance", N_("within ambulance"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "within_emergency", N_("within emergency"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "within_ward", N_("within ward"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "within_pharmacy", N_("within pharmacy"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "within_wholesaler", N_("within wholesaler"), 1, REPORT_SHOW_CSV, 0, NULL },
};

/* The guideline's four scenario kinds (plan.scenario) in words; NULL when
 * the plan names none. */
static const char *scenario_words(const char *key)
{
	static const char *const kinds[][2] = {
		{ "external-event", N_("large external event") },
		{ "internal-event", N_("internal event") },
		{ "prolonged-demand", N_("prolonged increased demand") },
		{ "supply-failure", N_("supply failure") },
	};
	if (key == NULL || key[0] == '\0')
		return NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(key, kinds[i][0]) == 0)
			return _(kinds[i][1]);
	return key;
}

/* What staff call each tier, in the drill report's rows under an article. */
static const char *const tier_rows[TIER_COUNT] = {
	N_("  within ambulances"), N_("  within emergency department"),
	N_("  within wards"),      N_("  within hospital pharmacy"),
	N_("  within wholesaler"), N_("  with other places"),
};

/* Text: a row per tier under the article, counted cumulatively against the
 * same requirement; CSV: a column per tier. */
static void tier_rows_add(struct report_table *t, const char *head, json_t *line, json_t *row,
                          int text)
{
	json_t *required = json_object_get(line, "required");
	size_t i;
	json_t *tr;
	json_array_foreach(json_object_get(line, "tiers"), i, tr)
	{
		const char *key = json_string_value(json_object_get(tr, "tier"));
		json_t *within = json_object_get(tr, "within");
		if (!text) {
			char col[40];
			snprintf(col, sizeof(col), "within_%s", key);
			json_object_set(row, col, within);
			continue;
		}
		int tier = tier_parse(strcmp(key, "none") == 0 ? "" : key);
		int64_t n = json_integer_value(within);
		json_t *r = json_pack("{s:s,s:O,s:O}", "article_name", _(tier_rows[tier]),
		                      "required", required, "counted", within);
		if (json_is_integer(required)) {
			int64_t req = json_integer_value(required);
			json_object_set_new(r, "shortfall", json_integer(req > n ? req - n : 0));
			json_object_set_new(
			    r, "cover_pct",
			    json_real(req > 0 ? 100.0 * (double)n / (double)req : 100.0));
		}
		json_object_set_new(r, "expired", json_string(""));
		json_object_set_new(r, "below_min", json_string(""));
		report_table_add(t, head, r);
	}
}

static void drill_table(json_t *rep, struct report_table *t, int text)
{
	size_t i, k, m;
	json_t *d, *l, *p;
	json_array_foreach(json_object_get(rep, "drills"), i, d)
	{
		const char *start = json_string_value(json_object_get(d, "started"));
		json_t *dev = names(json_object_get(d, "devices"));
		json_t *usr = names(json_object_get(d, "users"));
		char *plan = report_named(d, "plan_name", "plan_id"), head[1024];
		double secs = json_number_value(json_object_get(d, "duration_s"));
		char when[20];
		snprintf(head, sizeof(head),
		         _("Drill %s, started %s, took %lld min %02lld s\n"
		           "  handhelds: %s\n  users: %s"),
		         plan, report_local_time(start, when), (long long)(secs / 60),
		         (long long)secs % 60, json_string_value(dev), json_string_value(usr));
		free(plan);
		const char *scenario =
		    scenario_words(json_string_value(json_object_get(d, "scenario")));
		if (scenario != NULL) {
			size_t len = strlen(head);
			snprintf(head + len, sizeof(head) - len, _("\n  scenario: %s"), scenario);
		}
		json_array_foreach(json_object_get(d, "lines"), k, l)
		{
			char below[512] = "";
			size_t len = 0;
			json_array_foreach(json_object_get(l, "places"), m, p)
			{
				if (!json_is_true(json_object_get(p, "below_min")))
					continue;
				json_t *n = json_object_get(p, "location_name");
				len += (size_t)snprintf(
				    below + len, sizeof(below) - len, "%s%s", len ? "; " : "",
				    json_string_value(
				        json_is_string(n) ? n : json_object_get(p, "location_id")));
				if (len >= sizeof(below))
					break;
			}
			json_t *row = json_deep_copy(l);
			json_object_del(row, "places");
			json_object_set(row, "plan_id", json_object_get(d, "plan_id"));
			json_object_set(row, "started", json_object_get(d, "started"));
			json_object_set(row, "ended", json_object_get(d, "ended"));
			json_object_set(row, "duration_s", json_object_get(d, "duration_s"));
			json_object_set(row, "devices", dev);
			json_object_set(row, "users", usr);
			json_object_set_new(row, "below_min", json_string(below));
			json_object_del(row, "tiers");
			if (!text)
				tier_rows_add(t, head, l, row, 0);
			report_table_add(t, head, row);
			if (text)
				tier_rows_add(t, head, l, NULL, 1);
		}
		json_decref(dev);
		json_decref(usr);
	}
}
const struct report_kind report_drill = {
	"drill", drill_build, drill_cols, sizeof(drill_cols) / sizeof(drill_cols[0]), drill_table,
};
