/*
 * test-sync-hub.c — the handheld against the real tally-hub on 127.0.0.1:
 * enrolment, records sent while the hub comes and goes, a lost reply,
 * two handhelds on one ward, master data reaching the handheld, a pull
 * killed between pages, a revoked token, a replaced store, a batch the hub
 * finds too large, the daemon woken by SIGUSR1 or, when it cannot be
 * signalled, through its wake-up FIFO, and a parcel received on one
 * handheld known on another.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "client/sync-pid.h"
#include "db/store.h"
#include "jobs/session.h"
#include "sync/token.h"
#include "tests/lib/testutil.h"
#include "tests/lib/hub-run.h"

#include <errno.h>
#include <jansson.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct fx {
	char *dir, *hubdb, *conf;
	char *hubwhere;    /* what the hub's --db is: hubdb, or PostgreSQL's (hub-run.h) */
	pid_t hub, daemon; /* daemon: a `sync --daemon` teardown stops if a test failed */
	int port;
	char url[64];
};

/* --- the hub ------------------------------------------------------------- */

static struct tu_run hub_cmd(struct fx *f, const char *a1, const char *a2, const char *a3,
                             const char *a4)
{
	char *argv[] = { (char *)tu_hub_bin(), "--db",     f->hubwhere, (char *)a1,
		         (char *)a2,           (char *)a3, (char *)a4,  NULL };
	return tu_run(argv, NULL, NULL);
}

/* Start `tally-hub serve` on port (0: any) and wait for its address. */
static void hub_start(struct fx *f, int port)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	char listen[32];
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		/* The hub logs each request: kept in hub.log, not in the
		 * test's output. */
		char *log = tu_path(f->dir, "hub.log");
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0)
			dup2(fd, 2);
		execl(tu_hub_bin(), tu_hub_bin(), "--db", f->hubwhere, "serve", "--listen", listen,
		      (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	char buf[512];
	const char *at =
	    tu_await_text(p[0], "listening on http://127.0.0.1:", 1, 10000, buf, sizeof(buf));
	close(p[0]);
	if (at == NULL)
		fail_msg("tally-hub serve did not say where it listens: %s", buf);
	f->port = atoi(at + strlen("listening on http://127.0.0.1:"));
	f->hub = pid;
	snprintf(f->url, sizeof(f->url), "http://127.0.0.1:%d", f->port);
}

static void hub_stop(struct fx *f)
{
	if (f->hub <= 0)
		return;
	kill(f->hub, SIGTERM);
	int st;
	waitpid(f->hub, &st, 0);
	f->hub = 0;
}

/* A one-time code for a device called name: the QR text when the hub
 * prints one, else the code itself.  malloc'd. */
static char *hub_enroll_code(struct fx *f, const char *name)
{
	struct tu_run r = hub_cmd(f, "enroll-code", name, "--url", f->url);
	if (r.status != 0)
		fail_msg("enroll-code: %s%s", r.out, r.err);
	char *res = NULL;
	char *qr = strstr(r.out, "tally://enroll?");
	if (qr != NULL) {
		res = strndup(qr, strcspn(qr, " \t\r\n"));
	} else {
		/* The first line with a word like K7QF-M2XD-9PTA. */
		for (char *p = r.out; *p != '\0'; p++) {
			size_t len = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
			if (len >= 8 && strchr(p, '-') != NULL && memchr(p, '-', len) != NULL) {
				res = strndup(p, len);
				break;
			}
			if (len > 0)
				p += len - 1;
		}
	}
	if (res == NULL)
		fail_msg("no code in: %s", r.out);
	tu_run_free(&r);
	return res;
}

static long long hub_count(struct fx *f, const char *sql)
{
	return hub_run_count(f->hubdb, sql);
}

static void hub_import(struct fx *f, const char *json)
{
	char *p = tu_path(f->dir, "import.json");
	tu_write_file(p, json);
	struct tu_run r = hub_cmd(f, "import", p, NULL, NULL);
	if (r.status != 0)
		fail_msg("import: %s%s", r.out, r.err);
	tu_run_free(&r);
	free(p);
}

/* --- the handheld -------------------------------------------------------- */

/* Run tally with --db store --config conf --lang en ARGS. */
static void make_dir(struct fx *f, const char *name)
{
	char *p = tu_path(f->dir, name);
	mkdir(p, 0700);
	free(p);
}

static struct tu_run tally(struct fx *f, const char *store, const char *a1, const char *a2,
                           const char *a3)
{
	/* Enrolment makes the handheld's store: ask for it, as a user does. */
	const char *create = strcmp(a1, "enroll") == 0 ? "--create" : "--lang=en";
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         (char *)create,
		         "--db",
		         (char *)store,
		         "--config",
		         f->conf,
		         (char *)a1,
		         (char *)a2,
		         (char *)a3,
		         NULL };
	return tu_run(argv, NULL, NULL);
}

