/*
 * report-cover.c — days of cover per location × article: how long what is
 * on the shelf lasts at the use recorded over a window (default 8 weeks),
 * flagged below the place's threshold (location.cover_days, the guideline's
 * 14 days of normal consumption by default).  Its columns and its table.
 *
 * Use over the window, per place (docs/hub-reports.md, "cover"):
 *   - where the place records consumption (consume records), that is its use;
 *   - where it does not (a ward the pharmacy keeps by restocking rounds),
 *     what was brought and not passed on: refills + loans in − loans out −
 *     discards, never below zero.
 * daily use = use ÷ (weeks × 7); days of cover = on hand ÷ daily use (none
 * when nothing was used).  On hand is today's reconciled figure (or the
 * opening balance where no record touched the place yet).  Voided records
 * are left out, as everywhere.  An article under a shortage notice is
 * marked in the note column, as in the stock report, so that the article
 * column stays as wide as the names.
 */
#include "hub/report-internal.h"
#include "hub/hub-time.h"
#include "hub/reconcile.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

/* The window [from, to) as hub times: `to` is the end of the day `until`
 * (YYYY-MM-DD), or now. */
static int cover_window(const struct report_opts *o, int weeks, char from[32], char to[32],
                        struct tally_err *e)
{
	long long end = hub_time_ms();
	if (o->until != NULL) {
		char iso[40];
		snprintf(iso, sizeof(iso), "%.10sT00:00:00Z", o->until);
		if (strlen(o->until) != 10 || hub_time_parse(iso, &end) != 0)
			return err_set(e, EX_USAGE,
			               _("--until '%s' is not a date: give it as YYYY-MM-DD"),
			               o->until);
		end += DAY_MS;
	}
	hub_time_format(end - (long long)weeks * 7 * DAY_MS, from);
	hub_time_format(end, to);
	return 0;
}

static const char cover_sql[] =
    "WITH w AS (SELECT kind, location_id, article_id, json_extract(data, '$.to') AS to_id,"
    "  qty FROM event AS e WHERE placed_time >= ?1 AND placed_time < ?2"
    "  AND article_id IS NOT NULL"
    "  AND kind IN ('consume', 'refill', 'transfer', 'discard')" HUB_NOT_VOIDED(
        "e") "),"
             " m(loc, art, consumed, refilled, lent, borrowed, discarded) AS ("
             "  SELECT location_id, article_id,"
             "   sum(CASE WHEN kind = 'consume' THEN qty ELSE 0 END),"
             "   sum(CASE WHEN kind = 'refill' THEN qty ELSE 0 END),"
             "   sum(CASE WHEN kind = 'transfer' AND to_id IS NOT location_id THEN qty ELSE 0 END),"
             "   0, sum(CASE WHEN kind = 'discard' THEN qty ELSE 0 END)"
             "  FROM w WHERE location_id IS NOT NULL GROUP BY 1, 2"
             "  UNION ALL SELECT to_id, article_id, 0, 0, 0, sum(qty), 0 FROM w"
             "  WHERE kind = 'transfer' AND to_id IS NOT NULL AND to_id IS NOT location_id"
             "  GROUP BY 1, 2"
             "  UNION ALL SELECT location_id, article_id, 0, 0, 0, 0, 0 FROM onhand"
             "  UNION ALL SELECT location_id, article_id, 0, 0, 0, 0, 0 FROM opening)"
             " SELECT m.loc, l.name, m.art, a.name, sum(m.consumed), sum(m.refilled), sum(m.lent),"
             "  sum(m.borrowed), sum(m.discarded),"
             "  coalesce((SELECT h.qty FROM onhand h WHERE h.location_id = m.loc"
             "   AND h.article_id = m.art), (SELECT p.qty FROM opening p"
             "   WHERE p.location_id = m.loc AND p.article_id = m.art)),"
             "  coalesce(l.cover_days, 14)"
             " FROM m LEFT JOIN location l ON l.id = m.loc LEFT JOIN article a ON a.id = m.art"
             " WHERE ?3 IS NULL OR m.loc = ?3"
             " GROUP BY m.loc, m.art, l.name, a.name, l.cover_days"
             " ORDER BY coalesce(l.name, m.loc), m.loc, coalesce(a.name, m.art), m.art";

/* One place × article: the figures of the window worked into cover. */
static json_t *cover_row(struct hdb_stmt *st, int days)
{
	int64_t consumed = hdb_column_int64(st, 4), refilled = hdb_column_int64(st, 5),
	        lent = hdb_column_int64(st, 6), borrowed = hdb_column_int64(st, 7),
	        discarded = hdb_column_int64(st, 8);
	int known = hdb_column_type(st, 9) != HDB_NULL;
	int64_t onhand = hdb_column_int64(st, 9);
	int64_t threshold = hdb_column_int64(st, 10);
	const char *basis = "consumption";
	int64_t use = consumed;
	if (consumed <= 0) {
		basis = "refills";
		use = refilled + borrowed - lent - discarded;
		if (use < 0)
			use = 0;
	}
	if (use == 0)
		basis = "none";
	/* Below zero is not stock (reconcile.h): no figure, count it. */
	int counted = known && onhand >= 0;
	double daily = (double)use / days;
	json_t *cover = json_null(), *below = json_false();
	if (counted && use > 0) {
		double d = (double)onhand / daily;
		cover = json_real(d);
		below = json_boolean(d < (double)threshold);
	}
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:s,s:f,s:o,s:I,s:o}",
	                 "location_id", report_text(st, 0), "location_name", report_text(st, 1),
	                 "article_id", report_text(st, 2), "article_name", report_text(st, 3),
	                 "onhand", counted ? json_integer(onhand) : json_null(), "consumed",
	                 (json_int_t)consumed, "refilled", (json_int_t)refilled, "lent",
	                 (json_int_t)lent, "borrowed", (json_int_t)borrowed, "discarded",
	                 (json_int_t)discarded, "use", (json_int_t)use, "basis", basis, "daily_use",
	                 daily, "days_of_cover", cover, "threshold_days", (json_int_t)threshold,
	                 "below", below);
}

