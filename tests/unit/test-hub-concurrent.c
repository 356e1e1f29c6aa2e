/*
 * test-hub-concurrent.c — several `tally-hub serve` processes on one
 * database, as a region runs them behind a load balancer, and the
 * guarantees under real concurrent writers (issue 18):
 *
 *   - exactly once: the same batch posted to two hubs at the same moment
 *     is stored once; every record is `accepted` by one and `duplicate`
 *     from the other;
 *   - the change feed never skips: importers write through while readers
 *     page through both hubs; each reader's last cursor for every row is
 *     the hub's final change log, and cursors only ever go up;
 *   - reconciliation stays right when two hubs ingest records of the same
 *     place at once;
 *   - reconciling one place holds up no other: while another transaction
 *     holds a ward's lock, a push of that ward's records waits and one of
 *     another ward's goes through whole (PostgreSQL only).
 *
 * Run on SQLite (one file, two processes) and, from tests/pg-hub-tests,
 * on PostgreSQL, where the last three are what the places' locks
 * (hub/place-lock.h) and the change log's lock (hub/changelog.h) are
 * for.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-http.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"
#include "hub/place-lock.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct two {
	char *dir, *db;
	struct hub_run a, b;
};

static struct two *two_hubs(void)
{
	struct two *t = calloc(1, sizeof(*t));
	t->dir = tu_mkdtemp();
	t->db = tu_path(t->dir, "hub.db");
	hub_run_init(t->db);
	char *region = tu_path(t->dir, "region.json");
	tu_write_file(region, "{\"location\": [{\"id\": \"W1\", \"name\": \"Ward 1\", \"kind\": "
	                      "\"ward\"}, {\"id\": \"W2\", \"name\": \"Ward 2\", \"kind\": "
	                      "\"ward\"}], \"article\": [{\"id\": \"A1\", \"name\": \"one\"}, "
	                      "{\"id\": \"A2\", \"name\": \"two\"}]}");
	assert_int_equal(hub_run_import(t->db, region), 0);
	free(region);
	hub_run_start(&t->a, t->db, NULL);
	hub_run_start(&t->b, t->db, NULL);
	return t;
}

static void two_free(struct two *t)
{
	assert_int_equal(hub_run_stop(&t->a), 0);
	assert_int_equal(hub_run_stop(&t->b), 0);
	tu_rmtree(t->dir);
	free(t->dir);
	free(t->db);
	free(t);
}

/* Enrol a device through hub url; its token (malloc'd). */
static char *enrol(struct two *t, const char *url, const char *db_id)
{
	char *code = hub_run_code(t->db, db_id, url);
	char *body = tu_strfmt("{\"code\":\"%s\",\"db_id\":\"%s\"}", code, db_id);
	char *u = tu_strfmt("%s/v1/enroll", url);
	struct tu_http r = tu_http("POST", u, NULL, body, strlen(body), 0, NULL);
	if (r.status != 200)
		fail_msg("enroll: %ld %s", r.status, r.body);
	json_t *j = json_loads(r.body, 0, NULL);
	char *token = tu_strfmt("%s", json_string_value(json_object_get(j, "token")));
	json_decref(j);
	tu_http_free(&r);
	free(u);
	free(body);
	free(code);
	return token;
}

struct post {
	const char *url, *token, *body;
	struct tu_http reply;
	pthread_barrier_t *start;
};

static void *post_events(void *arg)
{
	struct post *p = arg;
	char *u = tu_strfmt("%s/v1/events", p->url);
	pthread_barrier_wait(p->start);
	p->reply = tu_http("POST", u, p->token, p->body, strlen(p->body), 0, NULL);
	free(u);
	return NULL;
}

/* A batch of n records of device db_id from seq `first`: a count of 1000
 * of A1 at location `at` (when count), then consumptions of 1, a minute
 * apart from `minute`. */
