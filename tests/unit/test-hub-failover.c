/*
 * test-hub-failover.c — a hub on PostgreSQL with a streaming-replication
 * standby (tests/pg-cluster.sh start, standby --sync, promote: two real
 * clusters of this test's own), given both hosts in one connection string
 * with target_session_attrs=read-write, as docs/hub.md "High availability"
 * tells an IT department to run it.
 *
 * The primary is stopped at once (as in a crash) while a handheld keeps
 * pushing; until the standby is promoted every request answers 503 with
 * Retry-After, never 200 for something not kept; once it is promoted the
 * same hub process, never restarted, takes records again.  Replication is
 * synchronous, as the docs recommend, so every record acknowledged before
 * the crash is on the new primary; a handheld sending everything again gets
 * `duplicate` for what was acknowledged and `accepted` (or `duplicate`,
 * when the commit reached the standby but its reply was lost) for the
 * rest, never part of a batch; and the change feed goes on from the
 * cursor the handheld had.  The old primary, made again as a standby of
 * the new one, gets what the hub takes from then on.
 *
 * A standby named first in the connection string, still a standby, is
 * passed over for the primary, also when the string does not ask for
 * target_session_attrs=read-write (the hub asks for it unless told
 * otherwise: it only ever writes); a hub given the standby alone does not
 * start (EX_TEMPFAIL, saying why).
 *
 * It runs once per build (not in tests/pg-hub-tests: it makes its own
 * clusters rather than using the run's), and says "skipped: REASON" where
 * PostgreSQL is not installed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-http.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/pg-db.h"
#include "tests/lib/testutil.h"

#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { BATCHES = 600, N = 10 };

/* A handheld pushing batch after batch from a thread of its own. */
struct poster {
	const char *url, *token;
	int sent;          /* batches posted */
	volatile int stop; /* set once the new primary took records a while */
	long status[BATCHES];
	int retry_after[BATCHES];
};

/* What a test runs: two clusters under one short directory of /tmp
 * (their sockets' paths must fit a sockaddr_un; as root the server's
 * account must reach them), and the hub, stopped and removed afterwards
 * however the test ends. */
struct pair {
	char *top, *primary, *standby;
	char *db; /* the name the hub's helpers know its database by */
	struct hub_run hub;
	char *token; /* the handheld's */
	struct poster *pusher;
	pthread_t pushing; /* while pusher is set */
	int skipped;       /* PostgreSQL is not installed */
};

/* pg-cluster.sh VERB DIR [FROM --sync]: 0 done, 69 PostgreSQL is not
 * installed (its message in *why), anything else fails the test.  Every
 * standby here is a synchronous one (FROM: its primary).  Through
 * system(), not tu_run: a server started inherits what its starter has
 * open, and tu_run would wait for its pipes to close. */
static int cluster(const struct pair *p, char **why, const char *verb, const char *dir,
                   const char *from)
{
	char *script = tu_srcfile("tests/pg-cluster.sh"), *err = tu_path(p->top, "cluster.err");
	char *args =
	    from != NULL ? tu_strfmt("'%s' '%s' --sync", dir, from) : tu_strfmt("'%s'", dir);
	char *cmd =
	    tu_strfmt("bash '%s' %s %s </dev/null >/dev/null 2>'%s'", script, verb, args, err);
	free(args);
	int status = system(cmd);
	int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	char *text = tu_read_file(err, NULL);
	if (rc == 69 && why != NULL) {
		*why = text;
		text = NULL;
	} else if (rc != 0) {
		fail_msg("%s: status %d: %s", cmd, rc, text ? text : "");
	}
	free(text);
	free(cmd);
	free(err);
	free(script);
	return rc;
}

/* The test's state: a primary and its synchronous standby, both running
 * -- or, where PostgreSQL is not installed, a test that says so and
 * skips. */
