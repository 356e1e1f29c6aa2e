/*
 * web-staff.c — the staff pages (see web-staff.h).  Each takes its report
 * as JSON from report_build, flattens it to rows, and shows it with
 * page_table or sends it with page_csv: no figure is worked out here.
 */
#include "hub/web-staff.h"
#include "hub/account-audit.h"
#include "hub/account.h"
#include "hub/borrow.h"
#include "hub/report.h"
#include "core/tier.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *path;
	const char *roles; /* any one of them; admin may open every page */
} access[] = {
	{ "/refill", "pharmacy" },
	{ "/receipts", "warehouse" },
	{ "/drills", "drill-lead,pharmacy" },
	{ "/variance", "pharmacy,warehouse" },
	{ "/stock", "pharmacy,warehouse,drill-lead" },
	{ "/audit", "" },
	{ "/cover", "pharmacy,drill-lead" },
	{ "/shortages", "pharmacy,warehouse,drill-lead" },
	{ "/shortages/add", "pharmacy" },
	{ "/shortages/end", "pharmacy" },
	{ "/unknown", "pharmacy,warehouse" },
	{ "/unknown/map", "pharmacy,warehouse" },
	{ "/devices", "" },
	{ "/devices/revoke", "" },
	{ "/enroll", "" },
};

int web_staff_allowed(const char *roles, const char *path)
{
	if (account_has_role(roles, "admin"))
		return 1;
	for (size_t i = 0; i < N(access); i++) {
		if (strcmp(access[i].path, path) != 0)
			continue;
		for (const char *r = access[i].roles; *r;) {
			char one[32];
			size_t len = strcspn(r, ",");
			snprintf(one, sizeof(one), "%.*s", (int)len, r);
			if (account_has_role(roles, one))
				return 1;
			r += len + (r[len] == ',');
		}
		return 0;
	}
	return 1;
}

static void failed(struct page *p, const struct tally_err *e)
{
	fprintf(stderr, "tally-hub: %s\n", e->msg);
	page_error(p, e->status == EX_TEMPFAIL ? 503 : 500,
	           N_("The hub could not read its database just now; try again in a moment."));
}

static json_t *report(struct page *p, struct hdb *db, const char *name, const struct report_opts *o)
{
	struct tally_err e = { 0 };
	json_t *r = report_build(db, name, o, &e);
	if (r == NULL)
		failed(p, &e);
	return r;
}

static void show(struct page *p, const char *title, const char *lead, const struct web_col *cols,
                 size_t n, json_t *rows, const char *group, const char *empty, int printable)
{
	page_begin(p, title);
	if (lead != NULL)
		html_fmt(&p->h, "<p class=\"lead\">%s</p>", page_tr(p, lead));
	if (printable && json_array_size(rows) > 0)
		page_print_button(p);
	page_table(p, cols, n, rows, group, "title", empty);
	if (json_array_size(rows) > 0)
		page_csv_links(p, (const char *const[]){ "ward", "location", NULL });
	page_end(p);
}

/* --- /refill: the pick list ------------------------------------------------ */

static const struct web_col refill_cols[] = {
	{ "picked", N_("Picked"), COL_TICK, NULL, 0 },
	{ "location_id", N_("Ward number"), COL_TEXT, NULL, 1 },
	{ "location_name", N_("Ward"), COL_TEXT, NULL, 1 },
	{ "article_id", N_("Article number"), COL_TEXT, NULL, 0 },
	{ "article_name", N_("Article"), COL_TEXT, NULL, 0 },
	{ "onhand", N_("On hand"), COL_INT, N_("not counted"), 0 },
	{ "min", N_("Min"), COL_INT, NULL, 0 },
	{ "max", N_("Max"), COL_INT, NULL, 0 },
	{ "policy", N_("Refill rule"), COL_POLICY, NULL, 0 },
	{ "refill", N_("Bring"), COL_INT, N_("count first"), 0 },
};

