/*
 * test-hub-unit-ingest.c — ingest_events() straight on a hub database,
 * without HTTP: every way an event can be invalid is rejected on its own
 * while the rest of the batch goes in; a seq sent twice in one batch is a
 * duplicate; events are placed in time with the request's clock offset.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hub/hub-db.h"
#include "hub/hub-time.h"
#include "hub/ingest.h"
#include "tests/lib/hub-events.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

static long long one(struct hdb *db, const char *sql)
{
	struct hdb_stmt *st;
	assert_int_equal(hdb_prepare(db, sql, &st), HDB_OK);
	assert_int_equal(hdb_step(st), HDB_ROW);
	long long n = hdb_column_int64(st, 0);
	hdb_finalize(st);
	return n;
}

static void invalid_events_are_rejected_one_by_one(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "hub.db");
	struct tally_err e = { 0 };
	struct hdb *db = hub_test_open(path);
	assert_non_null(db);
	assert_int_equal(hdb_exec(db, "INSERT INTO device(id, name, db_id, token_hash, enrolled_at)"
	                              " VALUES(7, 'h', 'D', 'x', 'now')"),
	                 HDB_OK);
	json_t *evs = json_loads(
	    "[{\"seq\":1,\"uuid\":\"00000000-0000-4000-8000-000000000001\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T08:00:00.000Z\",\"qty\":3},"
	    "{\"seq\":0,\"uuid\":\"00000000-0000-4000-8000-000000000002\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T08:00:00.000Z\"},"
	    "{\"seq\":3,\"uuid\":\"short\",\"kind\":\"count\",\"device_time\":\"2026-11-23T08:00:"
	    "00Z\"},"
	    "{\"seq\":4,\"uuid\":\"00000000-0000-4000-8000-000000000004\",\"kind\":\"juggle\","
	    "\"device_time\":\"2026-11-23T08:00:00.000Z\"},"
	    "{\"seq\":5,\"uuid\":\"00000000-0000-4000-8000-000000000005\",\"kind\":\"count\","
	    "\"device_time\":\"yesterday\"},"
	    "{\"seq\":6,\"uuid\":\"00000000-0000-4000-8000-000000000006\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T08:00:00.000Z\",\"qty\":\"many\"},"
	    "{\"seq\":7,\"uuid\":\"00000000-0000-4000-8000-000000000007\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T08:00:00.000Z\",\"location_id\":5},"
	    "\"not an object\","
	    "{\"seq\":1,\"uuid\":\"00000000-0000-4000-8000-000000000001\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T08:00:00.000Z\",\"qty\":3},"
	    "{\"seq\":9,\"uuid\":\"00000000-0000-4000-8000-000000000009\",\"kind\":\"session-"
	    "start\","
	    "\"device_time\":\"2026-11-23T08:00:01.500Z\",\"data\":{\"kind\":\"round\"}},"
	    /* 36 characters, but not a UUID; a 31st of February, twice. */
	    "{\"seq\":10,\"uuid\":\"zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T08:00:00.000Z\"},"
	    "{\"seq\":11,\"uuid\":\"00000000-0000-4000-8000-000000000011\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T08:00:00.000Z\",\"expiry\":\"2026-02-31\"},"
	    "{\"seq\":12,\"uuid\":\"00000000-0000-4000-8000-000000000012\",\"kind\":\"count\","
	    "\"device_time\":\"2026-02-31T08:00:00.000Z\"}]",
	    0, NULL);
	assert_non_null(evs);
	/* The handheld's clock is exactly one hour behind the hub's. */
	char sent[32];
	hub_time_format(hub_time_ms() - 3600000, sent);
	json_t *res = ingest_events(db, 7, "D", sent, evs, &e);
	assert_non_null(res);
	assert_int_equal(json_array_size(res), 13);
	static const char *want[] = { "accepted", "rejected", "rejected", "rejected",  "rejected",
		                      "rejected", "rejected", "rejected", "duplicate", "accepted",
		                      "rejected", "rejected", "rejected" };
	for (size_t i = 0; i < 13; i++) {
		json_t *r = json_array_get(res, i);
		assert_string_equal(json_string_value(json_object_get(r, "status")), want[i]);
		if (strcmp(want[i], "rejected") == 0)
			tu_assert_contains(json_string_value(json_object_get(r, "reason")),
			                   "invalid: ");
	}
	json_decref(res);
	json_decref(evs);
	assert_int_equal(one(db, "SELECT count(*) FROM event"), 2);
	long long offset = one(db, "SELECT clock_offset_ms FROM device WHERE id = 7");
	assert_true(offset >= 3600000 && offset < 3600000 + 5000);
	/* Placed one hour (and the time in transit) later than the handheld said. */
	char want_placed[32];
	long long dms;
	assert_int_equal(hub_time_parse("2026-11-23T08:00:01.500Z", &dms), 0);
	hub_time_format(dms + offset, want_placed);
	struct hdb_stmt *st;
	assert_int_equal(hdb_prepare(db, "SELECT placed_time, data FROM event WHERE seq = 9", &st),
	                 HDB_OK);
	assert_int_equal(hdb_step(st), HDB_ROW);
	assert_string_equal((const char *)hdb_column_text(st, 0), want_placed);
	assert_string_equal((const char *)hdb_column_text(st, 1), "{\"kind\":\"round\"}");
	hdb_finalize(st);
	hdb_close(db);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

static void times_parse_and_format_both_ways(void **state)
{
	long long ms;
	assert_int_equal(hub_time_parse("2026-11-23T08:15:02.123Z", &ms), 0);
	char out[32];
	hub_time_format(ms, out);
	assert_string_equal(out, "2026-11-23T08:15:02.123Z");
	assert_int_equal(hub_time_parse("2026-11-23T08:15:02Z", &ms), 0);
	hub_time_format(ms, out);
	assert_string_equal(out, "2026-11-23T08:15:02.000Z");
	assert_int_equal(hub_time_parse("2026-11-23 08:15:02", &ms), -1);
	assert_int_equal(hub_time_parse("2026-11-23T08:15:02.123+01:00", &ms), -1);
	assert_int_equal(hub_time_parse("2026-13-23T08:15:02Z", &ms), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(invalid_events_are_rejected_one_by_one),
		cmocka_unit_test(times_parse_and_format_both_ways),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
