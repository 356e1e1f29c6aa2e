/*
 * test-hub-security.c — what a hostile or broken handheld cannot do to the
 * hub: write records under another device's identity, overwrite another
 * device's record, find a token or an enrolment code in the hub's database
 * file or its log, or knock the hub over with a huge, compressed or deeply
 * nested body.  A real tally-hub on 127.0.0.1, requests as raw as an
 * attacker would send them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-http.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct device {
	char *token, *code, *db_id;
	long long id;
};

struct world {
	char *dir, *db;
	struct hub_run hub;
	struct device a, b;
};

static char *url(struct world *w, const char *path)
{
	return tu_strfmt("%s%s", w->hub.url, path);
}

static void enroll(struct world *w, struct device *d, const char *name, const char *db_id)
{
	d->code = hub_run_code(w->db, name, w->hub.url);
	d->db_id = strdup(db_id);
	char *body = tu_strfmt("{\"code\":\"%s\",\"name\":\"%s\",\"hw_id\":\"hw-%s\","
	                       "\"db_id\":\"%s\"}",
	                       d->code, name, name, db_id);
	char *u = url(w, "/v1/enroll");
	struct tu_http r = tu_http("POST", u, NULL, body, strlen(body), 0, NULL);
	if (r.status != 200)
		fail_msg("enrol %s: %ld %s", name, r.status, r.body);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	d->token = strdup(json_string_value(json_object_get(j, "token")));
	d->id = json_integer_value(json_object_get(j, "device_id"));
	assert_int_equal(strlen(d->token), 64);
	json_decref(j);
	tu_http_free(&r);
	free(u);
	free(body);
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	w->dir = tu_mkdtemp();
	w->db = tu_path(w->dir, "hub.db");
	hub_run_init(w->db);
	hub_run_start(&w->hub, w->db, NULL);
	enroll(w, &w->a, "handheld-a", "0a0a0a0a-0000-4000-8000-00000000000a");
	enroll(w, &w->b, "handheld-b", "0b0b0b0b-0000-4000-8000-00000000000b");
	assert_true(w->a.id != w->b.id);
	*state = w;
	return 0;
}

static void device_free(struct device *d)
{
	free(d->token);
	free(d->code);
	free(d->db_id);
}

static int teardown(void **state)
{
	struct world *w = *state;
	hub_run_stop(&w->hub);
	device_free(&w->a);
	device_free(&w->b);
	tu_rmtree(w->dir);
	free(w->dir);
	free(w->db);
	free(w);
	return 0;
}

/* POST /v1/events with `token`; the response (caller frees). */
static struct tu_http push(struct world *w, const char *token, const char *body)
{
	char *u = url(w, "/v1/events");
	struct tu_http r = tu_http("POST", u, token, body, strlen(body), 0, NULL);
	free(u);
	return r;
}

static char *event(long long seq, const char *uuid, long long qty, const char *extra)
{
	return tu_strfmt("{\"seq\":%lld,\"uuid\":\"%s\",\"kind\":\"count\","
	                 "\"device_time\":\"2026-11-23T08:15:02.123Z\",\"location_id\":\"W-MED1\","
	                 "\"article_id\":\"A-PARA\",\"qty\":%lld,\"data\":{}%s}",
	                 seq, uuid, qty, extra);
}

static char *batch(const char *db_id, const char *events, const char *extra)
{
	return tu_strfmt("{\"db_id\":\"%s\",\"device_time\":\"2026-11-23T08:15:03.000Z\"%s,"
	                 "\"events\":[%s]}",
	                 db_id, extra, events);
}

