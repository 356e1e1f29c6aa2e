/*
 * web-public.c — /, /borrow, /basis, /antidotes (see web-public.h).
 *
 * Each page takes its figures from borrow.c or report.c as JSON, flattens
 * them to rows, and shows them with page_table or sends them with page_csv.
 */
#include "hub/web-public.h"
#include "hub/borrow.h"
#include "hub/report.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void failed(struct page *p, const struct tally_err *e)
{
	fprintf(stderr, "tally-hub: %s\n", e->msg);
	page_error(p, e->status == EX_TEMPFAIL ? 503 : 500,
	           N_("The hub could not read its database just now; try again in a moment."));
}

void web_page_home(struct page *p, struct hdb *db)
{
	(void)db;
	page_begin(p, N_("Medicines and supplies"));
	if (p->w->public_pages) {
		html_raw(&p->h, "<ul class=\"cards\">");
		html_fmt(&p->h, "<li><a href=\"/borrow\">%s</a><p>%s</p></li>",
		         page_tr(p, N_("Where can I borrow?")),
		         page_tr(p, N_("Which wards hold an article on their basis list, and how "
		                       "many they counted last.")));
		html_fmt(&p->h, "<li><a href=\"/basis\">%s</a><p>%s</p></li>",
		         page_tr(p, N_("Basis lists")),
		         page_tr(p, N_("The agreed assortment of each ward, with min and max.")));
		html_fmt(&p->h, "<li><a href=\"/antidotes\">%s</a><p>%s</p></li>",
		         page_tr(p, N_("Antidotes")),
		         page_tr(p, N_("Antidote holdings per hospital and storage place.")));
		html_raw(&p->h, "</ul>");
	} else {
		html_fmt(&p->h, "<p>%s</p>",
		         page_tr(p, N_("This hub does not publish its pages without signing in.")));
	}
	page_end(p);
}

/* --- /borrow --------------------------------------------------------------- */

static const struct web_col borrow_cols[] = {
	{ "article_id", N_("Article number"), COL_TEXT, NULL, 1 },
	{ "article_name", N_("Article"), COL_TEXT, NULL, 1 },
	{ "hospital_name", N_("Hospital"), COL_TEXT, NULL, 0 },
	{ "location_name", N_("Ward"), COL_TEXT, N_("on no ward's basis list"), 0 },
	{ "last_count", N_("Last counted"), COL_INT, N_("not counted"), 0 },
	{ "counted_at", N_("Counted at"), COL_TIME, NULL, 0 },
	{ "min", N_("Min"), COL_INT, NULL, 0 },
	{ "max", N_("Max"), COL_INT, NULL, 0 },
};

static json_t *borrow_rows(json_t *found)
{
	json_t *rows = json_array(), *art, *ward;
	size_t i, j;
	json_array_foreach(json_object_get(found, "articles"), i, art)
	{
		json_t *title = page_name_and_id(art, "article_name", "article_id");
		json_t *wards = json_object_get(art, "wards");
		if (json_array_size(wards) == 0) {
			json_t *r = json_pack("{s:O,s:O,s:O}", "article_id",
			                      json_object_get(art, "article_id"), "article_name",
			                      json_object_get(art, "article_name"), "title", title);
			json_array_append_new(rows, r);
		}
		json_array_foreach(wards, j, ward)
		{
			json_t *r = json_deep_copy(ward);
			json_object_set(r, "article_id", json_object_get(art, "article_id"));
			json_object_set(r, "article_name", json_object_get(art, "article_name"));
			json_object_set(r, "title", title);
			json_object_set_new(r, "location_name",
			                    page_name_and_id(ward, "location_name", "location_id"));
			json_array_append_new(rows, r);
		}
		json_decref(title);
	}
	return rows;
}