void web_page_refill(struct page *p, struct hdb *db)
{
	char ward[WEB_QUERY_MAX + 1];
	page_arg(p, "ward", ward, sizeof(ward));
	/* All lines: the uncounted ones are on the list, marked. */
	struct report_opts o = { .location = *ward ? ward : NULL, .all = 1 };
	json_t *rep = report(p, db, "refill", &o);
	if (rep == NULL)
		return;
	json_t *rows = json_array(), *w, *l;
	size_t i, j;
	json_array_foreach(json_object_get(rep, "wards"), i, w)
	{
		json_t *title = page_name_and_id(w, "location_name", "location_id");
		char note[200], when[20];
		page_local_time(json_string_value(json_object_get(w, "last_round")), when);
		if (*when)
			snprintf(note, sizeof(note), page_tr(p, N_("Last round %s.")), when);
		else
			snprintf(note, sizeof(note), "%s", page_tr(p, N_("No round yet.")));
		json_array_foreach(json_object_get(w, "lines"), j, l)
		{
			json_t *r = json_deep_copy(l);
			json_object_set(r, "location_id", json_object_get(w, "location_id"));
			json_object_set(r, "location_name", json_object_get(w, "location_name"));
			json_object_set(r, "title", title);
			json_object_set_new(r, "group_note", json_string(note));
			if (json_is_null(json_object_get(l, "onhand")))
				json_object_set_new(r, "row_class", json_string("uncounted"));
			json_array_append_new(rows, r);
		}
		json_decref(title);
	}
	json_decref(rep);
	if (page_wants_csv(p)) {
		page_csv(p, "refill", refill_cols, N(refill_cols), rows);
		json_decref(rows);
		return;
	}
	struct tally_err e = { 0 };
	json_t *wards = basis_wards(db, &e);
	if (wards == NULL) {
		json_decref(rows);
		return failed(p, &e);
	}
	page_begin(p, N_("Pick lists"));
	html_fmt(&p->h, "<p class=\"lead\">%s</p>",
	         page_tr(p, N_("What to bring each ward, by its basis list and the latest count. "
	                       "Lines never counted are marked: count them before you pick.")));
	html_fmt(&p->h,
	         "<form method=\"get\" action=\"/refill\" class=\"search\">"
	         "<label for=\"ward\">%s</label><select id=\"ward\" name=\"ward\">"
	         "<option value=\"\">%s</option>",
	         page_tr(p, N_("Ward")), page_tr(p, N_("All wards")));
	json_array_foreach(wards, i, w)
	{
		const char *id = json_string_value(json_object_get(w, "id"));
		html_fmt(&p->h,
		         strcmp(id, ward) == 0 ? "<option value=\"%s\" selected>%s</option>"
		                               : "<option value=\"%s\">%s</option>",
		         id, json_string_value(json_object_get(w, "name")));
	}
	json_decref(wards);
	html_fmt(&p->h, "</select><button type=\"submit\">%s</button></form>",
	         page_tr(p, N_("Show")));
	if (json_array_size(rows) > 0)
		page_print_button(p);
	page_table(p, refill_cols, N(refill_cols), rows, "location_id", "title",
	           N_("Nothing to bring: every counted line is above its minimum."));
	if (json_array_size(rows) > 0)
		page_csv_links(p, (const char *const[]){ "ward", NULL });
	json_decref(rows);
	page_end(p);
}

/* --- /receipts: deviations to follow up ------------------------------------ */

static const struct web_col receipt_cols[] = {
	{ "session", N_("Receipt"), COL_TEXT, NULL, 1 },
	{ "started", N_("Started"), COL_TIME, NULL, 1 },
	{ "at", N_("At"), COL_TIME, NULL, 0 },
	{ "sscc", N_("SSCC"), COL_TEXT, NULL, 0 },
	{ "type_words", N_("Deviation"), COL_TEXT, N_("no deviations"), 0 },
	{ "article_id", N_("Article number"), COL_TEXT, NULL, 0 },
	{ "article_name", N_("Article"), COL_TEXT, NULL, 0 },
	{ "details", N_("Details"), COL_TEXT, NULL, 0 },
};

static const char *deviation_words(const char *type)
{
	static const struct {
		const char *key, *words;
	} names[] = {
		{ "short-expiry", N_("short expiry") },
		{ "batch-mismatch", N_("wrong batch") },
		{ "unexpected", N_("not on the delivery") },
		{ "over", N_("more than expected") },
		{ "under", N_("less than expected") },
		{ "damaged", N_("damaged") },
	};
	for (size_t i = 0; type != NULL && i < N(names); i++)
		if (strcmp(type, names[i].key) == 0)
			return names[i].words;
	return NULL;
}

