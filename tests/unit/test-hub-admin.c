/*
 * test-hub-admin.c — the hub's admin commands, on a real hub database, the
 * real tally-hub serving on loopback and a real handheld syncing:
 *   - `tally-hub devices` lists each handheld by the name given to
 *     enroll-code, with its scope, its last sync and the records it sent;
 *   - `tally-hub revoke NAME` (or NUMBER): the handheld's next sync is
 *     refused (401) and the user is told to enrol again; its records stay
 *     on the hub and its unsent ones on the handheld; `devices` says
 *     revoked; an unknown or revoked device is said so;
 *   - `tally-hub backup FILE` while the hub serves: the copy opens on its
 *     own and holds every record the handheld sent, is mode 0600 under
 *     umask 0, and an existing file is never overwritten; on PostgreSQL
 *     it says to use pg_dump, exits 69 and makes no file;
 *   - `tally-hub hash-pin` makes a pin_hash the handheld accepts: imported
 *     on the hub, pulled by a real handheld, `tally login` with that PIN
 *     signs in and another PIN is refused; a short PIN is refused;
 *   - import: a ';'-separated CSV as Norwegian Excel saves it (BOM, CRLF,
 *     decimal comma) is read; a file in Windows-1252 is refused as not
 *     UTF-8 with its line; a basis row naming an unknown article or with
 *     min > max, a place of an unknown kind or under an unknown parent are
 *     refused with the row named, and nothing of the file is imported;
 *   - the Quick start's first step: `init` makes the database's missing
 *     directory, mode 0750 under any umask; when its parent is missing
 *     too, it says how to make it (SQLite's: skipped on PostgreSQL).
 *
 * run-all.sh runs it a second time with the hub on PostgreSQL
 * (tests/pg-hub-tests, tests/lib/hub-run.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fx {
	char *dir, *hubdb, *conf;
	char *where; /* what the hub's --db is: hubdb, or its PostgreSQL database */
	struct hub_run hub;
};

static const char master[] =
    "{\"article\": [{\"id\": \"A001\", \"name\": \"Paracetamol 500 mg\"}],"
    " \"code\": [{\"code\": \"09520000010008\", \"article_id\": \"A001\"}],"
    " \"location\": [{\"id\": \"MED1\", \"name\": \"Medisin 1\"}]}";

static struct tu_run hub(struct fx *f, const char *a1, const char *a2)
{
	char *argv[] = { (char *)tu_hub_bin(), "--lang",   "en", "--db", f->where,
		         (char *)a1,           (char *)a2, NULL };
	return tu_run(argv, NULL, NULL);
}

static struct tu_run tally(struct fx *f, const char *store, const char *a1, const char *a2,
                           const char *a3)
{
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
	char *code = hub_run_code(f->hubdb, name, f->hub.url);
	struct tu_run r = tally(f, store, "enroll", f->hub.url, code);
	if (r.status != 0)
		fail_msg("enroll: %s%s", r.out, r.err);
	tu_run_free(&r);
	free(code);
}

static void append(const char *store, int n)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(store, &e);
	assert_non_null(s);
	for (int i = 0; i < n; i++) {
		struct record_in in = { .kind = REC_COUNT,
			                .location_id = "MED1",
			                .article_id = "A001",
			                .code = "]E09520000010008",
			                .qty = i + 1,
			                .user = "1001" };
		assert_int_equal(store_append(s, &in, NULL, NULL, &e), 0);
	}
	store_close(s);
}

static long pending(const char *store)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(store, &e);
	assert_non_null(s);
	struct store_counts n;
	assert_int_equal(store_count_states(s, &n, &e), 0);
	store_close(s);
	return (long)n.pending;
}