void web_page_borrow(struct page *p, struct hdb *db)
{
	char q[WEB_QUERY_MAX + 1], hosp[WEB_QUERY_MAX + 1];
	page_arg(p, "q", q, sizeof(q));
	page_arg(p, "hospital", hosp, sizeof(hosp));
	struct tally_err e = { 0 };
	json_t *found = NULL, *rows = NULL;
	if (*q) {
		if ((found = borrow_search(db, q, hosp, &e)) == NULL)
			return failed(p, &e);
		rows = borrow_rows(found);
		json_decref(found);
	}
	if (page_wants_csv(p)) {
		page_csv(p, "borrow", borrow_cols, N(borrow_cols), rows ? rows : json_array());
		json_decref(rows);
		return;
	}
	json_t *hospitals = borrow_hospitals(db, &e);
	if (hospitals == NULL) {
		json_decref(rows);
		return failed(p, &e);
	}
	page_begin(p, N_("Where can I borrow?"));
	html_fmt(&p->h, "<p class=\"lead\">%s</p>",
	         page_tr(p, N_("Find the wards that keep an article on their basis list, how many "
	                       "they counted last and when. Call the ward before you fetch.")));
	html_fmt(&p->h,
	         "<form method=\"get\" action=\"/borrow\" role=\"search\" class=\"search\">"
	         "<label for=\"q\">%s</label>"
	         "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" value=\"%s\" "
	         "autofocus>",
	         page_tr(p, N_("Article name, number or barcode")), q);
	if (json_array_size(hospitals) > 0) {
		html_fmt(&p->h,
		         "<label for=\"hospital\">%s</label><select id=\"hospital\" "
		         "name=\"hospital\"><option value=\"\">%s</option>",
		         page_tr(p, N_("My hospital (shown first)")),
		         page_tr(p, N_("All hospitals")));
		size_t i;
		json_t *h;
		json_array_foreach(hospitals, i, h)
		{
			const char *id = json_string_value(json_object_get(h, "id"));
			html_fmt(&p->h,
			         strcmp(id, hosp) == 0 ? "<option value=\"%s\" selected>%s</option>"
			                               : "<option value=\"%s\">%s</option>",
			         id, json_string_value(json_object_get(h, "name")));
		}
		html_raw(&p->h, "</select>");
	}
	html_fmt(&p->h, "<button type=\"submit\">%s</button></form>", page_tr(p, N_("Search")));
	json_decref(hospitals);
	if (rows != NULL) {
		page_table(p, borrow_cols, N(borrow_cols), rows, "article_id", "title",
		           N_("No article matches that name, number or barcode."));
		if (json_array_size(rows) > 0) {
			const char *keep[] = { "q", "hospital", NULL };
			page_csv_links(p, keep);
		}
		json_decref(rows);
	}
	page_end(p);
}

/* --- /basis ---------------------------------------------------------------- */

static const struct web_col basis_cols[] = {
	{ "hospital_name", N_("Hospital"), COL_TEXT, NULL, 1 },
	{ "location_id", N_("Ward number"), COL_TEXT, NULL, 1 },
	{ "location_name", N_("Ward"), COL_TEXT, NULL, 1 },
	{ "article_id", N_("Article number"), COL_TEXT, NULL, 0 },
	{ "article_name", N_("Article"), COL_TEXT, NULL, 0 },
	{ "min", N_("Min"), COL_INT, NULL, 0 },
	{ "max", N_("Max"), COL_INT, NULL, 0 },
	{ "policy", N_("Refill rule"), COL_POLICY, NULL, 0 },
};

