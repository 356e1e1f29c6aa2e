/*
 * http.h — talking to the hub: one reused libcurl handle per connection to
 * one hub, JSON in and out, gzip both ways, TLS always verified.
 *
 * The bearer token is put on each request's headers and nowhere else: it is
 * never logged (CURLOPT_VERBOSE is never set) and never part of a message.
 */
#ifndef TALLY_SYNC_HTTP_H
#define TALLY_SYNC_HTTP_H

#include "common/err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* A response body above this is refused (after decompression). */
#define HTTP_BODY_MAX (8u * 1024u * 1024u)

struct http_opts {
	const char *ca_file;       /* CA bundle to trust, or NULL for the system's */
	const char *pinned_pubkey; /* "sha256//BASE64;..." or NULL */
	long connect_timeout_s;    /* 0: 10 s */
	long timeout_s;            /* whole request; 0: 60 s */
};

struct http;

/* A handle for the hub at base_url ("https://hub.example.org", no trailing
 * path needed).  NULL with e set when libcurl cannot be set up. */
struct http *http_new(const char *base_url, const struct http_opts *o, struct tally_err *e);
void http_free(struct http *h);
/* The device token for later requests (copied), or NULL for none. */
void http_set_token(struct http *h, const char *token);

struct http_result {
	int transport; /* 1: no HTTP answer (refused, reset, timeout, TLS, too big) */
	int tls;       /* transport failure was the certificate or the pin */
	char transport_msg[256];
	long status;            /* HTTP status, 0 when transport failed */
	unsigned retry_after_s; /* Retry-After, 0 when absent */
	json_t *body;           /* the parsed body, NULL when absent or not JSON */
	char error[64];         /* the body's "error", "" when none */
	char message[256];      /* the body's "message", "" when none */
};

/*
 * One request: method "GET" or "POST", path ("/v1/events?..."), an optional
 * JSON body (sent gzip-compressed).  Returns 0 when an HTTP answer came,
 * whatever its status; 1 on a transport failure (r->transport set).
 * Release r (its members) with http_result_release.
 */
int http_request(struct http *h, const char *method, const char *path, const json_t *body,
                 struct http_result *r);
void http_result_release(struct http_result *r);

/* Bytes on the wire since the handle was made: request headers + bodies as
 * sent (compressed), response headers + bodies as received. */
void http_bytes(const struct http *h, uint64_t *up, uint64_t *down);

/* gzip `in` (len bytes) into a malloc'd buffer; NULL when out of memory. */
unsigned char *http_gzip(const void *in, size_t len, size_t *out_len);

#endif
