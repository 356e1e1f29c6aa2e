/*
 * test-cli.c — the command-line contract of DESIGN §7 as a user meets it:
 * version, help in both languages, and the exit codes for mistakes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/testutil.h"

#include <string.h>

static void version_names_the_program(void **state)
{
	struct tu_run r = tu_tally(NULL, "--version", NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "tally ", 6) == 0);
	tu_run_free(&r);

	char *argv[] = { (char *)tu_hub_bin(), "--version", NULL };
	r = tu_run(argv, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "tally-hub ", 10) == 0);
	tu_run_free(&r);
}

static void help_speaks_norwegian_by_default_and_english_on_request(void **state)
{
	struct tu_run nb = tu_tally(NULL, "--help", NULL);
	assert_int_equal(nb.status, 0);
	tu_assert_contains(nb.out, "bruk: tally");

	struct tu_run en = tu_tally(NULL, "--lang", "en", "--help", NULL);
	assert_int_equal(en.status, 0);
	tu_assert_contains(en.out, "usage: tally");
	tu_run_free(&nb);
	tu_run_free(&en);
}

static void mistakes_are_usage_errors_with_a_hint(void **state)
{
	struct tu_run r = tu_tally(NULL, "--lang", "en", "frobnicate", NULL);
	assert_int_equal(r.status, 64);
	tu_assert_contains(r.err, "'frobnicate' is not a command");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "de", "status", NULL);
	assert_int_equal(r.status, 64);
	tu_assert_contains(r.err, "use nb or en");
	tu_run_free(&r);

	r = tu_tally(NULL, NULL);
	assert_int_equal(r.status, 64);
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_names_the_program),
		cmocka_unit_test(help_speaks_norwegian_by_default_and_english_on_request),
		cmocka_unit_test(mistakes_are_usage_errors_with_a_hint),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
