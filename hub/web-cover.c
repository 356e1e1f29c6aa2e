/*
 * web-cover.c — /cover (see web-cover.h).
 */
#include "hub/web-cover.h"
#include "hub/report.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct web_col cover_cols[] = {
	{ "location_id", N_("Location number"), COL_TEXT, NULL, 1 },
	{ "location_name", N_("Location"), COL_TEXT, NULL, 0 },
	{ "article_id", N_("Article number"), COL_TEXT, NULL, 0 },
	{ "article_name", N_("Article"), COL_TEXT, NULL, 0 },
	{ "onhand", N_("On hand"), COL_INT, N_("count it"), 0 },
	{ "use", N_("Used"), COL_INT, NULL, 0 },
	{ "daily_use", N_("Per day"), COL_NUM1, NULL, 0 },
	{ "days_of_cover", N_("Days of cover"), COL_NUM1, N_("no use"), 0 },
	{ "threshold_days", N_("Days wanted"), COL_INT, NULL, 0 },
	{ "flag", N_("Flag"), COL_TEXT, NULL, 0 },
	{ "shortage_text", N_("Shortage"), COL_TEXT, NULL, 0 },
};

void web_page_cover(struct page *p, struct hdb *db)
{
	char loc[WEB_QUERY_MAX + 1], weeks[16], until[16];
	page_arg(p, "location", loc, sizeof(loc));
	page_arg(p, "weeks", weeks, sizeof(weeks));
	page_arg(p, "until", until, sizeof(until));
	struct report_opts o = { .location = *loc ? loc : NULL, .until = *until ? until : NULL };
	if (*weeks) {
		char *end = NULL;
		long w = strtol(weeks, &end, 10);
		if (*end != '\0' || w < 1 || w > REPORT_COVER_WEEKS_MAX)
			return page_error(p, 400,
			                  N_("Give the weeks as a whole number from 1 to 520."));
		o.weeks = (int)w;
	}
	struct tally_err e = { 0 };
	json_t *rep = report_build(db, "cover", &o, &e);
	if (rep == NULL && e.status == EX_USAGE)
		return page_error(p, 400, N_("Give the last day as YYYY-MM-DD."));
	if (rep == NULL) {
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return page_error(p, e.status == EX_TEMPFAIL ? 503 : 500,
		                  N_("The hub could not read its database just now; try again in "
		                     "a moment."));
	}
	json_t *rows = json_array(), *r;
	size_t i;
	json_array_foreach(json_object_get(rep, "rows"), i, r)
	{
		json_t *row = json_deep_copy(r);
		json_t *sh = json_object_get(r, "shortage");
		json_object_del(row, "shortage");
		if (json_is_true(json_object_get(r, "below"))) {
			char flag[100];
			snprintf(
			    flag, sizeof(flag), page_tr(p, N_("below %lld days")),
			    (long long)json_integer_value(json_object_get(r, "threshold_days")));
			json_object_set_new(row, "flag", json_string(flag));
			json_object_set_new(row, "row_class", json_string("short"));
		}
		if (json_is_object(sh)) {
			const char *alts = json_string_value(json_object_get(sh, "alternatives"));
			char text[700];
			snprintf(text, sizeof(text), page_tr(p, N_("shortage; alternatives: %s")),
			         alts && *alts ? alts : page_tr(p, N_("none named")));
			json_object_set_new(row, "shortage_text", json_string(text));
		}
		json_array_append_new(rows, row);
	}
	if (page_wants_csv(p)) {
		page_csv(p, "cover", cover_cols, N(cover_cols), rows);
		json_decref(rows);
		json_decref(rep);
		return;
	}
	page_begin(p, N_("Days of cover"));
	char from[20], to[20];
	page_local_time(json_string_value(json_object_get(rep, "from")), from);
	page_local_time(json_string_value(json_object_get(rep, "to")), to);
	char lead[800];
	snprintf(lead, sizeof(lead),
	         page_tr(p, N_("How many days what is on hand lasts at the use recorded over the "
	                       "last %lld weeks (%s to %s): on hand ÷ use per day. Flagged below "
	                       "the place's days wanted (14 unless the master data says "
	                       "otherwise); %lld flagged.")),
	         (long long)json_integer_value(json_object_get(rep, "weeks")), from, to,
	         (long long)json_integer_value(json_object_get(rep, "below")));
	html_fmt(&p->h, "<p class=\"lead\">%s</p>", lead);
	html_fmt(&p->h,
	         "<form method=\"get\" action=\"/cover\" class=\"search\">"
	         "<label for=\"location\">%s</label>"
	         "<input id=\"location\" name=\"location\" type=\"text\" maxlength=\"200\" "
	         "value=\"%s\"><label for=\"weeks\">%s</label>"
	         "<input id=\"weeks\" name=\"weeks\" type=\"number\" min=\"1\" max=\"520\" "
	         "value=\"%s\"><button type=\"submit\">%s</button></form>",
	         page_tr(p, N_("Location number (empty: all)")), loc, page_tr(p, N_("Weeks")),
	         *weeks ? weeks : "8", page_tr(p, N_("Show")));
	page_table(p, cover_cols, N(cover_cols), rows, NULL, NULL,
	           N_("No stock with a place to cover yet."));
	if (json_array_size(rows) > 0)
		page_csv_links(p, (const char *const[]){ "location", "weeks", "until", NULL });
	json_decref(rows);
	json_decref(rep);
	page_end(p);
}
