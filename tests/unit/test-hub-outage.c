/*
 * test-hub-outage.c — a hub on PostgreSQL whose database server goes away
 * in the middle of ingest and comes back (tests/pg-cluster.sh down, up):
 * requests meanwhile answer 503 with Retry-After, no batch is stored in
 * part, and the same hub process, never restarted, takes records again
 * once the server is back; what got 503 is taken when sent again.
 *
 * A SQLite hub has no database server to lose: there it says so and
 * skips.  It runs in the PostgreSQL run of tests/pg-hub-tests.
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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { BATCHES = 400, N = 10 };

/* The cluster's directory: the host= of TALLY_TEST_PG (a Unix socket's). */
static char *cluster_dir(void)
{
	const char *pg = getenv("TALLY_TEST_PG"), *h = pg != NULL ? strstr(pg, "host=") : NULL;
	if (h == NULL)
		fail_msg("TALLY_TEST_PG names no host=DIR: %s", pg ? pg : "(unset)");
	return tu_strfmt("%.*s", (int)strcspn(h + 5, "&"), h + 5);
}

static void cluster(const char *verb)
{
	char *dir = cluster_dir(), *script = tu_srcfile("tests/pg-cluster.sh");
	/* Through system(), not tu_run: the server started inherits what
	 * its starter has open, and tu_run would wait for its pipes to close. */
	char *cmd = tu_strfmt("bash '%s' %s '%s' </dev/null >/dev/null 2>&1", script, verb, dir);
	int status = system(cmd);
	if (status != 0)
		fail_msg("%s: status %d", cmd, status);
	free(cmd);
	free(script);
	free(dir);
}

static char *batch(int k)
{
	json_t *evs = json_array();
	for (int i = 0; i < N; i++) {
		int seq = 1 + k * N + i;
		char uuid[40];
		snprintf(uuid, sizeof(uuid), "0a7a9e00-0000-4000-8000-%012d", seq);
		json_array_append_new(evs,
		                      json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:i}", "seq", seq,
		                                "uuid", uuid, "kind", "consume", "device_time",
		                                "2026-11-30T01:00:00.000Z", "user", "1001",
		                                "location_id", "W1", "article_id", "A1", "qty", 1));
	}
	json_t *doc = json_pack("{s:s,s:o}", "db_id", "o1", "events", evs);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return text;
}

struct poster {
	const char *url, *token;
	int sent;           /* batches posted */
	volatile int *stop; /* set once the server is back a while */
	long status[BATCHES];
	int retry_after[BATCHES];
};

static long post(const char *url, const char *token, int k, int *retry_after)
{
	char *u = tu_strfmt("%s/v1/events", url), *body = batch(k);
	struct tu_http r = tu_http("POST", u, token, body, strlen(body), 0, NULL);
	long status = r.status;
	if (retry_after != NULL)
		*retry_after = r.headers != NULL && strstr(r.headers, "Retry-After:") != NULL;
	tu_http_free(&r);
	free(body);
	free(u);
	return status;
}

static void *post_all(void *arg)
{
	struct poster *p = arg;
	for (int k = 0; k < BATCHES && !*p->stop; k++) {
		p->status[k] = post(p->url, p->token, k, &p->retry_after[k]);
		p->sent = k + 1;
		usleep(20 * 1000);
	}
	return NULL;
}

static long long stored(const char *db, int k)
{
	char *sql = tu_strfmt("SELECT count(*) FROM event WHERE seq BETWEEN %d AND %d", 1 + k * N,
	                      (k + 1) * N);
	long long n = hub_run_count(db, sql);
	free(sql);
	return n;
}

static void the_database_going_away_mid_ingest_is_a_503_and_the_hub_comes_back(void **state)
{
	(void)state;
	if (!hub_run_pg()) {
		printf("skipped: a SQLite hub has no database server to lose (this test runs with "
		       "the hub on PostgreSQL)\n");
		skip();
	}
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "hub.db");
	hub_run_init(db);
	char *region = tu_path(dir, "region.json");
	tu_write_file(region, "{\"location\": [{\"id\": \"W1\", \"name\": \"Ward 1\", \"kind\": "
	                      "\"ward\"}], \"article\": [{\"id\": \"A1\", \"name\": \"one\"}]}");
	assert_int_equal(hub_run_import(db, region), 0);
	struct hub_run h;
	hub_run_start(&h, db, NULL);
	char *code = hub_run_code(db, "o1", h.url);
	char *body = tu_strfmt("{\"code\":\"%s\",\"db_id\":\"o1\"}", code);
	char *u = tu_strfmt("%s/v1/enroll", h.url);
	struct tu_http r = tu_http("POST", u, NULL, body, strlen(body), 0, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	char *token = tu_strfmt("%s", json_string_value(json_object_get(j, "token")));
	json_decref(j);
	tu_http_free(&r);

	/* Batches keep coming while the server goes down and comes back. */
	volatile int stop = 0;
	struct poster p = { .url = h.url, .token = token, .stop = &stop };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, post_all, &p), 0);
	usleep(400 * 1000);
	cluster("down");
	/* A load balancer asks /v1/health which hub to send handhelds to:
	 * one without its database says so (503, Retry-After), and says it is
	 * well again once the database is back. */
	char *hu = tu_strfmt("%s/v1/health", h.url);
	struct tu_http health = tu_http("GET", hu, NULL, NULL, 0, 0, NULL);
	assert_int_equal(health.status, 503);
	assert_non_null(strstr(health.headers, "Retry-After:"));
	tu_assert_contains(health.body, "\"ok\":false");
	tu_http_free(&health);
	sleep(1);
	cluster("up");
	sleep(2);
	health = tu_http("GET", hu, NULL, NULL, 0, 0, NULL);
	assert_int_equal(health.status, 200);
	tu_assert_contains(health.body, "\"ok\":true");
	tu_http_free(&health);
	free(hu);
	stop = 1;
	pthread_join(t, NULL);

	int unavailable = 0, after = 0, sent = p.sent;
	for (int k = 0; k < sent; k++) {
		if (p.status[k] == 503) {
			assert_true(p.retry_after[k]); /* with Retry-After */
			unavailable++;
		} else {
			assert_int_equal(p.status[k], 200);
			if (unavailable > 0)
				after++;
		}
	}
	assert_true(unavailable > 0); /* the outage was met */
	assert_true(after > 0);       /* and the same hub took records after it */
	/* Never a batch in part: all of it, or (503) none of it -- or all,
	 * when the server committed as it went away and the reply was lost. */
	for (int k = 0; k < sent; k++) {
		long long n = stored(db, k);
		if (p.status[k] == 200)
			assert_int_equal(n, N);
		else
			assert_true(n == 0 || n == N);
	}
	/* Sent again, what got 503 is taken (or found there already). */
	for (int k = 0; k < sent; k++)
		if (p.status[k] == 503)
			assert_int_equal(post(h.url, token, k, NULL), 200);
	assert_int_equal(hub_run_count(db, "SELECT count(*) FROM event"), sent * N);
	/* Every connection of the hub's pool works again. */
	for (int k = 0; k < 8; k++)
		assert_int_equal(post(h.url, token, k, NULL), 200);
	assert_int_equal(hub_run_stop(&h), 0);

	tu_rmtree(dir);
	free(dir);
	free(db);
	free(region);
	free(code);
	free(body);
	free(u);
	free(token);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    the_database_going_away_mid_ingest_is_a_503_and_the_hub_comes_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