static char *batch_at(const char *at, const char *db_id, int first, int n, int count, int minute)
{
	json_t *evs = json_array();
	for (int i = 0; i < n; i++) {
		int seq = first + i, m = minute + i;
		char uuid[40], when[48];
		snprintf(uuid, sizeof(uuid), "%08x-0000-4000-8000-%012d",
		         (unsigned)db_id[1] * 7919u, seq);
		snprintf(when, sizeof(when), "2026-11-30T%02d:%02d:00.000Z", 1 + m / 60, m % 60);
		int is_count = count && i == 0;
		json_array_append_new(
		    evs,
		    json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:i}", "seq", seq, "uuid", uuid, "kind",
		              is_count ? "count" : "consume", "device_time", when, "user", "1001",
		              "location_id", at, "article_id", "A1", "qty", is_count ? 1000 : 1));
	}
	json_t *doc = json_pack("{s:s,s:o}", "db_id", db_id, "events", evs);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return text;
}

/* The same at W1. */
static char *batch(const char *db_id, int first, int n, int count, int minute)
{
	return batch_at("W1", db_id, first, n, count, minute);
}

/* Post two bodies at the same moment, one to each hub. */
static void at_once(struct two *t, struct post *p, const char *tok_a, const char *body_a,
                    const char *tok_b, const char *body_b)
{
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, 2);
	p[0] = (struct post){ .url = t->a.url, .token = tok_a, .body = body_a, .start = &start };
	p[1] = (struct post){ .url = t->b.url, .token = tok_b, .body = body_b, .start = &start };
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, post_events, &p[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);
	for (int i = 0; i < 2; i++)
		if (p[i].reply.status != 200)
			fail_msg("hub %d answered %ld: %s", i, p[i].reply.status, p[i].reply.body);
}

static int count_status(const char *body, const char *status)
{
	json_t *j = json_loads(body, 0, NULL);
	size_t i;
	json_t *r;
	int n = 0;
	json_array_foreach(json_object_get(j, "results"), i, r) n +=
	    strcmp(json_string_value(json_object_get(r, "status")), status) == 0;
	json_decref(j);
	return n;
}

static void the_same_batch_to_two_hubs_at_once_is_stored_once(void **state)
{
	(void)state;
	struct two *t = two_hubs();
	char *token = enrol(t, t->a.url, "d1");
	enum { ROUNDS = 8, N = 40 };
	for (int k = 0; k < ROUNDS; k++) {
		char *body = batch("d1", 1 + k * N, N, k == 0, k * N);
		struct post p[2];
		at_once(t, p, token, body, token, body);
		/* Each record: accepted by one hub, a duplicate from the other. */
		int acc = count_status(p[0].reply.body, "accepted") +
		          count_status(p[1].reply.body, "accepted");
		int dup = count_status(p[0].reply.body, "duplicate") +
		          count_status(p[1].reply.body, "duplicate");
		assert_int_equal(acc, N);
		assert_int_equal(dup, N);
		tu_http_free(&p[0].reply);
		tu_http_free(&p[1].reply);
		free(body);
	}
	assert_int_equal(hub_run_count(t->db, "SELECT count(*) FROM event"), ROUNDS * N);
	/* 1000 counted, one used a minute for every record after it. */
	assert_int_equal(hub_run_count(t->db, "SELECT qty FROM onhand WHERE location_id = 'W1'"
	                                      " AND article_id = 'A1'"),
	                 1000 - (ROUNDS * N - 1));
	free(token);
	two_free(t);
}