static void enroll(struct fx *f, const char *store, const char *name)
{
	char *code = hub_enroll_code(f, name);
	struct tu_run r = strncmp(code, "tally://", 8) == 0
	                      ? tally(f, store, "enroll", code, NULL)
	                      : tally(f, store, "enroll", f->url, code);
	if (r.status != 0)
		fail_msg("enroll: %s%s", r.out, r.err);
	tu_run_free(&r);
	free(code);
}

static void append(const char *store, const char *location, int n)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(store, &e);
	assert_non_null(s);
	for (int i = 0; i < n; i++) {
		struct record_in in = { .kind = REC_COUNT,
			                .location_id = location,
			                .article_id = "A001",
			                .code = "]E09520000010008",
			                .qty = i % 7,
			                .user = "1001" };
		assert_int_equal(store_append(s, &in, NULL, NULL, &e), 0);
	}
	store_close(s);
}

static struct store_counts counts(const char *store)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(store, &e);
	assert_non_null(s);
	struct store_counts n;
	assert_int_equal(store_count_states(s, &n, &e), 0);
	store_close(s);
	return n;
}

static char *meta(const char *store, const char *key)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(store, &e);
	assert_non_null(s);
	char *v = store_meta_get(s, key);
	store_close(s);
	return v;
}

static void sync_ok(struct fx *f, const char *store, const char *expect)
{
	struct tu_run r = tally(f, store, "sync", "--once", NULL);
	if (r.status != 0)
		fail_msg("sync: %d %s%s", r.status, r.out, r.err);
	if (expect != NULL)
		tu_assert_contains(r.out, expect);
	tu_run_free(&r);
}

static void write_conf(struct fx *f, const char *hub_section)
{
	char *text = tu_strfmt("[hub]\nconnect_timeout_s = 2\ntimeout_s = 20\n%s\n", hub_section);
	tu_write_file(f->conf, text);
	free(text);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->hubdb = tu_path(f->dir, "hub.db");
	f->conf = tu_path(f->dir, "tally.conf");
	write_conf(f, "");
	hub_run_init(f->hubdb);
	f->hubwhere = hub_run_where(f->hubdb);
	hub_start(f, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f->daemon > 0) {
		kill(f->daemon, SIGTERM);
		waitpid(f->daemon, NULL, 0);
	}
	hub_stop(f);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->hubdb);
	free(f->hubwhere);
	free(f->conf);
	free(f);
	return 0;
}

/* --- tests --------------------------------------------------------------- */

static void enrolment_good_used_and_wrong_codes(void **state)
{
	struct fx *f = *state;
	char *a = tu_path(f->dir, "a/tally.db"), *b = tu_path(f->dir, "b/tally.db");
	make_dir(f, "a");
	make_dir(f, "b");

	struct tu_run r = tally(f, a, "enroll", f->url, "WRONG-CODE-0000");
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "wrong, used or expired");
	tu_run_free(&r);

	char *code = hub_enroll_code(f, "MED1 handheld 1");
	r = strncmp(code, "tally://", 8) == 0 ? tally(f, a, "enroll", code, NULL)
	                                      : tally(f, a, "enroll", f->url, code);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "enrolled");
	char tp[4096];
	token_path(a, tp, sizeof(tp));
	struct stat st;
	assert_int_equal(stat(tp, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *token = tu_read_file(tp, NULL);
	token[strcspn(token, "\n")] = '\0';
	assert_true(strlen(token) >= 32);
	assert_null(strstr(r.out, token));
	assert_null(strstr(r.err, token));
	tu_run_free(&r);

	/* The same code a second time, from another handheld. */
	r = strncmp(code, "tally://", 8) == 0 ? tally(f, b, "enroll", code, NULL)
	                                      : tally(f, b, "enroll", f->url, code);
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "ask the hub administrator for a new one");
	tu_run_free(&r);

	r = tally(f, a, "status", NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, f->url);
	tu_assert_contains(r.out, "enrolled, device");
	assert_null(strstr(r.out, token));
	tu_run_free(&r);
	free(token);
	free(code);
	free(a);
	free(b);
}

