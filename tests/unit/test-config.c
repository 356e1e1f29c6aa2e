/*
 * test-config.c — tally.conf: the user's file overrides the system's, a
 * missing file means defaults, and a broken line is named by file and line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/config.h"
#include "common/i18n.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void user_file_overrides_system_file(void **state)
{
	char *dir = tu_mkdtemp();
	char *sys = tu_path(dir, "etc"), *user = tu_path(dir, "home");
	char *sysd = tu_path(sys, "tally"), *userd = tu_path(user, "tally");
	mkdir(sys, 0700);
	mkdir(user, 0700);
	mkdir(sysd, 0700);
	mkdir(userd, 0700);
	char *sysf = tu_path(sysd, "tally.conf"), *userf = tu_path(userd, "tally.conf");
	tu_write_file(sysf, "# the handheld's defaults\n[scanner]\nspec = evdev:/dev/input/event3\n"
	                    "gap_ms = 50\n\n[hub]\nurl = https://hub.example\n");
	tu_write_file(
	    userf,
	    "; this user's scanner is serial\n[scanner]\n  spec =  serial:/dev/ttyACM0@9600  \n");
	setenv("TALLY_SYSCONF", sys, 1);
	setenv("XDG_CONFIG_HOME", user, 1);

	struct tally_err e = { 0 };
	struct config *c = config_load(NULL, &e);
	assert_non_null(c);
	assert_string_equal(config_get(c, "scanner", "spec", NULL), "serial:/dev/ttyACM0@9600");
	assert_string_equal(config_get(c, "hub", "url", NULL), "https://hub.example");
	assert_int_equal(config_get_long(c, "scanner", "gap_ms", 7, &e), 50);
	assert_int_equal(config_get_long(c, "scanner", "missing", 7, &e), 7);
	assert_string_equal(config_get(c, "labels", "location_prefix", "LOC:"), "LOC:");
	assert_int_equal(e.status, 0);
	config_free(c);
	tu_rmtree(dir);
	free(dir), free(sys), free(user), free(sysd), free(userd), free(sysf), free(userf);
}

static void no_files_means_defaults(void **state)
{
	setenv("TALLY_SYSCONF", "/nonexistent", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	struct tally_err e = { 0 };
	struct config *c = config_load(NULL, &e);
	assert_non_null(c);
	assert_string_equal(config_get(c, "hub", "url", "none"), "none");
	config_free(c);
}

static void broken_line_is_named(void **state)
{
	char *dir = tu_mkdtemp();
	char *f = tu_path(dir, "tally.conf");
	struct tally_err e = { 0 };

	tu_write_file(f, "[scanner]\nspec = stdin\nthis is not a setting\n");
	assert_null(config_load(f, &e));
	assert_int_equal(e.status, EX_CONFIG);
	tu_assert_contains(e.msg, "line 3");
	tu_assert_contains(e.msg, "key = value");

	tu_write_file(f, "spec = stdin\n");
	assert_null(config_load(f, &e));
	tu_assert_contains(e.msg, "before any [section]");

	tu_write_file(f, "[scanner\n");
	assert_null(config_load(f, &e));
	tu_assert_contains(e.msg, "line 1");

	tu_write_file(f, "[scanner]\ngap_ms = fifty\n");
	struct config *c = config_load(f, &e);
	assert_non_null(c);
	err_clear(&e);
	assert_int_equal(config_get_long(c, "scanner", "gap_ms", 50, &e), 50);
	assert_int_equal(e.status, EX_CONFIG);
	tu_assert_contains(e.msg, "not a whole number");
	config_free(c);

	/* --config names one file: it must exist. */
	assert_null(config_load("/nonexistent/tally.conf", &e));
	assert_int_equal(e.status, EX_CONFIG);
	tu_assert_contains(e.msg, "/nonexistent/tally.conf");
	tu_rmtree(dir);
	free(dir);
	free(f);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(user_file_overrides_system_file),
		cmocka_unit_test(no_files_means_defaults),
		cmocka_unit_test(broken_line_is_named),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
