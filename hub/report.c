/*
 * report.c — the reports as JSON (see report.h); printing is report-print.c.
 *
 * Every figure of stock comes from reconciliation (onhand, reconcile_pair),
 * so the reports and the handhelds' stock rows never disagree.
 */
#include "hub/report.h"
#include "hub/hub-db.h"
#include "hub/reconcile.h"
#include "core/calc.h"
#include "core/refill.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

const char *const report_names[] = { "stock",    "refill",    "receipt", "drill",
	                             "variance", "antidotes", NULL };

static sqlite3_stmt *prep(sqlite3 *db, const char *sql, struct tally_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		hub_db_fail(e, db, rc, _("reading the hub database"));
		return NULL;
	}
	return st;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Column i as a JSON string, or null. */
static json_t *jtext(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t != NULL ? json_string((const char *)t) : json_null();
}

static json_t *jint(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
	           ? json_null()
	           : json_integer((json_int_t)sqlite3_column_int64(st, i));
}

/* Finish a statement that was stepped to its end (rc the last step). */
static int done(sqlite3 *db, sqlite3_stmt *st, int rc, struct tally_err *e)
{
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : hub_db_fail(e, db, rc, _("reading the hub database"));
}

static json_t *report_new(const char *name)
{
	return json_pack("{s:s}", "report", name);
}

/* --- stock ---------------------------------------------------------------- */

static json_t *stock(sqlite3 *db, const struct report_opts *o, struct tally_err *e)
{
	sqlite3_stmt *st = prep(db,
	                        "SELECT o.location_id, l.name, o.article_id, a.name, o.qty,"
	                        " o.last_count, o.counted_at FROM onhand o"
	                        " LEFT JOIN location l ON l.id = o.location_id"
	                        " LEFT JOIN article a ON a.id = o.article_id"
	                        " WHERE ?1 IS NULL OR o.location_id = ?1"
	                        " ORDER BY coalesce(l.name, o.location_id), o.location_id,"
	                        " coalesce(a.name, o.article_id), o.article_id",
	                        e);
	if (st == NULL)
		return NULL;
	bind_opt(st, 1, o->location);
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(
		    rows, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "location_id", jtext(st, 0),
		                    "location_name", jtext(st, 1), "article_id", jtext(st, 2),
		                    "article_name", jtext(st, 3), "onhand", jint(st, 4),
		                    "last_count", jint(st, 5), "counted_at", jtext(st, 6)));
	if (done(db, st, rc, e) != 0) {
		json_decref(rows);
		return NULL;
	}
	json_t *r = report_new("stock");
	json_object_set_new(r, "rows", rows);
	return r;
}

/* --- refill --------------------------------------------------------------- */

