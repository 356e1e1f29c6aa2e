/*
 * enroll.c — POST /v1/enroll and keeping what it hands out.
 */
#include "sync/enroll.h"

#include "common/i18n.h"
#include "db/store.h"
#include "sync/clock.h"
#include "sync/outcome.h"
#include "sync/token.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode [p, end) into out; -1 on a bad escape or no room. */
static int decode(const char *p, const char *end, char *out, size_t size)
{
	size_t n = 0;
	for (; p < end; p++) {
		int c = (unsigned char)*p;
		if (c == '%') {
			if (end - p < 3)
				return -1;
			int hi = hexval(p[1]), lo = hexval(p[2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = hi * 16 + lo;
			p += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (c == 0 || n + 1 >= size)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return 0;
}

int enroll_parse_qr(const char *text, char *url, size_t url_size, char *code, size_t code_size,
                    struct tally_err *e)
{
	static const char scheme[] = "tally://enroll?";
	url[0] = code[0] = '\0';
	if (strncmp(text, scheme, sizeof(scheme) - 1) != 0)
		goto bad;
	const char *p = text + sizeof(scheme) - 1;
	while (*p != '\0') {
		const char *amp = strchr(p, '&');
		const char *end = amp ? amp : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL) {
			size_t klen = (size_t)(eq - p);
			if (klen == 3 && strncmp(p, "hub", 3) == 0) {
				if (decode(eq + 1, end, url, url_size) != 0)
					goto bad;
			} else if (klen == 4 && strncmp(p, "code", 4) == 0) {
				if (decode(eq + 1, end, code, code_size) != 0)
					goto bad;
			}
		}
		p = amp ? amp + 1 : end;
	}
	if (url[0] != '\0' && code[0] != '\0')
		return 0;
bad:
	return err_set(e, EX_USAGE,
	               _("'%.200s' is not an enrolment QR code (tally://enroll?hub=...&code=...): "
	                 "give the hub's URL and the code instead"),
	               text);
}

static void read_machine_id(char *buf, size_t size)
{
	buf[0] = '\0';
	FILE *f = fopen("/etc/machine-id", "re");
	if (f == NULL)
		return;
	if (fgets(buf, (int)size, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
}

static int is_token(const char *t)
{
	size_t n = t ? strlen(t) : 0;
	if (n < 16 || n > TOKEN_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)t[i]) && t[i] != '-' && t[i] != '_' && t[i] != '.')
			return 0;
	return 1;
}

int enroll_run(struct store *s, const struct http_opts *o, const char *url, const char *code,
               const char *name, int64_t *device_id, struct tally_err *e)
{
	const char *what = _("enrolling");
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return err_set(e, EX_USAGE, _("'%s' is not a hub URL: it starts with https://"),
		               url);
	struct http *h = http_new(url, o, e);
	if (h == NULL)
		return e->status;
	char hw[128];
	read_machine_id(hw, sizeof(hw));
	json_t *req =
	    json_pack("{s:s, s:s, s:s}", "code", code, "name", name, "db_id", store_db_id(s));
	if (hw[0] != '\0')
		json_object_set_new(req, "hw_id", json_string(hw));
	struct http_result r;
	http_request(h, "POST", "/v1/enroll", req, &r);
	int64_t got_at = clock_now_ms();
	json_decref(req);
	http_free(h);
	int rc;
	if (r.transport && !r.tls) {
		rc = err_set(e, EX_UNAVAILABLE, _("cannot reach the hub at %s (%s)"), url,
		             r.transport_msg);
	} else if (!r.transport && r.status == 403) {
		rc = err_set(e, EX_NOPERM,
		             _("the enrolment code is wrong, used or expired: ask the "
		               "hub administrator for a new one"));
	} else if (!r.transport && r.status == 200) {
		json_t *id = json_object_get(r.body, "device_id");
		const char *token = json_string_value(json_object_get(r.body, "token"));
		if (!json_is_integer(id) || !is_token(token)) {
			rc = outcome_malformed(what, _("no device_id or token"), e);
		} else {
			char idtext[32];
			*device_id = json_integer_value(id);
			snprintf(idtext, sizeof(idtext), "%lld", (long long)*device_id);
			/* The token first: meta saying "enrolled" with no token
			 * would be worse than a token with no meta. */
			if ((rc = token_save(store_path(s), token, e)) == 0 &&
			    (rc = store_meta_set(s, "hub_url", url, e)) == 0)
				rc = store_meta_set(s, "device_id", idtext, e);
			int64_t hub_ms;
			if (rc == 0 && clock_parse_ms(json_string_value(
			                                  json_object_get(r.body, "server_time")),
			                              &hub_ms) == 0) {
				snprintf(idtext, sizeof(idtext), "%lld",
				         (long long)(hub_ms - got_at));
				rc = store_meta_set(s, "clock_offset_ms", idtext, e);
			}
		}
	} else {
		rc = outcome_fail(&r, what, e);
	}
	http_result_release(&r);
	return rc;
}
