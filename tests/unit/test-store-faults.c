/*
 * test-store-faults.c — when the store cannot take a scan, the user is told
 * what and what to do, and nothing that was acknowledged is lost: a store
 * from an older tally migrates, a full disk, a read-only disk, a damaged
 * file, a store from a newer tally, and two processes at once.
 */
#define _GNU_SOURCE /* unshare(), CLONE_NEWNS: a private mount for the full disk */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "common/i18n.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <sched.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void store_from_version_1_migrates_and_keeps_every_record(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "old.db");
	struct tally_err e = { 0 };
	fixture_store_v1(path);

	struct store *s = store_open(path, &e);
	if (s == NULL)
		fail_msg("open: %s", e.msg);
	assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION); /* every step run */
	assert_string_equal(store_db_id(s), "5b0f7c1e-8d2a-4f3b-9c4d-2e1f0a9b8c7d");
	char *cursor = store_meta_get(s, "cursor");
	assert_string_equal(cursor, "41");
	free(cursor);

	struct record *r;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &r, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(r[1].uuid, "0d1e2f3a-0000-4000-8000-000000000002");
	assert_string_equal(r[1].code, "]d20109521234543213\x1d"
	                               "10AB12");
	assert_int_equal(r[1].state, SYNC_PENDING);
	assert_int_equal(r[2].state, SYNC_REJECTED);
	assert_null(r[2].reason); /* v1 kept no reason */
	records_free(r, n);

	/* What v2 added works on the migrated store; new records follow on. */
	struct sync_result res = { 3, SYNC_REJECTED, "unknown code" };
	assert_int_equal(store_mark(s, &res, 1, &e), 0);
	struct record_in in = { .kind = REC_COUNT, .location_id = "W-MED1", .qty = 1 };
	int64_t seq;
	assert_int_equal(store_append(s, &in, &seq, NULL, &e), 0);
	assert_int_equal(seq, 4);
	struct article a;
	assert_int_equal(store_article_by_code(s, "09521234543213", &a, NULL, &e), 0);
	article_free(&a);
	store_close(s);

	/* Opening again does not migrate twice. */
	s = store_open(path, &e);
	assert_non_null(s);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

static void store_from_a_newer_tally_is_refused(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "new.db");
	struct tally_err e = { 0 };
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_null(store_open(path, &e));
	assert_int_equal(e.status, EX_CONFIG);
	tu_assert_contains(e.msg, "upgrade tally");
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* The hub's database given as --db: refused before anything is added. */
static void hub_database_is_not_a_store(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "hub.db");
	struct tally_err e = { 0 };
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE TABLE event(id INTEGER PRIMARY KEY);"
	                              " PRAGMA user_version=2",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(path, &e));
	assert_int_equal(e.status, EX_DATAERR);
	tu_assert_contains(e.msg, "not a tally store");
	struct tu_run r = tu_tally(NULL, "--lang", "en", "--db", path, "status", NULL);
	assert_int_equal(r.status, EX_DATAERR);
	tu_assert_contains(r.err, "not a tally store");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

static void damaged_store_says_call_it_support(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "bad.db");
	struct tally_err e = { 0 };
	char junk[8192];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)(i * 7 + 3);
	junk[sizeof(junk) - 1] = '\0';
	tu_write_file(path, junk);
	assert_null(store_open(path, &e));
	assert_int_equal(e.status, EX_DATAERR);
	tu_assert_contains(e.msg, "damaged");
	tu_assert_contains(e.msg, "keep the file");

	struct tu_run r = tu_tally(NULL, "--lang", "en", "--db", path, "status", NULL);
	assert_int_equal(r.status, EX_DATAERR);
	tu_assert_contains(r.err, "damaged");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/*
 * The disk fills while scans are being recorded: a tmpfs of 1 MiB in a
 * private mount namespace (needs root, as CI and the set-up script run).
 * Every append that returned 0 must be there after; the failing one says
 * the disk is full.  Then the disk is made read-only.
 */
