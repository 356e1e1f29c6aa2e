/*
 * web-unknown.c — /unknown and /unknown/map (see web-unknown.h).
 */
#include "hub/web-unknown.h"
#include "hub/unknown-codes.h"
#include "hub/code-attribute.h"
#include "hub/web-form.h"
#include "common/i18n.h"

#include <stdio.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct web_col unknown_cols[] = {
	{ "key", N_("Code"), COL_TEXT, NULL, 0 },
	{ "times", N_("Scans"), COL_INT, NULL, 0 },
	{ "last_seen", N_("Last scanned"), COL_TIME, NULL, 0 },
	{ "locations", N_("Where"), COL_TEXT, NULL, 0 },
	{ "scan", N_("As scanned"), COL_TEXT, NULL, 0 },
};

/* Codes mapped so far and what their earlier records became. */
static const struct web_col mapped_cols[] = {
	{ "key", N_("Code"), COL_TEXT, NULL, 0 },
	{ "article", N_("Article"), COL_TEXT, NULL, 0 },
	{ "counted", N_("Earlier records counted in"), COL_INT, NULL, 0 },
	{ "not_counted", N_("Kept without a count"), COL_INT, NULL, 0 },
	{ "mapped_at", N_("Mapped"), COL_TIME, NULL, 0 },
};

static void mapped_section(struct page *p, struct hdb *db)
{
	struct tally_err e = { 0 };
	json_t *list = code_attributed_list(db, &e);
	if (list == NULL) {
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return;
	}
	json_t *rows = json_object_get(list, "mapped"), *r;
	size_t i;
	json_array_foreach(rows, i, r)
	{
		json_object_set_new(r, "article",
		                    page_name_and_id(r, "article_name", "article_id"));
	}
	if (json_array_size(rows) > 0) {
		html_fmt(&p->h, "<h2>%s</h2><p>%s</p>", page_tr(p, N_("Mapped codes")),
		         page_tr(p, N_("Records scanned before their code was mapped are counted "
		                       "for the article: in stock, variance, receipts and drills. "
		                       "A count scanned without a quantity, or a scan without a "
		                       "place, is kept with the article but not counted.")));
		page_table(p, mapped_cols, N(mapped_cols), rows, NULL, NULL, NULL);
	}
	json_decref(list);
}

static void page(struct page *p, struct hdb *db, const char *problem)
{
	struct tally_err e = { 0 };
	json_t *list = unknown_codes_list(db, &e);
	if (list == NULL) {
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return page_error(p, 503,
		                  N_("The hub could not read its database just now; try "
		                     "again in a moment."));
	}
	json_t *rows = json_object_get(list, "codes"), *r;
	if (page_wants_csv(p)) {
		page_csv(p, "unknown-codes", unknown_cols, N(unknown_cols), rows);
		json_decref(list);
		return;
	}
	page_begin(p, N_("Unknown codes"));
	if (problem != NULL)
		html_fmt(&p->h, "<p class=\"problem\" role=\"alert\">%s</p>", problem);
	html_fmt(&p->h, "<p class=\"lead\">%s</p>",
	         page_tr(p, N_("Codes the handhelds scanned but did not know. Give each the "
	                       "article it is: every handheld knows it after its next sync.")));
	page_table(p, unknown_cols, N(unknown_cols), rows, NULL, NULL,
	           N_("No unknown codes to resolve."));
	if (json_array_size(rows) > 0) {
		html_fmt(
		    &p->h,
		    "<form method=\"post\" action=\"/unknown/map\" class=\"search\" id=\"map\">"
		    "<label for=\"code\">%s</label><select id=\"code\" name=\"code\">",
		    page_tr(p, N_("Code")));
		size_t i;
		json_array_foreach(rows, i, r)
		{
			const char *k = json_string_value(json_object_get(r, "key"));
			html_fmt(&p->h, "<option value=\"%s\">%s</option>", k, k);
		}
		html_fmt(&p->h,
		         "</select><label for=\"article\">%s</label>"
		         "<input id=\"article\" name=\"article\" type=\"text\" maxlength=\"100\" "
		         "required>",
		         page_tr(p, N_("Article number it is")));
		page_csrf_field(p);
		html_fmt(&p->h, "<button type=\"submit\">%s</button></form>",
		         page_tr(p, N_("Map")));
		page_csv_links(p, NULL);
	}
	json_decref(list);
	mapped_section(p, db);
	page_end(p);
}

void web_page_unknown(struct page *p, struct hdb *db)
{
	page(p, db, NULL);
}

void web_post_map(struct page *p, struct hdb *db)
{
	char code[64], article[128];
	const struct web_request *rq = p->rq;
	if (web_form_get(rq->body, rq->body_len, "code", code, sizeof(code)) != 0 ||
	    web_form_get(rq->body, rq->body_len, "article", article, sizeof(article)) != 0) {
		p->out->status = 400;
		return page(p, db, page_tr(p, N_("Choose a code and give an article number.")));
	}
	struct tally_err e = { 0 };
	struct code_attributed counted = { 0 };
	if (unknown_code_map(db, code, article, p->s->who.login, rq->client_addr, &counted, &e) !=
	    0) {
		if (e.status == EX_DATAERR) {
			/* Said in the page's language, not the hub's. */
			char msg[512];
			snprintf(msg, sizeof(msg),
			         page_tr(p, N_("There is no article '%s', or '%s' is not a code a "
			                       "handheld looks up: nothing was changed.")),
			         article, code);
			p->out->status = 400;
			return page(p, db, msg);
		}
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return page_error(p, 503,
		                  N_("The hub could not read its database just now; try "
		                     "again in a moment."));
	}
	page_redirect(p, "/unknown");
}