static void records_wait_while_the_hub_is_down(void **state)
{
	struct fx *f = *state;
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	int port = f->port;
	hub_stop(f);
	append(s, "MED1", 5);
	struct tu_run r = tally(f, s, "sync", "--once", NULL);
	assert_int_equal(r.status, 75);
	tu_assert_contains(r.err, "cannot reach the hub");
	tu_run_free(&r);
	assert_int_equal(counts(s).pending, 5);

	hub_start(f, port);
	sync_ok(f, s, "sent 5, rejected 0");
	assert_int_equal(counts(s).pending, 0);
	assert_int_equal(counts(s).sent, 5);
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event WHERE location_id = 'MED1'"), 5);
	char *ls = meta(s, "last_sync"), *off = meta(s, "clock_offset_ms");
	assert_non_null(ls);
	assert_non_null(off);
	/* Same machine, same clock: the offset is small. */
	assert_true(llabs(atoll(off)) < 5000);
	free(ls);
	free(off);
	r = tally(f, s, "status", NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "0 waiting to sync, 5 at the hub, 0 rejected");
	tu_assert_contains(r.out, "clock offset:");
	assert_null(strstr(r.out, "last sync:      never"));
	tu_run_free(&r);

	/* The reply was lost: the records are still pending here.  Sending
	 * them again gives duplicates, and the hub holds each once. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(s, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE record SET state = 'pending'", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(counts(s).pending, 5);
	sync_ok(f, s, "sent 5, rejected 0");
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event"), 5);
	free(s);
}

static void two_handhelds_count_one_ward(void **state)
{
	struct fx *f = *state;
	/* Separate directories: the token lives beside the store. */
	make_dir(f, "a");
	make_dir(f, "b");
	char *a = tu_path(f->dir, "a/tally.db"), *b = tu_path(f->dir, "b/tally.db");
	enroll(f, a, "one");
	enroll(f, b, "two");
	append(a, "MED1", 3);
	append(b, "MED1", 4);
	sync_ok(f, a, "sent 3");
	sync_ok(f, b, "sent 4");
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event WHERE location_id = 'MED1'"), 7);
	assert_int_equal(hub_count(f, "SELECT count(DISTINCT device_id) FROM event"), 2);
	free(a);
	free(b);
}

static char *article_name(const char *store, const char *id)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(store, &e);
	struct article a;
	char *name = NULL;
	if (store_article_get(s, id, &a, &e) == 0) {
		name = strdup(a.name);
		article_free(&a);
	}
	store_close(s);
	return name;
}

static void master_data_changes_reach_the_handheld(void **state)
{
	struct fx *f = *state;
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	hub_import(f, "{\"article\": [{\"id\": \"A001\", \"name\": \"Paracet 500 mg\", \"unit\": "
	              "\"stk\"}], \"location\": [{\"id\": \"MED1\", \"name\": \"Medisinsk 1\", "
	              "\"kind\": \"ward\"}]}");
	sync_ok(f, s, "pulled");
	char *n = article_name(s, "A001");
	assert_non_null(n);
	assert_string_equal(n, "Paracet 500 mg");
	free(n);
	hub_import(f, "{\"article\": [{\"id\": \"A001\", \"name\": \"Paracetamol 500 mg\"}]}");
	sync_ok(f, s, "pulled 1 changes");
	n = article_name(s, "A001");
	assert_string_equal(n, "Paracetamol 500 mg");
	free(n);
	sync_ok(f, s, "pulled 0 changes");
	free(s);
}

/* The whole way: master data from the hub, a count in line mode on the
 * handheld, the counts at the hub. */