static int full_then_readonly_disk(const char *dir)
{
	if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return 77;
	if (mount("tmpfs", dir, "tmpfs", 0, "size=1m") != 0)
		return 77;
	char *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	if (s == NULL) {
		fprintf(stderr, "open: %s\n", e.msg);
		return 1;
	}
	char batch[200];
	memset(batch, 'X', sizeof(batch) - 1);
	batch[sizeof(batch) - 1] = '\0';
	int64_t acked = 0, seq;
	struct record_in in = {
		.kind = REC_COUNT, .location_id = "W-MED1", .qty = 1, .batch = batch
	};
	for (int i = 0; i < 100000; i++) {
		if (store_append(s, &in, &seq, NULL, &e) != 0)
			break;
		acked++;
	}
	if (e.status != EX_IOERR || strstr(e.msg, "full") == NULL ||
	    strstr(e.msg, "Nothing was recorded") == NULL) {
		fprintf(stderr, "expected a full-disk message after %lld records, got %d: %s\n",
		        (long long)acked, e.status, e.msg);
		return 1;
	}
	store_close(s);

	/* Reopened on the full disk: every acknowledged record is there. */
	s = store_open(path, &e);
	if (s == NULL) {
		fprintf(stderr, "reopen on a full disk: %s\n", e.msg);
		return 1;
	}
	struct store_counts c;
	if (store_count_states(s, &c, &e) != 0 || c.pending != acked) {
		fprintf(stderr, "acknowledged %lld, found %lld: %s\n", (long long)acked,
		        (long long)c.pending, e.msg);
		return 1;
	}
	store_close(s);

	/* The disk turns read-only (as a failing SD card does).  The tmpfs
	 * was mounted above, so remounting it can only fail for a reason of
	 * its own: a failure, not a skip. */
	if (mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0) {
		perror("remount the tmpfs read-only");
		return 1;
	}
	s = store_open(path, &e);
	if (s != NULL) {
		int rc = store_append(s, &in, &seq, NULL, &e);
		store_close(s);
		if (rc == 0) {
			fprintf(stderr, "append on a read-only disk succeeded\n");
			return 1;
		}
	}
	if (strstr(e.msg, "read-only") == NULL && strstr(e.msg, "writable") == NULL) {
		fprintf(stderr, "read-only disk, got: %s\n", e.msg);
		return 1;
	}
	free(path);
	return acked > 0 ? 0 : 1;
}

/*
 * A 2 MiB disk fills during a long session: scans fail, saying so; the
 * sync can still mark what the hub took (the reserve beside the store is
 * given back for it); `tally status` says the disk is full and how much is
 * needed; after 200 KiB are freed, the next scan works — the user scans
 * first, as people do.
 */
