/*
 * web-page.c — the layout, tables and CSV every page shares (see
 * web-page.h).
 */
#include "hub/web-page.h"
#include "hub/web-staff.h"
#include "hub/hub-time.h"
#include "common/i18n.h"
#include "common/local-time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *page_tr(const struct page *p, const char *msgid)
{
	return web_tr(&p->w->nb, p->lang, msgid);
}

const char *page_arg(const struct page *p, const char *name, char *buf, size_t size)
{
	const char *v = p->rq->get(p->rq->conn, WEB_QUERY, name);
	buf[0] = '\0';
	if (v == NULL)
		return buf;
	while (*v == ' ' || *v == '\t')
		v++;
	size_t n = strlen(v), max = size - 1 < WEB_QUERY_MAX ? size - 1 : WEB_QUERY_MAX;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)v[n] & 0xc0) == 0x80)
			n--; /* not inside a UTF-8 character */
	}
	while (n > 0 &&
	       (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return buf;
}

void page_local_time(const char *iso, char out[20])
{
	long long ms;
	out[0] = '\0';
	if (iso == NULL || hub_time_parse(iso, &ms) != 0)
		return;
	local_time_iso((time_t)(ms / 1000), out, 20); /* as the text reports */
}

static void nav_link(struct page *p, const char *href, const char *label)
{
	int here = strcmp(p->rq->path, href) == 0;
	html_fmt(&p->h,
	         here ? "<a href=\"%s\" aria-current=\"page\">%s</a>" : "<a href=\"%s\">%s</a>",
	         href, page_tr(p, label));
}

void page_begin(struct page *p, const char *title)
{
	html_fmt(&p->h,
	         "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	         "<title>%s — tally</title>"
	         "<link rel=\"stylesheet\" href=\"/static/tally.css\">"
	         "<script src=\"/static/tally.js\" defer></script></head><body>"
	         "<header><a class=\"brand\" href=\"/\">tally</a><nav>",
	         p->lang, page_tr(p, title));
	if (p->w->public_pages) {
		nav_link(p, "/borrow", N_("Where can I borrow?"));
		nav_link(p, "/basis", N_("Basis lists"));
		nav_link(p, "/antidotes", N_("Antidotes"));
	}
	static const struct {
		const char *path, *label;
	} staff[] = {
		{ "/refill", N_("Pick lists") },   { "/receipts", N_("Receipts") },
		{ "/drills", N_("Drills") },       { "/variance", N_("Variance") },
		{ "/stock", N_("Stock") },         { "/cover", N_("Days of cover") },
		{ "/shortages", N_("Shortages") }, { "/unknown", N_("Unknown codes") },
		{ "/devices", N_("Handhelds") },   { "/enroll", N_("Enrol") },
		{ "/audit", N_("Audit log") },
	};
	for (size_t i = 0; p->s != NULL && i < sizeof(staff) / sizeof(staff[0]); i++)
		if (web_staff_allowed(p->s->who.roles, staff[i].path))
			nav_link(p, staff[i].path, staff[i].label);
	html_raw(&p->h, "</nav>");
	if (p->s != NULL) {
		html_fmt(&p->h,
		         "<form method=\"post\" action=\"/signout\" class=\"who\"><span>%s</span>",
		         p->s->who.name);
		page_csrf_field(p);
		html_fmt(&p->h, "<button type=\"submit\">%s</button></form>",
		         page_tr(p, N_("Sign out")));
	} else {
		nav_link(p, "/signin", N_("Sign in"));
	}
	/* The other language, named in itself. */
	if (strcmp(p->lang, "nb") == 0)
		html_raw(
		    &p->h,
		    "<a class=\"lang\" href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a>");
	else
		html_raw(
		    &p->h,
		    "<a class=\"lang\" href=\"?lang=nb\" hreflang=\"nb\" lang=\"nb\">Norsk</a>");
	html_fmt(&p->h, "</header><main><h1>%s</h1>", page_tr(p, title));
}

void page_end(struct page *p)
{
	html_raw(&p->h, "</main><footer>");
	html_fmt(&p->h, page_tr(p, N_("Times are local (%s).")), p->w->tz);
	html_raw(&p->h, "</footer></body></html>\n");
	if (p->h.oom) {
		html_free(&p->h);
		p->out->status = 500;
		p->out->content_type = "text/plain; charset=utf-8";
		p->out->body = strdup("out of memory\n");
		p->out->len = p->out->body ? strlen(p->out->body) : 0;
		return;
	}
	if (p->out->status == 0)
		p->out->status = 200;
	p->out->content_type = "text/html; charset=utf-8";
	p->out->body = html_take(&p->h, &p->out->len);
}

void page_error(struct page *p, int status, const char *message)
{
	html_free(&p->h);
	p->out->status = status;
	page_begin(p, status == 404 ? N_("Not found") : N_("Something went wrong"));
	html_fmt(&p->h, "<p class=\"problem\">%s</p>", page_tr(p, message));
	page_end(p);
}

static const char *policy_words(const char *key)
{
	if (key != NULL && strcmp(key, "always-to-max") == 0)
		return N_("always to max");
	return N_("top up at min");
}

/* A cell's text: into buf (numbers, times) or a string of the row. */
static const char *cell(const struct page *p, const struct web_col *c, json_t *v, char *buf,
                        size_t size, int for_csv)
{
	buf[0] = '\0';
	if (v == NULL || json_is_null(v)) {
		if (for_csv)
			return "";
		return c->null_text != NULL ? page_tr(p, c->null_text) : "–";
	}
	switch (c->kind) {
	case COL_INT:
		if (json_is_integer(v))
			snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v))
			snprintf(buf, size, "%.1f", json_real_value(v));
		return buf;
	case COL_TIME:
		page_local_time(json_string_value(v), buf);
		return buf;
	case COL_POLICY:
		return page_tr(p, policy_words(json_string_value(v)));
	case COL_NUM1:
		if (json_is_number(v)) {
			snprintf(buf, size, "%.1f", json_number_value(v));
			char *dot = strchr(buf, '.');
			/* A decimal comma on Norwegian pages and in the CSV for
			 * Norwegian Excel (for_csv 2: semicolons). */
			if (dot != NULL &&
			    ((for_csv == 0 && strcmp(p->lang, "nb") == 0) || for_csv == 2))
				*dot = ',';
		}
		return buf;
	case COL_TICK:
		return "";
	case COL_TEXT:
	default:
		if (json_is_string(v))
			return json_string_value(v);
		if (json_is_integer(v))
			snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return buf;
	}
}

