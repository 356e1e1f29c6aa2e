/*
 * bench-sync.c — sync against the real tally-hub on 127.0.0.1:
 *   - pushing 10,000 pending records with one `sync` round (target ≤ 1 s),
 *     records/s next to the hub's bare request rate (GET /v1/health on the
 *     same handle, same run);
 *   - bytes on the wire per record, request and response, headers and
 *     compressed bodies as curl counts them (target ≤ 60);
 *   - a fresh handheld's first pull of 100,000 master rows (target ≤ 3 s);
 *   - what a scan waits meanwhile: the p99 of store_append in another process
 *     (as the UI is) while that pull applies its pages, next to the p99 on
 *     a quiet store (target ≤ 50 ms: the daemon never holds the write lock
 *     long enough to delay a beep).
 */
#include "tests/bench/bench.h"
#include "tests/bench/bench-serve.h"
#include "db/store.h"
#include "sync/enroll.h"
#include "sync/http.h"
#include "sync/sync-conf.h"
#include "sync/sync.h"
#include "sync/token.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define RECORDS         10000
#define MASTER_ROWS     100000
#define HEALTH_REQUESTS 500

static char hub_bin[4096];

static void die(const char *what)
{
	fprintf(stderr, "bench-sync: %s\n", what);
	exit(1);
}

