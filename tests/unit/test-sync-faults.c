/*
 * test-sync-faults.c — nothing is lost or doubled whatever the network does.
 *
 * A real tally-hub with the ward fixture, a real handheld store enrolled
 * through tests/helpers/faultproxy, and for each fault: a few new records,
 * `tally sync --once` through the fault (it must say "retry later", 75),
 * then through a healthy proxy until it succeeds.  After every step the
 * invariant is checked on the two SQLite files themselves: every record the
 * handheld marked sent is in the hub's event table exactly once, with its
 * seq and quantity; the hub holds nothing the handheld does not have; no
 * record is ever there twice.  Where the fault hit after the hub's commit
 * (the reply was lost), the resend must come back `duplicate`.
 *
 * The client's timeouts are short ([hub] connect_timeout_s, timeout_s in a
 * tally.conf of the test), so the whole sweep stays well under a minute.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "tests/lib/faultproxy-run.h"
#include "tests/lib/testutil.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define PER_ROUND 3 /* records appended before each fault */

struct world {
	char *dir, *hub_db, *client_db, *conf, *hub_out, *hub_err;
	pid_t hub_pid;
	int hub_port;
	struct faultproxy proxy;
};

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* --- the hub ------------------------------------------------------------- */

static struct tu_run hub(struct world *w, const char *a1, const char *a2, const char *a3,
                         const char *a4)
{
	char *argv[] = { (char *)tu_hub_bin(), "--db",     w->hub_db,  (char *)a1,
		         (char *)a2,           (char *)a3, (char *)a4, NULL };
	return tu_run(argv, NULL, (char *[]){ "TALLY_LANG=en", NULL });
}

