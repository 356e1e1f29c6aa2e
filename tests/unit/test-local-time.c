/*
 * test-local-time.c — times as staff read them: a UTC record time shown in
 * Oslo time in winter (+1) and summer (+2), today/yesterday by the local
 * calendar day (not UTC's), "N days ago", another zone from tally.conf, and
 * what is not a time; the hub's report forms (sortable text, ISO 8601 with
 * the offset for CSV) and which zone names the system knows.
 */
#include "common/local-time.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static time_t at(const char *utc)
{
	time_t t;
	assert_int_equal(local_time_parse(utc, &t), 0);
	return t;
}

static void oslo_winter_and_summer(void **state)
{
	(void)state;
	char buf[64];
	local_time_zone(NULL);
	assert_string_equal(local_time_full(at("2026-11-30T05:49:12.000Z"), buf, sizeof(buf)),
	                    "30.11.2026 06:49");
	assert_string_equal(local_time_full(at("2026-07-01T04:49:00Z"), buf, sizeof(buf)),
	                    "01.07.2026 06:49");
	assert_string_equal(local_time_full_utc("2026-07-01 04:49:00", buf, sizeof(buf)),
	                    "01.07.2026 06:49");
}

static void relative_by_local_day(void **state)
{
	(void)state;
	char buf[64];
	local_time_zone("Europe/Oslo");
	time_t now = at("2026-11-30T10:00:00.000Z");
	assert_string_equal(local_time_relative(at("2026-11-30T05:49:00Z"), now, buf, sizeof(buf)),
	                    "today 06:49");
	/* 23:30 UTC on the 29th is 00:30 on the 30th in Oslo: today. */
	assert_string_equal(local_time_relative(at("2026-11-29T23:30:00Z"), now, buf, sizeof(buf)),
	                    "today 00:30");
	assert_string_equal(local_time_relative(at("2026-11-29T22:30:00Z"), now, buf, sizeof(buf)),
	                    "yesterday 23:30");
	assert_string_equal(local_time_relative(at("2026-11-20T08:00:00Z"), now, buf, sizeof(buf)),
	                    "10 days ago");
	assert_string_equal(local_time_relative(at("2026-11-28T08:00:00Z"), now, buf, sizeof(buf)),
	                    "2 days ago");
	/* Ahead of now (the clock was off): the full time, not "today". */
	assert_string_equal(local_time_relative(at("2026-12-01T08:00:00Z"), now, buf, sizeof(buf)),
	                    "01.12.2026 09:00");
	assert_string_equal(local_time_relative_utc(NULL, now, buf, sizeof(buf)), "never");
}

static void another_zone(void **state)
{
	(void)state;
	char buf[64];
	local_time_zone("UTC");
	assert_string_equal(local_time_full(at("2026-11-30T05:49:12Z"), buf, sizeof(buf)),
	                    "30.11.2026 05:49");
	local_time_zone("Europe/Oslo");
}

static void report_forms_and_known_zones(void **state)
{
	(void)state;
	char buf[64];
	local_time_zone("Europe/Oslo");
	assert_string_equal(local_time_iso(at("2026-11-23T08:15:00.000Z"), buf, sizeof(buf)),
	                    "2026-11-23 09:15");
	assert_string_equal(local_time_iso_offset(at("2026-11-23T08:15:00.000Z"), buf, sizeof(buf)),
	                    "2026-11-23T09:15:00+01:00");
	assert_string_equal(local_time_iso_offset(at("2026-07-01T04:49:00Z"), buf, sizeof(buf)),
	                    "2026-07-01T06:49:00+02:00");
	assert_string_equal(local_time_zone_name(), "Europe/Oslo");
	local_time_zone("America/St_Johns"); /* a half-hour offset */
	assert_string_equal(local_time_iso_offset(at("2026-11-23T08:15:00.000Z"), buf, sizeof(buf)),
	                    "2026-11-23T04:45:00-03:30");
	local_time_zone("Europe/Oslo");
	assert_true(local_time_zone_known("Europe/Oslo"));
	assert_true(local_time_zone_known(":Europe/Oslo"));
	assert_true(local_time_zone_known("UTC"));
	assert_false(local_time_zone_known("Mars/Olympus_Mons"));
	assert_false(local_time_zone_known("../../etc/passwd"));
	assert_false(local_time_zone_known(""));
}

static void not_a_time(void **state)
{
	(void)state;
	time_t t;
	char buf[64];
	assert_int_equal(local_time_parse("yesterday", &t), -1);
	assert_int_equal(local_time_parse("2026-13-01T00:00Z", &t), -1);
	assert_int_equal(local_time_parse(NULL, &t), -1);
	assert_string_equal(local_time_relative_utc("soon", 0, buf, sizeof(buf)), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(oslo_winter_and_summer),
		cmocka_unit_test(relative_by_local_day),
		cmocka_unit_test(another_zone),
		cmocka_unit_test(report_forms_and_known_zones),
		cmocka_unit_test(not_a_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