static int run_hub(const char *db, const char *a1, const char *a2, const char *a3, const char *a4,
                   char *out, size_t out_size)
{
	int p[2];
	if (pipe(p) != 0)
		die("pipe");
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execl(hub_bin, hub_bin, "--db", db, a1, a2, a3, a4, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	size_t n = 0;
	ssize_t r;
	while (out != NULL && n < out_size - 1 && (r = read(p[0], out + n, out_size - 1 - n)) > 0)
		n += (size_t)r;
	if (out != NULL)
		out[n] = '\0';
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static pid_t serve(const char *db, char *url, size_t url_size)
{
	pid_t pid = bench_serve(hub_bin, db, url, url_size);
	if (pid < 0)
		die("tally-hub serve did not start");
	return pid;
}

static struct store *enrolled_store(const char *dir, const char *name, const char *hubdb,
                                    const char *url)
{
	char path[4096], out[4096], code[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/tally.db", dir, name);
	if (run_hub(hubdb, "enroll-code", name, "--url", url, out, sizeof(out)) != 0)
		die("enroll-code");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	if (s == NULL)
		die(e.msg);
	char u[2048];
	const char *qr = strstr(out, "tally://enroll?");
	if (qr != NULL) {
		char text[1024];
		snprintf(text, sizeof(text), "%.*s", (int)strcspn(qr, " \r\n"), qr);
		if (enroll_parse_qr(text, u, sizeof(u), code, sizeof(code), &e) != 0)
			die(e.msg);
	} else {
		snprintf(u, sizeof(u), "%s", url);
		snprintf(code, sizeof(code), "%.*s", (int)strcspn(out, " \r\n"), out);
	}
	int64_t id;
	if (enroll_run(s, NULL, u, code, name, &id, &e) != 0)
		die(e.msg);
	return s;
}

/* RECORDS realistic pending counts, in one transaction (the bench measures
 * sync, not the per-scan fsync). */
static void fill_records(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die("open store");
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO record(uuid, kind, device_time, session, user, "
	                       "location_id, article_id, code, qty, batch, expiry, state) VALUES "
	                       "(?, 'count', ?, '7c3e5d1a-1b2c-4d3e-8f90-0a1b2c3d4e5f', '1001', "
	                       "'MED1', ?, ?, ?, 'B123', '2027-06-30', 'pending')",
	                       -1, &st, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(db));
	srand(42);
	for (int i = 0; i < RECORDS; i++) {
		char uuid[40], t[32], art[16], code[64];
		snprintf(uuid, sizeof(uuid), "%08x-%04x-4%03x-a%03x-%06x%06x", (unsigned)rand(),
		         (unsigned)rand() & 0xffff, (unsigned)rand() & 0xfff,
		         (unsigned)rand() & 0xfff, (unsigned)rand() & 0xffffff,
		         (unsigned)rand() & 0xffffff);
		snprintf(t, sizeof(t), "2026-11-23T08:%02d:%02d.%03dZ", (i / 60000) % 60,
		         (i / 1000) % 60, i % 1000);
		snprintf(art, sizeof(art), "A%03d", i % 400);
		snprintf(code, sizeof(code), "]d201095200000%05d1727063010B123", i % 400);
		sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, t, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, art, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 5, i % 9);
		if (sqlite3_step(st) != SQLITE_DONE)
			die(sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
}

static void write_master(const char *path)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		die("write import file");
	fprintf(f, "{\"article\": [");
	int articles = MASTER_ROWS / 2;
	for (int i = 0; i < articles; i++)
		fprintf(f,
		        "%s{\"id\": \"A%06d\", \"name\": \"Article %d 500 mg tablett\", \"form\": "
		        "\"tablett\", \"unit\": \"stk\"}",
		        i ? "," : "", i, i);
	fprintf(f, "], \"code\": [");
	for (int i = 0; i < MASTER_ROWS - articles; i++)
		fprintf(f,
		        "%s{\"code\": \"0952%010d\", \"article_id\": \"A%06d\", \"multiplier\": 1}",
		        i ? "," : "", i, i);
	fprintf(f, "]}\n");
	fclose(f);
}

/* A scanner in another process: append records to the store at `path`
 * until `stop` is readable, then write the p99 latency (ms) to `out`. */
static void scanning(const char *path, int stop, int out)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	if (s == NULL)
		_exit(1);
	static double lat[100000];
	size_t n = 0;
	struct pollfd p = { .fd = stop, .events = POLLIN };
	while (n < sizeof(lat) / sizeof(lat[0]) && poll(&p, 1, 0) == 0) {
		struct record_in in = { .kind = REC_COUNT,
			                .user = "1001",
			                .location_id = "MED1",
			                .article_id = "A001",
			                .qty = 1 };
		double t0 = bench_now();
		if (store_append(s, &in, NULL, NULL, &e) != 0)
			_exit(2);
		lat[n++] = (bench_now() - t0) * 1000.0;
		usleep(2000); /* a scan every few ms: far more often than a hand can */
	}
	store_close(s);
	double p99 = n ? bench_quantile(lat, n, 0.99) : -1;
	if (write(out, &p99, sizeof(p99)) != (ssize_t)sizeof(p99))
		_exit(3);
	_exit(0);
}

struct scanner_child {
	pid_t pid;
	int stop, result;
};

static struct scanner_child scanner_start(const char *path)
{
	int stop[2], result[2];
	if (pipe(stop) != 0 || pipe(result) != 0)
		die("pipe");
	pid_t pid = fork();
	if (pid == 0) {
		close(stop[1]);
		close(result[0]);
		scanning(path, stop[0], result[1]);
	}
	close(stop[0]);
	close(result[1]);
	return (struct scanner_child){ pid, stop[1], result[0] };
}

static double scanner_stop(struct scanner_child c)
{
	double p99 = -1;
	if (write(c.stop, "x", 1) != 1 || read(c.result, &p99, sizeof(p99)) != (ssize_t)sizeof(p99))
		die("the scanning process failed");
	close(c.stop);
	close(c.result);
	waitpid(c.pid, NULL, 0);
	return p99;
}

int main(void)
{
	const char *tb = getenv("TALLY_HUB_BIN");
	if (tb != NULL) {
		snprintf(hub_bin, sizeof(hub_bin), "%s", tb);
	} else if ((tb = getenv("TALLY_BIN")) != NULL) {
		const char *slash = strrchr(tb, '/');
		snprintf(hub_bin, sizeof(hub_bin), "%.*stally-hub",
		         slash ? (int)(slash - tb + 1) : 0, tb);
	} else {
		snprintf(hub_bin, sizeof(hub_bin), "build/tally-hub");
	}
	signal(SIGPIPE, SIG_IGN);
	char dir[] = "/tmp/bench-sync-XXXXXX";
	if (mkdtemp(dir) == NULL)
		die("mkdtemp");
	char hubdb[4096], url[256];
	snprintf(hubdb, sizeof(hubdb), "%s/hub.db", dir);
	if (run_hub(hubdb, "init", NULL, NULL, NULL, NULL, 0) != 0)
		die("tally-hub init");
	pid_t hub = serve(hubdb, url, sizeof(url));

	struct tally_err e = { 0 };
	struct sync_conf c;
	sync_conf_load(NULL, &c, &e);
	struct store *s = enrolled_store(dir, "push", hubdb, url);

	/* The hub's bare request rate on one kept-alive handle. */
	char token[TOKEN_MAX + 1];
	if (token_load(store_path(s), token, &e) != 0)
		die(e.msg);
	struct http *h = http_new(url, NULL, &e);
	http_set_token(h, token);
	double t0 = bench_now();
	for (int i = 0; i < HEALTH_REQUESTS; i++) {
		struct http_result r;
		if (http_request(h, "GET", "/v1/health", NULL, &r) != 0 || r.status != 200)
			die("GET /v1/health");
		http_result_release(&r);
	}
	double health_rps = HEALTH_REQUESTS / (bench_now() - t0);
	http_free(h);
	bench_row("sync: GET /v1/health (bare request rate)", health_rps, "req/s", 0, "-", 1);

	fill_records(store_path(s));
	struct sync_session *ss = sync_session_new(s, &c);
	struct sync_outcome o;
	t0 = bench_now();
	if (sync_round(ss, &o, &e) != 0)
		die(e.msg);
	double secs = bench_now() - t0;
	if (o.sent != RECORDS)
		die("not every record was sent");
	uint64_t up, down;
	sync_bytes(ss, &up, &down);
	sync_session_free(ss);
	store_close(s);
	double batches = (RECORDS + c.batch_records - 1) / c.batch_records;
	bench_row("sync: push 10,000 records, one round", secs, "s", batches / health_rps, "<=1 s",
	          secs <= 1.0);
	bench_row("sync: push rate", RECORDS / secs, "rec/s", health_rps, "-", 1);
	double per = (double)(up + down) / RECORDS;
	fprintf(stderr, "bench-sync: %.1f bytes/record up, %.1f down\n", (double)up / RECORDS,
	        (double)down / RECORDS);
	bench_row("sync: bytes on the wire per record", per, "B", 0, "<=60", per <= 60.0);

	char imp[4096];
	snprintf(imp, sizeof(imp), "%s/master.json", dir);
	write_master(imp);
	if (run_hub(hubdb, "import", imp, NULL, NULL, NULL, 0) != 0)
		die("tally-hub import");
	s = enrolled_store(dir, "pull", hubdb, url);
	struct scanner_child quiet = scanner_start(store_path(s));
	usleep(500000);
	double quiet_p99 = scanner_stop(quiet);
	ss = sync_session_new(s, &c);
	struct scanner_child busy = scanner_start(store_path(s));
	t0 = bench_now();
	if (sync_round(ss, &o, &e) != 0)
		die(e.msg);
	secs = bench_now() - t0;
	double busy_p99 = scanner_stop(busy);
	if (o.pulled < MASTER_ROWS)
		die("the pull missed rows");
	bench_row("sync: first pull of 100,000 master rows", secs, "s",
	          (double)MASTER_ROWS / c.pull_limit / health_rps, "<=3 s", secs <= 3.0);
	bench_row("sync: scan (append) p99 during that pull, ms", busy_p99, "ms", quiet_p99,
	          "<=50ms", busy_p99 >= 0 && busy_p99 <= 50.0);
	sync_session_free(ss);
	store_close(s);

	kill(hub, SIGTERM);
	waitpid(hub, NULL, 0);
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return 0;
}