/* The line of `tally-hub devices` that names `name`; malloc'd. */
static char *device_line(struct fx *f, const char *name)
{
	struct tu_run r = hub(f, "devices", NULL);
	if (r.status != 0)
		fail_msg("devices: %s%s", r.out, r.err);
	char *at = strstr(r.out, name);
	if (at == NULL)
		fail_msg("no %s in: %s", name, r.out);
	while (at > r.out && at[-1] != '\n')
		at--;
	char *line = strndup(at, strcspn(at, "\n"));
	tu_run_free(&r);
	return line;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->hubdb = tu_path(f->dir, "hub.db");
	f->conf = tu_path(f->dir, "tally.conf");
	tu_write_file(f->conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 20\n");
	hub_run_init(f->hubdb);
	f->where = hub_run_where(f->hubdb);
	char *m = tu_path(f->dir, "master.json");
	tu_write_file(m, master);
	assert_int_equal(hub_run_import(f->hubdb, m), 0);
	free(m);
	hub_run_start(&f->hub, f->hubdb, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	hub_run_stop(&f->hub);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->hubdb);
	free(f->conf);
	free(f->where);
	free(f);
	return 0;
}

static void devices_lists_and_revoke_refuses_the_next_sync(void **state)
{
	struct fx *f = *state;
	char *a = tu_path(f->dir, "a.db"), *b = tu_path(f->dir, "b.db");
	enroll(f, a, "Medisin 1 skanner");
	enroll(f, b, "Kirurgi skanner");
	append(a, 3);
	struct tu_run r = tally(f, a, "sync", "--once", NULL);
	if (r.status != 0)
		fail_msg("sync: %s%s", r.out, r.err);
	tu_run_free(&r);

	/* Listed by the enrolment name, with its records and a last sync. */
	char *line = device_line(f, "Medisin 1 skanner");
	tu_assert_contains(line, "(region)");
	tu_assert_contains(line, " 3 ");
	tu_assert_contains(line, "active");
	assert_null(strstr(line, "never"));
	free(line);
	line = device_line(f, "Kirurgi skanner");
	tu_assert_contains(line, " 0 ");
	free(line);

	/* Revoked by name: the next sync is refused and says what to do; the
	 * unsent records stay on the handheld, the sent ones on the hub. */
	r = hub(f, "revoke", "Medisin 1 skanner");
	if (r.status != 0)
		fail_msg("revoke: %s%s", r.out, r.err);
	tu_assert_contains(r.out, "revoked");
	tu_run_free(&r);
	append(a, 2);
	r = tally(f, a, "sync", "--once", NULL);
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "enrol this handheld again");
	tu_run_free(&r);
	assert_int_equal(pending(a), 2);
	line = device_line(f, "Medisin 1 skanner");
	tu_assert_contains(line, "revoked");
	tu_assert_contains(line, " 3 ");
	free(line);

	/* Revoked again: said so; an unknown name: said so. */
	r = hub(f, "revoke", "Medisin 1 skanner");
	assert_int_equal(r.status, 67);
	tu_assert_contains(r.err, "tally-hub devices");
	tu_run_free(&r);
	r = hub(f, "revoke", "no such scanner");
	assert_int_equal(r.status, 67);
	tu_run_free(&r);

	/* By number: the other handheld (enrolled second: number 2). */
	r = tally(f, b, "sync", "--once", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = hub(f, "revoke", "2");
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "Device 2 (Kirurgi skanner) is revoked");
	tu_run_free(&r);
	r = tally(f, b, "sync", "--once", NULL);
	assert_int_equal(r.status, 77);
	tu_run_free(&r);
	free(a);
	free(b);
}

/* The first column of `sql`'s one row in the SQLite file db_path (a
 * backup's copy). */
