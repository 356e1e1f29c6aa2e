/*
 * report-antidotes-national.c — the nation's antidote holdings (`tally-hub
 * report antidotes --national`): per antidote, this hub's own region (from
 * its records, as the antidotes report has it) and every region imported
 * from another hub's export (antidote-import.h), each with recommended,
 * held, short and expired packs and when its export was made; then the
 * nation's totals.  Antidotes are matched by article id.  A region whose
 * export does not list an antidote is shown as not reported, so a gap is
 * seen and not summed as zero.  The nation's shortfall is the sum of the
 * regions' shortfalls: one region's surplus does not cover another's lack.
 */
#include "hub/report-internal.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

/* Set the figures (recommended, held, short, expired) on o. */
static void put_figures(json_t *o, json_int_t rec, json_int_t held, json_int_t shortfall,
                        json_int_t expired)
{
	json_object_set_new(o, "recommended", json_integer(rec));
	json_object_set_new(o, "held", json_integer(held));
	json_object_set_new(o, "short", json_integer(shortfall));
	json_object_set_new(o, "expired", json_integer(expired));
}

static json_int_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The antidote's entry in byid (made when new). */
static json_t *article(json_t *byid, const char *id, json_t *name, json_t *tier)
{
	json_t *a = json_object_get(byid, id);
	if (a == NULL) {
		a = json_pack("{s:s,s:O,s:O,s:{}}", "article_id", id, "article_name",
		              name ? name : json_null(), "stocking_tier", tier ? tier : json_null(),
		              "by_region");
		json_object_set_new(byid, id, a);
	}
	if (json_is_null(json_object_get(a, "article_name")) && json_is_string(name))
		json_object_set(a, "article_name", name);
	if (json_is_null(json_object_get(a, "stocking_tier")) && json_is_string(tier))
		json_object_set(a, "stocking_tier", tier);
	return a;
}

/* This hub's own region: its regions entry and its figures per antidote. */
static int own_region(struct hdb *db, json_t *regions, json_t *byid, struct tally_err *e)
{
	char id[128], name[256];
	if (report_own_region(db, id, name, e) != 0)
		return e->status;
	struct report_opts all = { 0 };
	json_t *own = report_antidotes.build(db, &all, e);
	if (own == NULL)
		return e->status;
	const char *key = id[0] ? id : "";
	json_array_append_new(regions,
	                      json_pack("{s:s,s:s,s:b,s:n,s:n}", "region_id", key, "region_name",
	                                name, "own", 1, "exported_at", "imported_at"));
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(own, "articles"), i, a)
	{
		json_t *art = article(byid, json_string_value(json_object_get(a, "article_id")),
		                      json_object_get(a, "article_name"),
		                      json_object_get(a, "stocking_tier"));
		json_t *r = json_object_get(a, "region"), *f = json_object();
		put_figures(f, num(r, "recommended"), num(r, "held"), num(r, "short"),
		            num(r, "expired"));
		json_object_set_new(json_object_get(art, "by_region"), key, f);
	}
	json_decref(own);
	return 0;
}

/* The regions imported, and their figures per antidote. */
static int imported(struct hdb *db, json_t *regions, json_t *byid, struct tally_err *e)
{
	struct hdb_stmt *st = report_prep(db,
	                                  "SELECT region_id, region_name, exported_at, imported_at"
	                                  " FROM region_export ORDER BY region_name, region_id",
	                                  e);
	if (st == NULL)
		return e->status;
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW)
		json_array_append_new(
		    regions, json_pack("{s:o,s:o,s:b,s:o,s:o}", "region_id", report_text(st, 0),
		                       "region_name", report_text(st, 1), "own", 0, "exported_at",
		                       report_text(st, 2), "imported_at", report_text(st, 3)));
	if (report_done(db, st, rc, e) != 0)
		return e->status;
	st = report_prep(db,
	                 "SELECT region_id, article_id, article_name, stocking_tier, recommended,"
	                 " held, short, expired FROM region_antidote",
	                 e);
	if (st == NULL)
		return e->status;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		json_t *name = report_text(st, 2), *tier = report_text(st, 3);
		json_t *art = article(byid, (const char *)hdb_column_text(st, 1), name, tier);
		json_decref(name);
		json_decref(tier);
		json_t *f = json_object();
		put_figures(f, hdb_column_int64(st, 4), hdb_column_int64(st, 5),
		            hdb_column_int64(st, 6), hdb_column_int64(st, 7));
		json_object_set_new(json_object_get(art, "by_region"),
		                    (const char *)hdb_column_text(st, 0), f);
	}
	return report_done(db, st, rc, e);
}

static int by_name(const void *pa, const void *pb)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	const char *na = json_string_value(json_object_get(a, "article_name"));
	const char *nb = json_string_value(json_object_get(b, "article_name"));
	int c = strcmp(na ? na : "", nb ? nb : "");
	return c != 0 ? c
	              : strcmp(json_string_value(json_object_get(a, "article_id")),
	                       json_string_value(json_object_get(b, "article_id")));
}

