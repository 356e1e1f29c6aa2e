/*
 * test-cmd-scan.c — `tally scan` through the real binary, as a technician
 * checking a batch scanner's dump sees it: every scan in order, GS shown,
 * quantities, a bad line named with its number and the exit status saying
 * the dump had a bad line; --json for scripts; a missing device named.
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

static const char dump[] = "]E05701234567899\t12\n"
                           "]d20109521234543213\x1d"
                           "10LOT1\n"
                           "NOAIM-42\n"
                           "]E05701234567899\tmany\n"
                           "]C100095011015300003\n";

static void a_batch_dump_is_shown_scan_by_scan(void **state)
{
	char *dir = tu_mkdtemp(), *file = tu_path(dir, "dump.txt");
	tu_write_file(file, dump);
	char *spec = tu_strfmt("file:%s", file);
	struct tu_run r = tu_tally(NULL, "--lang", "en", "scan", "--scanner", spec, NULL);
	assert_int_equal(r.status, EX_DATAERR);
	const char *a = strstr(r.out, "]E0 EAN-13 / UPC-A: 5701234567899  quantity 12\n");
	const char *b = strstr(r.out, "]d2 GS1 DataMatrix: 0109521234543213<GS>10LOT1\n");
	const char *c = strstr(r.out, "(no AIM id) NOAIM-42\n");
	const char *d = strstr(r.out, "]C1 GS1-128: 00095011015300003\n");
	if (!(a && b && c && d && a < b && b < c && c < d))
		fail_msg("scans missing or out of order:\n%s", r.out);
	tu_assert_contains(r.err, "line 4");
	tu_assert_contains(r.err, "many");
	tu_assert_contains(r.err, "4 scans");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(file);
	free(spec);
	free(dir);
}

static void stdin_with_json_gives_one_object_per_scan(void **state)
{
	struct tu_run r = tu_tally("]d20109521234543213\x1d"
	                           "10LOT1\t3\n]E05701234567899\n",
	                           "--lang", "en", "--json", "scan", "--scanner", "stdin", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "{\"raw\":\"]d20109521234543213\\u001D10LOT1\","
	                          "\"symbology\":\"]d2\"");
	tu_assert_contains(r.out,
	                   "\"data\":\"0109521234543213\\u001D10LOT1\",\"qty\":3,\"line\":1}\n");
	tu_assert_contains(r.out, "\"data\":\"5701234567899\",\"qty\":null,\"line\":2}\n");
	tu_run_free(&r);
}

static void a_missing_device_or_spec_is_named(void **state)
{
	struct tu_run r = tu_tally(NULL, "--lang", "en", "scan", "--scanner",
	                           "serial:/dev/tally-no-such-scanner@9600", NULL);
	assert_int_equal(r.status, EX_UNAVAILABLE);
	tu_assert_contains(r.err, "/dev/tally-no-such-scanner");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "en", "scan", "--scanner", "bluetooth:x", NULL);
	assert_int_equal(r.status, EX_USAGE);
	tu_assert_contains(r.err, "unknown scanner 'bluetooth:x'");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "en", "scan", NULL);
	assert_int_equal(r.status, EX_USAGE);
	tu_assert_contains(r.err, "no scanner given");
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_batch_dump_is_shown_scan_by_scan),
		cmocka_unit_test(stdin_with_json_gives_one_object_per_scan),
		cmocka_unit_test(a_missing_device_or_spec_is_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