static int pair_up(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));
	assert_non_null(p);
	*state = p;
	const char *reason = pg_test_skip_reason();
	if (reason != NULL) {
		printf("skipped: %s\n", reason);
		p->skipped = 1;
		return 0;
	}
	p->top = tu_strfmt("/tmp/tally-fo.XXXXXX");
	if (mkdtemp(p->top) == NULL || chmod(p->top, 0711) != 0)
		fail_msg("mkdtemp %s", p->top);
	p->primary = tu_path(p->top, "p");
	p->standby = tu_path(p->top, "s");
	p->db = tu_path(p->top, "hub.db");
	char *why = NULL;
	if (cluster(p, &why, "start", p->primary, NULL) == 69) {
		printf("skipped: %s", why);
		free(why);
		p->skipped = 1;
		return 0;
	}
	cluster(p, NULL, "standby", p->standby, p->primary);
	return 0;
}

static int pair_down(void **state)
{
	struct pair *p = *state;
	if (p->pusher != NULL) {
		p->pusher->stop = 1;
		pthread_join(p->pushing, NULL);
		free(p->pusher);
	}
	if (p->hub.pid > 0)
		hub_run_stop(&p->hub);
	if (p->top != NULL) {
		cluster(p, NULL, "stop", p->primary, NULL);
		cluster(p, NULL, "stop", p->standby, NULL);
		tu_rmtree(p->top);
	}
	free(p->top);
	free(p->primary);
	free(p->standby);
	free(p->db);
	free(p->token);
	free(p);
	return 0;
}

/* The hub's helpers (tests/lib/hub-run.h) work on this test's clusters:
 * their databases are made, and read, through a connection string naming
 * the hosts in this order, with `attrs` added ("" for none). */
static void hub_on(const char *first, const char *second, const char *attrs)
{
	char *pg = tu_strfmt("postgresql:///postgres?host=%s,%s&port=5432,5432&user=tally%s", first,
	                     second, attrs);
	setenv("TALLY_TEST_PG", pg, 1);
	setenv("TALLY_TEST_HUB_ENGINE", "postgresql", 1);
	free(pg);
}

#define READ_WRITE "&target_session_attrs=read-write"

/* The connection string of the hub's database on the one server in dir,
 * whatever it is now (a primary or a standby); malloc'd. */
static char *only_on(const char *dir, const char *db)
{
	char *where = hub_run_where(db);
	char *only = tu_strfmt("postgresql:///%.*s?host=%s&port=5432&user=tally",
	                       (int)strcspn(where + 14, "?"), where + 14, dir);
	free(where);
	return only;
}

/* `sql` run there. */
static struct tu_run sql_on(const char *dir, const char *db, const char *sql)
{
	char *only = only_on(dir, db);
	struct tu_run r = pg_test_sql(only, sql, 0);
	free(only);
	return r;
}

/* The number `sql` counts there. */
static long long count_on(const char *dir, const char *db, const char *sql)
{
	struct tu_run r = sql_on(dir, db, sql);
	if (r.status != 0)
		fail_msg("%s on %s: psql exit %d: %s", sql, dir, r.status, r.err);
	long long n = atoll(r.out);
	tu_run_free(&r);
	return n;
}

/* Wait (60 s at most) until `sql` counts `want` there: what was committed
 * on the primary has been replayed on the standby in dir. */
static void replayed(const char *dir, const char *db, const char *sql, long long want)
{
	for (int i = 0; i < 600; i++) {
		struct tu_run r = sql_on(dir, db, sql);
		int done = r.status == 0 && atoll(r.out) == want;
		tu_run_free(&r);
		if (done)
			return;
		usleep(100 * 1000);
	}
	fail_msg("%s on %s: not %lld after 60 s", sql, dir, want);
}

/* The hub's database, made and given one ward and one article. */
static void hub_prepare(const char *dir, const char *db)
{
	hub_run_init(db);
	char *region = tu_path(dir, "region.json");
	tu_write_file(region, "{\"location\": [{\"id\": \"W1\", \"name\": \"Ward 1\", \"kind\": "
	                      "\"ward\"}], \"article\": [{\"id\": \"A1\", \"name\": \"one\"}]}");
	assert_int_equal(hub_run_import(db, region), 0);
	free(region);
}