static void a_count_in_line_mode_reaches_the_hub(void **state)
{
	struct fx *f = *state;
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	hub_import(f, "{\"article\": [{\"id\": \"A-PARA\", \"name\": \"Paracetamol 500 mg\"}], "
	              "\"code\": [{\"code\": \"09521234543213\", \"article_id\": \"A-PARA\"}], "
	              "\"location\": [{\"id\": \"W-MED1\", \"code\": \"LOC:MED1\", \"name\": "
	              "\"Medisinsk 1\", \"kind\": \"ward\"}], \"user\": [{\"badge\": \"1001\", "
	              "\"name\": \"Kari Nordmann\", \"roles\": \"round\"}]}");
	sync_ok(f, s, "pulled 4 changes");
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         s,
		         "--config",
		         f->conf,
		         "--scanner",
		         "stdin",
		         "count",
		         "LOC:MED1",
		         "--user",
		         "1001",
		         NULL };
	struct tu_run r = tu_run(argv, "]E09521234543213\t4\n", NULL);
	if (r.status != 0)
		fail_msg("count: %d %s%s", r.status, r.out, r.err);
	tu_run_free(&r);
	assert_true(counts(s).pending >= 1);
	sync_ok(f, s, "rejected 0");
	assert_int_equal(counts(s).pending, 0);
	assert_int_equal(hub_count(f, "SELECT qty FROM event WHERE kind = 'count' AND article_id = "
	                              "'A-PARA' AND location_id = 'W-MED1' AND \"user\" = '1001'"),
	                 4);
	free(s);
}

/* A mistaken count corrected on the handheld (a line UNDO) reaches the hub
 * as a void record: on-hand and the variance report leave the mistake
 * out, and the event table keeps both for the audit trail. */
static void a_correction_reaches_the_hubs_reports(void **state)
{
	struct fx *f = *state;
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	hub_import(f, "{\"article\": [{\"id\": \"A-PARA\", \"name\": \"Paracetamol 500 mg\"}], "
	              "\"code\": [{\"code\": \"09521234543213\", \"article_id\": \"A-PARA\"}], "
	              "\"location\": [{\"id\": \"W-MED1\", \"code\": \"LOC:MED1\", \"name\": "
	              "\"Medisinsk 1\", \"kind\": \"ward\"}], \"user\": [{\"badge\": \"1001\", "
	              "\"name\": \"Kari Nordmann\", \"roles\": \"round\"}]}");
	sync_ok(f, s, "pulled 4 changes");
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         s,
		         "--config",
		         f->conf,
		         "--scanner",
		         "stdin",
		         "count",
		         "LOC:MED1",
		         "--user",
		         "1001",
		         NULL };
	struct tu_run r = tu_run(argv, "]E09521234543213\t7\n]E09521234543213\t999\nUNDO\n", NULL);
	if (r.status != 0)
		fail_msg("count: %d %s%s", r.status, r.out, r.err);
	tu_assert_contains(r.out, "UNDO  line 3");
	tu_run_free(&r);
	sync_ok(f, s, "rejected 0");
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event WHERE kind = 'void'"), 1);
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event WHERE qty = 999"), 2);
	assert_int_equal(hub_count(f, "SELECT qty FROM onhand WHERE location_id = 'W-MED1'"), 7);
	r = hub_cmd(f, "report", "variance", "--json", NULL);
	if (r.status != 0)
		fail_msg("report variance: %d %s%s", r.status, r.out, r.err);
	json_t *v = json_loads(r.out, 0, NULL);
	assert_non_null(v);
	char *rows = json_dumps(json_object_get(v, "rows"), JSON_COMPACT);
	assert_null(strstr(rows, "999")); /* the mistake is no count */
	free(rows);
	/* ... and the audit trail shows who corrected what. */
	json_t *fix = json_array_get(json_object_get(v, "corrections"), 0);
	assert_non_null(fix);
	assert_string_equal(json_string_value(json_object_get(fix, "user")), "1001");
	json_t *gone = json_object_get(fix, "cancelled");
	assert_int_equal(json_integer_value(json_object_get(gone, "qty")), 999);
	assert_string_equal(json_string_value(json_object_get(gone, "kind")), "count");
	json_decref(v);
	tu_run_free(&r);
	/* The text table shows the correction under the counts. */
	r = hub_cmd(f, "--lang", "en", "report", "variance");
	tu_assert_contains(r.out, "Corrections (left out of the counts above)");
	tu_assert_contains(r.out, "count cancelled");
	tu_assert_contains(r.out, "999");
	tu_run_free(&r);
	r = hub_cmd(f, "report", "stock", "--json", NULL);
	tu_assert_contains(r.out, "\"onhand\": 7");
	tu_run_free(&r);
	free(s);
}

