/*
 * test-scan-join.c — a label printed as two symbols: the GTIN in an EAN-13,
 * batch and expiry in a GS1-128 beside it.  Scanned one after the other, in
 * either order, they are one message; a half alone, or after something it
 * does not belong to, is refused with the rule named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "barcode/scan-join.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

#define EAN "]E05701234567899"
#define HALF            \
	"]C110AB12\x1d" \
	"17271231"
#define HALF2 "]C11727123110AB12"

struct verdict {
	enum scan_error err;
	int joined;
	struct scan s;
	struct scan_failure f;
};

static struct verdict *join(const char *prev, const char *text)
{
	static const struct scan_config cfg = { .year = 2026 };
	struct verdict *v = calloc(1, sizeof(*v));
	v->err = scan_join(prev, prev ? strlen(prev) : 0, text, strlen(text), &cfg, &v->s, &v->f,
	                   &v->joined);
	return v;
}

static void gtin_then_batch_is_one_message(void **state)
{
	(void)state;
	struct verdict *v = join(EAN, HALF);
	assert_int_equal(v->err, SCAN_OK);
	assert_int_equal(v->joined, 1);
	assert_string_equal(scan_type_name(v->s.type), "gs1");
	assert_string_equal(v->s.gtin, "05701234567899");
	assert_string_equal(v->s.batch, "AB12");
	assert_string_equal(v->s.expiry, "2027-12-31");
	assert_true(strstr(v->s.note, "scan before") != NULL);
	free(v);
}

static void batch_then_gtin_is_one_message(void **state)
{
	(void)state;
	struct verdict *v = join(HALF2, EAN);
	assert_int_equal(v->err, SCAN_OK);
	assert_int_equal(v->joined, 1);
	assert_string_equal(v->s.gtin, "05701234567899");
	assert_string_equal(v->s.batch, "AB12");
	assert_string_equal(v->s.expiry, "2027-12-31");
	free(v);
}

/* A pallet's label in two symbols: its SSCC and count in one, the product's
 * GTIN in the other.  One message, and a logistic label (type sscc), as the
 * same AIs in one symbol would be: found by fuzz-scan, whose rule had said
 * a join is always type gs1. */
static void a_logistic_label_in_two_symbols_is_one_sscc(void **state)
{
	(void)state;
	struct verdict *v = join("]C1000952340000000013433012", EAN);
	assert_int_equal(v->err, SCAN_OK);
	assert_int_equal(v->joined, 1);
	assert_string_equal(scan_type_name(v->s.type), "sscc");
	assert_string_equal(v->s.sscc, "095234000000001343");
	assert_string_equal(v->s.gtin, "05701234567899");
	assert_int_equal(v->s.count, 12);
	assert_int_equal(v->s.n_ais, 3);
	free(v);
}

static void a_lone_half_is_refused_with_the_rule(void **state)
{
	(void)state;
	const char *before[] = { NULL, "LOC:W-MED1", "]C0HELLO", "B:1001" };
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
		struct verdict *v = join(before[i], HALF);
		assert_int_equal(v->err, SCAN_E_ASSOCIATION);
		assert_int_equal(v->joined, 0);
		assert_string_equal(v->f.ai, "10");
		assert_true(strstr(v->f.msg, "(01)") != NULL); /* says which partner */
		assert_int_equal(v->f.at, 3);                  /* where: the (10) */
		free(v);
	}
}

static void two_whole_scans_stay_two(void **state)
{
	(void)state;
	struct verdict *v = join(EAN, "]E09521234543213");
	assert_int_equal(v->err, SCAN_OK);
	assert_int_equal(v->joined, 0);
	assert_string_equal(scan_type_name(v->s.type), "gtin");
	assert_string_equal(v->s.gtin, "09521234543213");
	free(v);
}

static void halves_that_contradict_are_not_joined(void **state)
{
	(void)state;
	/* the pack before has batch 12 of its own: a second batch is not its */
	struct verdict *v = join("]d201095212345432131012", "]C110AB\x1d"
	                                                    "17271231");
	assert_int_equal(v->err, SCAN_E_ASSOCIATION);
	assert_int_equal(v->joined, 0);
	free(v);
	/* (37) counts trade items on a logistic unit; a GTIN (01) excludes it */
	v = join("]C10109521234543213", "]C13712");
	assert_int_equal(v->err, SCAN_E_ASSOCIATION);
	assert_int_equal(v->joined, 0);
	assert_string_equal(v->f.ai, "37");
	free(v);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gtin_then_batch_is_one_message),
		cmocka_unit_test(batch_then_gtin_is_one_message),
		cmocka_unit_test(a_logistic_label_in_two_symbols_is_one_sscc),
		cmocka_unit_test(a_lone_half_is_refused_with_the_rule),
		cmocka_unit_test(two_whole_scans_stay_two),
		cmocka_unit_test(halves_that_contradict_are_not_joined),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
