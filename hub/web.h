/*
 * web.h — the web front on the API's port: everything that is not /v1/...
 * (docs/hub.md, "For staff").  Apart from HTTP: a request's parts in
 * (through a lookup the server provides), a status, headers and a body out.
 *
 * Every reply carries the same security headers (a Content-Security-Policy
 * without 'unsafe-inline', nosniff, no framing, no referrer), set here and
 * nowhere else.
 */
#ifndef TALLY_HUB_WEB_H
#define TALLY_HUB_WEB_H

#include "hub/account-limit.h"
#include "hub/web-i18n.h"

#include "hub/hdb.h"
#include <stddef.h>

#define WEB_HEADERS_MAX 12
#define WEB_QUERY_MAX   200 /* characters of a search field */

struct web {
	struct web_catalog nb;
	int public_pages;            /* /borrow, /basis, /antidotes without signing in */
	char tz[64];                 /* the time zone the pages show times in */
	struct account_limit signin; /* sign-in attempts per address */
	/* Single sign-on: a request from this proxy address carrying this
	 * header is signed in as the hub account the header names ("" off). */
	char sso_proxy[64], sso_header[64];
};

/* What a request's lookup finds: a query argument, a cookie, a header. */
enum web_part { WEB_QUERY, WEB_COOKIE, WEB_HEADER };

struct web_request {
	const char *method, *path;
	const char *(*get)(void *conn, enum web_part part, const char *name);
	void *conn;
	const char *client_addr;
	int tls;          /* came over HTTPS: cookies are Secure */
	const char *body; /* a form's fields (POST), or NULL */
	size_t body_len;
};

struct web_reply {
	int status;
	char *body; /* malloc'd */
	size_t len;
	const char *content_type;
	int n_headers;
	struct {
		const char *name;
		char *value; /* malloc'd */
	} headers[WEB_HEADERS_MAX];
};

/* Set up (the catalogue, the time zone: $TZ, else Europe/Oslo).  Call before
 * the server's threads start: it may set TZ for the process. */
void web_init(struct web *w, int public_pages);

/* Trust `header` (a login) on requests from the proxy at address `proxy`. */
void web_trust_proxy(struct web *w, const char *proxy, const char *header);
void web_free(struct web *w);

/* Answer rq with db (this thread's own connection). */
void web_handle(struct web *w, struct hdb *db, const struct web_request *rq, struct web_reply *out);

/* Add a header (value copied); quietly ignored beyond WEB_HEADERS_MAX. */
void web_header(struct web_reply *out, const char *name, const char *value);

void web_reply_free(struct web_reply *out);

#endif
