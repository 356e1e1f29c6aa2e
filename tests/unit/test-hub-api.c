/*
 * test-hub-api.c — the hub's four endpoints as a handheld (and a hostile
 * client) meets them: a real tally-hub on 127.0.0.1, real requests with
 * libcurl, the real database file looked at afterwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-http.h"
#include "tests/lib/hub-fixture.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DB_ID "5b6f0c1e-8f6a-4d4e-9a53-1f7c2d0e9b11"

struct fx {
	struct hub_fixture *hub;
	char token[80];
};

static const char *master =
    "{\"article\":[{\"id\":\"A1\",\"name\":\"Paracet\"},{\"id\":\"A2\",\"name\":\"Ibux\"},"
    "{\"id\":\"A3\",\"name\":\"Nalokson\",\"antidote\":1}],"
    "\"location\":[{\"id\":\"MED1\",\"name\":\"Medisinsk 1\",\"kind\":\"ward\"}],"
    "\"code\":[{\"code\":\"09521234543213\",\"article_id\":\"A1\"}]}";

static char *url(struct fx *f, const char *path)
{
	return tu_strfmt("%s%s", f->hub->h.url, path);
}

static struct tu_http post(struct fx *f, const char *path, const char *token, const char *body,
                           int flags)
{
	char *u = url(f, path);
	struct tu_http r = tu_http("POST", u, token, body, body ? strlen(body) : 0, flags, NULL);
	free(u);
	return r;
}

static struct tu_http get(struct fx *f, const char *path, const char *token)
{
	char *u = url(f, path);
	struct tu_http r = tu_http("GET", u, token, NULL, 0, 0, NULL);
	free(u);
	return r;
}

static json_t *parse(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	if (j == NULL)
		fail_msg("not JSON: %s", text);
	return j;
}

static void assert_error(struct tu_http *r, long status, const char *code)
{
	if (r->status != status)
		fail_msg("expected %ld %s, got %ld: %s", status, code, r->status, r->body);
	json_t *j = parse(r->body);
	assert_string_equal(json_string_value(json_object_get(j, "error")), code);
	assert_non_null(json_string_value(json_object_get(j, "message")));
	json_decref(j);
}

static void sql_exec(struct fx *f, const char *sql)
{
	hub_run_exec(f->hub->db, sql);
}

static void enroll(struct fx *f, const char *db_id, char *token_out)
{
	char *code = hub_run_code(f->hub->db, "MED1 handheld", f->hub->h.url);
	char *body = tu_strfmt("{\"code\":\"%s\",\"name\":\"MED1 handheld\",\"hw_id\":\"hw1\","
	                       "\"db_id\":\"%s\"}",
	                       code, db_id);
	struct tu_http r = post(f, "/v1/enroll", NULL, body, 0);
	if (r.status != 200)
		fail_msg("enroll: %ld %s", r.status, r.body);
	json_t *j = parse(r.body);
	snprintf(token_out, 80, "%s", json_string_value(json_object_get(j, "token")));
	json_decref(j);
	tu_http_free(&r);
	free(body);
	free(code);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->hub = hub_fixture_new(master);
	hub_run_start(&f->hub->h, f->hub->db, NULL);
	enroll(f, DB_ID, f->token);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	hub_fixture_free(f->hub);
	free(f);
	return 0;
}

/* A count event; `qty` varies the content. */
static json_t *event(long seq, const char *uuid, const char *loc, long qty)
{
	return json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:i,s:{}}", "seq", (int)seq, "uuid", uuid,
	                 "kind", "count", "device_time", "2026-11-23T08:15:02.123Z", "location_id",
	                 loc, "article_id", "A1", "qty", (int)qty, "data");
}

static char *events_body(const char *db_id, json_t *events)
{
	json_t *b = json_pack("{s:s,s:s,s:o}", "db_id", db_id, "device_time",
	                      "2026-11-23T09:30:00.250Z", "events", events);
	char *text = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	return text;
}

static json_t *push(struct fx *f, json_t *events, int flags)
{
	char *body = events_body(DB_ID, events);
	struct tu_http r = post(f, "/v1/events", f->token, body, flags);
	free(body);
	if (r.status != 200)
		fail_msg("push: %ld %s", r.status, r.body);
	json_t *j = parse(r.body);
	tu_http_free(&r);
	json_t *results = json_incref(json_object_get(j, "results"));
	assert_non_null(json_object_get(j, "server_time"));
	json_decref(j);
	return results;
}

