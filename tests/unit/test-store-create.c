/*
 * test-store-create.c — when a store is made, and with which permissions:
 * --db naming a missing file is an error that names the path and --create
 * (and makes nothing); --create and the default store make it; a store in a
 * set-group-id directory (the shared store of an installed handheld) is
 * read and written by the group, its -wal and -shm too, whatever the umask.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

static mode_t mode_of(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		fail_msg("%s is not there", path);
	return st.st_mode & 07777;
}

static void named_missing_store_is_an_error_and_makes_nothing(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "typo/tally.db");
	struct tu_run r = tu_tally(NULL, "--lang", "en", "--db", db, "status", NULL);
	assert_int_equal(r.status, EX_NOINPUT);
	tu_assert_contains(r.err, db);
	tu_assert_contains(r.err, "--create");
	tu_run_free(&r);
	char *sub = tu_path(dir, "typo");
	assert_int_equal(access(sub, F_OK), -1); /* no directory either */

	/* The same for a job: nothing recorded anywhere, the scan not taken. */
	r = tu_tally("]E09521234543213\n", "--lang", "en", "--db", db, "round", "W-MED1", "--user",
	             "1001", NULL);
	assert_int_equal(r.status, EX_NOINPUT);
	tu_run_free(&r);
	assert_int_equal(access(sub, F_OK), -1);

	/* Norwegian by default. */
	r = tu_tally(NULL, "--db", db, "status", NULL);
	assert_int_equal(r.status, EX_NOINPUT);
	tu_assert_contains(r.err, db);
	assert_null(strstr(r.err, "There is no store"));
	tu_run_free(&r);

	/* Asked for, it is made, private to its owner. */
	r = tu_tally(NULL, "--lang", "en", "--create", "--db", db, "status", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(mode_of(db), 0600);
	r = tu_tally(NULL, "--lang", "en", "--db", db, "status", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);

	tu_rmtree(dir);
	free(sub);
	free(db);
	free(dir);
}

static void default_store_from_tally_conf_is_made_on_first_use(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *conf = tu_path(dir, "tally.conf"),
	     *db = tu_path(dir, "var/tally.db");
	char *text = tu_strfmt("[store]\npath = %s\n", db);
	tu_write_file(conf, text);
	struct tu_run r =
	    tu_tally(NULL, "--lang", "en", "--config", conf, "status", "--json", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, db);
	tu_run_free(&r);
	assert_int_equal(mode_of(db), 0600);

	/* A relative path is refused with what to write instead. */
	tu_write_file(conf, "[store]\npath = tally.db\n");
	r = tu_tally(NULL, "--lang", "en", "--config", conf, "status", NULL);
	assert_int_equal(r.status, EX_CONFIG);
	tu_assert_contains(r.err, "not an absolute path");
	tu_run_free(&r);

	tu_rmtree(dir);
	free(text);
	free(db);
	free(conf);
	free(dir);
}

/* The shared store: made 0660 in a set-group-id directory even under umask
 * 077, and SQLite's -wal and -shm follow the main file. */
static void store_in_setgid_directory_is_group_writable(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *shared = tu_path(dir, "shared");
	assert_int_equal(mkdir(shared, 0770), 0);
	assert_int_equal(chmod(shared, 02770), 0);
	if ((mode_of(shared) & S_ISGID) == 0) {
		tu_rmtree(dir);
		skip(); /* a file system that drops set-group-id (not ext4, tmpfs) */
	}
	char *db = tu_path(shared, "tally.db"), *wal = tu_strfmt("%s-wal", db),
	     *shm = tu_strfmt("%s-shm", db);
	mode_t old = umask(077);
	struct tally_err e = { 0 };
	struct store *s = store_open_as(db, STORE_CREATE, &e);
	if (s == NULL)
		fail_msg("store_open_as: %s", e.msg);
	assert_int_equal(store_meta_set(s, "probe", "1", &e), 0);
	assert_int_equal(mode_of(db), 0660);
	assert_int_equal(mode_of(wal), 0660);
	assert_int_equal(mode_of(shm), 0660);
	store_close(s);
	umask(old);

	/* Anywhere else a new store stays private, whatever the umask. */
	char *own = tu_path(dir, "own.db");
	old = umask(0);
	s = store_open_as(own, STORE_CREATE, &e);
	umask(old);
	assert_non_null(s);
	store_close(s);
	assert_int_equal(mode_of(own), 0600);

	/* STORE_MUST_EXIST: EX_NOINPUT, and nothing made. */
	char *missing = tu_path(dir, "missing.db");
	s = store_open_as(missing, STORE_MUST_EXIST, &e);
	assert_null(s);
	assert_int_equal(e.status, EX_NOINPUT);
	assert_int_equal(access(missing, F_OK), -1);

	tu_rmtree(dir);
	free(missing);
	free(own);
	free(shm);
	free(wal);
	free(db);
	free(shared);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(named_missing_store_is_an_error_and_makes_nothing),
		cmocka_unit_test(default_store_from_tally_conf_is_made_on_first_use),
		cmocka_unit_test(store_in_setgid_directory_is_group_writable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