/* Run tally receive on store as badge, the scans on standard input. */
static struct tu_run receive(struct fx *f, const char *store, const char *badge, const char *scans)
{
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         (char *)store,
		         "--config",
		         f->conf,
		         "--scanner",
		         "stdin",
		         "receive",
		         "--user",
		         (char *)badge,
		         NULL };
	return tu_run(argv, scans, NULL);
}

static long long store_count(const char *store, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(store, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* A parcel received on handheld A is known on handheld B once A has synced
 * and B has pulled: B scanning its SSCC is told when and by whom, and
 * nothing is opened or recorded; voided on A, B is no longer told. */
static void a_parcel_received_on_one_handheld_is_known_on_another(void **state)
{
	struct fx *f = *state;
	make_dir(f, "a");
	make_dir(f, "b");
	char *a = tu_path(f->dir, "a/tally.db"), *b = tu_path(f->dir, "b/tally.db");
	enroll(f, a, "lager-1");
	enroll(f, b, "lager-2");
	hub_import(f, "{\"article\": [{\"id\": \"A-PARA\", \"name\": \"Paracetamol 500 mg\"}], "
	              "\"code\": [{\"code\": \"09521234543213\", \"article_id\": \"A-PARA\"}], "
	              "\"location\": [{\"id\": \"WH\", \"name\": \"Lager\", \"kind\": "
	              "\"warehouse\"}, {\"id\": \"WH-B1\", \"code\": \"LOC:B1\", \"name\": "
	              "\"Hylle B1\", \"kind\": \"warehouse-bin\", \"parent_id\": \"WH\"}], "
	              "\"delivery\": [{\"sscc\": \"095212340000000020\", \"id\": \"PO-77\", "
	              "\"supplier\": \"Grossist AS\", \"location_id\": \"WH\"}], "
	              "\"delivery_line\": [{\"sscc\": \"095212340000000020\", \"article_id\": "
	              "\"A-PARA\", \"qty\": 4}], "
	              "\"user\": [{\"badge\": \"1002\", \"name\": \"Ola Hansen\", \"roles\": "
	              "\"receive\"}, {\"badge\": \"1003\", \"name\": \"Kari Lager\", "
	              "\"roles\": \"receive\"}]}");
	sync_ok(f, a, "rejected 0");
	sync_ok(f, b, "rejected 0");

	/* Ola receives the parcel on A; A syncs. */
	struct tu_run r =
	    receive(f, a, "1002", "]C100095212340000000020\nLOC:B1\n]E09521234543213\t4\n");
	if (r.status != 0)
		fail_msg("receive on A: %d %s%s", r.status, r.out, r.err);
	tu_assert_contains(r.out, "PARCEL PO-77");
	tu_run_free(&r);
	sync_ok(f, a, "rejected 0");
	assert_int_equal(hub_count(f, "SELECT count(*) FROM parcel_receipt WHERE sscc = "
	                              "'095212340000000020' AND \"user\" = '1002' AND user_name = "
	                              "'Ola Hansen' AND location_id = 'WH'"),
	                 1);

	/* B pulls; Kari scans the same parcel: when and by whom, in local
	 * time as the handheld shows every time. */
	sync_ok(f, b, "rejected 0");
	/* received_at is UTC, "2026-11-23T08:15:02.123Z" (either engine). */
	char *received = hub_run_query(f->hubdb, "SELECT received_at FROM parcel_receipt");
	struct tm utc = { 0 };
	assert_non_null(strptime(received, "%Y-%m-%dT%H:%M:%S", &utc));
	free(received);
	long long at_s = (long long)timegm(&utc);
	time_t at = (time_t)at_s;
	struct tm tm;
	char *tz = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	setenv("TZ", "Europe/Oslo", 1);
	tzset();
	localtime_r(&at, &tm);
	if (tz != NULL)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(tz);
	char when[64];
	strftime(when, sizeof(when), "was received %d.%m. %H:%M by Ola Hansen", &tm);
	r = receive(f, b, "1003", "]C100095212340000000020\n]E09521234543213\t4\n");
	assert_int_equal(r.status, 65); /* not received again: its lines are named */
	tu_assert_contains(r.out, "parcel 095212340000000020");
	tu_assert_contains(r.out, when);
	tu_run_free(&r);
	assert_int_equal(store_count(b, "SELECT count(*) FROM record WHERE kind = 'receive'"), 0);

	/* The pack voided on A (as an undo in its session does): the hub
	 * takes its word back, and B receives the parcel as any other. */
	struct tally_err e = { 0 };
	struct store *sa = store_open(a, &e);
	assert_non_null(sa);
	struct record rec;
	assert_int_equal(
	    store_record_get(sa, store_count(a, "SELECT seq FROM record WHERE kind = 'receive'"),
	                     &rec, &e),
	    0);
	assert_int_equal(session_void(sa, rec.session, "1002", &rec, &e), 0);
	record_free(&rec);
	store_close(sa);
	sync_ok(f, a, "rejected 0");
	assert_int_equal(hub_count(f, "SELECT count(*) FROM parcel_receipt"), 0);
	sync_ok(f, b, "rejected 0");
	r = receive(f, b, "1003", "]C100095212340000000020\n]E09521234543213\t4\n");
	if (r.status != 0)
		fail_msg("receive on B: %d %s%s", r.status, r.out, r.err);
	tu_assert_contains(r.out, "PARCEL PO-77");
	tu_run_free(&r);
	assert_int_equal(store_count(b, "SELECT count(*) FROM record WHERE kind = 'receive'"), 1);
	free(a);
	free(b);
}

static void a_pull_killed_between_pages_continues(void **state)
{
	struct fx *f = *state;
	enum { ROWS = 3000 };
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	size_t cap = ROWS * 64 + 64, len = 0;
	char *json = malloc(cap);
	len += (size_t)snprintf(json + len, cap - len, "{\"article\": [");
	for (int i = 0; i < ROWS; i++)
		len += (size_t)snprintf(json + len, cap - len,
		                        "%s{\"id\": \"X%05d\", \"name\": \"n\"}", i ? "," : "", i);
	snprintf(json + len, cap - len, "]}");
	hub_import(f, json);
	free(json);
	write_conf(f, "pull_limit = 1");

	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", 0);
		dup2(null, 1);
		dup2(null, 2);
		execl(tu_tally_bin(), tu_tally_bin(), "--db", s, "--config", f->conf, "sync",
		      "--once", (char *)NULL);
		_exit(127);
	}
	/* Wait for the first pages to be in, then kill it mid-pull. */
	long long cur = 0;
	for (int i = 0; i < 2000 && cur < 50; i++) {
		char *c = meta(s, "cursor");
		cur = c ? atoll(c) : 0;
		free(c);
		if (cur < 50)
			usleep(5000);
	}
	kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st, 0);
	assert_true(WIFSIGNALED(st));

	char *c = meta(s, "cursor");
	long long at_kill = c ? atoll(c) : 0;
	free(c);
	assert_true(at_kill > 0);
	/* What was applied matches the cursor exactly: page and cursor are
	 * one transaction. */
	sqlite3 *db;
	sqlite3_open(s, &db);
	sqlite3_stmt *q;
	sqlite3_prepare_v2(db, "SELECT count(*) FROM article", -1, &q, NULL);
	sqlite3_step(q);
	long long have = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	assert_true(have < ROWS);
	assert_true(have > 0);

	write_conf(f, "pull_limit = 1000");
	sync_ok(f, s, "pulled");
	sqlite3_open(s, &db);
	sqlite3_prepare_v2(db, "SELECT count(*) FROM article", -1, &q, NULL);
	sqlite3_step(q);
	assert_int_equal(sqlite3_column_int64(q, 0), ROWS);
	sqlite3_finalize(q);
	sqlite3_close(db);
	free(s);
}