static void two_hubs_ingesting_one_place_reconcile_right(void **state)
{
	(void)state;
	struct two *t = two_hubs();
	char *ta = enrol(t, t->a.url, "d1"), *tb = enrol(t, t->b.url, "d2");
	/* Device 1 counts 1000 and then uses some; device 2 uses some at the
	 * same place in between; the batches cross at the two hubs. */
	enum { ROUNDS = 6, N = 10 };
	for (int k = 0; k < ROUNDS; k++) {
		char *a = batch("d1", 1 + k * N, N, k == 0, k * 2 * N);
		char *b = batch("d2", 1 + k * N, N, 0, k * 2 * N + N);
		struct post p[2];
		at_once(t, p, ta, a, tb, b);
		assert_int_equal(count_status(p[0].reply.body, "accepted"), N);
		assert_int_equal(count_status(p[1].reply.body, "accepted"), N);
		tu_http_free(&p[0].reply);
		tu_http_free(&p[1].reply);
		free(a);
		free(b);
	}
	/* Every record after the count takes one: 2 × ROUNDS × N − 1 of them
	 * (device 2's first batch comes after the count in time). */
	assert_int_equal(hub_run_count(t->db, "SELECT qty FROM onhand WHERE location_id = 'W1'"
	                                      " AND article_id = 'A1'"),
	                 1000 - (2 * ROUNDS * N - 1));
	/* ... and the stock row the handhelds pull says the same. */
	assert_int_equal(hub_run_count(t->db, "SELECT qty FROM stock WHERE location_id = 'W1'"
	                                      " AND article_id = 'A1'"),
	                 1000 - (2 * ROUNDS * N - 1));
	free(ta);
	free(tb);
	two_free(t);
}

struct importer {
	const char *dir, *db;
	int id, failed;
};

enum { IMPORT_ROUNDS = 6, IMPORT_ROWS = 60, IMPORTERS = 3 };

static void *import_rounds(void *arg)
{
	struct importer *im = arg;
	for (int k = 0; k < IMPORT_ROUNDS; k++) {
		json_t *rows = json_array();
		for (int i = 0; i < IMPORT_ROWS; i++) {
			char id[32], name[64];
			/* Half the rows change every round, half are new. */
			if (i % 2)
				snprintf(id, sizeof(id), "I%d-B%03d", im->id, i);
			else
				snprintf(id, sizeof(id), "I%d-N%02d-%03d", im->id, k, i);
			snprintf(name, sizeof(name), "importer %d round %d row %d", im->id, k, i);
			json_array_append_new(rows, json_pack("{s:s,s:s}", "id", id, "name", name));
		}
		json_t *doc = json_pack("{s:o}", "article", rows);
		char *path = tu_strfmt("%s/import-%d-%d.json", im->dir, im->id, k);
		json_dump_file(doc, path, 0);
		json_decref(doc);
		if (hub_run_import(im->db, path) != 0)
			im->failed++;
		free(path);
	}
	return NULL;
}

/* Pull one page after *since into seen (article id → cursor); more? */
static int pull_page(const char *base, const char *token, long long *since, json_t *seen,
                     long long *last)
{
	char *u = tu_strfmt("%s/v1/changes?since=%lld&limit=23", base, *since);
	struct tu_http r = tu_http("GET", u, token, NULL, 0, 0, NULL);
	free(u);
	if (r.status != 200)
		fail_msg("changes: %ld %s", r.status, r.body);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(j, "changes"), i, c)
	{
		long long cur = json_integer_value(json_object_get(c, "cursor"));
		assert_true(cur > *last); /* cursors only ever go up */
		*last = cur;
		const char *id =
		    json_string_value(json_object_get(json_object_get(c, "row"), "id"));
		if (strcmp(json_string_value(json_object_get(c, "table")), "article") == 0)
			json_object_set_new(seen, id, json_integer(cur));
	}
	*since = json_integer_value(json_object_get(j, "next"));
	int more = json_is_true(json_object_get(j, "more"));
	json_decref(j);
	tu_http_free(&r);
	return more;
}