static long long count_in_file(const char *db_path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void a_backup_while_serving_holds_the_records(void **state)
{
	struct fx *f = *state;
	char *a = tu_path(f->dir, "a.db"), *copy = tu_path(f->dir, "backup.db");
	enroll(f, a, "Medisin 1 skanner");
	append(a, 5);
	struct tu_run r = tally(f, a, "sync", "--once", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);

	if (hub_run_pg()) {
		/* A PostgreSQL hub database is backed up with PostgreSQL's own
		 * tools: backup says so, exits 69 and makes no file. */
		r = hub(f, "backup", copy);
		assert_int_equal(r.status, 69);
		tu_assert_contains(r.err, "pg_dump");
		tu_run_free(&r);
		assert_int_not_equal(access(copy, F_OK), 0);
		free(a);
		free(copy);
		return;
	}
	mode_t old = umask(0); /* the backup is 0600 whatever the umask */
	r = hub(f, "backup", copy);
	umask(old);
	if (r.status != 0)
		fail_msg("backup: %s%s", r.out, r.err);
	tu_run_free(&r);
	struct stat sb;
	assert_int_equal(stat(copy, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* A file of its own: no WAL beside it is needed to read it. */
	char *wal = tu_strfmt("%s-wal", copy);
	assert_int_not_equal(access(wal, F_OK), 0);
	free(wal);
	assert_int_equal(count_in_file(copy, "SELECT count(*) FROM event"), 5);
	assert_int_equal(
	    count_in_file(copy, "SELECT count(*) FROM device WHERE name = 'Medisin 1 skanner'"), 1);
	assert_int_equal(count_in_file(copy, "SELECT count(*) FROM article"), 1);

	/* Never over an existing file; the copy there is untouched. */
	append(a, 2);
	r = tally(f, a, "sync", "--once", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = hub(f, "backup", copy);
	assert_int_equal(r.status, 73);
	tu_assert_contains(r.err, "exists already");
	tu_run_free(&r);
	assert_int_equal(count_in_file(copy, "SELECT count(*) FROM event"), 5);
	free(a);
	free(copy);
}

static struct tu_run hub_stdin(struct fx *f, const char *input, const char *a1)
{
	char *argv[] = { (char *)tu_hub_bin(), "--lang", "en", "--db", f->where, (char *)a1, NULL };
	return tu_run(argv, input, NULL);
}

static void a_pin_hashed_on_the_hub_signs_in_on_the_handheld(void **state)
{
	struct fx *f = *state;
	struct tu_run r = hub_stdin(f, "4711\n", "hash-pin");
	if (r.status != 0)
		fail_msg("hash-pin: %s%s", r.out, r.err);
	assert_true(strncmp(r.out, "$y$", 3) == 0);
	assert_null(strstr(r.out, "4711"));
	char *hash = strndup(r.out, strcspn(r.out, "\n"));
	tu_run_free(&r);
	r = hub_stdin(f, "471\n", "hash-pin");
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "4 digits or more");
	tu_run_free(&r);

	char *json = tu_strfmt("{\"user\": [{\"badge\": \"1001\", \"name\": \"Kari Med\","
	                       " \"pin_hash\": \"%s\"}]}",
	                       hash);
	char *m = tu_path(f->dir, "users.json");
	tu_write_file(m, json);
	assert_int_equal(hub_run_import(f->hubdb, m), 0);
	char *a = tu_path(f->dir, "a.db");
	enroll(f, a, "Medisin 1 skanner");
	r = tally(f, a, "sync", "--once", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char *argv[] = { (char *)tu_tally_bin(), "--lang", "en", "--db", a, "login", "1001", NULL };
	r = tu_run(argv, "4711\n", NULL);
	if (r.status != 0)
		fail_msg("login: %d %s%s", r.status, r.out, r.err);
	tu_run_free(&r);
	r = tu_run(argv, "4712\n", NULL);
	assert_int_not_equal(r.status, 0);
	tu_run_free(&r);
	free(a);
	free(m);
	free(json);
	free(hash);
}

static struct tu_run import(struct fx *f, const char *name, const char *text)
{
	char *path = tu_path(f->dir, name);
	tu_write_file(path, text);
	struct tu_run r = hub(f, "import", path);
	free(path);
	return r;
}

static void import_reads_excel_and_names_the_bad_rows(void **state)
{
	struct fx *f = *state;
	struct tu_run r =
	    import(f, "artikler.csv",
	           "\xef\xbb\xbf#table article\r\nid;name;unit\r\n"
	           "A010;\"Paracetamol; 500 mg\";tablett\r\nA011;Nalokson;ampulle\r\n");
	if (r.status != 0)
		fail_msg("import ;: %s%s", r.out, r.err);
	tu_run_free(&r);
	assert_int_equal(hub_run_count(f->hubdb,
	                               "SELECT count(*) FROM article WHERE id = 'A010' AND"
	                               " name = 'Paracetamol; 500 mg' AND unit = 'tablett'"),
	                 1);

	/* Windows-1252 (ø as one byte 0xF8) on line 3. */
	r = import(f, "steder.csv",
	           "#table location\nid,name\nKIR1,Kirurgisk sengepost\n"
	           "MED2,Medisinsk sengepost, Ler\xf8y\n");
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "line 4 is not UTF-8");
	tu_run_free(&r);
	assert_int_equal(hub_run_count(f->hubdb, "SELECT count(*) FROM location WHERE id = 'KIR1'"),
	                 0);

	r = import(f, "basis.csv",
	           "#table basis\nlocation_id;article_id;min;max\n"
	           "MED1;A010;2;10\nMED1;A999;1;4\n");
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "row MED1 / A999: there is no article 'A999'");
	tu_run_free(&r);
	r = import(f, "basis2.csv",
	           "#table basis\nlocation_id;article_id;min;max\n"
	           "MED1;A010;2;10\nMED1;A011;5;4\n");
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "row 2 (line 4): min 5 is more than max 4");
	tu_run_free(&r);
	assert_int_equal(hub_run_count(f->hubdb, "SELECT count(*) FROM basis"), 0);

	r = import(f, "trust.json",
	           "{\"location\": [{\"id\": \"STO\", \"name\": \"St. Olavs hospital HF\","
	           " \"kind\": \"trust\"}, {\"id\": \"STO-H\", \"name\": \"St. Olavs hospital\","
	           " \"kind\": \"hospitl\", \"parent_id\": \"STO\"}]}");
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "row 2: 'hospitl' is not a kind of place");
	tu_run_free(&r);
	r = import(f, "trust.json",
	           "{\"location\": [{\"id\": \"STO\", \"name\": \"St. Olavs hospital HF\","
	           " \"kind\": \"trust\"}, {\"id\": \"STO-H\", \"name\": \"St. Olavs hospital\","
	           " \"kind\": \"hospital\", \"parent_id\": \"STOO\"}]}");
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "row STO-H: its parent 'STOO' is not a known place");
	tu_run_free(&r);
	assert_int_equal(hub_run_count(f->hubdb, "SELECT count(*) FROM location WHERE id = 'STO'"),
	                 0);
}