static int full_disk_recovers(const char *dir)
{
	if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return 77;
	if (mount("tmpfs", dir, "tmpfs", 0, "size=2m") != 0)
		return 77;
	char *path = tu_path(dir, "tally.db"), *filler = tu_path(dir, "photos.bin");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	if (s == NULL) {
		fprintf(stderr, "open: %s\n", e.msg);
		return 1;
	}
	char block[200 * 1024];
	memset(block, 'x', sizeof(block));
	FILE *f = fopen(filler, "wb");
	if (f == NULL || fwrite(block, 1, sizeof(block), f) != sizeof(block) || fclose(f) != 0)
		return 1;
	char batch[200];
	memset(batch, 'X', sizeof(batch) - 1);
	batch[sizeof(batch) - 1] = '\0';
	struct record_in in = {
		.kind = REC_COUNT, .location_id = "W-MED1", .qty = 1, .batch = batch
	};
	int64_t acked = 0;
	while (store_append(s, &in, NULL, NULL, &e) == 0)
		acked++;
	if (strstr(e.msg, "full") == NULL) {
		fprintf(stderr, "expected a full disk, got: %s\n", e.msg);
		return 1;
	}
	struct tu_run r = tu_tally(NULL, "--lang", "en", "--db", path, "status", NULL);
	if (strstr(r.out, "FULL") == NULL || strstr(r.out, "tally needs") == NULL) {
		fprintf(stderr, "status on a full disk says:\n%s%s\n", r.out, r.err);
		return 1;
	}
	tu_run_free(&r);
	/* The sync marks everything the hub took, on the full disk. */
	struct record *recs;
	size_t n;
	if (store_records(s, 0, 1, 0, &recs, &n, &e) != 0 || (int64_t)n != acked)
		return 1;
	struct sync_result *res = calloc(n, sizeof(*res));
	for (size_t i = 0; i < n; i++)
		res[i] = (struct sync_result){ .seq = recs[i].seq, .state = SYNC_SENT };
	if (store_mark(s, res, n, &e) != 0) {
		fprintf(stderr, "marking %zu records on a full disk: %s\n", n, e.msg);
		return 1;
	}
	free(res);
	records_free(recs, n);
	store_close(s);

	/* 200 KiB freed; the next command is a scan. */
	unlink(filler);
	s = store_open(path, &e);
	if (s == NULL) {
		fprintf(stderr, "open after freeing space: %s\n", e.msg);
		return 1;
	}
	for (int i = 0; i < 5; i++)
		if (store_append(s, &in, NULL, NULL, &e) != 0) {
			fprintf(stderr, "scan %d after freeing space: %s\n", i + 1, e.msg);
			return 1;
		}
	struct store_counts c;
	if (store_count_states(s, &c, &e) != 0 || c.sent != acked || c.pending != 5)
		return 1;
	store_close(s);
	free(path), free(filler);
	return 0;
}

static void full_disk_freed_recovers(void **state)
{
	char *dir = tu_mkdtemp();
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(full_disk_recovers(dir));
	int st;
	waitpid(pid, &st, 0);
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	tu_rmtree(dir);
	free(dir);
	if (code == 77) {
		print_message("skipped: cannot mount a small tmpfs here (needs root)\n");
		skip();
	}
	assert_int_equal(code, 0);
}

/* The write-ahead log stays bounded over a 5,000-scan session. */
static void wal_bounded_over_a_long_session(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	char *wal = tu_strfmt("%s-wal", path);
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	assert_non_null(s);
	struct record_in in = {
		.kind = REC_COUNT, .location_id = "W-MED1", .qty = 1, .code = "]E09521234543213"
	};
	long long largest = 0;
	for (int i = 0; i < 5000; i++) {
		assert_int_equal(store_append(s, &in, NULL, NULL, &e), 0);
		struct stat st;
		if (i % 50 == 0 && stat(wal, &st) == 0 && st.st_size > largest)
			largest = st.st_size;
	}
	store_close(s);
	printf("# largest write-ahead log over 5000 scans: %lld bytes\n", largest);
	assert_true(largest > 0);
	assert_true(largest <= 4608 * 1024);
	tu_rmtree(dir);
	free(dir), free(path), free(wal);
}

static void full_disk_loses_nothing_acknowledged(void **state)
{
	char *dir = tu_mkdtemp();
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(full_then_readonly_disk(dir));
	int st;
	waitpid(pid, &st, 0);
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	tu_rmtree(dir);
	free(dir);
	if (code == 77) {
		print_message("skipped: cannot mount a small tmpfs here (needs root)\n");
		skip();
	}
	assert_int_equal(code, 0);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_from_version_1_migrates_and_keeps_every_record),
		cmocka_unit_test(store_from_a_newer_tally_is_refused),
		cmocka_unit_test(hub_database_is_not_a_store),
		cmocka_unit_test(damaged_store_says_call_it_support),
		cmocka_unit_test(full_disk_loses_nothing_acknowledged),
		cmocka_unit_test(full_disk_freed_recovers),
		cmocka_unit_test(wal_bounded_over_a_long_session),
	};
	return cmocka_run_group_tests_name("store-faults", tests, NULL, NULL);
}