static void readers_never_skip_while_importers_write(void **state)
{
	(void)state;
	struct two *t = two_hubs();
	char *token = enrol(t, t->a.url, "r1");
	struct importer im[IMPORTERS];
	pthread_t th[IMPORTERS];
	for (int i = 0; i < IMPORTERS; i++) {
		im[i] = (struct importer){ .dir = t->dir, .db = t->db, .id = i };
		assert_int_equal(pthread_create(&th[i], NULL, import_rounds, &im[i]), 0);
	}
	/* Two readers (one through each hub), paging until the importers are
	 * done and then once more to the end. */
	json_t *seen[2] = { json_object(), json_object() };
	long long since[2] = { 0, 0 }, last[2] = { 0, 0 };
	const char *url[2] = { t->a.url, t->b.url };
	int pages = 0;
	for (int finished = 0; finished < 2;) {
		int running = hub_run_count(t->db, "SELECT count(*) FROM article") <
		              2 + IMPORTERS * (IMPORT_ROWS / 2 + IMPORT_ROUNDS * IMPORT_ROWS / 2);
		for (int r = 0; r < 2; r++) {
			pull_page(url[r], token, &since[r], seen[r], &last[r]);
			pages++;
		}
		if (!running)
			finished++;
	}
	for (int i = 0; i < IMPORTERS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(im[i].failed, 0);
	}
	for (int r = 0; r < 2; r++)
		while (pull_page(url[r], token, &since[r], seen[r], &last[r]))
			;
	assert_true(pages > 2 * IMPORT_ROUNDS); /* it really did read while they wrote */
	/* Every row's last change, at the cursor each reader last saw it. */
	char *rows = hub_run_query(t->db, "SELECT key, cursor FROM change WHERE tbl = 'article'"),
	     *save = NULL;
	size_t n = 0;
	for (char *line = strtok_r(rows, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *bar = strchr(line, '|');
		assert_non_null(bar);
		*bar = '\0';
		for (int r = 0; r < 2; r++) {
			json_t *c = json_object_get(seen[r], line);
			if (c == NULL)
				fail_msg("reader %d never saw %s", r, line);
			assert_int_equal(json_integer_value(c), atoll(bar + 1));
		}
		n++;
	}
	free(rows);
	assert_int_equal(n, 2 + IMPORTERS * (IMPORT_ROWS / 2 + IMPORT_ROUNDS * IMPORT_ROWS / 2));
	for (int r = 0; r < 2; r++) {
		assert_int_equal(json_object_size(seen[r]), n);
		json_decref(seen[r]);
	}
	free(token);
	two_free(t);
}

/* Another session holding a PostgreSQL advisory lock, as a hub's
 * transaction holds it while it reconciles: psql in a transaction of its
 * own, open until place_release. */
static FILE *place_hold(const char *db, int64_t key)
{
	char *where = hub_run_where(db);
	char *cmd = tu_strfmt("exec \"${TALLY_TEST_PG_BINDIR:+$TALLY_TEST_PG_BINDIR/}psql\" -X -q"
	                      " -v ON_ERROR_STOP=1 '%s' >/dev/null",
	                      where);
	FILE *psql = popen(cmd, "w");
	assert_non_null(psql);
	fprintf(psql, "BEGIN;\nSELECT pg_advisory_xact_lock(%lld);\n", (long long)key);
	fflush(psql);
	free(cmd);
	free(where);
	return psql;
}

static void place_release(FILE *psql)
{
	fputs("COMMIT;\n", psql);
	assert_int_equal(pclose(psql), 0);
}

/* Sessions holding (granted 1) or waiting for (granted 0) advisory lock
 * key, as pg_locks shows a bigint key: its halves in classid and objid. */
static long long lock_sessions(const char *db, int64_t key, int granted)
{
	uint64_t k = (uint64_t)key;
	char *sql =
	    tu_strfmt("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
	              " AND classid = %u AND objid = %u AND objsubid = 1 AND %sgranted",
	              (unsigned)(k >> 32), (unsigned)(k & 0xffffffffu), granted ? "" : "NOT ");
	long long n = hub_run_count(db, sql);
	free(sql);
	return n;
}

/* Wait up to a minute for lock_sessions to reach 1. */
static void await_lock(const char *db, int64_t key, int granted)
{
	for (int i = 0; i < 600 && lock_sessions(db, key, granted) < 1; i++)
		usleep(100 * 1000);
	if (lock_sessions(db, key, granted) < 1)
		fail_msg("no session %s lock %lld after a minute", granted ? "holds" : "waits for",
		         (long long)key);
}

static void reconciling_one_place_holds_up_no_other(void **state)
{
	(void)state;
	if (!hub_run_pg()) {
		printf("skipped: on SQLite one hub process writes at a time, by design (this test "
		       "runs with the hub on PostgreSQL)\n");
		skip();
	}
	struct two *t = two_hubs();
	char *ta = enrol(t, t->a.url, "d1"), *tb = enrol(t, t->b.url, "d2");
	enum { N = 20 };
	/* W1 is being reconciled by someone else, who has not committed. */
	int64_t w1 = place_lock_key("W1");
	FILE *held = place_hold(t->db, w1);
	await_lock(t->db, w1, 1);

	/* A push of W1 records through hub a waits for W1 ... */
	char *a = batch_at("W1", "d1", 1, N, 1, 0);
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, 1);
	struct post pa = { .url = t->a.url, .token = ta, .body = a, .start = &go };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, post_events, &pa), 0);
	await_lock(t->db, w1, 0);

	/* ... while a push of W2 records through hub b goes through whole,
	 * its figure and its stock change with it. */
	char *b = batch_at("W2", "d2", 1, N, 1, 0);
	char *u = tu_strfmt("%s/v1/events", t->b.url);
	struct tu_http rb = tu_http("POST", u, tb, b, strlen(b), 0, NULL);
	if (rb.status != 200)
		fail_msg("hub b answered %ld: %s", rb.status, rb.body);
	assert_int_equal(count_status(rb.body, "accepted"), N);
	assert_int_equal(hub_run_count(t->db, "SELECT qty FROM stock WHERE location_id = 'W2'"
	                                      " AND article_id = 'A1'"),
	                 1000 - (N - 1));
	assert_int_equal(hub_run_count(t->db, "SELECT count(*) FROM change WHERE tbl = 'stock'"
	                                      " AND loc = 'W2'"),
	                 1);
	/* W1's push is still waiting, none of it visible. */
	assert_int_equal(lock_sessions(t->db, w1, 0), 1);
	assert_int_equal(
	    hub_run_count(t->db, "SELECT count(*) FROM event WHERE location_id = 'W1'"), 0);

	/* Released, it goes through too. */
	place_release(held);
	pthread_join(th, NULL);
	pthread_barrier_destroy(&go);
	if (pa.reply.status != 200)
		fail_msg("hub a answered %ld: %s", pa.reply.status, pa.reply.body);
	assert_int_equal(count_status(pa.reply.body, "accepted"), N);
	assert_int_equal(hub_run_count(t->db, "SELECT qty FROM stock WHERE location_id = 'W1'"
	                                      " AND article_id = 'A1'"),
	                 1000 - (N - 1));
	/* The change log's cursors in commit order: W2's change came first. */
	assert_int_equal(
	    hub_run_count(t->db, "SELECT count(*) FROM change a JOIN change b"
	                         " ON a.tbl = 'stock' AND b.tbl = 'stock'"
	                         " AND a.loc = 'W2' AND b.loc = 'W1' AND a.cursor < b.cursor"),
	    1);
	tu_http_free(&pa.reply);
	tu_http_free(&rb);
	free(u);
	free(a);
	free(b);
	free(ta);
	free(tb);
	two_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_same_batch_to_two_hubs_at_once_is_stored_once),
		cmocka_unit_test(two_hubs_ingesting_one_place_reconcile_right),
		cmocka_unit_test(readers_never_skip_while_importers_write),
		cmocka_unit_test(reconciling_one_place_holds_up_no_other),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