static json_t *cover_build(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	int weeks = o->weeks > 0 ? o->weeks : REPORT_COVER_WEEKS;
	char from[32], to[32];
	if (cover_window(o, weeks, from, to, e) != 0)
		return NULL;
	struct hdb_stmt *st = report_prep(db, cover_sql, e);
	if (st == NULL)
		return NULL;
	hdb_bind_text(st, 1, from);
	hdb_bind_text(st, 2, to);
	report_bind_opt(st, 3, o->location);
	json_t *rows = json_array();
	int rc, below = 0;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		json_t *row = cover_row(st, weeks * 7);
		json_object_set_new(row, "shortage",
		                    report_shortage(db, (const char *)hdb_column_text(st, 2)));
		below += json_is_true(json_object_get(row, "below"));
		json_array_append_new(rows, row);
	}
	if (report_done(db, st, rc, e) != 0) {
		json_decref(rows);
		return NULL;
	}
	json_t *r = report_new("cover");
	json_object_set_new(r, "from", json_string(from));
	json_object_set_new(r, "to", json_string(to));
	json_object_set_new(r, "weeks", json_integer(weeks));
	json_object_set_new(r, "below", json_integer(below));
	json_object_set_new(r, "rows", rows);
	return r;
}

static const struct report_col cover_cols[] = {
	{ "location_id", N_("location id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "location", N_("location"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "article_id", N_("article id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article", N_("article"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "onhand", N_("on hand"), 1, REPORT_SHOW_BOTH, 0, N_("count it") },
	{ "consumed", N_("consumed"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "refilled", N_("refilled"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "lent", N_("lent"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "borrowed", N_("borrowed"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "discarded", N_("discarded"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "use", N_("used"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "basis", N_("based on"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "daily_use", N_("per day"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "days_of_cover", N_("days of cover"), 1, REPORT_SHOW_BOTH, 0, N_("no use") },
	{ "threshold_days", N_("threshold"), 1, REPORT_SHOW_CSV, 0, NULL },
	{ "below", N_("below"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "flag", N_("note"), 0, REPORT_SHOW_TEXT, 0, NULL },
};

static void cover_table(json_t *rep, struct report_table *t, int text)
{
	char heading[160];
	snprintf(heading, sizeof(heading), _("Use over %d weeks, %.10s to %.10s"),
	         (int)json_integer_value(json_object_get(rep, "weeks")),
	         json_string_value(json_object_get(rep, "from")),
	         json_string_value(json_object_get(rep, "to")));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rep, "rows"), i, r)
	{
		json_t *row = json_deep_copy(r);
		json_t *loc = json_object_get(r, "location_name"),
		       *art = json_object_get(r, "article_name");
		json_object_set(row, "location",
		                json_is_null(loc) ? json_object_get(r, "location_id") : loc);
		json_object_set(row, "article",
		                json_is_null(art) ? json_object_get(r, "article_id") : art);
		/* An article under a shortage notice is marked in the note (text),
		 * after the flag: "below 14 days; SHORTAGE, alternatives: ...". */
		char *mark = text ? report_shortage_mark("", json_object_get(r, "shortage")) : NULL;
		json_object_del(row, "shortage");
		if (text) {
			const char *basis = json_string_value(json_object_get(r, "basis"));
			json_object_set_new(
			    row, "basis",
			    json_string(strcmp(basis, "consumption") == 0 ? _("consumption")
			                : strcmp(basis, "refills") == 0   ? _("refills")
			                                                  : _("no use recorded")));
			char note[1200] = "";
			if (json_is_true(json_object_get(r, "below")))
				snprintf(
				    note, sizeof(note), _("below %d days"),
				    (int)json_integer_value(json_object_get(r, "threshold_days")));
			if (mark != NULL)
				snprintf(note + strlen(note), sizeof(note) - strlen(note), "%s%s",
				         note[0] ? "; " : "", mark + strspn(mark, " \xe2\x80\x94"));
			if (note[0])
				json_object_set_new(row, "flag", json_string(note));
		}
		free(mark);
		if (!text) /* CSV: a stable 1 or 0, not a translated word */
			json_object_set_new(
			    row, "below", json_integer(json_is_true(json_object_get(r, "below"))));
		report_table_add(t, text ? heading : NULL, row);
	}
}

const struct report_kind report_cover = {
	"cover", cover_build, cover_cols, sizeof(cover_cols) / sizeof(cover_cols[0]), cover_table,
};
