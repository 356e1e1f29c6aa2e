/*
 * test-store-outcome.c — three outcomes, never two, proved with the I/O
 * fault injector (tests/fault/iofault.c, LD_PRELOAD) under the real
 * `tally consume` in line mode.
 *
 * For every N through one scan (the session's start, the consumption, the
 * session's end and the close), the Nth fsync, write or read of the store
 * fails — once (a transient fault) or from then on (the storage gone), and
 * with or without the process killed right after its message.  Whatever
 * the user was told is true: "USED" means the record is there; "may or may
 * not be saved" is resolved by the next open, whose notice says which; any
 * other failure means it is not there.  And a rescan after anything but
 * "USED" leaves exactly one consume record: one pack is never two.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "common/i18n.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PARA "]E09521234543213"

struct sweep {
	const char *op;
	int count; /* faults from N on; 0: every one */
	int kill;
};

static char *template_store(const char *dir)
{
	char *path = tu_path(dir, "template.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	if (s == NULL)
		fail_msg("store_open: %s", e.msg);
	fixture_load(s, "tests/fixtures/ward.json", "1");
	store_close(s);
	return path;
}

static void copy_file(const char *from, const char *to)
{
	size_t n;
	char *data = tu_read_file(from, &n);
	FILE *f = fopen(to, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	free(data);
}

/* Records of a kind, as any later reader finds them (recovering the log). */
static long records_of_kind(const char *path, const char *kind)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long n = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM record WHERE kind = ?", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

static struct tu_run consume(const char *path, const struct sweep *sw, long n, const char *report)
{
	/* Beside the programs of the build under test. */
	const char *bin = tu_tally_bin(), *slash = strrchr(bin, '/');
	char *so = tu_strfmt("%.*s/tests/libiofault.so", slash ? (int)(slash - bin) : 1,
	                     slash ? bin : ".");
	char *env[9] = { NULL };
	int k = 0;
	if (sw != NULL) {
		env[k++] = tu_strfmt("LD_PRELOAD=%s", so);
		env[k++] = tu_strfmt("IOFAULT_FILE=store.db");
		env[k++] = tu_strfmt("IOFAULT_OP=%s", sw->op);
		env[k++] = tu_strfmt("IOFAULT_NTH=%ld", n);
		env[k++] = tu_strfmt("IOFAULT_COUNT=%d", sw->count);
		env[k++] = tu_strfmt("IOFAULT_KILL=%d", sw->kill);
		env[k++] = tu_strfmt("IOFAULT_REPORT=%s", report);
		env[k++] = tu_strfmt("ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0");
	}
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         (char *)path,
		         "consume",
		         "W-MED1",
		         "--user",
		         "1001",
		         "--scanner",
		         "stdin",
		         NULL };
	struct tu_run r = tu_run(argv, PARA "\n", env);
	/* putenv keeps the strings: the child has them, the parent may free. */
	for (int i = 0; i < k; i++)
		free(env[i]);
	free(so);
	return r;
}

/* The kind named in the notice "... could not be confirmed, KIND ...". */
static void notice_kind(const char *text, char *kind, size_t size)
{
	const char *p = strstr(text, "could not be confirmed, ");
	kind[0] = '\0';
	if (p == NULL)
		return;
	p += strlen("could not be confirmed, ");
	size_t n = strcspn(p, " ");
	snprintf(kind, size, "%.*s", (int)(n < size ? n : size - 1), p);
}

static void run_sweep(const struct sweep *sw)
{
	char *dir = tu_mkdtemp(), *tmpl = template_store(dir), *path = tu_path(dir, "store.db");
	char *report = tu_path(dir, "fired");
	int unknown = 0, not_recorded = 0, recorded = 0;
	long n;
	for (n = 1; n < 400; n++) {
		char *wal = tu_strfmt("%s-wal", path), *shm = tu_strfmt("%s-shm", path),
		     *unsure = tu_strfmt("%s.unsure", path);
		unlink(wal), unlink(shm), unlink(unsure), unlink(report);
		free(wal), free(shm), free(unsure);
		copy_file(tmpl, path);

		struct tu_run r = consume(path, sw, n, report);
		int fired = access(report, F_OK) == 0;
		int told_recorded = strstr(r.out, "USED") != NULL;
		int told_unknown = strstr(r.out, "may or may not") != NULL ||
		                   strstr(r.err, "may or may not") != NULL;

		/* The next open: `tally status` says what became of it. */
		struct tu_run st = tu_tally(NULL, "--lang", "en", "--db", path, "status", NULL);
		long have = records_of_kind(path, "consume");
		/* A known pack is never misfiled as an unknown code. */
		if (records_of_kind(path, "unknown-code") != 0 || strstr(r.out, "??") != NULL)
			fail_msg("%s N=%ld: a known code became an unknown one\n%s%s", sw->op, n,
			         r.out, r.err);
		if (told_recorded) {
			recorded++;
			if (have != 1)
				fail_msg("%s N=%ld: told USED, %ld consume records\n%s%s", sw->op,
				         n, have, r.out, r.err);
		} else if (told_unknown) {
			unknown++;
			char kind[32];
			notice_kind(st.err, kind, sizeof(kind));
			if (kind[0] == '\0')
				fail_msg("%s N=%ld: unknown outcome never resolved: %s", sw->op, n,
				         st.err);
			long of_kind = records_of_kind(path, kind);
			int said_saved = strstr(st.err, "was saved after all") != NULL;
			int said_not = strstr(st.err, "was not saved") != NULL;
			if (!(said_saved && of_kind == 1) && !(said_not && of_kind == 0))
				fail_msg("%s N=%ld: notice untrue (%ld %s records): %s", sw->op, n,
				         of_kind, kind, st.err);
		} else {
			not_recorded++;
			if (have != 0)
				fail_msg(
				    "%s N=%ld: not told it was recorded, yet %ld consume records"
				    "\n%s%s",
				    sw->op, n, have, r.out, r.err);
		}
		tu_run_free(&st);

		/* The user scans again unless told it was recorded: one pack,
		 * one record. */
		if (!told_recorded) {
			struct tu_run again = consume(path, NULL, 0, NULL);
			long now = records_of_kind(path, "consume");
			if (now != 1)
				fail_msg("%s N=%ld: after a rescan %ld consume records\n%s%s",
				         sw->op, n, now, again.out, again.err);
			tu_run_free(&again);
		}
		tu_run_free(&r);
		if (!fired)
			break; /* N is past the last such call of one scan */
	}
	printf("# %s count=%d kill=%d: %ld fault points, %d recorded, %d not, %d not known "
	       "then resolved\n",
	       sw->op, sw->count, sw->kill, n - 1, recorded, not_recorded, unknown);
	assert_true(n > 2);
	tu_rmtree(dir);
	free(dir), free(tmpl), free(path), free(report);
}

static void fsync_once(void **state)
{
	run_sweep(&(struct sweep){ "fsync", 1, 0 });
	run_sweep(&(struct sweep){ "fsync", 1, 1 });
}

static void fsync_from_then_on(void **state)
{
	run_sweep(&(struct sweep){ "fsync", 0, 0 });
	run_sweep(&(struct sweep){ "fsync", 0, 1 });
}

static void write_fails(void **state)
{
	run_sweep(&(struct sweep){ "write", 1, 0 });
	run_sweep(&(struct sweep){ "write", 0, 1 });
}

/* The read-error sweep: a lookup's outcome is the true one or an I/O
 * error, never "unknown code" (which would show as "??" and an
 * unknown-code record). */
static void read_fails(void **state)
{
	run_sweep(&(struct sweep){ "read", 1, 0 });
	run_sweep(&(struct sweep){ "read", 0, 1 });
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fsync_once),
		cmocka_unit_test(fsync_from_then_on),
		cmocka_unit_test(write_fails),
		cmocka_unit_test(read_fails),
	};
	return cmocka_run_group_tests_name("store-outcome", tests, NULL, NULL);
}