static json_t *refill(sqlite3 *db, const struct report_opts *o, struct tally_err *e)
{
	sqlite3_stmt *st = prep(db,
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
	sqlite3_stmt *round = prep(db,
	                           "SELECT max(placed_time) FROM event WHERE kind = 'session-start'"
	                           " AND location_id = ? AND json_extract(data, '$.job') = 'round'",
	                           e);
	if (st == NULL || round == NULL) {
		sqlite3_finalize(st);
		sqlite3_finalize(round);
		return NULL;
	}
	bind_opt(st, 1, o->location);
	json_t *wards = json_array(), *ward = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *loc = (const char *)sqlite3_column_text(st, 0);
		if (ward == NULL ||
		    strcmp(json_string_value(json_object_get(ward, "location_id")), loc) != 0) {
			sqlite3_reset(round);
			sqlite3_bind_text(round, 1, loc, -1, SQLITE_TRANSIENT);
			json_t *last =
			    sqlite3_step(round) == SQLITE_ROW ? jtext(round, 0) : json_null();
			ward =
			    json_pack("{s:s,s:o,s:o,s:[],s:i}", "location_id", loc, "location_name",
			              jtext(st, 1), "last_round", last, "lines", "not_counted", 0);
			json_array_append_new(wards, ward);
		}
		int64_t min = sqlite3_column_int64(st, 4), max = sqlite3_column_int64(st, 5);
		const char *policy = (const char *)sqlite3_column_text(st, 6);
		int counted = sqlite3_column_type(st, 8) != SQLITE_NULL;
		int64_t have = sqlite3_column_int64(st, 7);
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
		    json_pack("{s:o,s:o,s:o,s:o,s:I,s:I,s:s,s:o}", "article_id", jtext(st, 2),
		              "article_name", jtext(st, 3), "onhand",
		              counted ? json_integer((json_int_t)have) : json_null(), "counted_at",
		              jtext(st, 8), "min", (json_int_t)min, "max", (json_int_t)max,
		              "policy", policy ? policy : "top-up-at-min", "refill", qty));
	}
	sqlite3_finalize(round);
	if (done(db, st, rc, e) != 0) {
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

static json_t *user_json(sqlite3 *db, const char *badge);

/* --- variance ------------------------------------------------------------- */

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

static json_t *variance(sqlite3 *db, const struct report_opts *o, struct tally_err *e)
{
	sqlite3_stmt *st = prep(db,
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
	sqlite3_stmt *who = prep(db, "SELECT name FROM device WHERE id = ?", e);
	if (st == NULL || who == NULL) {
		sqlite3_finalize(st);
		sqlite3_finalize(who);
		return NULL;
	}
	bind_opt(st, 1, o->location);
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct variance_ctx v = { json_array(), (const char *)sqlite3_column_text(st, 0),
			                  (const char *)sqlite3_column_text(st, 1) };
		struct onhand oh;
		if (reconcile_pair(db, v.loc, v.art, &oh, on_count, &v, e) != 0) {
			json_decref(v.rows);
			json_decref(rows);
			sqlite3_finalize(st);
			sqlite3_finalize(who);
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
			json_object_set_new(row, "location_name", jtext(st, 2));
			json_object_set_new(row, "article_name", jtext(st, 3));
			sqlite3_reset(who);
			sqlite3_bind_int64(who, 1,
			                   json_integer_value(json_object_get(row, "device_id")));
			json_t *u = user_json(db, json_string_value(json_object_get(row, "user")));
			json_object_set(row, "user_name", json_object_get(u, "name"));
			json_decref(u);
			json_object_set_new(row, "device_name",
			                    sqlite3_step(who) == SQLITE_ROW ? jtext(who, 0)
			                                                    : json_null());
			json_array_append(rows, row);
		}
		json_decref(v.rows);
	}
	sqlite3_finalize(who);
	if (done(db, st, rc, e) != 0) {
		json_decref(rows);
		return NULL;
	}
	json_t *r = report_new("variance");
	json_object_set_new(r, "rows", rows);
	return r;
}

/* --- antidotes ------------------------------------------------------------ */

static json_t *antidotes(sqlite3 *db, const struct report_opts *o, struct tally_err *e)
{
	/* Every place that holds the antidote, or should (its basis list). */
	sqlite3_stmt *st = prep(
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
	bind_opt(st, 1, o->location);
	json_t *list = json_array(), *cur = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (cur == NULL ||
		    strcmp(json_string_value(json_object_get(cur, "article_id")), id)) {
			cur = json_pack("{s:s,s:o,s:I,s:I,s:[]}", "article_id", id, "article_name",
			                jtext(st, 1), "total", (json_int_t)0, "places_at_zero",
			                (json_int_t)0, "locations");
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
		json_array_append_new(json_object_get(cur, "locations"),
		                      json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "location_id",
		                                jtext(st, 2), "location_name", jtext(st, 3),
		                                "hospital_id", jtext(st, 4), "hospital_name",
		                                jtext(st, 5), "onhand", jint(st, 6), "counted_at",
		                                jtext(st, 7)));
	}
	if (done(db, st, rc, e) != 0) {
		json_decref(list);
		return NULL;
	}
	json_t *r = report_new("antidotes");
	json_object_set_new(r, "articles", list);
	return r;
}

/* --- who ------------------------------------------------------------------ */

/* {"id", "name"} of a device; {"badge", "name"} of a user. */
static json_t *device_json(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st = NULL;
	json_t *name = json_null();
	if (sqlite3_prepare_v2(db, "SELECT name FROM device WHERE id = ?", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			json_decref(name);
			name = jtext(st, 0);
		}
	}
	sqlite3_finalize(st);
	return json_pack("{s:I,s:o}", "id", (json_int_t)id, "name", name);
}

static json_t *user_json(sqlite3 *db, const char *badge)
{
	sqlite3_stmt *st = NULL;
	json_t *name = json_null();
	if (badge != NULL && sqlite3_prepare_v2(db, "SELECT name FROM user WHERE badge = ?", -1,
	                                        &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, badge, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			json_decref(name);
			name = jtext(st, 0);
		}
	}
	sqlite3_finalize(st);
	return json_pack("{s:s?,s:o}", "badge", badge, "name", name);
}

/* Add to a JSON array of {id|badge, name} unless already there. */
static void add_device(sqlite3 *db, json_t *list, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i,
	                   v) if (json_integer_value(json_object_get(v, "id")) == id) return;
	json_array_append_new(list, device_json(db, id));
}

