/*
 * web-client.h — the hub's web front as a browser uses it, for the tests of
 * its pages: a browser with a cookie jar of its own (and, where a test asks,
 * a source address of its own), a page fetched, a form posted, the CSRF
 * token a page's forms carry, signing in through the sign-in form.  A reply
 * is a struct tu_http (tests/lib/hub-http.h: status, header lines, body),
 * freed with tu_http_free; a request that gets no reply fails the test.
 * What a handheld sends goes through tu_http itself.
 */
#ifndef TALLY_TESTS_WEB_CLIENT_H
#define TALLY_TESTS_WEB_CLIENT_H

#include "tests/lib/hub-http.h"

struct web_browser;

/* A browser of the hub at hub_url ("http://127.0.0.1:PORT"), its cookie jar
 * empty; from: the source address it connects from, or NULL (any). */
struct web_browser *web_browser_open(const char *hub_url, const char *from);
void web_browser_close(struct web_browser *b);

/* GET path (and query), with the browser's cookies. */
struct tu_http web_get(struct web_browser *b, const char *path);

/* POST form (application/x-www-form-urlencoded, encoded already) to path. */
struct tu_http web_post(struct web_browser *b, const char *path, const char *form);

/* One GET from a browser of its own, opened and closed for it, with extra
 * request headers ("Name: value", NULL-terminated; headers may be NULL). */
struct tu_http web_get_once(const char *hub_url, const char *from, const char *path,
                            const char *const headers[]);

/* The value of the hidden csrf field of the first form in page (malloc'd);
 * fails the test when the page has none. */
char *web_csrf(const char *page);

/* Open the sign-in page (asking to go on to /refill) and send it with login
 * and password: the reply to the POST (303 signed in, 401 wrong, ...). */
struct tu_http web_sign_in(struct web_browser *b, const char *login, const char *password);

/* A browser (as web_browser_open, from any address) signed in as login
 * with password through the sign-in form: the sign-in must succeed. */
struct web_browser *web_browser_signed_in(const char *hub_url, const char *login,
                                          const char *password);

#endif
