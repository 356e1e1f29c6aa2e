/*
 * test-i18n.c — the programs find their own catalogues: tally run from the
 * build tree speaks Norwegian without $TALLY_LOCALEDIR (it looks in
 * "locale" beside itself), and English when asked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static void build_tree_speaks_norwegian_without_localedir(void **state)
{
	(void)state;
	/* run-all.sh sets TALLY_LOCALEDIR; a user running build/tally does not. */
	unsetenv("TALLY_LOCALEDIR");
	unsetenv("TALLY_LANG");
	struct tu_run r = tu_tally(NULL, "no-such-command", NULL);
	assert_int_equal(r.status, EX_USAGE);
	tu_assert_contains(r.err, "er ikke en kommando");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "en", "no-such-command", NULL);
	assert_int_equal(r.status, EX_USAGE);
	tu_assert_contains(r.err, "is not a command");
	tu_run_free(&r);

	/* $TALLY_LOCALEDIR still wins: a directory without catalogues gives
	 * the untranslated (English) messages. */
	char *dir = tu_mkdtemp();
	char *env[] = { tu_strfmt("TALLY_LOCALEDIR=%s", dir), NULL };
	char *argv[] = { (char *)tu_tally_bin(), "no-such-command", NULL };
	r = tu_run(argv, NULL, env);
	tu_assert_contains(r.err, "is not a command");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(env[0]);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build_tree_speaks_norwegian_without_localedir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
