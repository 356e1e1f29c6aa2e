/*
 * test-store-crash.c — the promise behind the good beep, tested the hard
 * way.  A writer is killed with SIGKILL at a random moment, 200 times: every
 * seq it reported as committed is in the store, the store is intact, and no
 * seq is ever reused.  Then a wrapping SQLite VFS fails the Nth write, and
 * separately the Nth sync, for every N through one append, and returns
 * SQLITE_FULL: each append either succeeds or fails with nothing
 * acknowledged, the store reopens intact and the next append works.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "common/i18n.h"
#include "tests/lib/testutil.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int integrity_ok(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 0;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

static void killed_writer_loses_nothing_reported(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	assert_non_null(s);
	store_close(s);
	srand((unsigned)time(NULL));
	int64_t highest = 0;

	for (int round = 0; round < 200; round++) {
		int fds[2];
		assert_int_equal(pipe(fds), 0);
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			struct store *w = store_open(path, NULL);
			struct record_in in = { .kind = REC_COUNT,
				                .location_id = "W-MED1",
				                .qty = 1 };
			for (;;) {
				int64_t seq;
				if (w == NULL || store_append(w, &in, &seq, NULL, NULL) != 0)
					_exit(1);
				/* Acknowledged: tell the parent, as the beep tells the user. */
				if (write(fds[1], &seq, sizeof(seq)) != (ssize_t)sizeof(seq))
					_exit(1);
			}
		}
		close(fds[1]);
		usleep((useconds_t)(1000 + rand() % 15000));
		kill(pid, SIGKILL);
		int st;
		waitpid(pid, &st, 0);
		assert_true(WIFSIGNALED(st)); /* killed, not failed */

		s = store_open(path, &e);
		if (s == NULL)
			fail_msg("round %d: reopen: %s", round, e.msg);
		int64_t seq;
		while (read(fds[0], &seq, sizeof(seq)) == (ssize_t)sizeof(seq)) {
			struct record r;
			if (store_record_get(s, seq, &r, &e) != 0)
				fail_msg("round %d: acknowledged seq %lld is gone", round,
				         (long long)seq);
			record_free(&r);
			/* seqs only grow, across crashes too */
			assert_true(seq > highest);
			highest = seq;
		}
		close(fds[0]);
		store_close(s);
	}
	assert_true(integrity_ok(path));
	/* The next record after all that gets a fresh seq. */
	s = store_open(path, &e);
	int64_t next;
	struct record_in in = { .kind = REC_COUNT, .qty = 1 };
	assert_int_equal(store_append(s, &in, &next, NULL, &e), 0);
	assert_true(next > highest);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* --- a VFS that fails on demand --------------------------------------- */

struct faults {
	sqlite3_vfs *real;
	int writes, syncs;         /* counted since armed */
	int fail_write, fail_sync; /* fail this one (1-based); 0: never */
	int code;                  /* what a failed write returns */
};

struct ffile {
	sqlite3_file base;
	struct faults *f;
	sqlite3_file *real; /* follows this struct in the same allocation */
};

#define REAL(p) (((struct ffile *)(p))->real)

static int f_close(sqlite3_file *p)
{
	int rc = REAL(p)->pMethods ? REAL(p)->pMethods->xClose(REAL(p)) : SQLITE_OK;
	return rc;
}
static int f_read(sqlite3_file *p, void *b, int n, sqlite3_int64 o)
{
	return REAL(p)->pMethods->xRead(REAL(p), b, n, o);
}
static int f_write(sqlite3_file *p, const void *b, int n, sqlite3_int64 o)
{
	struct faults *f = ((struct ffile *)p)->f;
	if (f->fail_write && ++f->writes == f->fail_write)
		return f->code;
	return REAL(p)->pMethods->xWrite(REAL(p), b, n, o);
}
static int f_truncate(sqlite3_file *p, sqlite3_int64 size)
{
	return REAL(p)->pMethods->xTruncate(REAL(p), size);
}
static int f_sync(sqlite3_file *p, int flags)
{
	struct faults *f = ((struct ffile *)p)->f;
	if (f->fail_sync && ++f->syncs == f->fail_sync)
		return SQLITE_IOERR_FSYNC;
	return REAL(p)->pMethods->xSync(REAL(p), flags);
}
static int f_size(sqlite3_file *p, sqlite3_int64 *s)
{
	return REAL(p)->pMethods->xFileSize(REAL(p), s);
}
static int f_lock(sqlite3_file *p, int l)
{
	return REAL(p)->pMethods->xLock(REAL(p), l);
}
static int f_unlock(sqlite3_file *p, int l)
{
	return REAL(p)->pMethods->xUnlock(REAL(p), l);
}
static int f_reserved(sqlite3_file *p, int *r)
{
	return REAL(p)->pMethods->xCheckReservedLock(REAL(p), r);
}
static int f_control(sqlite3_file *p, int op, void *a)
{
	return REAL(p)->pMethods->xFileControl(REAL(p), op, a);
}
static int f_sector(sqlite3_file *p)
{
	return REAL(p)->pMethods->xSectorSize(REAL(p));
}
static int f_devchar(sqlite3_file *p)
{
	return REAL(p)->pMethods->xDeviceCharacteristics(REAL(p));
}
static int f_shmmap(sqlite3_file *p, int pg, int sz, int ext, void volatile **pp)
{
	return REAL(p)->pMethods->xShmMap(REAL(p), pg, sz, ext, pp);
}
static int f_shmlock(sqlite3_file *p, int off, int n, int flags)
{
	return REAL(p)->pMethods->xShmLock(REAL(p), off, n, flags);
}
static void f_shmbarrier(sqlite3_file *p)
{
	REAL(p)->pMethods->xShmBarrier(REAL(p));
}
static int f_shmunmap(sqlite3_file *p, int del)
{
	return REAL(p)->pMethods->xShmUnmap(REAL(p), del);
}