/* `tally-hub serve` on a free port, on the same database each time. */
static void hub_start(struct world *w)
{
	int out = open(w->hub_out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int err = open(w->hub_err, O_WRONLY | O_CREAT | O_APPEND, 0600);
	assert_true(out >= 0 && err >= 0);
	w->hub_pid = fork();
	assert_true(w->hub_pid >= 0);
	if (w->hub_pid == 0) {
		/* A setup that fails half-way skips world_down: the hub then
		 * ends with this test rather than serving on. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(out, 1);
		dup2(err, 2);
		putenv("TALLY_LANG=en");
		execl(tu_hub_bin(), tu_hub_bin(), "--db", w->hub_db, "serve", "--listen",
		      "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	close(out);
	close(err);
	w->hub_port = 0;
	for (int i = 0; i < 1000 && w->hub_port == 0; i++) {
		char *text = tu_read_file(w->hub_out, NULL);
		const char *at = text ? strstr(text, "listening on http://127.0.0.1:") : NULL;
		if (at != NULL && strchr(at, '\n') != NULL)
			w->hub_port = atoi(at + strlen("listening on http://127.0.0.1:"));
		free(text);
		if (w->hub_port == 0) {
			if (waitpid(w->hub_pid, NULL, WNOHANG) == w->hub_pid) {
				char *log = tu_read_file(w->hub_err, NULL);
				fail_msg("tally-hub serve exited:\n%s", log);
			}
			sleep_ms(10);
		}
	}
	if (w->hub_port == 0)
		fail_msg("tally-hub serve did not say where it listens within 10 s");
}

/* Wait for the hub to end; its exit status, or 128 + signal. */
static int hub_reap(struct world *w)
{
	int st = 0;
	while (waitpid(w->hub_pid, &st, 0) < 0 && errno == EINTR)
		;
	w->hub_pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void hub_stop(struct world *w)
{
	if (w->hub_pid > 0) {
		kill(w->hub_pid, SIGTERM);
		hub_reap(w);
	}
}

/* --- the handheld --------------------------------------------------------- */

static struct tu_run tally(struct world *w, const char *a1, const char *a2)
{
	/* Enrolment makes the handheld's store: ask for it, as a user does. */
	const char *create = strcmp(a1, "enroll") == 0 ? "--create" : "--lang=en";
	char *argv[] = { (char *)tu_tally_bin(),
		         (char *)create,
		         "--db",
		         w->client_db,
		         "--config",
		         w->conf,
		         "--lang",
		         "en",
		         (char *)a1,
		         (char *)a2,
		         NULL };
	return tu_run(argv, NULL, NULL);
}

static void append_records(struct world *w, int n, char uuids[][37])
{
	struct tally_err e = { 0 };
	struct store *s = store_open(w->client_db, &e);
	if (s == NULL)
		fail_msg("store_open: %s", e.msg);
	static int64_t qty = 0;
	for (int i = 0; i < n; i++) {
		struct record_in in = { .kind = REC_COUNT,
			                .user = "1001",
			                .location_id = "W-MED1",
			                .article_id = "A-PARA",
			                .code = "]E009521234543213",
			                .qty = ++qty };
		if (store_append(s, &in, NULL, uuids[i], &e) != 0)
			fail_msg("store_append: %s", e.msg);
	}
	store_close(s);
}

/* --- the invariant -------------------------------------------------------- */

static sqlite3 *hub_ro(struct world *w)
{
	sqlite3 *db;
	if (sqlite3_open_v2(w->hub_db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("open the hub database: %s", sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static int64_t hub_int(sqlite3 *db, const char *sql, const char *text)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (text != NULL)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	int64_t v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t hub_copies(struct world *w, const char *uuid)
{
	sqlite3 *db = hub_ro(w);
	int64_t n = hub_int(db, "SELECT count(*) FROM event WHERE uuid = ?", uuid);
	sqlite3_close(db);
	return n;
}

/*
 * Every record the handheld marked sent is on the hub once, with its seq
 * and quantity; a pending one is there at most once (its reply may have been
 * lost); the hub has nothing else, and no (device, db_id, seq) twice.
 * With all_sent, nothing may be pending any more.
 */
static void check_invariant(struct world *w, int all_sent, const char *when)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(w->client_db, &e);
	if (s == NULL)
		fail_msg("store_open: %s", e.msg);
	struct record *recs = NULL;
	size_t n = 0;
	if (store_records(s, 0, 0, 100000, &recs, &n, &e) != 0)
		fail_msg("store_records: %s", e.msg);
	sqlite3 *db = hub_ro(w);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT count(*), min(seq), min(qty) FROM event "
	                                    "WHERE uuid = ?",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	int64_t on_hub = 0;
	for (size_t i = 0; i < n; i++) {
		const struct record *r = &recs[i];
		sqlite3_bind_text(st, 1, r->uuid, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		int64_t copies = sqlite3_column_int64(st, 0);
		if (copies > 1)
			fail_msg("%s: record %lld (%s) is on the hub %lld times", when,
			         (long long)r->seq, r->uuid, (long long)copies);
		if (r->state == SYNC_REJECTED)
			fail_msg("%s: record %lld was rejected: %s", when, (long long)r->seq,
			         r->reason ? r->reason : "");
		if (r->state == SYNC_SENT && copies != 1)
			fail_msg("%s: record %lld is marked sent but the hub does not have it",
			         when, (long long)r->seq);
		if (all_sent && r->state != SYNC_SENT)
			fail_msg("%s: record %lld is still pending after a good sync", when,
			         (long long)r->seq);
		if (copies == 1) {
			assert_int_equal(sqlite3_column_int64(st, 1), r->seq);
			assert_int_equal(sqlite3_column_int64(st, 2), r->qty);
			on_hub++;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	int64_t total = hub_int(db, "SELECT count(*) FROM event", NULL);
	if (total != on_hub)
		fail_msg("%s: the hub holds %lld events, the handheld knows %lld of them", when,
		         (long long)total, (long long)on_hub);
	assert_int_equal(hub_int(db,
	                         "SELECT count(*) FROM (SELECT 1 FROM event GROUP BY device_id, "
	                         "db_id, seq HAVING count(*) > 1)",
	                         NULL),
	                 0);
	sqlite3_close(db);
	records_free(recs, n);
	store_close(s);
}

/* --- what went over the wire --------------------------------------------- */

/* The body of an HTTP message (after the blank line), un-gzipped when the
 * headers say so; malloc'd, NUL-terminated. */
static char *http_body(const char *msg, size_t len, size_t *body_len)
{
	const char *blank = strstr(msg, "\r\n\r\n");
	assert_non_null(blank);
	const char *body = blank + 4;
	size_t n = len - (size_t)(body - msg);
	char *out = malloc(n + 1);
	memcpy(out, body, n);
	out[n] = '\0';
	*body_len = n;
	char *head = strndup(msg, (size_t)(blank - msg));
	for (char *p = head; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	int gz = strstr(head, "\ncontent-encoding: gzip") != NULL;
	free(head);
	if (!gz)
		return out;
	size_t cap = 1 << 20;
	char *plain = malloc(cap);
	z_stream z = { 0 };
	assert_int_equal(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
	z.next_in = (unsigned char *)out;
	z.avail_in = (uInt)n;
	z.next_out = (unsigned char *)plain;
	z.avail_out = (uInt)(cap - 1);
	int rc = inflate(&z, Z_FINISH);
	assert_true(rc == Z_STREAM_END);
	*body_len = z.total_out;
	plain[z.total_out] = '\0';
	inflateEnd(&z);
	free(out);
	return plain;
}

/* The last connection of the current proxy run that carried `request_line`
 * (e.g. "POST /v1/events "), or 0. */
static unsigned last_conn_with_now(struct world *w, const char *request_line)
{
	unsigned found = 0, last = faultproxy_last_conn(&w->proxy);
	for (unsigned id = 1; id <= last; id++) {
		char *up = faultproxy_captured(&w->proxy, id, "up", NULL);
		if (up != NULL && strncmp(up, request_line, strlen(request_line)) == 0)
			found = id;
		free(up);
	}
	return found;
}

/* Where the current proxy run's lines begin in its log. */
static size_t last_start(struct world *w)
{
	char *log = faultproxy_log(&w->proxy);
	size_t at = 0;
	for (const char *p = log; (p = strstr(p, "listening on ")) != NULL; p++)
		at = (size_t)(p - log);
	free(log);
	return at;
}

/* last_conn_with_now, once that connection has ended: its captures are
 * whole. */
static unsigned last_conn_with(struct world *w, const char *request_line)
{
	unsigned found = last_conn_with_now(w, request_line);
	char *line = tu_strfmt("conn %u close ", found);
	if (found > 0 && !faultproxy_wait_log(&w->proxy, line, last_start(w), 3000))
		fail_msg("connection %u through the proxy did not end", found);
	free(line);
	return found;
}

/* Every result of the response on connection `id` has this status. */
static void expect_all_results(struct world *w, unsigned id, const char *status, int count)
{
	size_t len, blen;
	char *down = faultproxy_captured(&w->proxy, id, "down", &len);
	assert_non_null(down);
	tu_assert_contains(down, "HTTP/1.1 200");
	char *body = http_body(down, len, &blen);
	json_error_t je;
	json_t *j = json_loads(body, 0, &je);
	if (j == NULL)
		fail_msg("the hub's answer is not JSON (%s): %s", je.text, body);
	json_t *results = json_object_get(j, "results");
	assert_int_equal(json_array_size(results), (size_t)count);
	size_t i;
	json_t *it;
	json_array_foreach(results, i, it)
	{
		const char *got = json_string_value(json_object_get(it, "status"));
		if (got == NULL || strcmp(got, status) != 0)
			fail_msg("result %zu is \"%s\", expected \"%s\": %s", i, got ? got : "?",
			         status, body);
	}
	json_decref(j);
	free(body);
	free(down);
}

/* --- one round: fault, then heal ----------------------------------------- */

enum hub_after { HUB_NONE, HUB_ALL, HUB_EITHER };

/* A dead proxy would turn every later check into noise: stop at once. */
static void proxy_alive(struct world *w)
{
	int st;
	if (waitpid(w->proxy.pid, &st, WNOHANG) == w->proxy.pid) {
		w->proxy.pid = 0;
		fail_msg("faultproxy died (status %d)", st);
	}
}

/* Sync through a healthy proxy until it succeeds (a few tries at most). */
static void heal(struct world *w, const char *what)
{
	proxy_alive(w);
	faultproxy_set(&w->proxy, "");
	struct tu_run r = { 0 };
	for (int i = 0; i < 3; i++) {
		tu_run_free(&r);
		r = tally(w, "sync", "--once");
		if (r.status == 0)
			break;
	}
	if (r.status != 0)
		fail_msg("%s: sync through a healthy network exits %d:\n%s%s", what, r.status,
		         r.out, r.err);
	tu_run_free(&r);
	check_invariant(w, 1, what);
}

/*
 * Append PER_ROUND records, sync once with `fault` on the next connection
 * (the push), expect "retry later"; check what the hub holds of the new
 * records; then heal.  Returns whether the hub had committed them.
 */
static int fault_round(struct world *w, const char *fault, enum hub_after after)
{
	char uuids[PER_ROUND][37];
	append_records(w, PER_ROUND, uuids);
	char *line = tu_strfmt("once %s\n", fault);
	faultproxy_set(&w->proxy, line);
	struct tu_run r = tally(w, "sync", "--once");
	proxy_alive(w);
	if (r.status != 75)
		fail_msg("%s: tally sync --once exits %d, expected 75 (retry later):\n%s%s", fault,
		         r.status, r.out, r.err);
	tu_run_free(&r);
	int committed = 0;
	for (int i = 0; i < PER_ROUND; i++)
		committed += (int)hub_copies(w, uuids[i]);
	if (after == HUB_NONE && committed != 0)
		fail_msg("%s: the hub committed %d records of a request it never got whole", fault,
		         committed);
	if (after == HUB_ALL && committed != PER_ROUND)
		fail_msg("%s: the hub holds %d of %d records it answered for", fault, committed,
		         PER_ROUND);
	check_invariant(w, 0, fault);
	heal(w, fault);
	free(line);
	return committed == PER_ROUND;
}

/* --- the tests ------------------------------------------------------------ */

/* tests/fixtures/ward.json is a change feed ([{table, op, row}, ...]); the
 * hub imports tables ({"article": [row, ...], ...}): the same rows, regrouped.
 * Returns the path of the file written in dir. */
static char *ward_tables(const char *dir)
{
	char *src = tu_srcfile("tests/fixtures/ward.json");
	json_error_t je;
	json_t *feed = json_load_file(src, 0, &je);
	if (!json_is_array(feed))
		fail_msg("%s: %s", src, je.text);
	json_t *tables = json_object();
	size_t i;
	json_t *ch;
	json_array_foreach(feed, i, ch)
	{
		const char *table = json_string_value(json_object_get(ch, "table"));
		const char *op = json_string_value(json_object_get(ch, "op"));
		if (table == NULL || op == NULL || strcmp(op, "upsert") != 0)
			continue;
		json_t *rows = json_object_get(tables, table);
		if (rows == NULL) {
			rows = json_array();
			json_object_set_new(tables, table, rows);
		}
		json_array_append(rows, json_object_get(ch, "row"));
	}
	char *path = tu_path(dir, "ward-tables.json");
	assert_int_equal(json_dump_file(tables, path, 0), 0);
	json_decref(tables);
	json_decref(feed);
	free(src);
	return path;
}

static void world_free(struct world *w)
{
	tu_rmtree(w->dir);
	free(w->dir);
	free(w->hub_db);
	free(w->client_db);
	free(w->conf);
	free(w->hub_out);
	free(w->hub_err);
	free(w);
}

static int world_up(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	w->dir = tu_mkdtemp();
	w->hub_db = tu_path(w->dir, "hub.db");
	w->client_db = tu_path(w->dir, "tally.db");
	w->conf = tu_path(w->dir, "tally.conf");
	w->hub_out = tu_path(w->dir, "hub.out");
	w->hub_err = tu_path(w->dir, "hub.err");
	/* Short timeouts: a stalled exchange gives up in 2 s, not a minute. */
	tu_write_file(w->conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 2\n");

	/* A hub that cannot init is a broken hub: every test below fails with
	 * its message, none is skipped. */
	struct tu_run r = hub(w, "init", NULL, NULL, NULL);
	if (r.status != 0)
		fail_msg("tally-hub init exits %d: %s", r.status, r.err);
	tu_run_free(&r);
	char *ward = ward_tables(w->dir);
	r = hub(w, "import", ward, NULL, NULL);
	if (r.status != 0)
		fail_msg("tally-hub import: %s", r.err);
	tu_run_free(&r);
	free(ward);

	hub_start(w);
	faultproxy_start(&w->proxy, w->hub_port, w->dir);
	char *url = tu_strfmt("http://127.0.0.1:%d", w->proxy.port);
	r = hub(w, "enroll-code", "ward handheld", "--url", url);
	if (r.status != 0)
		fail_msg("tally-hub enroll-code: %s", r.err);
	char *qr = strstr(r.out, "tally://enroll?");
	if (qr == NULL)
		fail_msg("no tally://enroll text in:\n%s", r.out);
	qr = strndup(qr, strcspn(qr, " \r\n"));
	tu_run_free(&r);
	r = tally(w, "enroll", qr);
	if (r.status != 0)
		fail_msg("tally enroll %s exits %d: %s", qr, r.status, r.err);
	tu_run_free(&r);
	free(qr);
	free(url);

	/* A first batch through a healthy network. */
	char uuids[PER_ROUND][37];
	append_records(w, PER_ROUND, uuids);
	heal(w, "first sync");
	*state = w;
	return 0;
}

static int world_down(void **state)
{
	struct world *w = *state;
	if (w == NULL)
		return 0;
	faultproxy_stop(&w->proxy);
	hub_stop(w);
	world_free(w);
	return 0;
}

/* The request never arrives whole: the hub must commit nothing of it. */
static void reset_while_sending(void **state)
{
	struct world *w = *state;
	const char *places[] = { "0", "1", "header-end", "body-middle", "last" };
	for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
		char *fault = tu_strfmt("reset-request %s", places[i]);
		fault_round(w, fault, HUB_NONE);
		free(fault);
	}
}

/* The hub committed and answered; the answer is lost at some byte.  The
 * resend must come back duplicate and nothing may be doubled. */
static void reset_while_answering(void **state)
{
	struct world *w = *state;
	const char *places[] = { "0", "header-end", "body-middle", "last" };
	for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
		char *fault = tu_strfmt("reset-response %s", places[i]);
		fault_round(w, fault, HUB_ALL);
		unsigned resend = last_conn_with(w, "POST /v1/events ");
		assert_true(resend > 0);
		expect_all_results(w, resend, "duplicate", PER_ROUND);
		free(fault);
	}
}

static void answer_lost_other_ways(void **state)
{
	struct world *w = *state;
	const char *faults[] = {
		"delay-response 3000", /* beyond timeout_s = 2 */
		"trickle 300",         /* too slow to finish before the timeout */
		"truncate body-middle", "truncate header-end",
		"garbage 200",          "garbage-200", /* a 200 whose body is not the protocol */
	};
	for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
		fault_round(w, faults[i], HUB_ALL);
		unsigned resend = last_conn_with(w, "POST /v1/events ");
		expect_all_results(w, resend, "duplicate", PER_ROUND);
	}
}

/* The sync state of the record with this uuid on the handheld. */
static enum sync_state client_state(struct world *w, const char *uuid)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(w->client_db, &e);
	if (s == NULL)
		fail_msg("store_open: %s", e.msg);
	struct record *recs = NULL;
	size_t n = 0;
	if (store_records(s, 0, 0, 100000, &recs, &n, &e) != 0)
		fail_msg("store_records: %s", e.msg);
	int state = -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(recs[i].uuid, uuid) == 0)
			state = (int)recs[i].state;
	records_free(recs, n);
	store_close(s);
	if (state < 0)
		fail_msg("the handheld has no record %s", uuid);
	return (enum sync_state)state;
}

/*
 * One sync in two batches (batch_records = 2) on one kept-alive connection,
 * the second exchange broken.  The first batch stays marked sent.  When the
 * connection dies before any byte of the second reply, libcurl itself may
 * resend the request on a fresh connection (it does so for a reused one), so
 * the sync may even succeed: then, if the hub had committed, that resend was
 * answered duplicate.  Otherwise the second batch waits, pending, and its
 * resend is a duplicate exactly when the hub had committed it.
 */
static void fault_in_the_second_batch(void **state)
{
	struct world *w = *state;
	tu_write_file(w->conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 2\nbatch_records = 2\n");
	const struct {
		const char *fault;
		int may_succeed; /* libcurl may resend by itself */
		int committed;   /* the hub committed the second batch */
	} cases[] = {
		{ "reset-response last request=2", 0, 1 },
		{ "reset-response start request=2", 1, 1 },
		{ "reset-request body-middle request=2", 1, 0 },
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		const char *fault = cases[c].fault;
		char uuids[4][37];
		append_records(w, 4, uuids);
		char *line = tu_strfmt("once %s\n", fault);
		faultproxy_set(&w->proxy, line);
		struct tu_run r = tally(w, "sync", "--once");
		if (r.status != 75 && !(r.status == 0 && cases[c].may_succeed))
			fail_msg("%s: tally sync --once exits %d:\n%s%s", fault, r.status, r.out,
			         r.err);
		int ok = r.status == 0;
		if (ok)
			print_message("%s: libcurl resent the batch by itself, sync succeeded\n",
			              fault);
		tu_run_free(&r);
		for (int i = 0; i < 4; i++) {
			int first = i < 2;
			if ((client_state(w, uuids[i]) == SYNC_SENT) != (first || ok))
				fail_msg("%s: record %d of 4 is %s", fault, i + 1,
				         first || ok ? "not marked sent" : "marked sent");
			int want = first || ok || cases[c].committed;
			assert_int_equal(hub_copies(w, uuids[i]), want);
		}
		check_invariant(w, 0, fault);
		if (ok && cases[c].committed)
			expect_all_results(w, last_conn_with(w, "POST /v1/events "), "duplicate",
			                   2);
		heal(w, fault);
		if (!ok && cases[c].committed)
			expect_all_results(w, last_conn_with(w, "POST /v1/events "), "duplicate",
			                   2);
		free(line);
	}
	tu_write_file(w->conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 2\n");
}

/* With a long timeout_s, a hub that trickles its answer (1 byte every
 * 1.5 s) is given up by the low-speed limit (under 16 bytes/s for 20 s),
 * not after timeout_s: the sync says "retry later" and the resend is a
 * duplicate.  The slowest test here (about 20 s). */
static void trickle_is_cut_by_the_low_speed_limit(void **state)
{
	struct world *w = *state;
	tu_write_file(w->conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 600\n");
	char uuids[PER_ROUND][37];
	append_records(w, PER_ROUND, uuids);
	faultproxy_set(&w->proxy, "once trickle 1500\n");
	char *argv[] = { "/usr/bin/timeout",
		         "60",
		         (char *)tu_tally_bin(),
		         "--db",
		         w->client_db,
		         "--config",
		         w->conf,
		         "--lang",
		         "en",
		         "sync",
		         "--once",
		         NULL };
	struct tu_run r = tu_run(argv, NULL, NULL);
	if (r.status == 124)
		fail_msg("tally sync --once still waited for a trickling hub after 60 s");
	if (r.status != 75)
		fail_msg("tally sync --once exits %d, expected 75:\n%s%s", r.status, r.out, r.err);
	tu_run_free(&r);
	for (int i = 0; i < PER_ROUND; i++)
		assert_int_equal(hub_copies(w, uuids[i]), 1);
	check_invariant(w, 0, "trickle");
	tu_write_file(w->conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 2\n");
	heal(w, "trickle");
	expect_all_results(w, last_conn_with(w, "POST /v1/events "), "duplicate", PER_ROUND);
}

static void dropped_before_the_hub(void **state)
{
	struct world *w = *state;
	fault_round(w, "drop", HUB_NONE);
}

/* The hub dies between its commit and its reply (SIGKILL as the reply
 * begins), or right after the request arrived; it is started again on the
 * same database, and the records arrive once. */
static void hub_killed_mid_request(void **state)
{
	struct world *w = *state;
	const char *modes[] = { "kill-on-response", "kill-after-request" };
	for (size_t i = 0; i < 2; i++) {
		char uuids[PER_ROUND][37];
		append_records(w, PER_ROUND, uuids);
		char *line = tu_strfmt("once %s %d\n", modes[i], (int)w->hub_pid);
		faultproxy_set(&w->proxy, line);
		struct tu_run r = tally(w, "sync", "--once");
		if (r.status != 75)
			fail_msg("%s: tally sync --once exits %d, expected 75:\n%s%s", modes[i],
			         r.status, r.out, r.err);
		tu_run_free(&r);
		char *killed = tu_strfmt("killed %d\n", (int)w->hub_pid);
		if (!faultproxy_wait_log(&w->proxy, killed, 0, 5000))
			fail_msg("%s: the proxy never killed the hub", modes[i]);
		free(killed);
		assert_int_equal(hub_reap(w), 128 + SIGKILL);
		int committed = 0;
		for (int k = 0; k < PER_ROUND; k++)
			committed += (int)hub_copies(w, uuids[k]);
		if (i == 0)
			assert_int_equal(committed, PER_ROUND); /* it answered: it had committed */
		else
			assert_true(committed == 0 || committed == PER_ROUND); /* all or nothing */
		check_invariant(w, 0, modes[i]);
		hub_start(w);
		faultproxy_restart(&w->proxy, w->hub_port);
		heal(w, modes[i]);
		free(line);
	}
}

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	struct tu_run *r = arg;
	size_t have = strlen(r->out);
	r->out = realloc(r->out, have + size * n + 1);
	memcpy(r->out + have, p, size * n);
	r->out[have + size * n] = '\0';
	return size * n;
}

/* A captured push replayed twice, byte for byte: the hub answers duplicate
 * for every record both times and stores nothing new. */
static void replayed_batch(void **state)
{
	struct world *w = *state;
	char uuids[PER_ROUND][37];
	append_records(w, PER_ROUND, uuids);
	heal(w, "before the replay");
	unsigned id = last_conn_with(w, "POST /v1/events ");
	assert_true(id > 0);
	size_t len, blen;
	char *req = faultproxy_captured(&w->proxy, id, "up", &len);
	const char *blank = strstr(req, "\r\n\r\n");
	assert_non_null(blank);
	/* The same headers that matter, the same (compressed) body bytes. */
	struct curl_slist *hdr = NULL;
	char *head = strndup(req, (size_t)(blank - req)), *save = NULL;
	for (char *line = strtok_r(head, "\r\n", &save); line != NULL;
	     line = strtok_r(NULL, "\r\n", &save)) {
		if (strncasecmp(line, "Authorization:", 14) == 0 ||
		    strncasecmp(line, "Content-Encoding:", 17) == 0 ||
		    strncasecmp(line, "Content-Type:", 13) == 0)
			hdr = curl_slist_append(hdr, line);
	}
	const char *body = blank + 4;
	blen = len - (size_t)(body - req);
	int64_t before;
	{
		sqlite3 *db = hub_ro(w);
		before = hub_int(db, "SELECT count(*) FROM event", NULL);
		sqlite3_close(db);
	}
	char *url = tu_strfmt("http://127.0.0.1:%d/v1/events", w->hub_port);
	for (int round = 0; round < 2; round++) {
		struct tu_run got = { 0, calloc(1, 1), NULL };
		CURL *c = curl_easy_init();
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)blen);
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
		assert_int_equal(curl_easy_perform(c), CURLE_OK);
		long code = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (code != 200)
			fail_msg("the replay got %ld: %s", code, got.out);
		curl_easy_cleanup(c);
		json_t *j = json_loads(got.out, 0, NULL);
		assert_non_null(j);
		json_t *results = json_object_get(j, "results");
		assert_int_equal(json_array_size(results), PER_ROUND);
		size_t i;
		json_t *it;
		json_array_foreach(results, i, it)
		{
			assert_string_equal(json_string_value(json_object_get(it, "status")),
			                    "duplicate");
		}
		json_decref(j);
		free(got.out);
	}
	sqlite3 *db = hub_ro(w);
	assert_int_equal(hub_int(db, "SELECT count(*) FROM event", NULL), before);
	sqlite3_close(db);
	check_invariant(w, 1, "after the replay");
	curl_slist_free_all(hdr);
	free(head);
	free(url);
	free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reset_while_sending),
		cmocka_unit_test(reset_while_answering),
		cmocka_unit_test(answer_lost_other_ways),
		cmocka_unit_test(fault_in_the_second_batch),
		cmocka_unit_test(trickle_is_cut_by_the_low_speed_limit),
		cmocka_unit_test(dropped_before_the_hub),
		cmocka_unit_test(hub_killed_mid_request),
		cmocka_unit_test(replayed_batch),
	};
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = cmocka_run_group_tests(tests, world_up, world_down);
	curl_global_cleanup();
	return rc;
}