static const char *status_of(json_t *results, size_t i)
{
	return json_string_value(json_object_get(json_array_get(results, i), "status"));
}

/* Is needle anywhere in the len bytes at hay? (memmem is GNU.) */
static int holds(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

static void enrolment_codes_work_once_and_are_rate_limited(void **state)
{
	struct fx *f = *state; /* setup enrolled once: attempt 1 */
	assert_int_equal(strlen(f->token), 64);
	char *code = hub_run_code(f->hub->db, "KIR2", f->hub->h.url);
	char *good = tu_strfmt("{\"code\":\"%s\",\"name\":\"KIR2\",\"db_id\":\"d2\"}", code);
	struct tu_http r = post(f, "/v1/enroll", NULL, good, 0); /* 2 */
	assert_int_equal(r.status, 200);
	json_t *j = parse(r.body);
	const char *token2 = json_string_value(json_object_get(j, "token"));
	assert_int_equal(strlen(token2), 64);
	/* A code made without --scope: the whole region, said as null. */
	assert_true(json_is_null(json_object_get(j, "scope")));
	assert_true(json_integer_value(json_object_get(j, "device_id")) == 2);
	char *t2 = tu_strfmt("%s", token2);
	json_decref(j);
	tu_http_free(&r);

	r = post(f, "/v1/enroll", NULL, good, 0); /* 3: used */
	assert_error(&r, 403, "enroll-code-invalid");
	tu_http_free(&r);
	r = post(f, "/v1/enroll", NULL, "{\"code\":\"2222-3333-4444\",\"db_id\":\"d3\"}",
	         0); /* 4 */
	assert_error(&r, 403, "enroll-code-invalid");
	tu_http_free(&r);
	char *code3 = hub_run_code(f->hub->db, "expired", f->hub->h.url);
	sql_exec(f, "UPDATE enroll_code SET expires_at = '2020-01-01T00:00:00.000Z' WHERE "
	            "used_at IS NULL");
	char *expired = tu_strfmt("{\"code\":\"%s\",\"db_id\":\"d4\"}", code3);
	r = post(f, "/v1/enroll", NULL, expired, 0); /* 5 */
	assert_error(&r, 403, "enroll-code-invalid");
	tu_http_free(&r);
	r = post(f, "/v1/enroll", NULL, expired, 0); /* 6 in a minute */
	assert_error(&r, 429, "rate-limited");
	tu_assert_contains(r.headers, "Retry-After: ");
	tu_http_free(&r);

	/* Tokens and codes are kept only as hashes, and never logged. */
	r = get(f, "/v1/health", t2);
	assert_int_equal(r.status, 200);
	tu_http_free(&r);
	size_t len;
	/* On PostgreSQL: the tables that could hold them, as text. */
	char *file = hub_run_pg() ? hub_run_query(f->hub->db, "SELECT CAST(d AS TEXT) FROM device d"
	                                                      " UNION ALL SELECT CAST(c AS TEXT)"
	                                                      " FROM enroll_code c")
	                          : tu_read_file(f->hub->db, &len),
	     *wal_path = tu_strfmt("%s-wal", f->hub->db);
	if (hub_run_pg())
		len = strlen(file);
	char *wal = access(wal_path, F_OK) == 0 ? tu_read_file(wal_path, NULL) : NULL;
	char *log = tu_read_file(f->hub->h.log, NULL);
	for (const char *secret = f->token, *k = NULL; secret != NULL;
	     secret = (k == NULL ? (k = t2)
	               : k == t2 ? (k = code)
	                         : NULL)) {
		assert_false(holds(file, len, secret));
		if (wal != NULL)
			assert_null(strstr(wal, secret));
		assert_null(strstr(log, secret));
	}
	assert_int_equal(
	    hub_run_count(f->hub->db, "SELECT count(*) FROM device WHERE length(token_hash) = 64"),
	    2);
	tu_assert_contains(log, "POST /v1/enroll 429");
	free(file);
	free(wal);
	free(wal_path);
	free(log);
	free(good);
	free(expired);
	free(code);
	free(code3);
	free(t2);
}

static void events_are_idempotent_and_never_overwritten(void **state)
{
	struct fx *f = *state;
	const char *u1 = "0f8e8a4c-55a2-4a53-9a1d-4d1f5f0e7d21",
	           *u2 = "a1b2c3d4-55a2-4a53-9a1d-4d1f5f0e7d22",
	           *u3 = "a1b2c3d4-55a2-4a53-9a1d-4d1f5f0e7d23";
	json_t *res =
	    push(f, json_pack("[o,o]", event(1, u1, "MED1", 4), event(2, u2, "NOWHERE", 1)), 0);
	assert_string_equal(status_of(res, 0), "accepted");
	assert_string_equal(status_of(res, 1), "accepted");
	assert_string_equal(json_string_value(json_object_get(json_array_get(res, 1), "flag")),
	                    "unknown-location");
	json_decref(res);

	json_t *art = event(9, "a1b2c3d4-55a2-4a53-9a1d-4d1f5f0e7d29", "MED1", 1);
	json_object_set_new(art, "article_id", json_string("NO-SUCH-ARTICLE"));
	res = push(f, json_pack("[o]", art), 0);
	assert_string_equal(status_of(res, 0), "accepted");
	assert_string_equal(json_string_value(json_object_get(json_array_get(res, 0), "flag")),
	                    "unknown-article");
	json_decref(res);

	/* The reply was lost: the same again is a duplicate, stored once. */
	res = push(f, json_pack("[o,o]", event(1, u1, "MED1", 4), event(2, u2, "NOWHERE", 1)), 0);
	assert_string_equal(status_of(res, 0), "duplicate");
	assert_string_equal(status_of(res, 1), "duplicate");
	json_decref(res);

	/* seq 1 with other content; seq 3 reusing seq 1's uuid; a bad one. */
	json_t *bad = json_pack("{s:i,s:s,s:s}", "seq", 4, "uuid", u3, "kind", "juggle");
	res = push(f, json_pack("[o,o,o]", event(1, u1, "MED1", 99), event(3, u1, "MED1", 4), bad),
	           0);
	assert_string_equal(status_of(res, 0), "rejected");
	tu_assert_contains(json_string_value(json_object_get(json_array_get(res, 0), "reason")),
	                   "conflict:");
	assert_string_equal(status_of(res, 1), "rejected");
	tu_assert_contains(json_string_value(json_object_get(json_array_get(res, 1), "reason")),
	                   "conflict:");
	assert_string_equal(status_of(res, 2), "rejected");
	tu_assert_contains(json_string_value(json_object_get(json_array_get(res, 2), "reason")),
	                   "invalid:");
	json_decref(res);
	assert_int_equal(hub_run_count(f->hub->db, "SELECT count(*) FROM event"), 3);
	assert_int_equal(hub_run_count(f->hub->db, "SELECT qty FROM event WHERE seq = 1"), 4);
	assert_int_equal(hub_run_count(f->hub->db,
	                               "SELECT count(*) FROM event WHERE flag = 'unknown-location' "
	                               "AND location_id = 'NOWHERE'"),
	                 1);
	/* Placed in time with the device's offset (its clock said 09:30:00.250 when it sent). */
	assert_true(hub_run_count(f->hub->db, "SELECT clock_offset_ms FROM device WHERE id = 1") !=
	            0);
	/* (the difference of two times in each engine's words) */
	const char *ms = hub_run_pg()
	                     ? "EXTRACT(EPOCH FROM CAST(placed_time AS TIMESTAMPTZ) -"
	                       " CAST(device_time AS TIMESTAMPTZ)) * 1000"
	                     : "(julianday(placed_time) - julianday(device_time)) * 86400000";
	char *q = tu_strfmt("SELECT count(*) FROM event, device WHERE device.id = 1 AND"
	                    " abs(%s - clock_offset_ms) < 1000",
	                    ms);
	assert_int_equal(hub_run_count(f->hub->db, q), 3);
	free(q);
	assert_int_equal(
	    hub_run_count(f->hub->db,
	                  "SELECT count(*) FROM device WHERE id = 1 AND last_seen IS NOT "
	                  "NULL"),
	    1);

	/* Another store behind the same token: 409, nothing stored. */
	char *body = events_body("another-db", json_pack("[o]", event(5, u3, "MED1", 1)));
	struct tu_http r = post(f, "/v1/events", f->token, body, 0);
	assert_error(&r, 409, "db-id-changed");
	tu_http_free(&r);
	/* No token, a wrong one. */
	r = post(f, "/v1/events", NULL, body, 0);
	assert_error(&r, 401, "unauthorized");
	tu_http_free(&r);
	char wrong[80];
	snprintf(wrong, sizeof(wrong), "%s", f->token);
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	r = post(f, "/v1/events", wrong, body, 0);
	assert_error(&r, 401, "unauthorized");
	tu_http_free(&r);
	r = get(f, "/v1/changes", wrong);
	assert_error(&r, 401, "unauthorized");
	tu_http_free(&r);
	free(body);
	assert_int_equal(hub_run_count(f->hub->db, "SELECT count(*) FROM event"), 3);
	char *log = tu_read_file(f->hub->h.log, NULL);
	assert_null(strstr(log, f->token));
	tu_assert_contains(log, "POST /v1/events 200 device=1");
	free(log);
}

static void oversized_and_malformed_bodies_are_refused(void **state)
{
	struct fx *f = *state;
	json_t *many = json_array();
	for (int i = 1; i <= 1001; i++) {
		char uuid[40];
		snprintf(uuid, sizeof(uuid), "00000000-0000-4000-8000-%012d", i);
		json_array_append_new(many, event(i, uuid, "MED1", 1));
	}
	char *body = events_body(DB_ID, many);
	struct tu_http r = post(f, "/v1/events", f->token, body, 0);
	assert_error(&r, 413, "too-large");
	tu_http_free(&r);
	free(body);

	size_t big = 1536 * 1024;
	char *huge = malloc(big + 1);
	memset(huge, ' ', big);
	huge[big] = '\0';
	memcpy(huge, "{\"db_id\":\"x\",\"events\":[]}", 25);
	r = post(f, "/v1/events", f->token, huge, 0);
	assert_error(&r, 413, "too-large");
	tu_http_free(&r);
	/* A gzip bomb: 16 MiB of spaces in a few kilobytes. */
	size_t bomb = 16 * 1024 * 1024, zlen;
	char *spaces = malloc(bomb);
	memset(spaces, ' ', bomb);
	memcpy(spaces, "{\"db_id\":\"x\",\"events\":[]}", 25);
	char *z = tu_gzip(spaces, bomb, &zlen);
	assert_true(zlen < 100000);
	char *u = url(f, "/v1/events");
	r = tu_http("POST", u, f->token, z, zlen, TU_HTTP_AS_GZIP, NULL);
	assert_error(&r, 413, "too-large");
	tu_http_free(&r);
	free(u);
	free(z);
	free(spaces);
	free(huge);

	char deep[256] = "{\"db_id\":\"" DB_ID "\",\"events\":[{\"data\":";
	for (int i = 0; i < 16; i++)
		strcat(deep, "[");
	for (int i = 0; i < 16; i++)
		strcat(deep, "]");
	strcat(deep, "}]}");
	r = post(f, "/v1/events", f->token, deep, 0);
	assert_error(&r, 400, "malformed");
	tu_http_free(&r);
	r = post(f, "/v1/events", f->token, "\x01garbage{{", 0);
	assert_error(&r, 400, "malformed");
	tu_http_free(&r);
	r = get(f, "/v1/changes?since=abc", f->token);
	assert_error(&r, 400, "malformed");
	tu_http_free(&r);
	r = get(f, "/v1/nothing", f->token);
	assert_error(&r, 404, "not-found");
	tu_http_free(&r);
	r = get(f, "/v1/events", f->token);
	assert_error(&r, 405, "method-not-allowed");
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->hub->db, "SELECT count(*) FROM event"), 0);
	/* The hub is still there. */
	r = get(f, "/v1/health", f->token);
	assert_int_equal(r.status, 200);
	tu_http_free(&r);
}