static void a_replaced_token_means_enrol_again(void **state)
{
	struct fx *f = *state;
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	append(s, "MED1", 2);
	struct tally_err e = { 0 };
	assert_int_equal(token_save(s,
	                            "00000000000000000000000000000000000000000000000000000000"
	                            "00000000",
	                            &e),
	                 0);
	struct tu_run r = tally(f, s, "sync", "--once", NULL);
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "enrol this handheld again");
	tu_run_free(&r);
	assert_int_equal(counts(s).pending, 2);
	free(s);
}

static void a_replaced_store_is_refused_and_keeps_its_records(void **state)
{
	struct fx *f = *state;
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	char *url = meta(s, "hub_url");
	/* A store restored from elsewhere: another db_id, the same token. */
	unlink(s);
	char *wal = tu_strfmt("%s-wal", s), *shm = tu_strfmt("%s-shm", s);
	unlink(wal);
	unlink(shm);
	struct tally_err e = { 0 };
	struct store *st = store_open(s, &e);
	assert_non_null(st);
	assert_int_equal(store_meta_set(st, "hub_url", url, &e), 0);
	store_close(st);
	append(s, "MED1", 3);
	struct tu_run r = tally(f, s, "sync", "--once", NULL);
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "not the one that was enrolled");
	tu_run_free(&r);
	assert_int_equal(counts(s).pending, 3);
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event"), 0);
	free(url);
	free(wal);
	free(shm);
	free(s);
}