static json_t *national_build(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	(void)o;
	json_t *regions = json_array(), *byid = json_object();
	if (own_region(db, regions, byid, e) != 0 || imported(db, regions, byid, e) != 0) {
		json_decref(regions);
		json_decref(byid);
		return NULL;
	}
	size_t n = json_object_size(byid), k = 0;
	json_t **sorted = calloc(n ? n : 1, sizeof(*sorted));
	const char *key;
	json_t *a;
	json_object_foreach(byid, key, a)
	{
		if (sorted != NULL)
			sorted[k++] = a;
	}
	if (sorted == NULL) {
		json_decref(regions);
		json_decref(byid);
		err_set(e, EX_OSERR, _("out of memory"));
		return NULL;
	}
	qsort(sorted, n, sizeof(*sorted), by_name);
	json_t *list = json_array();
	for (k = 0; k < n; k++) {
		a = sorted[k];
		json_t *out =
		    json_pack("{s:O,s:O,s:O,s:[]}", "article_id", json_object_get(a, "article_id"),
		              "article_name", json_object_get(a, "article_name"), "stocking_tier",
		              json_object_get(a, "stocking_tier"), "regions");
		json_int_t rec = 0, held = 0, sh = 0, exp = 0, reporting = 0;
		size_t i;
		json_t *reg;
		json_array_foreach(regions, i, reg)
		{
			const char *rid = json_string_value(json_object_get(reg, "region_id"));
			json_t *f = json_object_get(json_object_get(a, "by_region"), rid);
			json_t *row =
			    json_pack("{s:O,s:O,s:b}", "region_id",
			              json_object_get(reg, "region_id"), "region_name",
			              json_object_get(reg, "region_name"), "reported", f != NULL);
			if (f != NULL) {
				json_object_update(row, f);
				rec += num(f, "recommended");
				held += num(f, "held");
				sh += num(f, "short");
				exp += num(f, "expired");
				reporting++;
			} else {
				json_object_set_new(row, "recommended", json_null());
				json_object_set_new(row, "held", json_null());
				json_object_set_new(row, "short", json_null());
				json_object_set_new(row, "expired", json_null());
			}
			json_array_append_new(json_object_get(out, "regions"), row);
		}
		json_t *nation = json_object();
		put_figures(nation, rec, held, sh, exp);
		json_object_set_new(nation, "regions_reporting", json_integer(reporting));
		json_object_set_new(out, "nation", nation);
		json_array_append_new(list, out);
	}
	free(sorted);
	json_decref(byid);
	json_t *r = report_new("antidotes-national");
	json_object_set_new(r, "regions", regions);
	json_object_set_new(r, "articles", list);
	return r;
}

static const struct report_col national_cols[] = {
	{ "article_id", N_("article id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article_name", N_("antidote"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "stocking_tier", N_("stocking tier"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "region_id", N_("region id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "region", N_("region"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "level", N_("level"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "recommended", N_("recommended"), 1, REPORT_SHOW_BOTH, 0, N_("not reported") },
	{ "held", N_("held"), 1, REPORT_SHOW_BOTH, 0, N_("not reported") },
	{ "short", N_("short"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "expired", N_("expired"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "exported_at", N_("exported at"), 0, REPORT_SHOW_BOTH, 1, N_("live") },
};

static void national_table(json_t *rep, struct report_table *t, int text)
{
	size_t i, k;
	json_t *a, *r;
	json_array_foreach(json_object_get(rep, "articles"), i, a)
	{
		char *name = report_named(a, "article_name", "article_id"), head[512];
		json_t *nation = json_object_get(a, "nation");
		snprintf(head, sizeof(head),
		         _("%s: the nation holds %lld of %lld recommended, %lld short"), name,
		         (long long)num(nation, "held"), (long long)num(nation, "recommended"),
		         (long long)num(nation, "short"));
		free(name);
		json_array_foreach(json_object_get(a, "regions"), k, r)
		{
			json_t *reg = json_array_get(json_object_get(rep, "regions"), k);
			json_t *row = json_deep_copy(r);
			json_object_del(row, "region_name");
			json_object_del(row, "reported");
			json_object_set(row, "article_id", json_object_get(a, "article_id"));
			json_object_set(row, "article_name", json_object_get(a, "article_name"));
			json_object_set(row, "stocking_tier", json_object_get(a, "stocking_tier"));
			json_object_set_new(row, "level", json_string("region"));
			json_object_set(row, "exported_at", json_object_get(reg, "exported_at"));
			const char *rn = json_string_value(json_object_get(r, "region_name"));
			char label[320];
			if (text && json_is_true(json_object_get(reg, "own")) && rn != NULL && *rn)
				snprintf(label, sizeof(label), _("%s (this hub)"), rn);
			else if (text && json_is_true(json_object_get(reg, "own")))
				snprintf(label, sizeof(label), "%s", _("this hub"));
			else
				snprintf(label, sizeof(label), "%s", rn ? rn : "");
			json_object_set_new(row, "region", json_string(label));
			report_table_add(t, head, row);
		}
		json_t *row = json_deep_copy(nation);
		json_object_del(row, "regions_reporting");
		json_object_set(row, "article_id", json_object_get(a, "article_id"));
		json_object_set(row, "article_name", json_object_get(a, "article_name"));
		json_object_set(row, "stocking_tier", json_object_get(a, "stocking_tier"));
		json_object_set_new(row, "level", json_string("nation"));
		json_object_set_new(row, "region", json_string(text ? _("nation") : ""));
		json_object_set_new(row, "exported_at", json_string("")); /* not "live" */
		report_table_add(t, head, row);
	}
}

const struct report_kind report_antidotes_national = {
	"antidotes-national", national_build,
	national_cols,        sizeof(national_cols) / sizeof(national_cols[0]),
	national_table,
};
