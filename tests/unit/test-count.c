/*
 * test-count.c — a plain count: each pack with its count, the last count
 * of an article standing, no refill; a pack without a count records
 * nothing.  Then `tally count` in line mode, and what `tally antidotes`
 * knows afterwards: the antidote's holdings with the count just made.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/antidotes.h"
#include "jobs/count.h"
#include "common/i18n.h"
#include "db/store.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

#define PARA    "]E09521234543213"
#define NALOX   "]E09521234000013"
#define UNKNOWN "]E09521234000099"

static void count_last_count_stands(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	assert_non_null(s);
	fixture_load(s, "tests/fixtures/ward.json", "23");

	struct count *t;
	struct count_event ev;
	struct scan_config cfg = { .year = 2026, .location_prefix = "LOC:" };
	assert_int_equal(count_start(&t, s, "W-KIR2", "1001", &e), 0);
	assert_int_equal(count_scan(t, PARA, strlen(PARA), 5, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, COUNT_COUNTED);
	assert_int_equal(count_scan(t, NALOX, strlen(NALOX), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, COUNT_NEED_COUNT);
	/* not on this ward's basis list: counted all the same */
	assert_int_equal(count_scan(t, NALOX, strlen(NALOX), 0, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, COUNT_COUNTED);
	assert_int_equal(count_scan(t, PARA, strlen(PARA), 4, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, COUNT_RECOUNTED);
	assert_int_equal(ev.previous, 5);
	assert_int_equal(count_scan(t, UNKNOWN, strlen(UNKNOWN), 3, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, COUNT_UNKNOWN_CODE);
	assert_int_equal(count_scan(t, "LOC:MED1", 8, -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, COUNT_INVALID);
	assert_int_equal(count_finish(t, &e), 0);
	assert_int_equal(t->n, 2);
	assert_string_equal(t->lines[0].article_id, "A-PARA");
	assert_int_equal(t->lines[0].count, 4);
	assert_int_equal(t->lines[1].count, 0);
	count_free(t);

	struct record *r;
	size_t n;
	int counts = 0, refills = 0;
	assert_int_equal(store_records(s, 0, 0, 0, &r, &n, NULL), 0);
	for (size_t i = 0; i < n; i++) {
		counts += r[i].kind == REC_COUNT;
		refills += r[i].kind == REC_REFILL;
	}
	assert_int_equal(counts, 3);
	assert_int_equal(refills, 0);
	assert_int_equal(r[0].kind, REC_SESSION_START);
	assert_int_equal(r[n - 1].kind, REC_SESSION_END);
	records_free(r, n);

	/* The ward's own count is what the handheld knows now. */
	struct holding *h;
	assert_int_equal(store_holdings(s, "A-PARA", NULL, &h, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(h[i].location_id, "W-KIR2") == 0)
			assert_int_equal(h[i].last_count, 4);
	holdings_free(h, n);
	store_close(s);
	tu_rmtree(dir);
	free(dir), free(path);
}

static void count_then_antidotes(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	char *fixture = tu_srcfile("tests/fixtures/ward.json");
	struct tu_run run = tu_tally(NULL, "--create", "--db", path, "import", fixture, NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);

	/* Before any count: the antidote's place, with no count known. */
	run = tu_tally(NULL, "--lang", "en", "--db", path, "antidotes", NULL);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out, "Nalokson 0,4 mg/ml\n  Medisinsk 1");
	tu_assert_contains(run.out, "no count known (min 1, max 3)");
	assert_null(strstr(run.out, "Paracetamol"));
	tu_run_free(&run);

	run = tu_tally(NALOX "\t2\n" PARA "\n" PARA "\t9\n" NALOX "\t3\n", "--lang", "en", "--db",
	               path, "count", "LOC:MED1", "--user", "1001", "--scanner", "stdin", NULL);
	/* Line 2 has no count: the others are recorded, line 2 is listed, 65. */
	assert_int_equal(run.status, 65);
	tu_assert_contains(run.err, "3 scans recorded; 1 line was NOT recorded:\n  line 2:");
	tu_assert_contains(run.out, "Count at Medisinsk 1");
	tu_assert_contains(run.out, "COUNT line 2: Paracetamol 500 mg: how many");
	tu_assert_contains(run.out, "(replaces 2)");
	tu_assert_contains(run.out, "Count done: 2 articles\n");
	tu_assert_contains(run.out, "Nalokson 0,4 mg/ml                   3\n");
	tu_run_free(&run);

	run = tu_tally(NULL, "--lang", "en", "--db", path, "antidotes", NULL);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out, "Medisinsk 1                          last count 3 (");
	tu_run_free(&run);
	run = tu_tally(NULL, "--db", path, "antidotes", "--json", NULL);
	assert_int_equal(run.status, 0);
	json_t *o = json_loads(run.out, 0, NULL);
	assert_non_null(o);
	assert_int_equal(json_array_size(o), 1);
	json_t *loc = json_array_get(json_object_get(json_array_get(o, 0), "locations"), 0);
	assert_string_equal(json_string_value(json_object_get(loc, "location_id")), "W-MED1");
	assert_int_equal(json_integer_value(json_object_get(loc, "last_count")), 3);
	json_decref(o);
	tu_run_free(&run);

	/* A handheld that knows no antidote says so. */
	char *empty = tu_path(dir, "empty.db");
	run = tu_tally(NULL, "--lang", "en", "--create", "--db", empty, "antidotes", NULL);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out, "No article is marked as an antidote");
	tu_run_free(&run);
	run = tu_tally(NULL, "--lang", "en", "--db", empty, "antidotes", "extra", NULL);
	assert_int_equal(run.status, EX_USAGE);
	tu_run_free(&run);
	tu_rmtree(dir);
	free(dir), free(path), free(fixture), free(empty);
}

/* Counting by batch: 3 of one batch and 5 of another is 8; a recount of
 * a batch replaces it; undone, the count before stands.  A count left
 * open (the screen killed) is found again and continued. */
static void count_by_batch_undo_and_resume(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	struct count *t;
	struct count_event ev;
	struct scan_config cfg = { .year = 2026 };
	assert_int_equal(count_start(&t, s, "W-KIR2", "1001", &e), 0);
	const char *x = "]d20109521234543213172801311"
	                "0X1",
	           *y = "]d20109521234543213172801311"
	                "0Y2";
	assert_int_equal(count_scan(t, x, strlen(x), 3, &cfg, &ev, &e), 0);
	assert_int_equal(count_scan(t, y, strlen(y), 5, &cfg, &ev, &e), 0);
	assert_int_equal(ev.count, 8);
	assert_int_equal(count_scan(t, x, strlen(x), 2, &cfg, &ev, &e), 0);
	assert_int_equal(t->lines[0].count, 7);
	assert_int_equal(count_scan(t, x, strlen(x), 1500, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, COUNT_IMPLAUSIBLE);
	assert_int_equal(count_undo(t, &ev, &e), 0);
	assert_int_equal(t->lines[0].count, 8);
	count_free(t); /* killed */

	struct open_session o;
	assert_int_equal(session_find_open(s, "count", "W-KIR2", 12, &o, &e), 0);
	assert_int_equal(count_resume(&t, s, "W-KIR2", "1001", &o, &e), 0);
	assert_int_equal(t->n, 1);
	assert_int_equal(t->lines[0].count, 8);
	assert_int_equal(count_finish(t, &e), 0);
	count_free(t);
	assert_int_equal(session_find_open(s, "count", "W-KIR2", 12, &o, &e), EX_DATAERR);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(count_last_count_stands),
		cmocka_unit_test(count_by_batch_undo_and_resume),
		cmocka_unit_test(count_then_antidotes),
	};
	return cmocka_run_group_tests_name("count", tests, NULL, NULL);
}