/* The hub serving, and an enrolled handheld's token. */
static char *hub_serve(struct hub_run *h, const char *db)
{
	hub_run_start(h, db, NULL);
	char *code = hub_run_code(db, "o1", h->url);
	char *body = tu_strfmt("{\"code\":\"%s\",\"db_id\":\"o1\"}", code);
	char *u = tu_strfmt("%s/v1/enroll", h->url);
	struct tu_http r = tu_http("POST", u, NULL, body, strlen(body), 0, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	char *token = tu_strfmt("%s", json_string_value(json_object_get(j, "token")));
	json_decref(j);
	tu_http_free(&r);
	free(u);
	free(body);
	free(code);
	return token;
}

/* Batch k: N records of the ward's one article, seq 1+k*N ... (k+1)*N;
 * the first a count of 1000+k packs, the rest a pack used each. */
static char *batch(int k)
{
	json_t *evs = json_array();
	for (int i = 0; i < N; i++) {
		int seq = 1 + k * N + i;
		char uuid[40], at[32];
		snprintf(uuid, sizeof(uuid), "0a7a9e00-0000-4000-8000-%012d", seq);
		snprintf(at, sizeof(at), "2026-11-30T01:%02d:%02d.%03dZ", k / 60 % 60, k % 60, i);
		json_array_append_new(
		    evs, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:i}", "seq", seq, "uuid", uuid,
		                   "kind", i == 0 ? "count" : "consume", "device_time", at, "user",
		                   "1001", "location_id", "W1", "article_id", "A1", "qty",
		                   i == 0 ? 1000 + k : 1));
	}
	json_t *doc = json_pack("{s:s,s:o}", "db_id", "o1", "events", evs);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return text;
}

/* POST /v1/events with batch k: the status; *retry_after 1 when the reply
 * says Retry-After; statuses[N] (when given) each record's result. */
static long post(const char *url, const char *token, int k, int *retry_after, char statuses[N][16])
{
	char *u = tu_strfmt("%s/v1/events", url), *body = batch(k);
	struct tu_http r = tu_http("POST", u, token, body, strlen(body), 0, NULL);
	long status = r.status;
	if (retry_after != NULL)
		*retry_after = r.headers != NULL && strstr(r.headers, "Retry-After:") != NULL;
	if (statuses != NULL) {
		memset(statuses, 0, N * 16);
		json_t *j = status == 200 ? json_loads(r.body, 0, NULL) : NULL;
		json_t *res = json_object_get(j, "results");
		for (size_t i = 0; i < json_array_size(res) && i < N; i++) {
			const char *v =
			    json_string_value(json_object_get(json_array_get(res, i), "status"));
			snprintf(statuses[i], 16, "%s", v != NULL ? v : "(none)");
		}
		json_decref(j);
	}
	tu_http_free(&r);
	free(body);
	free(u);
	return status;
}

/* GET /v1/changes?since=CURSOR: the status, and the reply's JSON. */
static long changes(const char *url, const char *token, long long since, json_t **doc)
{
	char *u = tu_strfmt("%s/v1/changes?since=%lld&limit=5000", url, since);
	struct tu_http r = tu_http("GET", u, token, NULL, 0, 0, NULL);
	long status = r.status;
	*doc = status == 200 ? json_loads(r.body, 0, NULL) : NULL;
	if (status != 200)
		*doc = json_pack("{s:b}", "retry_after",
		                 r.headers != NULL && strstr(r.headers, "Retry-After:") != NULL);
	tu_http_free(&r);
	free(u);
	return status;
}

/* The ward's stock of the article in a page of the change feed (-1: none). */
static long long stock_in(json_t *page)
{
	long long qty = -1;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(page, "changes"), i, c)
	{
		if (strcmp(json_string_value(json_object_get(c, "table")), "stock") == 0)
			qty = json_integer_value(json_object_get(json_object_get(c, "row"), "qty"));
	}
	return qty;
}

static void *post_all(void *arg)
{
	struct poster *p = arg;
	for (int k = 0; k < BATCHES && !p->stop; k++) {
		p->status[k] = post(p->url, p->token, k, &p->retry_after[k], NULL);
		p->sent = k + 1;
		usleep(20 * 1000);
	}
	return NULL;
}