static void init_makes_the_directory_or_says_how(void **state)
{
	(void)state;
	if (hub_run_pg()) {
		printf("skipped: a PostgreSQL hub database has no file or directory of its own to "
		       "make (init on a database the server lacks: test-hub-pg-connect)\n");
		skip();
	}
	char *dir = tu_mkdtemp(), *db = tu_strfmt("%s/tally-hub/hub.db", dir),
	     *deep = tu_strfmt("%s/a/b/hub.db", dir);
	mode_t old = umask(077);
	char *argv[] = { (char *)tu_hub_bin(), "--lang", "en", "--db", db, "init", NULL };
	struct tu_run r = tu_run(argv, NULL, NULL);
	umask(old);
	if (r.status != 0)
		fail_msg("init: %s%s", r.out, r.err);
	tu_run_free(&r);
	char *sub = tu_path(dir, "tally-hub");
	struct stat sb;
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0750);
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 0077, 0);

	argv[4] = deep;
	r = tu_run(argv, NULL, NULL);
	assert_int_equal(r.status, 73);
	char *hint = tu_strfmt("install -d -m 0750 %s/a/b", dir);
	tu_assert_contains(r.err, hint);
	tu_run_free(&r);
	free(hint);
	free(sub);
	free(deep);
	free(db);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(devices_lists_and_revoke_refuses_the_next_sync,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(a_backup_while_serving_holds_the_records, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_pin_hashed_on_the_hub_signs_in_on_the_handheld,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(import_reads_excel_and_names_the_bad_rows, setup,
		                                teardown),
		cmocka_unit_test(init_makes_the_directory_or_says_how),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