static const sqlite3_io_methods fault_methods = {
	2,         f_close,      f_read,     f_write,   f_truncate, f_sync,    f_size,
	f_lock,    f_unlock,     f_reserved, f_control, f_sector,   f_devchar, f_shmmap,
	f_shmlock, f_shmbarrier, f_shmunmap, NULL,      NULL,
};

static int f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
	struct faults *f = vfs->pAppData;
	struct ffile *ff = (struct ffile *)file;
	ff->f = f;
	ff->real = (sqlite3_file *)(ff + 1);
	int rc = f->real->xOpen(f->real, name, ff->real, flags, out);
	file->pMethods = rc == SQLITE_OK ? &fault_methods : NULL;
	return rc;
}

static int f_delete(sqlite3_vfs *v, const char *n, int s)
{
	struct faults *f = v->pAppData;
	return f->real->xDelete(f->real, n, s);
}
static int f_access(sqlite3_vfs *v, const char *n, int fl, int *r)
{
	struct faults *f = v->pAppData;
	return f->real->xAccess(f->real, n, fl, r);
}
static int f_fullpath(sqlite3_vfs *v, const char *n, int sz, char *out)
{
	struct faults *f = v->pAppData;
	return f->real->xFullPathname(f->real, n, sz, out);
}
static int f_random(sqlite3_vfs *v, int n, char *out)
{
	struct faults *f = v->pAppData;
	return f->real->xRandomness(f->real, n, out);
}
static int f_sleep(sqlite3_vfs *v, int us)
{
	struct faults *f = v->pAppData;
	return f->real->xSleep(f->real, us);
}
static int f_time(sqlite3_vfs *v, double *t)
{
	struct faults *f = v->pAppData;
	return f->real->xCurrentTime(f->real, t);
}
static int f_lasterr(sqlite3_vfs *v, int n, char *b)
{
	struct faults *f = v->pAppData;
	return f->real->xGetLastError(f->real, n, b);
}

static struct faults faults;
static sqlite3_vfs fault_vfs;

static void install_fault_vfs(void)
{
	faults.real = sqlite3_vfs_find("unix");
	fault_vfs = (sqlite3_vfs){
		.iVersion = 1,
		.szOsFile = (int)sizeof(struct ffile) + faults.real->szOsFile,
		.mxPathname = faults.real->mxPathname,
		.zName = "tally-faults",
		.pAppData = &faults,
		.xOpen = f_open,
		.xDelete = f_delete,
		.xAccess = f_access,
		.xFullPathname = f_fullpath,
		.xRandomness = f_random,
		.xSleep = f_sleep,
		.xCurrentTime = f_time,
		.xGetLastError = f_lasterr,
	};
	sqlite3_vfs_register(&fault_vfs, 1); /* the default: store_open uses it */
}

static int64_t count_records(struct store *s)
{
	struct store_counts c;
	assert_int_equal(store_count_states(s, &c, NULL), 0);
	return c.pending + c.sent + c.rejected;
}

/* For N = 1, 2, ... fail the Nth write (or sync) of one append. */
static void every_failure_point_of_one_append(int writes)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	int64_t acked = 0;
	int failures_seen = 0;
	for (int n = 1; n < 40; n++) {
		struct store *s = store_open(path, &e);
		if (s == NULL)
			fail_msg("reopen before N=%d: %s", n, e.msg);
		assert_int_equal(count_records(s), acked);
		faults.writes = faults.syncs = 0;
		faults.fail_write = writes ? n : 0;
		faults.fail_sync = writes ? 0 : n;
		struct record_in in = { .kind = REC_COUNT, .location_id = "W-MED1", .qty = n };
		int64_t seq = 0;
		err_clear(&e);
		int rc = store_append(s, &in, &seq, NULL, &e);
		int reached = writes ? faults.writes >= n : faults.syncs >= n;
		faults.fail_write = faults.fail_sync = 0;
		if (rc == 0) {
			acked++;
		} else {
			failures_seen++;
			assert_true(e.msg[0] != '\0');
			if (faults.code == SQLITE_FULL && writes)
				tu_assert_contains(e.msg, "full");
		}
		store_close(s);

		/* Intact, with exactly what was acknowledged (a failed sync may
		 * leave its record behind: it was never acknowledged, and is
		 * counted then, so nothing acknowledged is ever missing). */
		assert_true(integrity_ok(path));
		s = store_open(path, &e);
		assert_non_null(s);
		int64_t have = count_records(s);
		assert_true(have >= acked);
		acked = have;
		/* and the next append works */
		assert_int_equal(store_append(s, &in, NULL, NULL, &e), 0);
		acked++;
		store_close(s);
		if (!reached)
			break; /* N is past the last write/sync of an append */
	}
	assert_true(failures_seen > 0);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

static void nth_write_fails(void **state)
{
	faults.code = SQLITE_IOERR_WRITE;
	every_failure_point_of_one_append(1);
}

static void nth_sync_fails(void **state)
{
	every_failure_point_of_one_append(0);
}

static void disk_full_from_the_vfs(void **state)
{
	faults.code = SQLITE_FULL;
	every_failure_point_of_one_append(1);
}

int main(void)
{
	i18n_init("en");
	install_fault_vfs();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(killed_writer_loses_nothing_reported),
		cmocka_unit_test(nth_write_fails),
		cmocka_unit_test(nth_sync_fails),
		cmocka_unit_test(disk_full_from_the_vfs),
	};
	return cmocka_run_group_tests_name("store-crash", tests, NULL, NULL);
}
