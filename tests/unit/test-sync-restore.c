/*
 * test-sync-restore.c — a handheld store restored from its own backup, and
 * one byte-copied to a second handheld (token and all), against a real
 * tally-hub over loopback: nothing rejected, nothing lost, no record
 * doubled, `tally sync` says what happened and the hub's log too.
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
#include "common/i18n.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fx {
	char *dir, *hubdb;
	struct hub_run h;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->hubdb = tu_path(f->dir, "hub.db");
	hub_run_init(f->hubdb);
	hub_run_start(&f->h, f->hubdb, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	hub_run_stop(&f->h);
	tu_rmtree(f->dir);
	free(f->dir), free(f->hubdb), free(f);
	return 0;
}

/* The first column of `sql`'s row in the hub's database, whichever the
 * engine (tests/lib/hub-run.h). */
static long long hub_count(struct fx *f, const char *sql)
{
	return hub_run_count(f->hubdb, sql);
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
			                .qty = i,
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

static void copy_file(const char *from, const char *to)
{
	size_t n;
	char *data = tu_read_file(from, &n);
	FILE *out = fopen(to, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(data, 1, n, out), n);
	fclose(out);
	free(data);
}

static struct tu_run sync_once(const char *store)
{
	return tu_tally(NULL, "--lang", "en", "--db", store, "sync", "--once", NULL);
}

static void sync_ok(const char *store, const char *expect)
{
	struct tu_run r = sync_once(store);
	if (r.status != 0)
		fail_msg("sync: exit %d\n%s%s", r.status, r.out, r.err);
	if (expect != NULL && strstr(r.out, expect) == NULL)
		fail_msg("sync: expected \"%s\" in\n%s%s", expect, r.out, r.err);
	tu_run_free(&r);
}

static void enroll(struct fx *f, const char *store)
{
	char *code = hub_run_code(f->hubdb, "MED1 handheld", f->h.url);
	struct tu_run r = tu_tally(NULL, "--lang", "en", "--create", "--db", store, "enroll",
	                           f->h.url, code, NULL);
	if (r.status != 0)
		fail_msg("enroll: %s%s", r.out, r.err);
	tu_run_free(&r);
	free(code);
}

static void restored_from_its_own_backup(void **state)
{
	struct fx *f = *state;
	char *store = tu_path(f->dir, "tally.db"), *backup = tu_path(f->dir, "backup.db");
	enroll(f, store);
	append(store, 5);
	sync_ok(store, "sent 5, rejected 0");
	copy_file(store, backup); /* the nightly backup */
	append(store, 5);
	sync_ok(store, "sent 5, rejected 0");

	/* The handheld's flash is replaced; the backup goes back, and the
	 * ward scans on before anyone syncs. */
	copy_file(backup, store);
	append(store, 4);
	struct tu_run r = sync_once(store);
	if (r.status != 0)
		fail_msg("sync after restore: exit %d\n%s%s", r.status, r.out, r.err);
	tu_assert_contains(r.out, "restored from a backup or copied");
	tu_assert_contains(r.out, "rejected 0");
	tu_run_free(&r);
	struct store_counts n = counts(store);
	assert_int_equal(n.pending, 0);
	assert_int_equal(n.rejected, 0);
	assert_int_equal(n.sent, 9);
	/* Every record once: 10 from before, 4 new. */
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event"), 14);
	assert_int_equal(hub_count(f, "SELECT count(DISTINCT uuid) FROM event"), 14);
	char *log = tu_read_file(f->h.log, NULL);
	tu_assert_contains(log, "was restored from a backup or copied");
	free(log);
	/* And it goes on as usual. */
	append(store, 2);
	sync_ok(store, "sent 2, rejected 0");
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event"), 16);
	free(store), free(backup);
}

static void byte_copied_to_a_second_handheld(void **state)
{
	struct fx *f = *state;
	char *a = tu_path(f->dir, "a.db"), *b = tu_path(f->dir, "b.db");
	char *ta = tu_strfmt("%s.token", a), *tb = tu_strfmt("%s.token", b);
	enroll(f, a);
	append(a, 5);
	sync_ok(a, "sent 5, rejected 0");
	copy_file(a, b);
	copy_file(ta, tb);
	chmod(tb, 0600);

	append(b, 4);
	append(a, 3);
	sync_ok(b, "sent 4, rejected 0");
	struct tu_run r = sync_once(a);
	if (r.status != 0)
		fail_msg("sync of the other copy: exit %d\n%s%s", r.status, r.out, r.err);
	tu_assert_contains(r.out, "restored from a backup or copied");
	tu_assert_contains(r.out, "sent 3, rejected 0");
	tu_run_free(&r);
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event"), 12);

	/* Both go on, neither refused. */
	append(a, 2);
	append(b, 2);
	sync_ok(a, "sent 2, rejected 0");
	sync_ok(b, "sent 2, rejected 0");
	assert_int_equal(hub_count(f, "SELECT count(*) FROM event"), 16);
	assert_int_equal(counts(a).rejected + counts(b).rejected, 0);
	free(a), free(b), free(ta), free(tb);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(restored_from_its_own_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(byte_copied_to_a_second_handheld, setup, teardown),
	};
	return cmocka_run_group_tests_name("sync-restore", tests, NULL, NULL);
}
