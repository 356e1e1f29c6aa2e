/*
 * test-grow.c — the growing array under every list in tally: items kept
 * as it grows, and a request too large refused with the array intact.
 */
#include "common/grow.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

static void keeps_items_as_it_grows(void **state)
{
	int *v = NULL;
	size_t cap = 0;
	for (int i = 0; i < 1000; i++) {
		int *bigger = grow(v, &cap, (size_t)i, sizeof(*v));
		assert_non_null(bigger);
		v = bigger;
		assert_true(cap > (size_t)i);
		v[i] = i * 7;
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i * 7);
	/* Room already there: nothing moves. */
	size_t before = cap;
	assert_ptr_equal(grow(v, &cap, 10, sizeof(*v)), v);
	assert_int_equal(cap, before);
	free(v);
}

static void an_impossible_size_leaves_the_array_as_it_was(void **state)
{
	int *v = NULL;
	size_t cap = 0;
	v = grow(v, &cap, 0, sizeof(*v));
	assert_non_null(v);
	v[0] = 42;
	size_t before = cap;
	assert_null(grow(v, &cap, SIZE_MAX / 2, sizeof(*v)));
	assert_int_equal(cap, before);
	assert_int_equal(v[0], 42); /* still ours, still whole */
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keeps_items_as_it_grows),
		cmocka_unit_test(an_impossible_size_leaves_the_array_as_it_was),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
