/* test-backoff.c — the sync retry schedule. */
#include "sync/backoff.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_grows_and_caps(void **state)
{
	(void)state;
	struct backoff b;
	backoff_init(&b, 1000, 60000);
	/* With the largest random value the delay equals the ceiling. */
	assert_int_equal(backoff_next(&b, 500, 0), 1000);
	unsigned prev = 0;
	for (int i = 0; i < 20; i++) {
		unsigned d = backoff_next(&b, 0, 0);
		assert_true(d >= prev);
		assert_true(d <= 60000);
		prev = d;
	}
	assert_int_equal(prev, 30000); /* half the cap with rnd = 0 */
}

static void test_jitter_bounds(void **state)
{
	(void)state;
	struct backoff b;
	for (uint32_t r = 0; r < 5000; r += 7) {
		backoff_init(&b, 1000, 60000);
		backoff_next(&b, 0, 0);
		unsigned d = backoff_next(&b, r * 2654435761u, 0);
		assert_true(d >= 1000 && d <= 2000);
	}
}

static void test_retry_after_and_reset(void **state)
{
	(void)state;
	struct backoff b;
	backoff_init(&b, 500, 4000);
	assert_int_equal(backoff_next(&b, 0, 30), 30000);
	assert_int_equal(backoff_next(&b, 0, 1000000), 86400000u);
	for (int i = 0; i < 10; i++)
		backoff_next(&b, 0, 0);
	backoff_reset(&b);
	assert_true(backoff_next(&b, UINT32_MAX, 0) <= 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grows_and_caps),
		cmocka_unit_test(test_jitter_bounds),
		cmocka_unit_test(test_retry_after_and_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
