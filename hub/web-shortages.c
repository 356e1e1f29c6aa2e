/*
 * web-shortages.c — /shortages, /shortages/add and /shortages/end (see
 * web-shortages.h).  The notices are hub/shortage.c's; this file is their
 * page and its forms.
 */
#include "hub/web-shortages.h"
#include "hub/shortage.h"
#include "hub/web-form.h"
#include "hub/web-staff.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define ARTICLE_MAX 64
#define MESSAGE_MAX 500
#define ALTS_MAX    2000

static const struct web_col shortage_cols[] = {
	{ "article_id", N_("Article number"), COL_TEXT, NULL, 0 },
	{ "article_name", N_("Article"), COL_TEXT, NULL, 0 },
	{ "generic_name", N_("Generic name"), COL_TEXT, NULL, 0 },
	{ "status_words", N_("Status"), COL_TEXT, NULL, 0 },
	{ "from_date", N_("From"), COL_TEXT, NULL, 0 },
	{ "to_date", N_("To"), COL_TEXT, NULL, 0 },
	{ "message", N_("Message"), COL_TEXT, NULL, 0 },
	{ "alternatives_text", N_("Alternatives"), COL_TEXT, N_("none named"), 0 },
};

/* The national shortage list's words for a status. */
static const char *status_msgid(const char *status)
{
	if (status != NULL && strcmp(status, SHORTAGE_UPCOMING) == 0)
		return N_("upcoming");
	if (status != NULL && strcmp(status, SHORTAGE_ONGOING) == 0)
		return N_("ongoing");
	return N_("ended");
}

