/*
 * test-sync-clock.c — time that survives clock changes, with faketime
 * (LD_PRELOAD) under the real `tally count` and `tally sync`, against a
 * real tally-hub over loopback.
 *
 * A reference handheld R with a right clock counts 10 packs; then the
 * handheld S counts 7 with its clock wrong; S syncs; then R counts 12 and
 * syncs.  Whatever S's clock did, the hub's on-hand is 7 after S's sync
 * (its count is the newer) and 12 at the end (R's last count is newer
 * still).  Four clocks for S:
 *   slow then corrected  2 days slow when counting, right when syncing
 *   2030 then back       in 2030 when counting, right when syncing
 *   1970                 reset to 1970 when counting, right when syncing
 *   equally wrong        3 days fast when counting and when syncing
 * libfaketime leaves CLOCK_BOOTTIME alone (FAKETIME_DONT_FAKE_MONOTONIC):
 * that is the clock no one sets.  Where S's clock was set between two of
 * its records, `tally status` notes the jump.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/i18n.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PARA "]E09521234543213"

static const char *faketime_lib(void)
{
	static const char *const where[] = {
		"/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
		"/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
		"/usr/lib/faketime/libfaketime.so.1",
	};
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (access(where[i], R_OK) == 0)
			return where[i];
	return NULL;
}

struct fx {
	char *dir, *hubdb;
	struct hub_run h;
};

static long long onhand(struct fx *f)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long n = -1;
	assert_int_equal(sqlite3_open_v2(f->hubdb, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	if (sqlite3_prepare_v2(db,
	                       "SELECT qty FROM onhand WHERE location_id = 'W-MED1'"
	                       " AND article_id = 'A-PARA'",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* tally with its clock at `faked` (a faketime spec; NULL: the real one). */
static struct tu_run tally_at(const char *faked, const char *input, const char *store,
                              const char *a1, const char *a2, const char *a3, const char *a4,
                              const char *a5)
{
	char *env[6] = { NULL };
	if (faked != NULL) {
		env[0] = tu_strfmt("LD_PRELOAD=%s", faketime_lib());
		env[1] = tu_strfmt("FAKETIME=%s", faked);
		env[2] = tu_strfmt("FAKETIME_DONT_FAKE_MONOTONIC=1");
		env[3] = tu_strfmt("FAKETIME_NO_CACHE=1");
		env[4] = tu_strfmt("ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0");
	}
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--create",
		         "--db",
		         (char *)store,
		         (char *)a1,
		         (char *)a2,
		         (char *)a3,
		         (char *)a4,
		         (char *)a5,
		         NULL };
	struct tu_run r = tu_run(argv, input, env);
	for (int i = 0; env[i] != NULL; i++)
		free(env[i]);
	return r;
}

static void ok(struct tu_run r, const char *what)
{
	if (r.status != 0)
		fail_msg("%s: exit %d\n%s%s", what, r.status, r.out, r.err);
	tu_run_free(&r);
}

static void count(const char *faked, const char *store, const char *qty)
{
	char *line = tu_strfmt(PARA "\t%s\n", qty);
	ok(tally_at(faked, line, store, "count", "LOC:MED1", "--user", "1001", NULL), "count");
	free(line);
}

static void sync_at(const char *faked, const char *store)
{
	ok(tally_at(faked, NULL, store, "sync", "--once", NULL, NULL, NULL), "sync");
}

static void enroll(struct fx *f, const char *store)
{
	char *code = hub_run_code(f->hubdb, "handheld", f->h.url);
	ok(tally_at(NULL, NULL, store, "enroll", f->h.url, code, NULL, NULL), "enroll");
	free(code);
	sync_at(NULL, store);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->hubdb = tu_path(f->dir, "hub.db");
	hub_run_init(f->hubdb);
	char *import = tu_path(f->dir, "import.json");
	tu_write_file(import,
	              "{\"article\": [{\"id\": \"A-PARA\", \"name\": \"Paracetamol 500 mg\"}], "
	              "\"code\": [{\"code\": \"09521234543213\", \"article_id\": \"A-PARA\"}], "
	              "\"location\": [{\"id\": \"W-MED1\", \"code\": \"LOC:MED1\", \"name\": "
	              "\"Medisinsk 1\", \"kind\": \"ward\"}], \"user\": [{\"badge\": \"1001\", "
	              "\"name\": \"Kari Nordmann\", \"roles\": \"round\"}]}");
	assert_int_equal(hub_run_import(f->hubdb, import), 0);
	free(import);
	hub_run_start(&f->h, f->hubdb, NULL);
	*state = f;
	return 0;
}

/* The hub is stopped here, whatever the test found. */
static int teardown(void **state)
{
	struct fx *f = *state;
	hub_run_stop(&f->h);
	tu_rmtree(f->dir);
	free(f->dir), free(f->hubdb), free(f);
	return 0;
}

static void scenario(struct fx *f, const char *name, const char *count_clock,
                     const char *sync_clock)
{
	if (faketime_lib() == NULL) {
		print_message("skipped: libfaketime is not installed (packaging/setup-deps.sh)\n");
		skip();
	}
	char *r = tu_path(f->dir, "r.db"), *s = tu_path(f->dir, "s.db");
	enroll(f, r);
	enroll(f, s);

	count(NULL, r, "10");
	sync_at(NULL, r);
	usleep(20000);
	count(count_clock, s, "7");
	usleep(20000);
	sync_at(sync_clock, s);
	long long after_s = onhand(f);
	usleep(20000);
	count(NULL, r, "12");
	sync_at(NULL, r);
	long long after_r = onhand(f);
	printf("# %s: on-hand %lld after S's sync, %lld after R's\n", name, after_s, after_r);
	if (after_s != 7 || after_r != 12)
		fail_msg("%s: on-hand %lld then %lld; want 7 then 12", name, after_s, after_r);

	/* S counts again with its clock as it is now: a clock that was set
	 * between two records of one boot is noted in `tally status`. */
	if (sync_clock == NULL) {
		count(NULL, s, "7");
		struct tu_run st = tally_at(NULL, NULL, s, "status", NULL, NULL, NULL, NULL);
		if (strstr(st.out, "clock:") == NULL || strstr(st.out, "set by") == NULL)
			fail_msg("%s: status does not note the clock jump:\n%s", name, st.out);
		tu_run_free(&st);
	}
	free(r), free(s);
}

static void slow_then_corrected(void **state)
{
	scenario(*state, "slow then corrected", "-2d", NULL);
}

static void in_2030_then_back(void **state)
{
	scenario(*state, "2030 then back", "@2030-01-01 12:00:00", NULL);
}

static void reset_to_1970(void **state)
{
	scenario(*state, "1970", "@1970-01-02 00:00:00", NULL);
}

static void equally_wrong_at_count_and_sync(void **state)
{
	scenario(*state, "equally wrong", "+3d", "+3d");
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(slow_then_corrected, setup, teardown),
		cmocka_unit_test_setup_teardown(in_2030_then_back, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_to_1970, setup, teardown),
		cmocka_unit_test_setup_teardown(equally_wrong_at_count_and_sync, setup, teardown),
	};
	return cmocka_run_group_tests_name("sync-clock", tests, NULL, NULL);
}
