/*
 * test-where.c — "Hvor kan jeg låne?" and search by name: typed letters
 * find the articles whose name holds them (any case, the ward's basis
 * list first, % taken literally), an article id or any scan of a pack names
 * one, a label or an unknown code names none and is not searched as a name;
 * then `tally where` by name, its counts with a local, relative time, and
 * a name several articles hold listed with their ids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/where.h"
#include "db/store.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

#define PARA    "]E09521234543213"
#define UNKNOWN "]E09521234000099"

static void names_and_scans(void **state)
{
	(void)state;
	assert_true(where_is_name("para"));
	assert_true(where_is_name("Sinkpasta 10"));
	assert_true(where_is_name("\xc3\x86rtesuppe")); /* Æ */
	assert_false(where_is_name("LOC:MED1"));
	assert_false(where_is_name(PARA));
	assert_false(where_is_name("09521234543213"));
	assert_false(where_is_name("+A99912345"));
}

/* The names `what` finds, joined by '|'. */
static char *found(struct store *s, const char *what, const char *loc)
{
	struct article *a;
	size_t n;
	struct tally_err e = { 0 };
	assert_int_equal(where_find(s, what, loc, &a, &n, &e), 0);
	char *out = calloc(1, 512);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, "|");
		strcat(out, a[i].name);
	}
	articles_free(a, n);
	return out;
}

static void find(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	assert_non_null(s);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	char *r;
	assert_string_equal(r = found(s, "para", NULL), "Paracetamol 500 mg"), free(r);
	assert_string_equal(r = found(s, "PARACET", NULL), "Paracetamol 500 mg"), free(r);
	/* Two hold an "o": by name, or the ward's basis list first. */
	assert_string_equal(r = found(s, "o", NULL), "Nalokson 0,4 mg/ml|Paracetamol 500 mg"),
	    free(r);
	assert_string_equal(r = found(s, "o", "W-KIR2"), "Paracetamol 500 mg|Nalokson 0,4 mg/ml"),
	    free(r);
	/* A typed % is a percent sign, not a wildcard. */
	assert_string_equal(r = found(s, "Sinkpasta 10 %", NULL), "Sinkpasta 10 %"), free(r);
	assert_string_equal(r = found(s, "Sinkpasta 1%", NULL), ""), free(r);
	assert_string_equal(r = found(s, PARA, NULL), "Paracetamol 500 mg"), free(r);
	assert_string_equal(r = found(s, "A-ZINK", NULL), "Sinkpasta 10 %"), free(r);
	assert_string_equal(r = found(s, "xyz", NULL), ""), free(r);
	assert_string_equal(r = found(s, UNKNOWN, NULL), ""), free(r);
	assert_string_equal(r = found(s, "LOC:MED1", NULL), ""), free(r);
	store_close(s);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void where_by_name(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	char *fixture = tu_srcfile("tests/fixtures/ward.json");
	struct tu_run run = tu_tally(NULL, "--db", path, "--create", "import", fixture, NULL);
	if (run.status != 0) { /* a tally without --create makes the store itself */
		tu_run_free(&run);
		run = tu_tally(NULL, "--db", path, "import", fixture, NULL);
	}
	assert_int_equal(run.status, 0);
	tu_run_free(&run);

	run = tu_tally(NULL, "--lang", "en", "--db", path, "where", "paracet", NULL);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out, "Paracetamol 500 mg is on the basis list of 3 places:");
	/* Counted 2026-11-20T08:00Z: shown relative, in days, never as UTC text. */
	tu_assert_contains(run.out, "last count 7 (");
	tu_assert_contains(run.out, " days ago)");
	assert_null(strstr(run.out, "2026-11-20T08:00:00Z"));
	tu_run_free(&run);

	run = tu_tally(NULL, "--lang", "en", "--db", path, "where", "o", NULL);
	assert_int_equal(run.status, 65);
	tu_assert_contains(run.out, "  A-NALOX      Nalokson 0,4 mg/ml\n");
	tu_assert_contains(run.out, "  A-PARA       Paracetamol 500 mg\n");
	tu_assert_contains(run.err, "2 articles match o: give one of the ids above");
	tu_run_free(&run);

	run = tu_tally(NULL, "--lang", "nb", "--db", path, "where", "xyz", NULL);
	assert_int_equal(run.status, 65);
	tu_assert_contains(run.err, "ingen vare heter eller har koden xyz");
	tu_run_free(&run);
	free(fixture);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_and_scans),
		cmocka_unit_test(find),
		cmocka_unit_test(where_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