/* "Name (note), Name" of a notice's alternatives. */
static void alternatives_text(json_t *notice, char *out, size_t size)
{
	size_t i, len = 0;
	json_t *a;
	out[0] = '\0';
	json_array_foreach(json_object_get(notice, "alternatives"), i, a)
	{
		const char *name = json_string_value(json_object_get(a, "article_name"));
		const char *note = json_string_value(json_object_get(a, "note"));
		if (name == NULL)
			name = json_string_value(json_object_get(a, "article_id"));
		int w =
		    snprintf(out + len, size - len, "%s%s%s%s%s", len ? ", " : "", name ? name : "",
		             note ? " (" : "", note ? note : "", note ? ")" : "");
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

static void status_options(struct page *p)
{
	static const char *const keys[] = { SHORTAGE_ONGOING, SHORTAGE_UPCOMING, SHORTAGE_ENDED };
	for (size_t i = 0; i < N(keys); i++)
		html_fmt(&p->h, "<option value=\"%s\">%s</option>", keys[i],
		         page_tr(p, status_msgid(keys[i])));
}

/* The pharmacy's forms: register a notice, end one. */
static void forms(struct page *p, json_t *list)
{
	html_fmt(&p->h,
	         "<h2>%s</h2><form method=\"post\" action=\"/shortages/add\" class=\"stack\" "
	         "id=\"add\"><label for=\"article\">%s</label>"
	         "<input id=\"article\" name=\"article\" type=\"text\" maxlength=\"64\" required>"
	         "<label for=\"status\">%s</label><select id=\"status\" name=\"status\">",
	         page_tr(p, N_("Register a notice")), page_tr(p, N_("Article number")),
	         page_tr(p, N_("Status")));
	status_options(p);
	html_fmt(&p->h,
	         "</select><label for=\"message\">%s</label>"
	         "<input id=\"message\" name=\"message\" type=\"text\" maxlength=\"500\" required>"
	         "<label for=\"alternatives\">%s</label>"
	         "<textarea id=\"alternatives\" name=\"alternatives\" rows=\"3\" "
	         "maxlength=\"2000\"></textarea>"
	         "<label for=\"from\">%s</label><input id=\"from\" name=\"from\" type=\"date\">"
	         "<label for=\"to\">%s</label><input id=\"to\" name=\"to\" type=\"date\">",
	         page_tr(p, N_("Message")),
	         page_tr(p, N_("Alternatives: one article number a line, a note after = "
	                       "(A-PARA1G=other strength)")),
	         page_tr(p, N_("From")), page_tr(p, N_("To")));
	page_csrf_field(p);
	html_fmt(&p->h, "<button type=\"submit\">%s</button></form>", page_tr(p, N_("Register")));

	size_t i, open = 0;
	json_t *n;
	json_array_foreach(list, i, n)
	{
		open +=
		    strcmp(json_string_value(json_object_get(n, "status")), SHORTAGE_ENDED) != 0;
	}
	if (open == 0)
		return;
	html_fmt(&p->h,
	         "<h2>%s</h2><form method=\"post\" action=\"/shortages/end\" class=\"search\" "
	         "id=\"end\"><label for=\"end-article\">%s</label>"
	         "<select id=\"end-article\" name=\"article\">",
	         page_tr(p, N_("End a notice")), page_tr(p, N_("Article")));
	json_array_foreach(list, i, n)
	{
		if (strcmp(json_string_value(json_object_get(n, "status")), SHORTAGE_ENDED) == 0)
			continue;
		json_t *name = page_name_and_id(n, "article_name", "article_id");
		html_fmt(&p->h, "<option value=\"%s\">%s</option>",
		         json_string_value(json_object_get(n, "article_id")),
		         json_string_value(name));
		json_decref(name);
	}
	html_fmt(&p->h,
	         "</select><label for=\"end-to\">%s</label>"
	         "<input id=\"end-to\" name=\"to\" type=\"date\">",
	         page_tr(p, N_("Ended on (empty: today)")));
	page_csrf_field(p);
	html_fmt(&p->h, "<button type=\"submit\">%s</button></form>", page_tr(p, N_("End")));
}

static void page(struct page *p, struct hdb *db, const char *problem)
{
	char all[8];
	page_arg(p, "all", all, sizeof(all));
	int everything = strcmp(all, "1") == 0;
	struct tally_err e = { 0 };
	json_t *list = shortage_list(db, everything, &e);
	if (list == NULL) {
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return page_error(p, 503,
		                  N_("The hub could not read its database just now; try "
		                     "again in a moment."));
	}
	json_t *rows = json_array(), *n;
	size_t i;
	json_array_foreach(list, i, n)
	{
		json_t *r = json_deep_copy(n);
		char alts[1500];
		alternatives_text(n, alts, sizeof(alts));
		const char *status = json_string_value(json_object_get(n, "status"));
		json_object_set_new(r, "status_words",
		                    json_string(page_tr(p, status_msgid(status))));
		json_object_set_new(r, "alternatives_text",
		                    alts[0] ? json_string(alts) : json_null());
		json_object_del(r, "alternatives");
		if (status != NULL && strcmp(status, SHORTAGE_ONGOING) == 0)
			json_object_set_new(r, "row_class", json_string("short"));
		json_array_append_new(rows, r);
	}
	if (page_wants_csv(p)) {
		page_csv(p, "shortages", shortage_cols, N(shortage_cols), rows);
		json_decref(rows);
		json_decref(list);
		return;
	}
	page_begin(p, N_("Shortages"));
	if (problem != NULL)
		html_fmt(&p->h, "<p class=\"problem\" role=\"alert\">%s</p>", problem);
	html_fmt(&p->h, "<p class=\"lead\">%s</p>",
	         page_tr(p, N_("Supply failures the pharmacy has registered, with the "
	                       "alternatives chosen with the clinicians. Every handheld has them "
	                       "after its next sync and warns when the article is scanned.")));
	page_table(p, shortage_cols, N(shortage_cols), rows, NULL, NULL,
	           everything ? N_("No notice has been registered.")
	                      : N_("No current notice: no supply failure registered."));
	html_fmt(&p->h, "<p><a href=\"%s\">%s</a></p>",
	         everything ? "/shortages" : "/shortages?all=1",
	         everything ? page_tr(p, N_("Only the current notices"))
	                    : page_tr(p, N_("Ended notices too")));
	if (json_array_size(rows) > 0)
		page_csv_links(p, (const char *const[]){ "all", NULL });
	if (web_staff_allowed(p->s->who.roles, "/shortages/add"))
		forms(p, list);
	json_decref(rows);
	json_decref(list);
	page_end(p);
}

void web_page_shortages(struct page *p, struct hdb *db)
{
	page(p, db, NULL);
}

/* Said again on the page, with what went wrong (400), or a failure of the
 * database (503). */
static void refused(struct page *p, struct hdb *db, const struct tally_err *e, const char *what)
{
	if (e->status == EX_DATAERR || e->status == EX_USAGE) {
		char msg[800];
		snprintf(msg, sizeof(msg), "%s %s", page_tr(p, what), e->msg);
		p->out->status = 400;
		return page(p, db, msg);
	}
	fprintf(stderr, "tally-hub: %s\n", e->msg);
	page_error(p, 503,
	           N_("The hub could not read its database just now; try again in a moment."));
}

/* An optional date field: NULL when empty; -1 when not YYYY-MM-DD. */
static int date_field(const struct web_request *rq, const char *name, char out[16], const char **v)
{
	*v = NULL;
	if (web_form_get(rq->body, rq->body_len, name, out, 16) != 0 || out[0] == '\0')
		return 0;
	if (!shortage_date_ok(out))
		return -1;
	*v = out;
	return 0;
}

/* Blanks at the end of s cut off. */
static void trim_end(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

void web_post_shortage_add(struct page *p, struct hdb *db)
{
	const struct web_request *rq = p->rq;
	char article[ARTICLE_MAX + 1], status[16], message[MESSAGE_MAX * 4 + 1],
	    alts[ALTS_MAX * 4 + 1] = "", from[16], to[16];
	struct shortage_notice n = { 0 };
	if (web_form_get(rq->body, rq->body_len, "article", article, sizeof(article)) != 0 ||
	    web_form_get(rq->body, rq->body_len, "status", status, sizeof(status)) != 0 ||
	    web_form_get(rq->body, rq->body_len, "message", message, sizeof(message)) != 0 ||
	    !article[0] || !message[0]) {
		p->out->status = 400;
		return page(p, db,
		            page_tr(p, N_("Give the article number, the status and the message: "
		                          "nothing was registered.")));
	}
	web_form_get(rq->body, rq->body_len, "alternatives", alts, sizeof(alts));
	if (date_field(rq, "from", from, &n.from_date) != 0 ||
	    date_field(rq, "to", to, &n.to_date) != 0) {
		p->out->status = 400;
		return page(
		    p, db,
		    page_tr(p, N_("A date is given as YYYY-MM-DD: nothing was registered.")));
	}
	n.article_id = article;
	n.status = status;
	n.message = message;
	/* One alternative a line: ARTICLE or ARTICLE=note. */
	for (char *line = alts, *next; line != NULL && *line; line = next) {
		next = strpbrk(line, "\r\n");
		if (next != NULL)
			*next++ = '\0';
		while (*line == ' ')
			line++;
		if (*line == '\0')
			continue;
		if (n.n_alt == SHORTAGE_MAX_ALTERNATIVES) {
			p->out->status = 400;
			return page(
			    p, db,
			    page_tr(p, N_("At most 16 alternatives: nothing was registered.")));
		}
		char *eq = strchr(line, '=');
		if (eq != NULL)
			*eq++ = '\0';
		trim_end(line);
		if (eq != NULL) {
			while (*eq == ' ')
				eq++;
			trim_end(eq);
		}
		n.alt[n.n_alt].article_id = line;
		n.alt[n.n_alt].note = eq != NULL && *eq ? eq : NULL;
		n.n_alt++;
	}
	struct tally_err e = { 0 };
	if (shortage_put(db, &n, p->s->who.login, rq->client_addr, &e) != 0)
		return refused(p, db, &e, N_("Nothing was registered:"));
	page_redirect(p, "/shortages");
}

void web_post_shortage_end(struct page *p, struct hdb *db)
{
	const struct web_request *rq = p->rq;
	char article[ARTICLE_MAX + 1], to[16];
	const char *to_date = NULL;
	if (web_form_get(rq->body, rq->body_len, "article", article, sizeof(article)) != 0 ||
	    !article[0]) {
		p->out->status = 400;
		return page(p, db,
		            page_tr(p, N_("Choose the notice to end: nothing was changed.")));
	}
	if (date_field(rq, "to", to, &to_date) != 0) {
		p->out->status = 400;
		return page(p, db,
		            page_tr(p, N_("A date is given as YYYY-MM-DD: nothing was changed.")));
	}
	struct tally_err e = { 0 };
	if (shortage_end(db, article, to_date, p->s->who.login, rq->client_addr, &e) != 0)
		return refused(p, db, &e, N_("Nothing was changed:"));
	page_redirect(p, "/shortages");
}