void web_page_basis(struct page *p, struct hdb *db)
{
	char ward[WEB_QUERY_MAX + 1], art[WEB_QUERY_MAX + 1];
	page_arg(p, "ward", ward, sizeof(ward));
	page_arg(p, "article", art, sizeof(art));
	struct tally_err e = { 0 };
	json_t *found = basis_search(db, ward, art, &e);
	if (found == NULL)
		return failed(p, &e);
	json_t *rows = json_object_get(found, "rows"), *r;
	size_t i;
	json_array_foreach(rows, i, r)
	{
		json_t *t = page_name_and_id(r, "location_name", "location_id");
		const char *hn = json_string_value(json_object_get(r, "hospital_name"));
		if (hn != NULL) {
			char buf[800];
			snprintf(buf, sizeof(buf), "%s — %s", json_string_value(t), hn);
			json_decref(t);
			t = json_string(buf);
		}
		json_object_set_new(r, "title", t);
	}
	if (page_wants_csv(p)) {
		page_csv(p, "basis", basis_cols, N(basis_cols), rows);
		json_decref(found);
		return;
	}
	page_begin(p, N_("Basis lists"));
	html_fmt(&p->h,
	         "<form method=\"get\" action=\"/basis\" role=\"search\" class=\"search\">"
	         "<label for=\"ward\">%s</label>"
	         "<input id=\"ward\" name=\"ward\" type=\"search\" maxlength=\"200\" value=\"%s\">"
	         "<label for=\"article\">%s</label>"
	         "<input id=\"article\" name=\"article\" type=\"search\" maxlength=\"200\" "
	         "value=\"%s\"><button type=\"submit\">%s</button></form>",
	         page_tr(p, N_("Ward")), ward, page_tr(p, N_("Article")), art,
	         page_tr(p, N_("Search")));
	if (json_is_true(json_object_get(found, "truncated")))
		html_fmt(&p->h, "<p class=\"problem\">%s</p>",
		         page_tr(p, N_("Only the first 5000 lines are shown: narrow the search, or "
		                       "download the CSV.")));
	page_table(p, basis_cols, N(basis_cols), rows, "location_id", "title",
	           N_("No basis list line matches."));
	if (json_array_size(rows) > 0) {
		const char *keep[] = { "ward", "article", NULL };
		page_csv_links(p, keep);
	}
	json_decref(found);
	page_end(p);
}

/* --- /antidotes ------------------------------------------------------------ */

static const struct web_col antidote_cols[] = {
	{ "article_id", N_("Article number"), COL_TEXT, NULL, 1 },
	{ "article_name", N_("Antidote"), COL_TEXT, NULL, 1 },
	{ "hospital_name", N_("Hospital"), COL_TEXT, NULL, 0 },
	{ "location_name", N_("Storage place"), COL_TEXT, N_("held nowhere"), 0 },
	{ "recommended", N_("Recommended"), COL_INT, NULL, 0 },
	{ "required", N_("Plan requires"), COL_INT, NULL, 0 },
	{ "onhand", N_("On hand"), COL_INT, N_("not counted"), 0 },
	{ "short", N_("Short"), COL_INT, NULL, 0 },
	{ "expired", N_("Expired"), COL_INT, NULL, 0 },
	{ "counted_at", N_("Counted at"), COL_TIME, NULL, 0 },
};

/* A row of one antidote's table: base (its id, name and group title) with
 * the keys given. */
static json_t *antidote_row(json_t *base, const char *hospital, const char *place, json_t *figures)
{
	json_t *r = json_deep_copy(base);
	json_object_set_new(r, "hospital_name", hospital ? json_string(hospital) : json_null());
	json_object_set_new(r, "location_name", place ? json_string(place) : json_null());
	if (figures != NULL)
		json_object_update(r, figures);
	return r;
}

/* The antidote's rows: each hospital's recommended against held, then its
 * places; places of no hospital; the region; what each plan naming it
 * requires against what its places hold. */
