/*
 * hub-http.h — one HTTP request to a test's hub with libcurl, the way a
 * handheld (or an attacker) would send it.
 */
#ifndef TALLY_TESTS_HUB_HTTP_H
#define TALLY_TESTS_HUB_HTTP_H

#include <stddef.h>

enum {
	TU_HTTP_GZIP = 1,        /* gzip the body and say so */
	TU_HTTP_AS_GZIP = 2,     /* the body is gzip already: only say so */
	TU_HTTP_ACCEPT_GZIP = 4, /* ask for a gzip reply (curl inflates it) */
};

struct tu_http {
	long status;
	char *body;    /* NUL-terminated, inflated */
	char *headers; /* the response's header lines */
};

/* method "GET"/"POST"; token may be NULL (no Authorization); body may be
 * NULL; ca: a CA file for https, or NULL. */
struct tu_http tu_http(const char *method, const char *url, const char *token, const char *body,
                       size_t body_len, int flags, const char *ca);
void tu_http_free(struct tu_http *r);

/* The same to path (and query) of the hub at hub_url, over plain HTTP:
 * body (JSON, NUL-terminated) may be NULL. */
struct tu_http tu_http_hub(const char *hub_url, const char *method, const char *path,
                           const char *token, const char *body);

/* libcurl's write (and header) function: what it is given appended to a
 * struct tu_http_buf, kept NUL-terminated.  For a test's own CURL handle
 * (tests/lib/web-client.c). */
struct tu_http_buf {
	char *p;
	size_t len;
};
size_t tu_http_collect(char *data, size_t size, size_t n, void *buf);

/* gzip of data (malloc'd, *out_len set). */
char *tu_gzip(const char *data, size_t len, size_t *out_len);

#endif