/* The recorded fields as "key=value key=value". */
static json_t *details_text(json_t *d)
{
	char buf[600] = "";
	size_t len = 0;
	const char *k;
	json_t *v;
	json_object_foreach(d, k, v)
	{
		char val[200];
		if (json_is_string(v))
			snprintf(val, sizeof(val), "%s", json_string_value(v));
		else if (json_is_integer(v))
			snprintf(val, sizeof(val), "%lld", (long long)json_integer_value(v));
		else
			continue;
		int n = snprintf(buf + len, sizeof(buf) - len, "%s%s=%s", len ? " " : "", k, val);
		if (n < 0 || (size_t)n >= sizeof(buf) - len)
			break;
		len += (size_t)n;
	}
	return json_string(buf);
}

void web_page_receipts(struct page *p, struct hdb *db)
{
	struct report_opts o = { 0 };
	json_t *rep = report(p, db, "receipt", &o);
	if (rep == NULL)
		return;
	json_t *rows = json_array(), *r, *d;
	size_t i, j;
	json_array_foreach(json_object_get(rep, "receipts"), i, r)
	{
		char when[20], title[600];
		page_local_time(json_string_value(json_object_get(r, "started")), when);
		const char *user =
		    json_string_value(json_object_get(json_object_get(r, "user"), "name"));
		const char *dev =
		    json_string_value(json_object_get(json_object_get(r, "device"), "name"));
		snprintf(title, sizeof(title), page_tr(p, N_("Receipt %s by %s on %s")), when,
		         user ? user : "?", dev ? dev : "?");
		json_t *base = json_pack("{s:O,s:O,s:s}", "session", json_object_get(r, "session"),
		                         "started", json_object_get(r, "started"), "title", title);
		json_t *devs = json_object_get(r, "deviations");
		if (json_array_size(devs) == 0)
			json_array_append(rows, base);
		json_array_foreach(devs, j, d)
		{
			json_t *row = json_deep_copy(base);
			const char *type = json_string_value(json_object_get(d, "type"));
			const char *words = deviation_words(type);
			json_object_set_new(row, "type_words",
			                    json_string(words  ? page_tr(p, words)
			                                : type ? type
			                                       : "?"));
			json_object_set(row, "at", json_object_get(d, "at"));
			json_object_set(row, "sscc", json_object_get(d, "sscc"));
			json_object_set(row, "article_id", json_object_get(d, "article_id"));
			json_object_set(row, "article_name", json_object_get(d, "article_name"));
			json_object_set_new(row, "details",
			                    details_text(json_object_get(d, "details")));
			json_array_append_new(rows, row);
		}
		json_decref(base);
	}
	json_decref(rep);
	if (page_wants_csv(p)) {
		page_csv(p, "receipts", receipt_cols, N(receipt_cols), rows);
	} else {
		show(p, N_("Receipts"),
		     N_("Every goods receipt and the deviations the warehouse recorded, to follow "
		        "up "
		        "with the supplier."),
		     receipt_cols, N(receipt_cols), rows, "session", N_("No goods receipt yet."),
		     1);
	}
	json_decref(rows);
}

/* --- /drills ---------------------------------------------------------------- */

static const struct web_col drill_cols[] = {
	{ "plan_id", N_("Plan"), COL_TEXT, NULL, 1 },
	{ "started", N_("Started"), COL_TIME, NULL, 1 },
	{ "article_id", N_("Article number"), COL_TEXT, NULL, 0 },
	{ "article_name", N_("Article"), COL_TEXT, NULL, 0 },
	{ "required", N_("Required"), COL_INT, N_("plan error"), 0 },
	{ "counted", N_("Counted"), COL_INT, NULL, 0 },
	{ "shortfall", N_("Shortfall"), COL_INT, NULL, 0 },
	{ "cover_pct", N_("Cover %"), COL_NUM1, NULL, 0 },
	{ "expired", N_("Expired"), COL_INT, NULL, 0 },
	{ "below", N_("Places below min"), COL_TEXT, NULL, 0 },
	{ "by_tier", N_("Cover by tier"), COL_TEXT, NULL, 0 },
};

/* The line's cover counted cumulatively by time-criticality tier, in the
 * page's language ("within ambulances: 2 of 60; within emergency
 * department: 14 of 60; ..."), "" when the plan gives no tiers. */
