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
	tu_assert_contains(r.err, "'frobnicate' is not a command; see 'tally --help'\n"
	                          "usage: tally [--db FILE [--create]]");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "de", "status", NULL);
	assert_int_equal(r.status, 64);
	tu_assert_contains(r.err, "use nb or en");
	tu_run_free(&r);

	r = tu_tally(NULL, NULL);
	assert_int_equal(r.status, 64);
	tu_run_free(&r);
}

/* Every command's help, from its entry: `COMMAND --help` and `help COMMAND`
 * on stdout, exit 0, in the user's language (tests/integration/commands.sh
 * goes through every command; this is the one a user met first). */
static void a_command_describes_itself(void **state)
{
	struct tu_run r = tu_tally(NULL, "round", "--help", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "bruk: tally round STED --user KORT");
	tu_assert_contains(r.out, "påfyllingsrunde");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "en", "help", "round", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "usage: tally round LOCATION --user BADGE");
	tu_run_free(&r);

	/* A bad option: the command's usage, once, and 64. */
	r = tu_tally(NULL, "--lang", "en", "where", "--far", "X", NULL);
	assert_int_equal(r.status, 64);
	tu_assert_contains(r.err, "tally: unknown option '--far'\nusage: tally where ARTICLE|CODE");
	assert_null(strstr(strstr(r.err, "usage:") + 1, "usage:"));
	assert_string_equal(r.out, "");
	tu_run_free(&r);

	/* enroll runs in tally-sync; its help comes from there, through tally. */
	r = tu_tally(NULL, "--lang", "en", "enroll", "--help", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "usage: tally enroll URL CODE");
	tu_run_free(&r);

	char *argv[] = { (char *)tu_hub_bin(), "--lang", "en", "report", "--help", NULL };
	r = tu_run(argv, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "usage: tally-hub report stock|refill|receipt");
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_names_the_program),
		cmocka_unit_test(help_speaks_norwegian_by_default_and_english_on_request),
		cmocka_unit_test(mistakes_are_usage_errors_with_a_hint),
		cmocka_unit_test(a_command_describes_itself),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