static long long q(struct world *w, const char *sql, const char *arg)
{
	if (hub_run_pg()) {
		/* psql takes no parameters: the argument (test data, quotes
		 * doubled) in place of the one '?'. */
		char *quoted = tu_strfmt("'%s'", arg != NULL ? arg : ""), *p;
		for (p = quoted + 1; arg != NULL && (p = strchr(p, '\'')) != NULL && p[1]; p += 2) {
			char *more = tu_strfmt("%.*s'%s", (int)(p - quoted), quoted, p);
			p = more + (p - quoted);
			free(quoted);
			quoted = more;
		}
		const char *mark = arg != NULL ? strchr(sql, '?') : NULL;
		const char *after = mark != NULL ? mark + 1 + strspn(mark + 1, "0123456789") : NULL;
		char *text = mark != NULL
		                 ? tu_strfmt("%.*s%s%s", (int)(mark - sql), sql, quoted, after)
		                 : tu_strfmt("%s", sql);
		char *out = hub_run_query(w->db, text);
		long long v = *out ? atoll(out) : -1;
		free(out);
		free(text);
		free(quoted);
		return v;
	}
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(w->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static const char *status_of(const char *body, size_t i)
{
	static char out[64];
	json_t *j = json_loads(body, 0, NULL);
	const char *s = json_string_value(
	    json_object_get(json_array_get(json_object_get(j, "results"), i), "status"));
	snprintf(out, sizeof out, "%s", s ? s : "(none)");
	json_decref(j);
	return out;
}

static void hub_alive(struct world *w)
{
	char *u = url(w, "/v1/health");
	struct tu_http r = tu_http("GET", u, w->a.token, NULL, 0, 0, NULL);
	assert_int_equal(r.status, 200);
	tu_http_free(&r);
	free(u);
}

/* A's token only ever lands records under A, whatever the body claims. */
static void a_token_writes_only_its_own_device(void **state)
{
	struct world *w = *state;
	char *dev_b = tu_strfmt(",\"device_id\":%lld", w->b.id);
	char *ev = event(1, "11111111-1111-4111-8111-111111111111", 5, dev_b);
	char *body = batch(w->a.db_id, ev, dev_b);
	struct tu_http r = push(w, w->a.token, body);
	assert_int_equal(r.status, 200);
	tu_http_free(&r);
	/* Accepted (extra keys are ignored) or rejected: never under B. */
	assert_true(q(w, "SELECT count(*) FROM event WHERE uuid = ?",
	              "11111111-1111-4111-8111-111111111111") <= 1);
	char *where_a = tu_strfmt("%lld", w->a.id);
	assert_int_equal(
	    q(w, "SELECT count(*) FROM event WHERE device_id <> CAST(?1 AS INTEGER)", where_a), 0);
	free(where_a);
	free(body);
	free(ev);

	/* A's token with B's store identity: refused, nothing lands anywhere. */
	ev = event(2, "22222222-2222-4222-8222-222222222222", 1, "");
	body = batch(w->b.db_id, ev, "");
	r = push(w, w->a.token, body);
	assert_int_equal(r.status, 409);
	tu_assert_contains(r.body, "db-id-changed");
	tu_http_free(&r);
	assert_int_equal(q(w, "SELECT count(*) FROM event WHERE uuid = ?",
	                   "22222222-2222-4222-8222-222222222222"),
	                 0);
	free(body);
	free(ev);
	free(dev_b);
}

/* B reusing A's record UUID, or the same seq, never overwrites A's record. */
static void b_cannot_overwrite_a(void **state)
{
	struct world *w = *state;
	const char *uuid = "33333333-3333-4333-8333-333333333333";
	char *ev = event(1, uuid, 7, "");
	char *body = batch(w->a.db_id, ev, "");
	struct tu_http r = push(w, w->a.token, body);
	assert_int_equal(r.status, 200);
	assert_string_equal(status_of(r.body, 0), "accepted");
	tu_http_free(&r);
	free(body);
	free(ev);

	/* B sends a record with A's UUID and another quantity. */
	ev = event(1, uuid, 999, "");
	body = batch(w->b.db_id, ev, "");
	r = push(w, w->b.token, body);
	assert_int_equal(r.status, 200);
	assert_string_equal(status_of(r.body, 0), "rejected");
	tu_http_free(&r);
	free(body);
	free(ev);
	assert_int_equal(q(w, "SELECT qty FROM event WHERE uuid = ?", uuid), 7);
	assert_int_equal(q(w, "SELECT device_id FROM event WHERE uuid = ?", uuid), w->a.id);

	/* B's own seq 1 is its own record, beside A's seq 1. */
	ev = event(1, "44444444-4444-4444-8444-444444444444", 2, "");
	body = batch(w->b.db_id, ev, "");
	r = push(w, w->b.token, body);
	assert_int_equal(r.status, 200);
	assert_string_equal(status_of(r.body, 0), "accepted");
	tu_http_free(&r);
	assert_int_equal(q(w, "SELECT device_id FROM event WHERE uuid = ?",
	                   "44444444-4444-4444-8444-444444444444"),
	                 w->b.id);
	assert_int_equal(q(w, "SELECT qty FROM event WHERE uuid = ?", uuid), 7);
	free(body);
	free(ev);
}

static int file_contains(const char *path, const char *needle)
{
	size_t len;
	char *data = tu_read_file(path, &len);
	if (data == NULL)
		return 0;
	size_t n = strlen(needle);
	int found = 0;
	for (size_t i = 0; i + n <= len && !found; i++)
		found = memcmp(data + i, needle, n) == 0;
	free(data);
	return found;
}

/* test-hub-api checks that the tokens and codes the hub hands out are kept
 * only hashed and never logged.  Here: what a client *presents* is not
 * echoed either — a wrong token, an unknown or used code — and the second
 * device's token is in neither the database, its WAL and shared memory,
 * nor the log. */
static void presented_secrets_are_not_echoed(void **state)
{
	struct world *w = *state;
	char *ev = event(1, "66666666-6666-4666-8666-666666666666", 1, "");
	char *body = batch(w->a.db_id, ev, "");
	const char *bogus = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
	struct tu_http r = push(w, bogus, body);
	assert_int_equal(r.status, 401);
	tu_http_free(&r);
	char *u = url(w, "/v1/enroll");
	const char *codes[] = { w->a.code, "ZZZZ-YYYY-XXXX" };
	for (size_t i = 0; i < 2; i++) {
		char *again = tu_strfmt("{\"code\":\"%s\",\"name\":\"x\",\"hw_id\":\"x\","
		                        "\"db_id\":\"%s\"}",
		                        codes[i], w->a.db_id);
		r = tu_http("POST", u, NULL, again, strlen(again), 0, NULL);
		assert_int_equal(r.status, 403);
		assert_null(strstr(r.body, codes[i]));
		tu_http_free(&r);
		free(again);
	}
	const char *suffix[] = { "", "-wal", "-shm" };
	const char *secrets[] = { w->a.token, w->b.token, w->a.code, w->b.code };
	for (size_t f = 0; f < 3; f++) {
		char *path = tu_strfmt("%s%s", w->db, suffix[f]);
		for (size_t s = 0; s < 4; s++)
			if (file_contains(path, secrets[s]))
				fail_msg("%s holds the secret %s", path, secrets[s]);
		free(path);
	}
	if (hub_run_pg()) {
		/* No file: the tables that could hold them, as text. */
		char *rows = hub_run_query(w->db, "SELECT CAST(d AS TEXT) FROM device d UNION ALL"
		                                  " SELECT CAST(c AS TEXT) FROM enroll_code c");
		assert_non_null(strstr(rows, w->a.db_id)); /* it is the hub's data */
		for (size_t s = 0; s < 4; s++)
			if (strstr(rows, secrets[s]) != NULL)
				fail_msg("the hub's tables hold the secret %s", secrets[s]);
		free(rows);
	}
	char *log = strdup(w->hub.log);
	hub_run_stop(&w->hub); /* everything it will write is in the log now */
	char *text = tu_read_file(log, NULL);
	assert_non_null(text);
	tu_assert_contains(text, "POST /v1/events 401"); /* it did log those requests */
	tu_assert_contains(text, "POST /v1/enroll 403");
	free(text);
	const char *logged[] = { w->a.token, w->b.token, w->a.code,
		                 w->b.code,  bogus,      "ZZZZ-YYYY-XXXX" };
	for (size_t s = 0; s < sizeof logged / sizeof *logged; s++)
		if (file_contains(log, logged[s]))
			fail_msg("the hub's log holds the secret %s", logged[s]);
	hub_run_start(&w->hub, w->db, NULL);
	free(log);
	free(u);
	free(body);
	free(ev);
}

/* A body of n bytes: a valid empty batch padded with spaces. */
static char *padded(struct world *w, size_t n)
{
	char *head = batch(w->a.db_id, "", "");
	size_t hl = strlen(head);
	assert_true(n >= hl);
	char *b = malloc(n + 1);
	memcpy(b, head, hl);
	memset(b + hl, ' ', n - hl);
	b[n] = '\0';
	free(head);
	return b;
}

/* test-hub-api shows 1001 events, 1.5 MiB, a gzip bomb and 19 levels are
 * refused.  Here the edges: exactly 1 MiB (plain and inflated) is taken and
 * one byte more is not; 16 levels are taken and 17 are not; and 100000
 * levels neither crash the hub nor exhaust its stack. */
static void bounds_hold_at_their_edges(void **state)
{
	struct world *w = *state;
	char *u = url(w, "/v1/events");
	const size_t mib = 1024 * 1024;
	for (int flags = 0; flags <= TU_HTTP_GZIP; flags += TU_HTTP_GZIP) {
		for (size_t extra = 0; extra <= 1; extra++) {
			char *b = padded(w, mib + extra);
			struct tu_http r =
			    tu_http("POST", u, w->a.token, b, mib + extra, flags, NULL);
			if (r.status != (extra ? 413 : 200))
				fail_msg("a body of 1 MiB + %zu (%s) got %ld: %s", extra,
				         flags ? "gzip" : "plain", r.status, r.body);
			tu_http_free(&r);
			free(b);
		}
	}
	hub_alive(w);

	/* An event is at level 3 (body, events, event): `deep` adds k more. */
	const int ks[] = { 13, 14, 100000 };
	const long want[] = { 200, 400, 400 };
	for (size_t d = 0; d < 3; d++) {
		size_t k = (size_t)ks[d];
		char *nest = malloc(2 * k + 1);
		memset(nest, '[', k);
		memset(nest + k, ']', k);
		nest[2 * k] = '\0';
		char *extra = tu_strfmt(",\"deep\":%s", nest);
		char uuid[37];
		snprintf(uuid, sizeof uuid, "88888888-8888-4888-8888-%012zu", k);
		char *ev = event(5000 + (long long)d, uuid, 1, extra);
		char *body = batch(w->a.db_id, ev, "");
		struct tu_http r = tu_http("POST", u, w->a.token, body, strlen(body), 0, NULL);
		if (r.status != want[d])
			fail_msg("%zu levels got %ld, expected %ld: %s", k + 3, r.status, want[d],
			         r.body);
		if (want[d] == 400)
			tu_assert_contains(r.body, "malformed");
		tu_http_free(&r);
		hub_alive(w);
		assert_int_equal(q(w, "SELECT count(*) FROM event WHERE uuid = ?", uuid),
		                 want[d] == 200);
		free(body);
		free(ev);
		free(extra);
		free(nest);
	}
	free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_token_writes_only_its_own_device, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(b_cannot_overwrite_a, setup, teardown),
		cmocka_unit_test_setup_teardown(presented_secrets_are_not_echoed, setup, teardown),
		cmocka_unit_test_setup_teardown(bounds_hold_at_their_edges, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
