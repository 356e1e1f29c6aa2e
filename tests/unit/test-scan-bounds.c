/*
 * test-scan-bounds.c — a scan is a byte buffer with a length, not a C
 * string: the parser must not read past it (found by the fuzzer: an EAN
 * check read up to a NUL that was not there).  Run under ASan by make check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "barcode/scan.h"

#include <stdlib.h>
#include <string.h>

static enum scan_error parse_exact(const char *text)
{
	size_t n = strlen(text);
	char *buf = malloc(n ? n : 1); /* exactly n bytes, no terminator */
	memcpy(buf, text, n);
	struct scan s;
	struct scan_failure f;
	struct scan_config cfg = { .year = 2026 };
	enum scan_error err = scan_parse(buf, n, &cfg, &s, &f);
	free(buf);
	return err;
}

static void unterminated_buffers(void **state)
{
	assert_int_equal(parse_exact("]E012345"), SCAN_E_LENGTH);
	assert_int_equal(parse_exact("]E05701234567899"), SCAN_OK);
	assert_int_equal(parse_exact("5701234567899"), SCAN_OK);
	assert_int_equal(parse_exact("]d20109521234543213"
	                             "10AB"),
	                 SCAN_OK);
	assert_int_equal(parse_exact("+A123BJC5D6E71"), SCAN_E_HIBC);
	assert_int_equal(parse_exact("https://id.gs1.org/01/09521234543213"), SCAN_OK);
	assert_int_equal(parse_exact("(01)09521234543213(10)X"), SCAN_OK);
	assert_int_equal(parse_exact("LOC:W1"), SCAN_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unterminated_buffers),
	};
	return cmocka_run_group_tests_name("scan-bounds", tests, NULL, NULL);
}
