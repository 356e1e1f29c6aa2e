#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/web-client.h"
#include "tests/lib/testutil.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct web_browser {
	CURL *c;
	char *hub_url;
	char *from; /* source address, or NULL */
};

struct web_browser *web_browser_open(const char *hub_url, const char *from)
{
	struct web_browser *b = calloc(1, sizeof(*b));
	assert_non_null(b);
	b->c = curl_easy_init();
	assert_non_null(b->c);
	b->hub_url = strdup(hub_url);
	b->from = from != NULL ? strdup(from) : NULL;
	curl_easy_setopt(b->c, CURLOPT_COOKIEFILE, ""); /* a cookie jar in memory */
	return b;
}

void web_browser_close(struct web_browser *b)
{
	curl_easy_cleanup(b->c);
	free(b->hub_url);
	free(b->from);
	free(b);
}

/* GET (form NULL) or POST form, with the request headers h (may be NULL). */
static struct tu_http request(struct web_browser *b, const char *path, const char *form,
                              struct curl_slist *h)
{
	struct tu_http_buf body = { calloc(1, 1), 0 }, head = { calloc(1, 1), 0 };
	char *url = tu_strfmt("%s%s", b->hub_url, path);
	curl_easy_setopt(b->c, CURLOPT_URL, url);
	curl_easy_setopt(b->c, CURLOPT_HTTPGET, 1L);
	if (form != NULL)
		curl_easy_setopt(b->c, CURLOPT_COPYPOSTFIELDS, form);
	curl_easy_setopt(b->c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(b->c, CURLOPT_WRITEFUNCTION, tu_http_collect);
	curl_easy_setopt(b->c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(b->c, CURLOPT_HEADERFUNCTION, tu_http_collect);
	curl_easy_setopt(b->c, CURLOPT_HEADERDATA, &head);
	curl_easy_setopt(b->c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(b->c, CURLOPT_INTERFACE, b->from);
	CURLcode rc = curl_easy_perform(b->c);
	if (rc != CURLE_OK)
		fail_msg("%s %s: %s", form != NULL ? "POST" : "GET", url, curl_easy_strerror(rc));
	struct tu_http r = { 0, body.p, head.p };
	curl_easy_getinfo(b->c, CURLINFO_RESPONSE_CODE, &r.status);
	free(url);
	return r;
}

struct tu_http web_get(struct web_browser *b, const char *path)
{
	return request(b, path, NULL, NULL);
}

struct tu_http web_post(struct web_browser *b, const char *path, const char *form)
{
	return request(b, path, form, NULL);
}

struct tu_http web_get_once(const char *hub_url, const char *from, const char *path,
                            const char *const headers[])
{
	struct web_browser *b = web_browser_open(hub_url, from);
	struct curl_slist *h = NULL;
	for (size_t i = 0; headers != NULL && headers[i] != NULL; i++)
		h = curl_slist_append(h, headers[i]);
	struct tu_http r = request(b, path, NULL, h);
	curl_slist_free_all(h);
	web_browser_close(b);
	return r;
}

char *web_csrf(const char *page)
{
	const char *field = "name=\"csrf\" value=\"";
	const char *at = strstr(page, field);
	if (at == NULL)
		fail_msg("no csrf field in:\n%s", page);
	at += strlen(field);
	return tu_strfmt("%.*s", (int)strcspn(at, "\""), at);
}

struct tu_http web_sign_in(struct web_browser *b, const char *login, const char *password)
{
	struct tu_http page = web_get(b, "/signin?next=/refill");
	assert_int_equal(page.status, 200);
	char *csrf = web_csrf(page.body);
	char *esc = curl_easy_escape(b->c, password, 0);
	char *form = tu_strfmt("csrf=%s&next=%%2Frefill&login=%s&password=%s", csrf, login, esc);
	curl_free(esc);
	free(csrf);
	tu_http_free(&page);
	struct tu_http r = web_post(b, "/signin", form);
	free(form);
	return r;
}

struct web_browser *web_browser_signed_in(const char *hub_url, const char *login,
                                          const char *password)
{
	struct web_browser *b = web_browser_open(hub_url, NULL);
	struct tu_http r = web_sign_in(b, login, password);
	if (r.status != 303)
		fail_msg("signing in as %s: %ld\n%s", login, r.status, r.body);
	tu_http_free(&r);
	return b;
}