static void a_promoted_standby_is_found_without_restarting_the_hub(void **state)
{
	struct pair *p = *state;
	if (p->skipped)
		skip();
	hub_on(p->primary, p->standby, READ_WRITE);
	const char *db = p->db;
	hub_prepare(p->top, db);
	const char *token = p->token = hub_serve(&p->hub, db);
	pid_t hub = p->hub.pid;

	/* The handheld has pulled what there was before the primary fails. */
	assert_int_equal(post(p->hub.url, token, BATCHES - 1, NULL, NULL), 200);
	json_t *page;
	assert_int_equal(changes(p->hub.url, token, 0, &page), 200);
	long long cursor = json_integer_value(json_object_get(page, "next"));
	assert_int_equal(stock_in(page), 1000 + BATCHES - 1 - (N - 1));
	json_decref(page);

	/* Batches keep coming while the primary fails (stopped at once, as in
	 * a crash) and, a while later, the standby is promoted. */
	struct poster *w = calloc(1, sizeof(*w));
	assert_non_null(w);
	w->url = p->hub.url;
	w->token = token;
	assert_int_equal(pthread_create(&p->pushing, NULL, post_all, w), 0);
	p->pusher = w;
	usleep(500 * 1000);
	cluster(p, NULL, "down", p->primary, NULL);

	/* Meanwhile no server takes writes: a push, and a pull, are told to
	 * come back later. */
	usleep(300 * 1000);
	int retry_after = 0;
	assert_int_equal(post(p->hub.url, token, BATCHES - 2, &retry_after, NULL), 503);
	assert_true(retry_after);
	assert_int_equal(changes(p->hub.url, token, cursor, &page), 503);
	assert_true(json_is_true(json_object_get(page, "retry_after")));
	json_decref(page);

	cluster(p, NULL, "promote", p->standby, NULL);
	sleep(2);
	w->stop = 1;
	pthread_join(p->pushing, NULL);
	p->pusher = NULL;

	/* The same process throughout: never restarted, never exited. */
	assert_int_equal(p->hub.pid, hub);
	assert_int_equal(waitpid(hub, NULL, WNOHANG), 0);

	int unavailable = 0, after = 0, sent = w->sent;
	for (int k = 0; k < sent; k++) {
		if (w->status[k] == 503) {
			assert_true(w->retry_after[k]); /* with Retry-After */
			unavailable++;
		} else {
			assert_int_equal(w->status[k], 200);
			if (unavailable > 0)
				after++;
		}
	}
	assert_true(unavailable > 0); /* the gap was met */
	assert_true(after > 0);       /* and the same hub took records after it */

	/* Everything acknowledged (200), before the crash or after the
	 * promotion, is on the new primary -- the standby that was; of a
	 * batch that got 503, all or nothing. */
	for (int k = 0; k < sent; k++) {
		char *sql = tu_strfmt("SELECT count(*) FROM event WHERE seq BETWEEN %d AND %d",
		                      1 + k * N, (k + 1) * N);
		long long n = count_on(p->standby, db, sql);
		free(sql);
		if (w->status[k] == 200)
			assert_int_equal(n, N);
		else
			assert_true(n == 0 || n == N);
	}

	/* The handheld sends everything again: what was acknowledged is a
	 * duplicate, what got 503 is taken now (or was kept after all, when
	 * its commit reached the standby as the primary went), a whole
	 * batch alike; every connection of the hub's pool works. */
	for (int k = 0; k < sent; k++) {
		char results[N][16];
		assert_int_equal(post(p->hub.url, token, k, NULL, results), 200);
		for (int i = 0; i < N; i++) {
			if (w->status[k] == 200)
				assert_string_equal(results[i], "duplicate");
			else
				assert_string_equal(results[i], results[0]);
		}
		assert_true(strcmp(results[0], "duplicate") == 0 ||
		            strcmp(results[0], "accepted") == 0);
	}
	assert_int_equal(count_on(p->standby, db, "SELECT count(*) FROM event"), (sent + 1) * N);

	/* A new batch, counted later than any before, is accepted, and the
	 * change feed goes on from the handheld's cursor with its stock. */
	char results[N][16];
	assert_int_equal(post(p->hub.url, token, BATCHES, NULL, results), 200);
	for (int i = 0; i < N; i++)
		assert_string_equal(results[i], "accepted");
	assert_int_equal(changes(p->hub.url, token, cursor, &page), 200);
	assert_true(json_integer_value(json_object_get(page, "next")) > cursor);
	assert_int_equal(stock_in(page), 1000 + BATCHES - (N - 1));
	json_decref(page);

	/* The old primary made again, as a synchronous standby of the new
	 * one (docs/hub.md); named first in the hub's connection string, it
	 * is passed over, and what the hub takes now reaches it too. */
	cluster(p, NULL, "stop", p->primary, NULL);
	cluster(p, NULL, "standby", p->primary, p->standby);
	assert_int_equal(post(p->hub.url, token, BATCHES + 1, NULL, results), 200);
	assert_string_equal(results[0], "accepted");
	replayed(p->primary, db, "SELECT count(*) FROM event", (sent + 3) * N);
	free(w);

	assert_int_equal(hub_run_stop(&p->hub), 0);
}

