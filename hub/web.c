/*
 * web.c — the web front's dispatch: language, security headers, routes
 * (see web.h).
 */
#include "hub/web.h"
#include "hub/web-page.h"
#include "hub/web-public.h"
#include "hub/web-static.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* No inline script or style anywhere, nothing from another origin. */
#define WEB_CSP                                                                     \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " \
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

void web_init(struct web *w, int public_pages)
{
	memset(w, 0, sizeof(*w));
	w->public_pages = public_pages;
	web_catalog_load(&w->nb);
	const char *tz = getenv("TZ");
	if (tz == NULL || *tz == '\0') {
		/* Norwegian hospitals: local time unless the admin says else. */
		setenv("TZ", "Europe/Oslo", 1);
		tz = "Europe/Oslo";
	}
	tzset();
	snprintf(w->tz, sizeof(w->tz), "%s", *tz == ':' ? tz + 1 : tz);
}

void web_free(struct web *w)
{
	web_catalog_free(&w->nb);
}

void web_header(struct web_reply *out, const char *name, const char *value)
{
	if (out->n_headers >= WEB_HEADERS_MAX)
		return;
	char *v = strdup(value);
	if (v == NULL)
		return;
	out->headers[out->n_headers].name = name;
	out->headers[out->n_headers].value = v;
	out->n_headers++;
}

void web_reply_free(struct web_reply *out)
{
	free(out->body);
	for (int i = 0; i < out->n_headers; i++)
		free(out->headers[i].value);
	memset(out, 0, sizeof(*out));
}

/* ?lang= (remembered in a cookie), else the cookie, else the browser's
 * first choice when it is English; Norwegian otherwise. */
static const char *choose_lang(const struct web_request *rq, struct web_reply *out)
{
	const char *q = rq->get(rq->conn, WEB_QUERY, "lang");
	if (q != NULL && (strcmp(q, "en") == 0 || strcmp(q, "nb") == 0)) {
		char c[96];
		snprintf(c, sizeof(c), "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax%s", q,
		         rq->tls ? "; Secure" : "");
		web_header(out, "Set-Cookie", c);
		return strcmp(q, "en") == 0 ? "en" : "nb";
	}
	const char *c = rq->get(rq->conn, WEB_COOKIE, "lang");
	if (c != NULL && strcmp(c, "en") == 0)
		return "en";
	if (c != NULL && strcmp(c, "nb") == 0)
		return "nb";
	const char *al = rq->get(rq->conn, WEB_HEADER, "Accept-Language");
	if (al != NULL) {
		while (*al == ' ')
			al++;
		if (strncmp(al, "en", 2) == 0 &&
		    (al[2] == '\0' || al[2] == '-' || al[2] == ',' || al[2] == ';'))
			return "en";
	}
	return "nb";
}

static void security_headers(struct web_reply *out)
{
	web_header(out, "Content-Security-Policy", WEB_CSP);
	web_header(out, "X-Content-Type-Options", "nosniff");
	web_header(out, "X-Frame-Options", "DENY");
	web_header(out, "Referrer-Policy", "no-referrer");
}

void web_handle(const struct web *w, sqlite3 *db, const struct web_request *rq,
                struct web_reply *out)
{
	memset(out, 0, sizeof(*out));
	security_headers(out);
	struct page p = { .w = w, .rq = rq, .out = out };
	int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;

	const char *type;
	size_t len;
	const char *asset = web_static(rq->path, &type, &len);
	if (asset != NULL && get) {
		out->status = 200;
		out->content_type = type;
		out->body = malloc(len ? len : 1);
		if (out->body != NULL)
			memcpy(out->body, asset, len);
		out->len = out->body != NULL ? len : 0;
		web_header(out, "Cache-Control", "max-age=3600");
		return;
	}

	p.lang = choose_lang(rq, out);
	web_header(out, "Cache-Control", "no-store");
	web_header(out, "Vary", "Cookie, Accept-Language");
	static const struct {
		const char *path;
		void (*page)(struct page *, sqlite3 *);
		int public; /* one of the pages --no-public turns off */
	} routes[] = {
		{ "/", web_page_home, 0 },
		{ "/borrow", web_page_borrow, 1 },
		{ "/basis", web_page_basis, 1 },
		{ "/antidotes", web_page_antidotes, 1 },
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (strcmp(rq->path, routes[i].path) != 0)
			continue;
		if (routes[i].public && !w->public_pages)
			break;
		if (!get) {
			web_header(out, "Allow", "GET, HEAD");
			page_error(&p, 405, N_("This page is only read, not sent to."));
			return;
		}
		routes[i].page(&p, db);
		return;
	}
	page_error(&p, 404, N_("There is no such page here."));
}