static void add_user(sqlite3 *db, json_t *list, const char *badge)
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
	json_array_append_new(list, user_json(db, badge));
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

static int drill_lines(sqlite3 *db, json_t *d, struct tally_err *e)
{
	const char *plan = json_string_value(json_object_get(d, "plan_id"));
	sqlite3_stmt *p = prep(db, "SELECT name, patients, days FROM plan WHERE id = ?", e);
	if (p == NULL)
		return e->status;
	sqlite3_bind_text(p, 1, plan, -1, SQLITE_STATIC);
	double patients = 0, days = 0;
	if (sqlite3_step(p) == SQLITE_ROW) {
		json_object_set_new(d, "plan_name", jtext(p, 0));
		patients = sqlite3_column_double(p, 1);
		days = sqlite3_column_double(p, 2);
		json_object_set_new(d, "patients", jint(p, 1));
		json_object_set_new(d, "days", jint(p, 2));
	}
	sqlite3_finalize(p);

	/* What each session counted at each place; the latest session at a
	 * place stands (two handhelds recounting a place do not add up), and
	 * within a session the scans add up (one record per scanned pack). */
	sqlite3_stmt *c =
	    prep(db,
	         "SELECT article_id, location_id,"
	         " sum(CASE WHEN json_extract(data, '$.expired') THEN 0 ELSE qty END),"
	         " sum(CASE WHEN json_extract(data, '$.expired') THEN qty ELSE 0 END),"
	         " max(placed_time) FROM event WHERE kind = 'count'"
	         " AND session IN (SELECT value FROM json_each(?1))"
	         " AND article_id IS NOT NULL AND location_id IS NOT NULL"
	         " GROUP BY article_id, location_id, session ORDER BY 5",
	         e);
	if (c == NULL)
		return e->status;
	char *sessions = json_dumps(json_object_get(d, "sessions"), JSON_COMPACT);
	sqlite3_bind_text(c, 1, sessions, -1, free);
	json_t *at = json_object(); /* "article\x1fplace" → [counted, expired] */
	int rc;
	while ((rc = sqlite3_step(c)) == SQLITE_ROW) {
		char key[512];
		snprintf(key, sizeof(key), "%s\x1f%s", sqlite3_column_text(c, 0),
		         sqlite3_column_text(c, 1));
		json_object_set_new(at, key,
		                    json_pack("[I,I]", (json_int_t)sqlite3_column_int64(c, 2),
		                              (json_int_t)sqlite3_column_int64(c, 3)));
	}
	if (done(db, c, rc, e) != 0) {
		json_decref(at);
		return e->status;
	}

	sqlite3_stmt *lines = prep(db,
	                           "SELECT pl.article_id, a.name, pl.dose, pl.strength,"
	                           " pl.units_per_pack FROM plan_line pl"
	                           " LEFT JOIN article a ON a.id = pl.article_id"
	                           " WHERE pl.plan_id = ? ORDER BY coalesce(a.name, pl.article_id)",
	                           e);
	sqlite3_stmt *places =
	    prep(db,
	         "SELECT pp.location_id, l.name, pp.min, pp.max FROM plan_place pp"
	         " LEFT JOIN location l ON l.id = pp.location_id"
	         " WHERE pp.plan_id = ? AND pp.article_id = ?"
	         " ORDER BY coalesce(l.name, pp.location_id)",
	         e);
	sqlite3_stmt *locname = prep(db, "SELECT name FROM location WHERE id = ?", e);
	if (lines == NULL || places == NULL || locname == NULL) {
		sqlite3_finalize(lines);
		sqlite3_finalize(places);
		sqlite3_finalize(locname);
		json_decref(at);
		return e->status;
	}
	sqlite3_bind_text(lines, 1, plan, -1, SQLITE_STATIC);
	json_t *out = json_array();
	while ((rc = sqlite3_step(lines)) == SQLITE_ROW) {
		const char *art = (const char *)sqlite3_column_text(lines, 0);
		struct calc_in in = { sqlite3_column_double(lines, 2),
			              sqlite3_column_double(lines, 3),
			              sqlite3_column_double(lines, 4), patients, days };
		double ppd;
		int64_t required = 0;
		struct tally_err ce = { 0 };
		int ok = calc_required(&in, &ppd, &required, &ce) == 0;
		json_t *pl = json_array();
		int64_t counted = 0, expired = 0, below = 0;
		sqlite3_reset(places);
		sqlite3_bind_text(places, 1, plan, -1, SQLITE_STATIC);
		sqlite3_bind_text(places, 2, art, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(places) == SQLITE_ROW) {
			char key[512];
			snprintf(key, sizeof(key), "%s\x1f%s", art, sqlite3_column_text(places, 0));
			json_t *got = json_object_get(at, key);
			int64_t n = got ? json_integer_value(json_array_get(got, 0)) : 0;
			int64_t x = got ? json_integer_value(json_array_get(got, 1)) : 0;
			double min = sqlite3_column_double(places, 2);
			int is_below = (double)n < min;
			below += is_below;
			counted += n;
			expired += x;
			json_array_append_new(
			    pl,
			    json_pack("{s:o,s:o,s:o,s:I,s:I,s:f,s:f,s:b}", "location_id",
			              jtext(places, 0), "location_name", jtext(places, 1),
			              "visited", json_boolean(got != NULL), "counted",
			              (json_int_t)n, "expired", (json_int_t)x, "min", min, "max",
			              sqlite3_column_double(places, 3), "below_min", is_below));
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
			sqlite3_reset(locname);
			sqlite3_bind_text(locname, 1, loc, -1, SQLITE_TRANSIENT);
			json_array_append_new(
			    pl, json_pack("{s:s,s:o,s:b,s:I,s:I,s:n,s:n,s:b}", "location_id", loc,
			                  "location_name",
			                  sqlite3_step(locname) == SQLITE_ROW ? jtext(locname, 0)
			                                                      : json_null(),
			                  "visited", 1, "counted", (json_int_t)n, "expired",
			                  (json_int_t)x, "min", "max", "below_min", 0));
			json_object_del(at, key);
		}
		json_t *line = json_pack(
		    "{s:s,s:o,s:o,s:I,s:I,s:o,s:o,s:I,s:o}", "article_id", art, "article_name",
		    jtext(lines, 1), "required",
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
		json_array_append_new(out, line);
	}
	sqlite3_finalize(places);
	sqlite3_finalize(locname);
	json_decref(at);
	if (done(db, lines, rc, e) != 0) {
		json_decref(out);
		return e->status;
	}
	json_object_set_new(d, "lines", out);
	return 0;
}

static json_t *drill(sqlite3 *db, const struct report_opts *o, struct tally_err *e)
{
	sqlite3_stmt *st = prep(db,
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
	bind_opt(st, 1, o->plan);
	json_t *drills = json_array(), *d = NULL;
	double t0 = 0, last = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *plan = (const char *)sqlite3_column_text(st, 1);
		const char *start = (const char *)sqlite3_column_text(st, 2);
		const char *end = (const char *)sqlite3_column_text(st, 5);
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
		                      json_string((const char *)sqlite3_column_text(st, 0)));
		add_device(db, json_object_get(d, "devices"), sqlite3_column_int64(st, 3));
		add_user(db, json_object_get(d, "users"), (const char *)sqlite3_column_text(st, 4));
		double te = end != NULL ? iso_seconds(end) : ts;
		if (te > last) {
			last = te;
			json_object_set_new(d, "ended", json_string(end != NULL ? end : start));
			json_object_set_new(d, "duration_s", json_real(last - t0));
		}
	}
	if (done(db, st, rc, e) != 0) {
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

/* --- receipt -------------------------------------------------------------- */

static int receipt_parcels(sqlite3 *db, json_t *r, const char *session, struct tally_err *e)
{
	sqlite3_stmt *ssccs = prep(db,
	                           "SELECT json_extract(data, '$.sscc') AS sscc FROM event"
	                           " WHERE session = ? AND kind IN ('receive', 'deviation')"
	                           " AND sscc IS NOT NULL GROUP BY sscc ORDER BY min(id)",
	                           e);
	sqlite3_stmt *dlv = prep(db, "SELECT id, supplier FROM delivery WHERE sscc = ?", e);
	/* Expected and received per article: the delivery's lines, and what
	 * was scanned for this parcel in this session. */
	sqlite3_stmt *lines = prep(
	    db,
	    "SELECT x.article_id, a.name, (SELECT sum(qty) FROM delivery_line dl"
	    "  WHERE dl.sscc = ?1 AND dl.article_id = x.article_id),"
	    " (SELECT sum(qty) FROM event r WHERE r.session = ?2 AND r.kind = 'receive'"
	    "  AND r.article_id = x.article_id AND json_extract(r.data, '$.sscc') = ?1)"
	    " FROM (SELECT article_id FROM delivery_line WHERE sscc = ?1 UNION"
	    "       SELECT article_id FROM event WHERE session = ?2 AND kind = 'receive'"
	    "       AND json_extract(data, '$.sscc') = ?1 AND article_id IS NOT NULL) x"
	    " LEFT JOIN article a ON a.id = x.article_id ORDER BY coalesce(a.name, x.article_id)",
	    e);
	int rc = SQLITE_DONE;
	if (ssccs == NULL || dlv == NULL || lines == NULL)
		goto out;
	sqlite3_bind_text(ssccs, 1, session, -1, SQLITE_STATIC);
	json_t *parcels = json_array();
	json_object_set_new(r, "parcels", parcels);
	while ((rc = sqlite3_step(ssccs)) == SQLITE_ROW) {
		const char *sscc = (const char *)sqlite3_column_text(ssccs, 0);
		sqlite3_reset(dlv);
		sqlite3_bind_text(dlv, 1, sscc, -1, SQLITE_TRANSIENT);
		int known = sqlite3_step(dlv) == SQLITE_ROW;
		json_t *p = json_pack("{s:s,s:b,s:o,s:o,s:[]}", "sscc", sscc, "expected", known,
		                      "delivery_id", known ? jtext(dlv, 0) : json_null(),
		                      "supplier", known ? jtext(dlv, 1) : json_null(), "lines");
		json_array_append_new(parcels, p);
		sqlite3_reset(lines);
		sqlite3_bind_text(lines, 1, sscc, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(lines, 2, session, -1, SQLITE_STATIC);
		while (sqlite3_step(lines) == SQLITE_ROW) {
			json_t *exp = jint(lines, 2);
			if (json_is_null(exp) && known) {
				json_decref(exp);
				exp = json_integer(0); /* not on the delivery note */
			}
			json_t *got = jint(lines, 3);
			if (json_is_null(got)) {
				json_decref(got);
				got = json_integer(0);
			}
			json_array_append_new(json_object_get(p, "lines"),
			                      json_pack("{s:o,s:o,s:o,s:o}", "article_id",
			                                jtext(lines, 0), "article_name",
			                                jtext(lines, 1), "expected", exp,
			                                "received", got));
		}
	}
out:
	sqlite3_finalize(dlv);
	sqlite3_finalize(lines);
	if (ssccs == NULL || dlv == NULL || lines == NULL) {
		sqlite3_finalize(ssccs);
		return e->status;
	}
	return done(db, ssccs, rc, e);
}

static int receipt_deviations(sqlite3 *db, json_t *r, const char *session, struct tally_err *e)
{
	sqlite3_stmt *st = prep(db,
	                        "SELECT json_extract(d.data, '$.type'), d.article_id, a.name,"
	                        " json_extract(d.data, '$.sscc'), d.data, d.placed_time, d.user"
	                        " FROM event d LEFT JOIN article a ON a.id = d.article_id"
	                        " WHERE d.session = ? AND d.kind = 'deviation'"
	                        " ORDER BY d.placed_time, d.device_id, d.seq",
	                        e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, session, -1, SQLITE_STATIC);
	json_t *list = json_array();
	json_object_set_new(r, "deviations", list);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *details = json_loads((const char *)sqlite3_column_text(st, 4), 0, NULL);
		if (!json_is_object(details)) {
			json_decref(details);
			details = json_object();
		}
		json_object_del(details, "type");
		json_object_del(details, "sscc");
		json_array_append_new(list, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "type",
		                                      jtext(st, 0), "article_id", jtext(st, 1),
		                                      "article_name", jtext(st, 2), "sscc",
		                                      jtext(st, 3), "details", details, "at",
		                                      jtext(st, 5), "user", jtext(st, 6)));
	}
	return done(db, st, rc, e);
}

static json_t *receipt(sqlite3 *db, const struct report_opts *o, struct tally_err *e)
{
	(void)o;
	sqlite3_stmt *st = prep(db,
	                        "SELECT uuid, placed_time, device_id, user,"
	                        " (SELECT max(placed_time) FROM event x WHERE x.session = s.uuid)"
	                        " FROM event s WHERE kind = 'session-start'"
	                        " AND json_extract(data, '$.job') = 'receive'"
	                        " ORDER BY placed_time, device_id, seq",
	                        e);
	if (st == NULL)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *session = (const char *)sqlite3_column_text(st, 0);
		json_t *r = json_pack("{s:s,s:o,s:o,s:o,s:o}", "session", session, "started",
		                      jtext(st, 1), "ended", jtext(st, 4), "device",
		                      device_json(db, sqlite3_column_int64(st, 2)), "user",
		                      user_json(db, (const char *)sqlite3_column_text(st, 3)));
		json_array_append_new(list, r);
		if (json_is_null(json_object_get(r, "ended")))
			json_object_set(r, "ended", json_object_get(r, "started"));
		if (receipt_parcels(db, r, session, e) != 0 ||
		    receipt_deviations(db, r, session, e) != 0) {
			sqlite3_finalize(st);
			json_decref(list);
			return NULL;
		}
	}
	if (done(db, st, rc, e) != 0) {
		json_decref(list);
		return NULL;
	}
	json_t *r = report_new("receipt");
	json_object_set_new(r, "receipts", list);
	return r;
}

/* --- dispatch ------------------------------------------------------------- */

json_t *report_build(sqlite3 *db, const char *name, const struct report_opts *o,
                     struct tally_err *e)
{
	static const struct {
		const char *name;
		json_t *(*build)(sqlite3 *, const struct report_opts *, struct tally_err *);
	} reports[] = {
		{ "stock", stock }, { "refill", refill },     { "receipt", receipt },
		{ "drill", drill }, { "variance", variance }, { "antidotes", antidotes },
	};
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		if (strcmp(name, reports[i].name) == 0)
			return reports[i].build(db, o, e);
	err_set(e, EX_USAGE,
	        _("'%s' is not a report: use stock, refill, receipt, drill, variance or antidotes"),
	        name);
	return NULL;
}
