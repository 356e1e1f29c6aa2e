/*
 * test-name-fit.c — article names in a 13-column list are never cut so that
 * two lines look alike: a plain cut where it tells them apart, the part
 * that differs (strength, form) kept where it would not; Norwegian letters
 * counted as one column each.
 */
#include "common/name-fit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *fit(const char *const *names, size_t n, size_t i)
{
	static char buf[128];
	return name_fit(names, n, i, 13, buf, sizeof(buf));
}

static void plain_cut_where_it_tells_apart(void **state)
{
	(void)state;
	const char *names[] = { "Paracetamol 500 mg", "Nalokson 0,4 mg/ml", "Sinkpasta 10 %",
		                "Ibux" };
	assert_string_equal(fit(names, 4, 0), "Paracetamol 5");
	assert_string_equal(fit(names, 4, 1), "Nalokson 0,4 ");
	assert_string_equal(fit(names, 4, 3), "Ibux");
}

static void the_part_that_differs(void **state)
{
	(void)state;
	const char *names[] = { "Paracetamol 500 mg tablett", "Paracetamol 500 mg stikkpille",
		                "Paracetamol 1 g tablett" };
	assert_string_equal(fit(names, 3, 0), "Parac\xe2\x80\xa6tablett");
	assert_string_equal(fit(names, 3, 1), "\xe2\x80\xa6stikkpille");
	/* "Paracetamol 1" already differs from the others at 13 columns. */
	assert_string_equal(fit(names, 3, 2), "Paracetamol 1");
	char a[64], b[64];
	name_fit(names, 3, 0, 13, a, sizeof(a));
	name_fit(names, 3, 1, 13, b, sizeof(b));
	assert_string_not_equal(a, b);
}

static void strength_differs(void **state)
{
	(void)state;
	const char *names[] = { "Morfin injeksjon 10 mg/ml", "Morfin injeksjon 20 mg/ml" };
	assert_string_equal(fit(names, 2, 0), "Morf\xe2\x80\xa6"
	                                      "10 mg/ml");
	assert_string_equal(fit(names, 2, 1), "Morf\xe2\x80\xa6"
	                                      "20 mg/ml");
}

static void utf8_columns(void **state)
{
	(void)state;
	const char *names[] = { "Ærtesuppe på boks 1 l", "Ærtesuppe på boks 2 l" };
	/* 13 columns, not 13 bytes. */
	assert_string_equal(fit(names, 2, 0), "Ærtesuppe\xe2\x80\xa6"
	                                      "1 l");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_cut_where_it_tells_apart),
		cmocka_unit_test(the_part_that_differs),
		cmocka_unit_test(strength_differs),
		cmocka_unit_test(utf8_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
