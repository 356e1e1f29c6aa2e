#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-http.h"
#include "tests/lib/testutil.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

size_t tu_http_collect(char *data, size_t size, size_t n, void *buf)
{
	struct tu_http_buf *b = buf;
	b->p = realloc(b->p, b->len + size * n + 1);
	memcpy(b->p + b->len, data, size * n);
	b->len += size * n;
	b->p[b->len] = '\0';
	return size * n;
}

char *tu_gzip(const char *data, size_t len, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		fail_msg("deflateInit2");
	size_t cap = deflateBound(&z, (uLong)len);
	char *out = malloc(cap);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		fail_msg("deflate");
	*out_len = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

struct tu_http tu_http(const char *method, const char *url, const char *token, const char *body,
                       size_t body_len, int flags, const char *ca)
{
	struct tu_http r = { 0, NULL, NULL };
	struct tu_http_buf resp = { NULL, 0 }, head = { NULL, 0 };
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char *auth = NULL, *z = NULL;
	if (token != NULL) {
		auth = malloc(strlen(token) + 32);
		strcpy(auth, "Authorization: Bearer ");
		strcat(auth, token);
		h = curl_slist_append(h, auth);
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	if (body != NULL && (flags & TU_HTTP_GZIP)) {
		z = tu_gzip(body, body_len, &body_len);
		body = z;
	}
	if (flags & (TU_HTTP_GZIP | TU_HTTP_AS_GZIP))
		h = curl_slist_append(h, "Content-Encoding: gzip");
	if (flags & TU_HTTP_ACCEPT_GZIP)
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, tu_http_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, tu_http_collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (ca != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca);
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
	else if (rc != CURLE_SEND_ERROR && rc != CURLE_RECV_ERROR)
		fail_msg("curl %s %s: %s", method, url, curl_easy_strerror(rc));
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	free(auth);
	free(z);
	r.body = resp.p != NULL ? resp.p : calloc(1, 1);
	r.headers = head.p != NULL ? head.p : calloc(1, 1);
	return r;
}

void tu_http_free(struct tu_http *r)
{
	free(r->body);
	free(r->headers);
	r->body = r->headers = NULL;
}

struct tu_http tu_http_hub(const char *hub_url, const char *method, const char *path,
                           const char *token, const char *body)
{
	char *url = tu_strfmt("%s%s", hub_url, path);
	struct tu_http r =
	    tu_http(method, url, token, body, body != NULL ? strlen(body) : 0, 0, NULL);
	free(url);
	return r;
}
