/*
 * bench-store.c — the store's figures from issue 2:
 *   - append latency p50 and p99 of one acknowledged record, against the raw
 *     fdatasync latency of a file in the same directory (target: p50 within
 *     1.5× of one sync: one sync per scan, nothing more);
 *   - open-to-ready of a store holding 100,000 articles and 200,000
 *     records: `tally status` wall time (≤ 20 ms) and peak RSS (≤ 8 MiB),
 *     against `tally --version` measured the same way;
 *   - appends per second through store_append() (synchronous=FULL, one
 *     transaction each) against the same insert on a synchronous=OFF
 *     connection to the same file: what durability costs (informational).
 */
#include "tests/bench/bench.h"
#include "db/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define APPENDS 300

/* The same one-row transaction as store_append(), without fsync. */
static double unsynced_appends_per_s(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		abort();
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(
	        db,
	        "INSERT INTO record(uuid, kind, device_time, location_id, article_id,"
	        " code, qty, state) VALUES (?, 'count', '2026-11-23T08:00:00.000Z',"
	        " 'W-MED1', 'A-PARA', ']d20109521234543213', 3, 'pending')",
	        -1, &st, NULL) != SQLITE_OK)
		abort();
	double t0 = bench_now();
	for (int i = 0; i < APPENDS; i++) {
		char uuid[32];
		snprintf(uuid, sizeof(uuid), "bench-off-%d", i);
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			abort();
		sqlite3_reset(st);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	double el = bench_now() - t0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return APPENDS / el;
}

static double raw_sync_p50(const char *dir)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/raw", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	double t[APPENDS];
	char buf[256];
	memset(buf, 'x', sizeof(buf));
	for (int i = 0; i < APPENDS; i++) {
		double t0 = bench_now();
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			abort();
		fdatasync(fd);
		t[i] = bench_now() - t0;
	}
	close(fd);
	return bench_quantile(t, APPENDS, 0.5);
}

/* Run argv, return wall seconds and peak RSS in KiB. */
static double run_measured(char *const argv[], long *rss_kib)
{
	double t0 = bench_now();
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	struct rusage ru;
	wait4(pid, &st, 0, &ru);
	*rss_kib = ru.ru_maxrss;
	return bench_now() - t0;
}

static void fill_big_store(const char *path)
{
	struct store *s = store_open(path, NULL);
	store_close(s);
	sqlite3 *db;
	sqlite3_open(path, &db);
	sqlite3_exec(
	    db,
	    "PRAGMA synchronous=OFF; BEGIN;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<100000)"
	    " INSERT INTO article(id, name) SELECT 'A' || i, 'Article ' || i FROM n;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<100000)"
	    " INSERT INTO code(code, article_id) SELECT printf('%014d', i), 'A' || i FROM n;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<200000)"
	    " INSERT INTO record(uuid, kind, device_time, location_id, article_id, qty, state)"
	    " SELECT 'u' || i, 'count', '2026-11-23T08:00:00.000Z', 'W1', 'A' || (i % 100000),"
	    " i % 30, CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'sent' END FROM n;"
	    "COMMIT;",
	    NULL, NULL, NULL);
	sqlite3_close(db);
}

int main(void)
{
	char dir[] = "/tmp/tally-bench-XXXXXX";
	if (mkdtemp(dir) == NULL)
		return 1;
	char path[512];
	snprintf(path, sizeof(path), "%s/tally.db", dir);

	/* Append latency, in the steady state of a handheld in use: the
	 * write-ahead log has been checkpointed once and is being reused, so a
	 * commit overwrites it instead of growing the file. */
	struct store *s = store_open(path, NULL);
	double t[APPENDS];
	struct record_in in = { .kind = REC_COUNT,
		                .location_id = "W-MED1",
		                .article_id = "A-PARA",
		                .code = "]d20109521234543213",
		                .qty = 3 };
	for (int i = 0; i < 1100; i++)
		if (store_append(s, &in, NULL, NULL, NULL) != 0)
			return 1;
	for (int i = 0; i < APPENDS; i++) {
		double t0 = bench_now();
		if (store_append(s, &in, NULL, NULL, NULL) != 0)
			return 1;
		t[i] = bench_now() - t0;
	}
	store_close(s);
	double total = 0;
	for (int i = 0; i < APPENDS; i++)
		total += t[i];
	double off = unsynced_appends_per_s(path);
	bench_row("store appends/s, synchronous=FULL (vs OFF)", APPENDS / total, "rec/s", off,
	          "info", 1);
	double raw = raw_sync_p50(dir);
	double p50 = bench_quantile(t, APPENDS, 0.5), p99 = bench_quantile(t, APPENDS, 0.99);
	bench_row("store append p50 (vs fdatasync p50)", p50 * 1e3, "ms", raw * 1e3, "<=1.5x",
	          p50 <= 1.5 * raw);
	bench_row("store append p99 (vs fdatasync p50)", p99 * 1e3, "ms", raw * 1e3, "info", 1);

	/* Open-to-ready on a big store. */
	snprintf(path, sizeof(path), "%s/big.db", dir);
	fill_big_store(path);
	const char *tally = getenv("TALLY_BIN") ? getenv("TALLY_BIN") : "build/tally";
	char *status_argv[] = { (char *)tally, "--db", path, "status", NULL };
	char *version_argv[] = { (char *)tally, "--version", NULL };
	double ts[7], tv[7];
	long rss = 0, rss_v = 0;
	for (int i = 0; i < 7; i++) {
		ts[i] = run_measured(status_argv, &rss);
		tv[i] = run_measured(version_argv, &rss_v);
	}
	double st = bench_quantile(ts, 7, 0.5), vt = bench_quantile(tv, 7, 0.5);
	bench_row("tally status, 100k articles + 200k records", st * 1e3, "ms", vt * 1e3, "<=20ms",
	          st * 1e3 <= 20);
	bench_row("tally status peak RSS (vs tally --version)", (double)rss / 1024.0, "MiB",
	          (double)rss_v / 1024.0, "<=8MiB", rss <= 8 * 1024);

	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : 1;
}