static void a_batch_too_large_is_halved(void **state)
{
	struct fx *f = *state;
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	/* More than the hub's 1000 events a request. */
	write_conf(f, "batch_records = 2500\nbatch_bytes = 8388608");
	append(s, "MED1", 2100);
	sync_ok(f, s, "sent 2100, rejected 0");
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event"), 2100);
	free(s);
}

static void the_daemon_wakes_on_sigusr1_and_stops_on_sigterm(void **state)
{
	struct fx *f = *state;
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	write_conf(f, "interval_s = 3600");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", 1);
		dup2(null, 1);
		execl(tu_tally_bin(), tu_tally_bin(), "--db", s, "--config", f->conf, "--lang",
		      "en", "sync", "--daemon", (char *)NULL);
		_exit(127);
	}
	f->daemon = pid;
	/* Its first round done (nothing to send), it sleeps for an hour. */
	char *ls = NULL;
	for (int i = 0; i < 200 && ls == NULL; i++) {
		ls = meta(s, "last_sync");
		if (ls == NULL)
			usleep(25000);
	}
	assert_non_null(ls);
	free(ls);
	append(s, "MED1", 2);
	/* The way the front ends do it: the pid from sync.pid beside the store. */
	assert_int_equal(sync_pid_poke(s), 1);
	long long n = 0;
	for (int i = 0; i < 100 && n < 2; i++) {
		n = hub_count(f, "SELECT count(*) FROM event");
		if (n < 2)
			usleep(50000);
	}
	assert_int_equal(n, 2);
	kill(pid, SIGTERM);
	int st;
	waitpid(pid, &st, 0);
	f->daemon = 0;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	/* Gone with it: nobody pokes a pid that may be reused. */
	char *pidf = tu_path(f->dir, "tally.db.sync.pid");
	assert_int_not_equal(access(pidf, F_OK), 0);
	free(pidf);
	free(s);
}

/* A record made by `tally` wakes a daemon that cannot be signalled (on a
 * handheld it runs as user tally, staff as themselves: kill() is refused):
 * through the FIFO beside the store, the record reaches the hub long
 * before the daemon's hour-long interval. */