/* A hub whose database was made through the primary and has been
 * replayed on the standby, serving through `first` and `second` with
 * `attrs`; a handheld's token.  (A server that answers "no such database"
 * ends libpq's search: the next host is not tried.) */
static char *hub_through(struct pair *p, struct hub_run *h, const char *db, const char *first,
                         const char *second, const char *attrs)
{
	hub_on(p->primary, p->standby, READ_WRITE);
	hub_prepare(p->top, db);
	replayed(p->standby, db, "SELECT count(*) FROM location", 1);
	hub_on(first, second, attrs);
	return hub_serve(h, db);
}

static void a_standby_named_first_is_passed_over_for_the_primary(void **state)
{
	struct pair *p = *state;
	if (p->skipped)
		skip();
	const char *db = p->db;
	const char *token = p->token =
	    hub_through(p, &p->hub, db, p->standby, p->primary, READ_WRITE);
	char results[N][16];
	assert_int_equal(post(p->hub.url, token, 0, NULL, results), 200);
	assert_string_equal(results[0], "accepted");

	/* A second hub given the standby alone does not start (its unit
	 * starts it again until a server takes writes), and says why. */
	char *only = only_on(p->standby, db);
	char *argv[] = {
		"/usr/bin/timeout", "30", (char *)tu_hub_bin(), "--db", only, "serve", "--listen",
		"127.0.0.1:0",      NULL
	};
	char *env[] = { "TALLY_LANG=en", NULL };
	struct tu_run r = tu_run(argv, NULL, env);
	assert_int_equal(r.status, 75); /* EX_TEMPFAIL */
	tu_assert_contains(r.err, "cannot be reached");
	tu_assert_contains(r.err, "read-only");
	tu_run_free(&r);
	free(only);

	/* Written on the primary, through the standby named first. */
	assert_int_equal(count_on(p->primary, db, "SELECT count(*) FROM event"), N);
	assert_int_equal(hub_run_stop(&p->hub), 0);
}

/* The hub only ever writes: a connection string that does not say which
 * server it wants still gets the one that takes writes, rather than the
 * first that answers -- a standby, where every push would be a 503 for
 * as long as the standby stays one. */
static void without_target_session_attrs_the_hub_still_wants_the_primary(void **state)
{
	struct pair *p = *state;
	if (p->skipped)
		skip();
	const char *db = p->db;
	const char *token = p->token = hub_through(p, &p->hub, db, p->standby, p->primary, "");
	char results[N][16];
	for (int k = 0; k < 4; k++) {
		assert_int_equal(post(p->hub.url, token, k, NULL, results), 200);
		assert_string_equal(results[0], "accepted");
	}
	assert_int_equal(count_on(p->primary, db, "SELECT count(*) FROM event"), 4 * N);
	assert_int_equal(hub_run_stop(&p->hub), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    a_promoted_standby_is_found_without_restarting_the_hub, pair_up, pair_down),
		cmocka_unit_test_setup_teardown(
		    a_standby_named_first_is_passed_over_for_the_primary, pair_up, pair_down),
		cmocka_unit_test_setup_teardown(
		    without_target_session_attrs_the_hub_still_wants_the_primary, pair_up,
		    pair_down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