/* Page through /v1/changes with `limit` from `since`: all changes, in order. */
static json_t *pull_all(struct fx *f, long long since, int limit, long long *next, int *pages)
{
	json_t *all = json_array();
	*pages = 0;
	for (int more = 1; more;) {
		char *path = tu_strfmt("/v1/changes?since=%lld&limit=%d", since, limit);
		struct tu_http r = get(f, path, f->token);
		free(path);
		if (r.status != 200)
			fail_msg("changes: %ld %s", r.status, r.body);
		json_t *j = parse(r.body);
		json_array_extend(all, json_object_get(j, "changes"));
		since = json_integer_value(json_object_get(j, "next"));
		more = json_is_true(json_object_get(j, "more"));
		json_decref(j);
		tu_http_free(&r);
		(*pages)++;
	}
	*next = since;
	return all;
}

static void changes_page_and_keep_the_latest_of_each_row(void **state)
{
	struct fx *f = *state;
	long long next;
	int pages;
	json_t *all = pull_all(f, 0, 2, &next, &pages);
	assert_int_equal(json_array_size(all), 5);
	assert_int_equal(pages, 3);
	assert_int_equal(next, 5);
	json_t *first = json_array_get(all, 0);
	assert_string_equal(json_string_value(json_object_get(first, "table")), "article");
	assert_string_equal(json_string_value(json_object_get(first, "op")), "upsert");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(first, "row"), "name")), "Paracet");
	json_decref(all);

	/* A1 changed twice and A2 deleted: each appears once, after the cursor. */
	char *m = tu_path(f->hub->dir, "more.json");
	tu_write_file(m, "{\"article\":[{\"id\":\"A1\",\"name\":\"Paracetamol\"}]}");
	assert_int_equal(hub_run_import(f->hub->db, m), 0);
	tu_write_file(m, "{\"article\":[{\"id\":\"A1\",\"name\":\"Paracetamol 500 mg\"}],"
	                 "\"delete\":{\"article\":[{\"id\":\"A2\"}]}}");
	assert_int_equal(hub_run_import(f->hub->db, m), 0);
	free(m);
	all = pull_all(f, next, 1000, &next, &pages);
	assert_int_equal(json_array_size(all), 2);
	json_t *a1 = json_array_get(all, 0), *a2 = json_array_get(all, 1);
	assert_int_equal(json_integer_value(json_object_get(a1, "cursor")), 7);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a1, "row"), "name")),
	                    "Paracetamol 500 mg");
	assert_string_equal(json_string_value(json_object_get(a2, "op")), "delete");
	assert_string_equal(json_string_value(json_object_get(json_object_get(a2, "row"), "id")),
	                    "A2");
	json_decref(all);
	/* A fresh handheld gets exactly the current state. */
	all = pull_all(f, 0, 5000, &next, &pages);
	assert_int_equal(json_array_size(all), 5);
	json_decref(all);
}