static void a_record_wakes_a_daemon_it_cannot_signal(void **state)
{
	struct fx *f = *state;
	char *s = tu_path(f->dir, "tally.db");
	enroll(f, s, "dev");
	hub_import(f, "{\"article\": [{\"id\": \"A-PARA\", \"name\": \"Paracetamol 500 mg\"}], "
	              "\"code\": [{\"code\": \"09521234543213\", \"article_id\": \"A-PARA\"}], "
	              "\"location\": [{\"id\": \"W-MED1\", \"code\": \"LOC:MED1\", \"name\": "
	              "\"Medisinsk 1\", \"kind\": \"ward\"}], \"user\": [{\"badge\": \"1001\", "
	              "\"name\": \"Kari Nordmann\", \"roles\": \"round\"}]}");
	sync_ok(f, s, "pulled 4 changes");
	write_conf(f, "interval_s = 3600");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", 1);
		dup2(null, 1);
		execl(tu_tally_bin(), tu_tally_bin(), "--db", s, "--config", f->conf, "--lang",
		      "en", "sync", "--daemon", (char *)NULL);
		_exit(127);
	}
	f->daemon = pid;
	char *pidf = tu_path(f->dir, "tally.db.sync.pid"), *fifo = tu_path(f->dir, "tally.db.wake");
	/* Its first round done, it sleeps for an hour. */
	char *ls = NULL;
	for (int i = 0; i < 200 && (ls == NULL || access(pidf, F_OK) != 0); i++) {
		free(ls);
		ls = meta(s, "last_sync");
		if (ls == NULL || access(pidf, F_OK) != 0)
			usleep(25000);
	}
	assert_non_null(ls);
	free(ls);
	struct stat st;
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600); /* the store's mode: 0600 here */
	/* No pid to signal, as for a front end of another user. */
	assert_int_equal(unlink(pidf), 0);
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         s,
		         "--config",
		         f->conf,
		         "--scanner",
		         "stdin",
		         "count",
		         "LOC:MED1",
		         "--user",
		         "1001",
		         NULL };
	struct tu_run r = tu_run(argv, "]E09521234543213\t4\n", NULL);
	if (r.status != 0)
		fail_msg("count: %d %s%s", r.status, r.out, r.err);
	tu_run_free(&r);
	/* Well inside the hour: 30 s at most, on a loaded machine. */
	long long n = 0;
	for (int i = 0; i < 600 && n < 1; i++) {
		n = hub_count(f, "SELECT count(*) FROM event WHERE kind = 'count' AND "
		                 "article_id = 'A-PARA'");
		if (n < 1)
			usleep(50000);
	}
	kill(pid, SIGTERM);
	int status;
	waitpid(pid, &status, 0);
	f->daemon = 0;
	assert_int_equal(n, 1);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* Gone with the daemon: a poke now finds nobody and says so. */
	assert_int_not_equal(lstat(fifo, &st), 0);
	assert_int_equal(sync_pid_poke(s), 0);
	free(pidf);
	free(fifo);
	free(s);
}

/* On a handheld, enrolling is one scan of the QR code the hub shows: the
 * scanner sends its text (with the AIM id of a QR code) like any scan. */
static void enrolment_by_scanning_the_qr_code(void **state)
{
	struct fx *f = *state;
	char *a = tu_path(f->dir, "a/tally.db");
	make_dir(f, "a");
	char *code = hub_enroll_code(f, "scanned");
	assert_int_equal(strncmp(code, "tally://enroll?", 15), 0);
	char *scan = tu_strfmt("]Q1%s\n", code);
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--create",
		         "--db",
		         a,
		         "--config",
		         f->conf,
		         "enroll",
		         "--scanner",
		         "stdin",
		         NULL };
	struct tu_run r = tu_run(argv, scan, NULL);
	if (r.status != 0)
		fail_msg("enroll by scan: %s%s", r.out, r.err);
	tu_assert_contains(r.err, "Scan the enrolment QR code");
	tu_assert_contains(r.out, "enrolled with");
	tu_assert_contains(r.out, "named as its enrolment code says");
	tu_run_free(&r);

	/* Nothing scanned: nothing enrolled, and it says so. */
	char *b = tu_path(f->dir, "b/tally.db");
	make_dir(f, "b");
	argv[5] = b; /* after "--db" */
	r = tu_run(argv, "", NULL);
	assert_int_equal(r.status, 66);
	tu_assert_contains(r.err, "gave no enrolment QR code");
	tu_run_free(&r);
	r = tally(f, b, "status", NULL, NULL); /* not even a store was made */
	assert_int_equal(r.status, EX_NOINPUT);
	tu_assert_contains(r.err, "There is no store");
	tu_run_free(&r);
	free(scan);
	free(code);
	free(a);
	free(b);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(enrolment_by_scanning_the_qr_code, setup, teardown),
		cmocka_unit_test_setup_teardown(enrolment_good_used_and_wrong_codes, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(records_wait_while_the_hub_is_down, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(two_handhelds_count_one_ward, setup, teardown),
		cmocka_unit_test_setup_teardown(master_data_changes_reach_the_handheld, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_count_in_line_mode_reaches_the_hub, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_correction_reaches_the_hubs_reports, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(
		    a_parcel_received_on_one_handheld_is_known_on_another, setup, teardown),
		cmocka_unit_test_setup_teardown(a_pull_killed_between_pages_continues, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_replaced_token_means_enrol_again, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_replaced_store_is_refused_and_keeps_its_records,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(a_batch_too_large_is_halved, setup, teardown),
		cmocka_unit_test_setup_teardown(the_daemon_wakes_on_sigusr1_and_stops_on_sigterm,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(a_record_wakes_a_daemon_it_cannot_signal, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