static void tier_text(struct page *p, json_t *line, char *out, size_t size)
{
	size_t i, len = 0;
	json_t *t;
	out[0] = '\0';
	json_array_foreach(json_object_get(line, "tiers"), i, t)
	{
		int tier = tier_parse(json_string_value(json_object_get(t, "tier")));
		int w = snprintf(out + len, size - len, page_tr(p, N_("%swithin %s: %lld of %lld")),
		                 len ? "; " : "",
		                 page_tr(p, tier_words_msgid(tier < 0 ? TIER_NONE : tier)),
		                 (long long)json_integer_value(json_object_get(t, "within")),
		                 (long long)json_integer_value(json_object_get(line, "required")));
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

/* "a, b, c" of the `name` of each object in list. */
static void join_names(json_t *list, const char *key, char *out, size_t size)
{
	size_t i, len = 0;
	json_t *v;
	out[0] = '\0';
	json_array_foreach(list, i, v)
	{
		const char *n = json_string_value(json_object_get(v, key));
		if (n == NULL)
			continue;
		int w = snprintf(out + len, size - len, "%s%s", len ? ", " : "", n);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

void web_page_drills(struct page *p, struct hdb *db)
{
	struct report_opts o = { 0 };
	json_t *rep = report(p, db, "drill", &o);
	if (rep == NULL)
		return;
	json_t *rows = json_array(), *d, *l, *pl;
	size_t i, j, k;
	json_array_foreach(json_object_get(rep, "drills"), i, d)
	{
		char when[20], title[700], note[1200], devs[500], users[500];
		page_local_time(json_string_value(json_object_get(d, "started")), when);
		long long secs = (long long)json_number_value(json_object_get(d, "duration_s"));
		json_t *plan = page_name_and_id(d, "plan_name", "plan_id");
		snprintf(title, sizeof(title),
		         page_tr(p, N_("%s, started %s, took %lld min %02lld s")),
		         json_string_value(plan), when, secs / 60, secs % 60);
		json_decref(plan);
		join_names(json_object_get(d, "devices"), "name", devs, sizeof(devs));
		join_names(json_object_get(d, "users"), "name", users, sizeof(users));
		snprintf(note, sizeof(note), page_tr(p, N_("Handhelds: %s. Counted by: %s.")), devs,
		         users);
		char group[200];
		snprintf(group, sizeof(group), "%s\x1f%s",
		         json_string_value(json_object_get(d, "plan_id")),
		         json_string_value(json_object_get(d, "started")));
		json_array_foreach(json_object_get(d, "lines"), j, l)
		{
			json_t *r = json_deep_copy(l);
			json_object_del(r, "places");
			char below[600] = "";
			size_t len = 0;
			json_array_foreach(json_object_get(l, "places"), k, pl)
			{
				if (!json_is_true(json_object_get(pl, "below_min")))
					continue;
				const char *n =
				    json_string_value(json_object_get(pl, "location_name"));
				int w = snprintf(
				    below + len, sizeof(below) - len, "%s%s", len ? "; " : "",
				    n ? n : json_string_value(json_object_get(pl, "location_id")));
				if (w < 0 || (size_t)w >= sizeof(below) - len)
					break;
				len += (size_t)w;
			}
			json_object_set_new(r, "below", json_string(below));
			char by_tier[800];
			tier_text(p, l, by_tier, sizeof(by_tier));
			json_object_set_new(r, "by_tier", json_string(by_tier));
			json_object_del(r, "tiers");
			json_object_set(r, "plan_id", json_object_get(d, "plan_id"));
			json_object_set(r, "started", json_object_get(d, "started"));
			json_object_set_new(r, "group", json_string(group));
			json_object_set_new(r, "title", json_string(title));
			json_object_set_new(r, "group_note", json_string(note));
			if (json_integer_value(json_object_get(l, "shortfall")) > 0)
				json_object_set_new(r, "row_class", json_string("short"));
			json_array_append_new(rows, r);
		}
	}
	json_decref(rep);
	if (page_wants_csv(p)) {
		page_csv(p, "drills", drill_cols, N(drill_cols), rows);
	} else {
		show(p, N_("Drills"),
		     N_("Emergency-stock drills, every handheld of a drill together: what the plan "
		        "requires against what was counted, and how much of it is where it is "
		        "needed first (cover by tier: ambulances, emergency department, wards, "
		        "hospital pharmacy, wholesaler)."),
		     drill_cols, N(drill_cols), rows, "group", N_("No drill yet."), 1);
	}
	json_decref(rows);
}

/* --- /variance, /stock, /audit ------------------------------------------------ */

static const struct web_col variance_cols[] = {
	{ "placed_time", N_("When"), COL_TIME, NULL, 0 },
	{ "location_name", N_("Location"), COL_TEXT, NULL, 0 },
	{ "article_name", N_("Article"), COL_TEXT, NULL, 0 },
	{ "expected", N_("Expected"), COL_INT, N_("first count"), 0 },
	{ "counted", N_("Counted"), COL_INT, NULL, 0 },
	{ "difference", N_("Difference"), COL_INT, NULL, 0 },
	{ "user_name", N_("Counted by"), COL_TEXT, NULL, 0 },
	{ "device_name", N_("Handheld"), COL_TEXT, NULL, 0 },
};

void web_page_variance(struct page *p, struct hdb *db)
{
	char loc[WEB_QUERY_MAX + 1];
	page_arg(p, "location", loc, sizeof(loc));
	struct report_opts o = { .location = *loc ? loc : NULL };
	json_t *rep = report(p, db, "variance", &o);
	if (rep == NULL)
		return;
	json_t *rows = json_incref(json_object_get(rep, "rows"));
	json_decref(rep);
	if (page_wants_csv(p))
		page_csv(p, "variance", variance_cols, N(variance_cols), rows);
	else
		show(p, N_("Variance"),
		     N_("Counts that differ from what the hub expected on the shelf just before."),
		     variance_cols, N(variance_cols), rows, NULL, N_("No count differs."), 0);
	json_decref(rows);
}

static const struct web_col stock_cols[] = {
	{ "location_name", N_("Location"), COL_TEXT, NULL, 0 },
	{ "article_id", N_("Article number"), COL_TEXT, NULL, 0 },
	{ "article_name", N_("Article"), COL_TEXT, NULL, 0 },
	{ "onhand", N_("On hand"), COL_INT, NULL, 0 },
	{ "last_count", N_("Last counted"), COL_INT, N_("not counted"), 0 },
	{ "counted_at", N_("Counted at"), COL_TIME, NULL, 0 },
};

void web_page_stock(struct page *p, struct hdb *db)
{
	char loc[WEB_QUERY_MAX + 1];
	page_arg(p, "location", loc, sizeof(loc));
	struct report_opts o = { .location = *loc ? loc : NULL };
	json_t *rep = report(p, db, "stock", &o);
	if (rep == NULL)
		return;
	json_t *rows = json_incref(json_object_get(rep, "rows"));
	json_decref(rep);
	if (page_wants_csv(p))
		page_csv(p, "stock", stock_cols, N(stock_cols), rows);
	else
		show(p, N_("Stock"),
		     N_("On hand per location and article, by the last count and the "
		        "records since."),
		     stock_cols, N(stock_cols), rows, NULL, N_("No stock recorded yet."), 0);
	json_decref(rows);
}

static const struct web_col audit_cols[] = {
	{ "at", N_("When"), COL_TIME, NULL, 0 },
	{ "actor", N_("Who"), COL_TEXT, NULL, 0 },
	{ "action", N_("What"), COL_TEXT, NULL, 0 },
	{ "target", N_("On"), COL_TEXT, NULL, 0 },
	{ "detail", N_("Details"), COL_TEXT, NULL, 0 },
	{ "client_addr", N_("From"), COL_TEXT, NULL, 0 },
};

void web_page_audit(struct page *p, struct hdb *db)
{
	struct tally_err e = { 0 };
	json_t *log = audit_list(db, 1000, &e);
	if (log == NULL)
		return failed(p, &e);
	json_t *rows = json_incref(json_object_get(log, "rows"));
	json_decref(log);
	if (page_wants_csv(p))
		page_csv(p, "audit", audit_cols, N(audit_cols), rows);
	else
		show(p, N_("Audit log"),
		     N_("Every change and sign-in, newest first (the last 1000)."), audit_cols,
		     N(audit_cols), rows, NULL, N_("Nothing yet."), 0);
	json_decref(rows);
}