static void gzip_both_ways(void **state)
{
	struct fx *f = *state;
	char *body = events_body(DB_ID, json_pack("[o]", event(1,
	                                                       "0f8e8a4c-55a2-4a53-9a1d-"
	                                                       "4d1f5f0e7d21",
	                                                       "MED1", 2)));
	char *u = url(f, "/v1/events");
	struct tu_http r = tu_http("POST", u, f->token, body, strlen(body),
	                           TU_HTTP_GZIP | TU_HTTP_ACCEPT_GZIP, NULL);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.headers, "Content-Encoding: gzip");
	tu_assert_contains(r.body, "\"accepted\"");
	tu_http_free(&r);
	free(u);
	free(body);
	u = url(f, "/v1/changes");
	r = tu_http("GET", u, f->token, NULL, 0, TU_HTTP_ACCEPT_GZIP, NULL);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.headers, "Content-Encoding: gzip");
	tu_assert_contains(r.body, "Nalokson");
	tu_http_free(&r);
	/* Not asked: not compressed. */
	r = tu_http("GET", u, f->token, NULL, 0, 0, NULL);
	assert_null(strstr(r.headers, "Content-Encoding"));
	tu_http_free(&r);
	free(u);
	assert_int_equal(hub_run_count(f->hub->db, "SELECT qty FROM event"), 2);
}