static int numeric(const struct web_col *c)
{
	return c->kind == COL_INT || c->kind == COL_NUM1;
}

static void table_head(struct page *p, const struct web_col *cols, size_t n)
{
	html_raw(&p->h, "<div class=\"scroll\"><table><thead><tr>");
	for (size_t i = 0; i < n; i++) {
		if (cols[i].csv_only)
			continue;
		html_raw(&p->h, numeric(&cols[i])          ? "<th class=\"num\">"
		                : cols[i].kind == COL_TICK ? "<th class=\"tick\">"
		                                           : "<th>");
		html_text(&p->h, page_tr(p, cols[i].heading));
		html_raw(&p->h, "</th>");
	}
	html_raw(&p->h, "</tr></thead><tbody>");
}

void page_table(struct page *p, const struct web_col *cols, size_t n_cols, json_t *rows,
                const char *group_key, const char *group_title, const char *empty)
{
	size_t i;
	json_t *row;
	const char *group = NULL;
	int open = 0;
	if (json_array_size(rows) == 0) {
		html_fmt(&p->h, "<p class=\"empty\">%s</p>", page_tr(p, empty));
		return;
	}
	json_array_foreach(rows, i, row)
	{
		const char *g = group_key ? json_string_value(json_object_get(row, group_key)) : "";
		if (g == NULL)
			g = "";
		if (!open || (group_key && strcmp(g, group) != 0)) {
			if (open)
				html_raw(&p->h, "</tbody></table></div>");
			if (group_key)
				html_fmt(&p->h, "<h2>%s</h2>",
				         json_string_value(json_object_get(row, group_title)));
			const char *note = json_string_value(json_object_get(row, "group_note"));
			if (note != NULL && *note)
				html_fmt(&p->h, "<p class=\"note\">%s</p>", note);
			table_head(p, cols, n_cols);
			open = 1;
			group = g;
		}
		/* A page may mark a row (e.g. "uncounted"): a class of its own. */
		const char *cls = json_string_value(json_object_get(row, "row_class"));
		if (cls != NULL)
			html_fmt(&p->h, "<tr class=\"%s\">", cls);
		else
			html_raw(&p->h, "<tr>");
		for (size_t c = 0; c < n_cols; c++) {
			if (cols[c].csv_only)
				continue;
			if (cols[c].kind == COL_TICK) {
				html_fmt(&p->h,
				         "<td class=\"tick\"><input type=\"checkbox\" "
				         "aria-label=\"%s\"></td>",
				         page_tr(p, cols[c].heading));
				continue;
			}
			char buf[64];
			json_t *v = json_object_get(row, cols[c].key);
			const char *t = cell(p, &cols[c], v, buf, sizeof(buf), 0);
			int null = v == NULL || json_is_null(v);
			html_raw(&p->h, !numeric(&cols[c]) ? (null ? "<td class=\"none\">" : "<td>")
			                : null             ? "<td class=\"num none\">"
			                                   : "<td class=\"num\">");
			html_text(&p->h, t);
			html_raw(&p->h, "</td>");
		}
		html_raw(&p->h, "</tr>");
	}
	html_raw(&p->h, "</tbody></table></div>");
}