static void antidote_rows(struct page *p, json_t *a, json_t *base, json_t *rows)
{
	json_t *locs = json_object_get(a, "locations"), *h, *l;
	size_t i, j;
	if (json_array_size(locs) == 0)
		json_array_append_new(rows, antidote_row(base, NULL, NULL, NULL));
	json_array_foreach(json_object_get(a, "hospitals"), i, h)
	{
		const char *hid = json_string_value(json_object_get(h, "hospital_id"));
		const char *hn = json_string_value(json_object_get(h, "hospital_name"));
		json_t *f = json_pack(
		    "{s:O,s:O,s:O,s:O,s:O}", "recommended", json_object_get(h, "recommended"),
		    "onhand", json_object_get(h, "held"), "short", json_object_get(h, "short"),
		    "expired", json_object_get(h, "expired"), "counted_at",
		    json_object_get(h, "last_counted"));
		json_array_append_new(
		    rows, antidote_row(base, hn ? hn : hid, page_tr(p, N_("all its places")), f));
		json_decref(f);
		json_array_foreach(locs, j, l)
		{
			const char *lh = json_string_value(json_object_get(l, "hospital_id"));
			if (lh != NULL && hid != NULL && strcmp(lh, hid) == 0)
				json_array_append_new(rows, antidote_row(base, NULL, NULL, l));
		}
	}
	json_array_foreach(locs, j, l)
	{
		const char *lh = json_string_value(json_object_get(l, "hospital_id"));
		int listed = 0;
		json_array_foreach(json_object_get(a, "hospitals"), i, h)
		{
			const char *hid = json_string_value(json_object_get(h, "hospital_id"));
			listed |= lh != NULL && hid != NULL && strcmp(lh, hid) == 0;
		}
		if (!listed)
			json_array_append_new(rows, antidote_row(base, NULL, NULL, l));
	}
	json_t *reg = json_object_get(a, "region");
	json_t *f =
	    json_pack("{s:O,s:O,s:O,s:O}", "recommended", json_object_get(reg, "recommended"),
	              "onhand", json_object_get(reg, "held"), "short",
	              json_object_get(reg, "short"), "expired", json_object_get(reg, "expired"));
	json_array_append_new(
	    rows, antidote_row(base, page_tr(p, N_("Region")), page_tr(p, N_("all hospitals")), f));
	json_decref(f);
	json_t *plan;
	json_array_foreach(json_object_get(a, "plans"), i, plan)
	{
		const char *n = json_string_value(json_object_get(plan, "plan_name"));
		if (n == NULL || !*n)
			n = json_string_value(json_object_get(plan, "plan_id"));
		char label[300];
		snprintf(label, sizeof(label), page_tr(p, N_("Plan: %s")), n);
		int at_plan =
		    strcmp(json_string_value(json_object_get(plan, "held_at")), "plan") == 0;
		f = json_pack("{s:O,s:O,s:O}", "required", json_object_get(plan, "required"),
		              "onhand", json_object_get(plan, "held"), "short",
		              json_object_get(plan, "short"));
		json_array_append_new(
		    rows,
		    antidote_row(base, label,
		                 at_plan ? page_tr(p, N_("its storage places"))
		                         : page_tr(p, N_("the region (the plan names no place)")),
		                 f));
		json_decref(f);
	}
}

void web_page_antidotes(struct page *p, struct hdb *db)
{
	struct tally_err e = { 0 };
	struct report_opts o = { 0 };
	json_t *rep = report_build(db, "antidotes", &o, &e);
	if (rep == NULL)
		return failed(p, &e);
	json_t *rows = json_array(), *a;
	size_t i;
	json_array_foreach(json_object_get(rep, "articles"), i, a)
	{
		json_t *name = page_name_and_id(a, "article_name", "article_id");
		char title[800];
		snprintf(title, sizeof(title),
		         page_tr(p, N_("%s: %lld in all, %lld places at zero")),
		         json_string_value(name),
		         (long long)json_integer_value(json_object_get(a, "total")),
		         (long long)json_integer_value(json_object_get(a, "places_at_zero")));
		json_decref(name);
		json_t *base =
		    json_pack("{s:O,s:O,s:s}", "article_id", json_object_get(a, "article_id"),
		              "article_name", json_object_get(a, "article_name"), "title", title);
		antidote_rows(p, a, base, rows);
		json_decref(base);
	}
	json_decref(rep);
	if (page_wants_csv(p)) {
		page_csv(p, "antidotes", antidote_cols, N(antidote_cols), rows);
		json_decref(rows);
		return;
	}
	page_begin(p, N_("Antidotes"));
	html_fmt(&p->h, "<p class=\"lead\">%s</p>",
	         page_tr(p, N_("Every antidote: what its stocking tier recommends at each "
	                       "hospital and in the region, and what the preparedness plans "
	                       "naming it require, against what is held by the last count and "
	                       "the records since.")));
	page_table(p, antidote_cols, N(antidote_cols), rows, "article_id", "title",
	           N_("No article is marked as an antidote."));
	if (json_array_size(rows) > 0)
		page_csv_links(p, NULL);
	json_decref(rows);
	page_end(p);
}