static void https_with_a_self_signed_certificate(void **state)
{
	struct fx *f = *state;
	if (system("command -v openssl >/dev/null 2>&1") != 0) {
		print_message(
		    "skipped: openssl (the command) is not installed, so HTTPS is not tested "
		    "here (packaging/setup-deps.sh installs it)\n");
		skip();
	}
	char *cert = tu_path(f->hub->dir, "cert.pem"), *key = tu_path(f->hub->dir, "key.pem");
	char *cmd = tu_strfmt("openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s "
	                      "-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
	                      ">/dev/null 2>&1",
	                      key, cert);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(hub_run_stop(&f->hub->h), 0);
	const char *extra[] = { "--tls-cert", cert, "--tls-key", key, NULL };
	hub_run_start(&f->hub->h, f->hub->db, extra);
	assert_true(strncmp(f->hub->h.url, "https://127.0.0.1:", 18) == 0);
	char *u = url(f, "/v1/health");
	struct tu_http r = tu_http("GET", u, f->token, NULL, 0, 0, cert);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "\"ok\":true");
	tu_http_free(&r);
	free(u);
	free(cmd);
	free(cert);
	free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(enrolment_codes_work_once_and_are_rate_limited,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(events_are_idempotent_and_never_overwritten, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(oversized_and_malformed_bodies_are_refused, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(changes_page_and_keep_the_latest_of_each_row, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(gzip_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(https_with_a_self_signed_certificate, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