int page_wants_csv(const struct page *p)
{
	const char *f = p->rq->get(p->rq->conn, WEB_QUERY, "format");
	return f != NULL && strcmp(f, "csv") == 0;
}

void page_csv_links(struct page *p, const char *const keep[])
{
	struct html q = { 0 };
	for (size_t i = 0; keep != NULL && keep[i] != NULL; i++) {
		char buf[WEB_QUERY_MAX + 1];
		const char *v = page_arg(p, keep[i], buf, sizeof(buf));
		if (*v == '\0')
			continue;
		html_raw(&q, "&");
		html_raw(&q, keep[i]);
		html_raw(&q, "=");
		html_url(&q, v);
	}
	const char *query = q.buf != NULL ? q.buf : "";
	/* query is percent-encoded already: only & needs escaping, which
	 * html_fmt does. */
	html_fmt(&p->h,
	         "<p class=\"csv\">%s <a href=\"?format=csv%s\" download>%s</a> · "
	         "<a href=\"?format=csv&amp;sep=semicolon%s\" download>%s</a></p>",
	         page_tr(p, N_("Download this table:")), query, page_tr(p, N_("CSV")), query,
	         page_tr(p, N_("CSV for Excel (semicolons)")));
	html_free(&q);
}

static void csv_field(struct html *h, const char *s, char sep, int text)
{
	int quote = 0;
	for (const char *c = s; *c; c++)
		if (*c == sep || *c == '"' || *c == '\n' || *c == '\r')
			quote = 1;
	/* A text starting like a formula is not run by a spreadsheet. */
	int formula = text && (*s == '=' || *s == '+' || *s == '-' || *s == '@');
	if (quote || formula)
		html_raw(h, "\"");
	if (formula)
		html_raw(h, "'");
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			html_raw(h, "\"");
		html_bytes(h, c, 1);
	}
	if (quote || formula)
		html_raw(h, "\"");
}

void page_csv(struct page *p, const char *filename, const struct web_col *cols, size_t n_cols,
              json_t *rows)
{
	const char *s = p->rq->get(p->rq->conn, WEB_QUERY, "sep");
	char sep = s != NULL && strcmp(s, "semicolon") == 0 ? ';' : ',';
	struct html h = { 0 };
	html_raw(&h, "\xEF\xBB\xBF"); /* the BOM: Excel then reads UTF-8 */
	int first = 1;
	for (size_t c = 0; c < n_cols; c++) {
		if (cols[c].kind == COL_TICK)
			continue;
		if (!first)
			html_bytes(&h, &sep, 1);
		first = 0;
		csv_field(&h, page_tr(p, cols[c].heading), sep, 1);
	}
	html_raw(&h, "\r\n");
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		first = 1;
		for (size_t c = 0; c < n_cols; c++) {
			char buf[64];
			if (cols[c].kind == COL_TICK)
				continue;
			if (!first)
				html_bytes(&h, &sep, 1);
			first = 0;
			csv_field(&h,
			          cell(p, &cols[c], json_object_get(row, cols[c].key), buf,
			               sizeof(buf), sep == ';' ? 2 : 1),
			          sep, cols[c].kind == COL_TEXT);
		}
		html_raw(&h, "\r\n");
	}
	html_free(&p->h);
	if (h.oom) {
		html_free(&h);
		page_error(p, 500, N_("The hub ran out of memory; try again."));
		return;
	}
	char disp[128];
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s.csv\"", filename);
	web_header(p->out, "Content-Disposition", disp);
	p->out->status = 200;
	p->out->content_type = "text/csv; charset=utf-8";
	p->out->body = html_take(&h, &p->out->len);
}

void page_csrf_field(struct page *p)
{
	if (p->s != NULL)
		html_fmt(&p->h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", p->s->csrf);
}

void page_redirect(struct page *p, const char *path)
{
	html_free(&p->h);
	web_header(p->out, "Location", path);
	p->out->status = 303;
	p->out->content_type = "text/plain; charset=utf-8";
	p->out->body = NULL;
	p->out->len = 0;
}

void page_print_button(struct page *p)
{
	html_fmt(&p->h, "<p class=\"noprint\"><button type=\"button\" data-print>%s</button></p>",
	         page_tr(p, N_("Print")));
}

json_t *page_name_and_id(json_t *o, const char *name_key, const char *id_key)
{
	const char *name = json_string_value(json_object_get(o, name_key));
	const char *id = json_string_value(json_object_get(o, id_key));
	char buf[600];
	if (name != NULL)
		snprintf(buf, sizeof(buf), "%s (%s)", name, id ? id : "?");
	else
		snprintf(buf, sizeof(buf), "%s", id ? id : "?");
	return json_string(buf);
}
