/*
 * http.c — the libcurl side of the sync protocol.
 */
#include "sync/http.h"

#include "common/i18n.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct http {
	CURL *curl;
	char *base;
	char *auth; /* "Authorization: Bearer ..." */
	char errbuf[CURL_ERROR_SIZE];
	uint64_t up, down;
};

struct buf {
	char *p;
	size_t len, cap;
	int too_big;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;
	size_t n = size * nmemb;
	if (b->len + n > HTTP_BODY_MAX) {
		b->too_big = 1;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL)
			return 0;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return n;
}

struct http *http_new(const char *base_url, const struct http_opts *o, struct tally_err *e)
{
	static const struct http_opts none = { 0 };
	if (o == NULL)
		o = &none;
	struct http *h = calloc(1, sizeof(*h));
	if (h == NULL || (h->base = strdup(base_url)) == NULL) {
		free(h);
		err_set(e, EX_OSERR, _("out of memory"));
		return NULL;
	}
	size_t bl = strlen(h->base);
	while (bl > 0 && h->base[bl - 1] == '/')
		h->base[--bl] = '\0';
	h->curl = curl_easy_init();
	if (h->curl == NULL) {
		http_free(h);
		err_set(e, EX_SOFTWARE, _("could not set up the HTTP library (libcurl)"));
		return NULL;
	}
	CURL *c = h->curl;
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
	                 o->connect_timeout_s > 0 ? o->connect_timeout_s : 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout_s > 0 ? o->timeout_s : 60L);
	/* A link that trickles (a handheld at the edge of Wi-Fi) is given up
	 * on rather than held open until the whole timeout. */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 16L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 20L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)HTTP_BODY_MAX);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file != NULL && o->ca_file[0] != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
	if (o->pinned_pubkey != NULL && o->pinned_pubkey[0] != '\0')
		curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, o->pinned_pubkey);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "tally/" TALLY_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	return h;
}

void http_free(struct http *h)
{
	if (h == NULL)
		return;
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	if (h->auth != NULL) {
		memset(h->auth, 0, strlen(h->auth));
		free(h->auth);
	}
	free(h->base);
	free(h);
}

void http_set_token(struct http *h, const char *token)
{
	if (h->auth != NULL) {
		memset(h->auth, 0, strlen(h->auth));
		free(h->auth);
		h->auth = NULL;
	}
	if (token == NULL)
		return;
	static const char prefix[] = "Authorization: Bearer ";
	size_t n = sizeof(prefix) + strlen(token);
	h->auth = malloc(n);
	if (h->auth != NULL)
		snprintf(h->auth, n, "%s%s", prefix, token);
}

void http_bytes(const struct http *h, uint64_t *up, uint64_t *down)
{
	*up = h->up;
	*down = h->down;
}

unsigned char *http_gzip(const void *in, size_t len, size_t *out_len)
{
	z_stream z = { 0 };
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return NULL;
	uLong cap = deflateBound(&z, (uLong)len) + 32;
	unsigned char *out = malloc(cap);
	if (out == NULL) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*out_len = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

static void copy_field(const json_t *body, const char *key, char *dst, size_t size)
{
	const char *v = json_string_value(json_object_get(body, key));
	snprintf(dst, size, "%s", v ? v : "");
}

int http_request(struct http *h, const char *method, const char *path, const json_t *body,
                 struct http_result *r)
{
	memset(r, 0, sizeof(*r));
	CURL *c = h->curl;
	size_t ul = strlen(h->base) + strlen(path) + 1;
	char *url = malloc(ul);
	char *text = NULL;
	unsigned char *gz = NULL;
	size_t gzlen = 0;
	struct curl_slist *hdr = NULL;
	struct buf b = { 0 };
	if (url == NULL)
		goto oom;
	snprintf(url, ul, "%s%s", h->base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	hdr = curl_slist_append(hdr, "Accept: application/json");
	/* No 100-continue round trip: the hub answers every body. */
	hdr = curl_slist_append(hdr, "Expect:");
	if (h->auth != NULL)
		hdr = curl_slist_append(hdr, h->auth);
	if (body != NULL) {
		text = json_dumps(body, JSON_COMPACT);
		if (text == NULL || (gz = http_gzip(text, strlen(text), &gzlen)) == NULL)
			goto oom;
		hdr = curl_slist_append(hdr, "Content-Type: application/json");
		hdr = curl_slist_append(hdr, "Content-Encoding: gzip");
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, gz);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)gzlen);
	} else if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
	} else {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	if (hdr == NULL)
		goto oom;
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	h->errbuf[0] = '\0';

	CURLcode cc = curl_easy_perform(c);

	long reqsize = 0, hdrsize = 0;
	curl_off_t upl = 0, dl = 0;
	curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &reqsize);
	curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &hdrsize);
	curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &upl);
	curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &dl);
	/* A small body goes out in the same buffer as the headers and is
	 * already part of REQUEST_SIZE; a large one is sent after them. */
	h->up += (uint64_t)reqsize >= (uint64_t)upl ? (uint64_t)reqsize
	                                            : (uint64_t)reqsize + (uint64_t)upl;
	h->down += (uint64_t)hdrsize + (uint64_t)dl;

	/* The token must not outlive the request in curl's header list. */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
	curl_slist_free_all(hdr);
	hdr = NULL;
	free(url);
	url = NULL;
	free(text);
	text = NULL;
	free(gz);
	gz = NULL;

	if (cc != CURLE_OK) {
		r->transport = 1;
		if (b.too_big || cc == CURLE_FILESIZE_EXCEEDED)
			snprintf(r->transport_msg, sizeof(r->transport_msg),
			         _("the hub's answer is larger than %u MiB"), HTTP_BODY_MAX >> 20);
		else
			snprintf(r->transport_msg, sizeof(r->transport_msg), "%s",
			         h->errbuf[0] ? h->errbuf : curl_easy_strerror(cc));
		r->tls = cc == CURLE_PEER_FAILED_VERIFICATION || cc == CURLE_SSL_CACERT_BADFILE ||
		         cc == CURLE_SSL_PINNEDPUBKEYNOTMATCH || cc == CURLE_SSL_CERTPROBLEM ||
		         cc == CURLE_SSL_ISSUER_ERROR;
		free(b.p);
		return 1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_off_t ra = 0;
	if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
		r->retry_after_s = ra > 86400 ? 86400u : (unsigned)ra;
	if (b.len > 0) {
		r->body = json_loadb(b.p, b.len, JSON_REJECT_DUPLICATES, NULL);
		if (r->body != NULL && !json_is_object(r->body)) {
			json_decref(r->body);
			r->body = NULL;
		}
	}
	free(b.p);
	if (r->body != NULL) {
		copy_field(r->body, "error", r->error, sizeof(r->error));
		copy_field(r->body, "message", r->message, sizeof(r->message));
	}
	return 0;

oom:
	curl_slist_free_all(hdr);
	free(url);
	free(text);
	free(gz);
	r->transport = 1;
	snprintf(r->transport_msg, sizeof(r->transport_msg), "%s", _("out of memory"));
	return 1;
}

void http_result_release(struct http_result *r)
{
	json_decref(r->body);
	r->body = NULL;
}
