/*
 * web.c — the web front's dispatch: language, security headers, routes
 * (see web.h).
 */
#include "hub/web.h"
#include "hub/web-page.h"
#include "hub/account-audit.h"
#include "hub/web-devices.h"
#include "hub/web-enroll.h"
#include "hub/web-form.h"
#include "hub/web-public.h"
#include "hub/web-signin.h"
#include "hub/web-staff.h"
#include "hub/web-unknown.h"
#include "hub/web-cover.h"
#include "hub/web-shortages.h"
#include "hub/web-static.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* No inline script or style anywhere, nothing from another origin. */
#define WEB_CSP                                                                           \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

void web_init(struct web *w, int public_pages)
{
	memset(w, 0, sizeof(*w));
	w->public_pages = public_pages;
	account_limit_init(&w->signin);
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

void web_trust_proxy(struct web *w, const char *proxy, const char *header)
{
	snprintf(w->sso_proxy, sizeof(w->sso_proxy), "%s", proxy ? proxy : "");
	snprintf(w->sso_header, sizeof(w->sso_header), "%s", header ? header : "");
}

void web_free(struct web *w)
{
	web_catalog_free(&w->nb);
	account_limit_destroy(&w->signin);
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

enum access {
	OPEN,   /* anyone */
	PUBLIC, /* anyone, unless --no-public */
	STAFF,  /* signed in, with a role web_staff_allowed lets in */
	CHANGE, /* signed in, and the form carries the session's CSRF token */
	SIGNIN, /* the sign-in form: a CSRF token of its own (web-signin.c) */
};

static const struct {
	const char *method, *path;
	void (*run)(struct page *, struct hdb *);
	enum access access;
} routes[] = {
	{ "GET", "/", web_page_home, OPEN },
	{ "GET", "/borrow", web_page_borrow, PUBLIC },
	{ "GET", "/basis", web_page_basis, PUBLIC },
	{ "GET", "/antidotes", web_page_antidotes, PUBLIC },
	{ "GET", "/signin", web_page_signin, OPEN },
	{ "POST", "/signin", web_post_signin, SIGNIN },
	{ "POST", "/signout", web_post_signout, CHANGE },
	{ "GET", "/refill", web_page_refill, STAFF },
	{ "GET", "/receipts", web_page_receipts, STAFF },
	{ "GET", "/drills", web_page_drills, STAFF },
	{ "GET", "/variance", web_page_variance, STAFF },
	{ "GET", "/stock", web_page_stock, STAFF },
	{ "GET", "/audit", web_page_audit, STAFF },
	{ "GET", "/devices", web_page_devices, STAFF },
	{ "POST", "/devices/revoke", web_post_revoke, CHANGE },
	{ "GET", "/unknown", web_page_unknown, STAFF },
	{ "POST", "/unknown/map", web_post_map, CHANGE },
	{ "GET", "/cover", web_page_cover, STAFF },
	{ "GET", "/shortages", web_page_shortages, STAFF },
	{ "POST", "/shortages/add", web_post_shortage_add, CHANGE },
	{ "POST", "/shortages/end", web_post_shortage_end, CHANGE },
	{ "GET", "/enroll", web_page_enroll, STAFF },
	{ "POST", "/enroll", web_post_enroll, CHANGE },
};

/* The login the hospital's single sign-on vouches for: the trusted
 * header, on a request from the trusted proxy only; NULL otherwise. */
static const char *sso_login(const struct web *w, const struct web_request *rq)
{
	if (w->sso_header[0] == '\0' || strcmp(rq->client_addr, w->sso_proxy) != 0)
		return NULL;
	const char *v = rq->get(rq->conn, WEB_HEADER, w->sso_header);
	return v != NULL && *v ? v : NULL;
}

/* The session of the request's cookie, into s: 0, or 1 when none.  Behind
 * the single sign-on, the header decides: a session of another login does
 * not count, and the header's account gets a session (and its cookie). */
static int signed_in(const struct web *w, struct hdb *db, const struct web_request *rq,
                     struct web_reply *out, struct session *s)
{
	struct tally_err e = { 0 };
	const char *token = rq->get(rq->conn, WEB_COOKIE, WEB_SESSION_COOKIE);
	const char *sso = sso_login(w, rq);
	int rc = token != NULL ? session_find(db, token, s, &e) : 1;
	if (rc == 0 && (sso == NULL || strcmp(sso, s->who.login) == 0))
		return 0;
	if (rc < 0 || sso == NULL) {
		if (rc < 0)
			fprintf(stderr, "tally-hub: %s\n", e.msg);
		return 1;
	}
	struct account who;
	char tok[TOKEN_HEX_LEN + 1];
	if (account_find(db, sso, &who, &e) != 0 ||
	    session_create(db, who.id, tok, s->csrf, &e) != 0) {
		if (e.status != 0)
			fprintf(stderr, "tally-hub: %s\n", e.msg);
		return 1;
	}
	s->who = who;
	audit_log(db, who.login, "signin-sso", who.login, w->sso_header, rq->client_addr, &e);
	char c[160];
	snprintf(c, sizeof(c), "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", WEB_SESSION_COOKIE, tok,
	         rq->tls ? "; Secure" : "");
	web_header(out, "Set-Cookie", c);
	explicit_bzero(tok, sizeof(tok));
	return 0;
}

void web_handle(struct web *w, struct hdb *db, const struct web_request *rq, struct web_reply *out)
{
	memset(out, 0, sizeof(*out));
	security_headers(out);
	struct page p = { .w = w, .rq = rq, .out = out };
	int head = strcmp(rq->method, "HEAD") == 0;
	const char *method = head ? "GET" : rq->method;

	const char *type;
	size_t len;
	const char *asset = web_static(rq->path, &type, &len);
	if (asset != NULL && strcmp(method, "GET") == 0) {
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
	struct session s;
	if (signed_in(w, db, rq, out, &s) == 0)
		p.s = &s;
	int known_path = 0;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (strcmp(rq->path, routes[i].path) != 0)
			continue;
		if (routes[i].access == PUBLIC && !w->public_pages)
			break;
		known_path = 1;
		if (strcmp(routes[i].method, method) != 0)
			continue;
		char csrf[TOKEN_HEX_LEN + 2];
		switch (routes[i].access) {
		case STAFF:
			if (p.s == NULL) {
				char next[256];
				snprintf(next, sizeof(next), "/signin?next=%s", rq->path);
				return page_redirect(&p, next);
			}
			if (!web_staff_allowed(p.s->who.roles, rq->path))
				return page_error(
				    &p, 403, N_("Your account's roles do not include this page."));
			break;
		case CHANGE:
			/* Every change carries the token of the session's own
			 * forms: a page elsewhere cannot make one. */
			if (p.s == NULL ||
			    web_form_get(rq->body, rq->body_len, "csrf", csrf, sizeof(csrf)) != 0 ||
			    !session_token_equal(csrf, p.s->csrf))
				return page_error(
				    &p, 403,
				    N_("Refused: the form did not carry this session's "
				       "safety token. Open the page again and repeat."));
			if (!web_staff_allowed(p.s->who.roles, rq->path))
				return page_error(
				    &p, 403, N_("Your account's roles do not include this page."));
			break;
		default:
			break;
		}
		routes[i].run(&p, db);
		return;
	}
	if (known_path) {
		web_header(out, "Allow", "GET, HEAD, POST");
		return page_error(&p, 405, N_("This page does not take that kind of request."));
	}
	page_error(&p, 404, N_("There is no such page here."));
}
