/*
 * test-hub-unit-ingest.c — ingest_events() straight on a hub database,
 * without HTTP: every way an event can be invalid is rejected on its own
 * while the rest of the batch goes in; a seq sent twice in one batch is a
 * duplicate; events are placed in time with the request's clock offset;
 * each record of a batch gets its own flag and is never placed before the
 * record stored just before it.
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

/* A batch's records are looked up each on its own, even where the hub
 * remembers the last place and the last record within the batch: the
 * flag (the first of unknown-location, unknown-article, out-of-scope)
 * follows each record, and a record is never placed before the one
 * stored just before it. */
static void each_record_of_a_batch_gets_its_own_flag_and_place_in_time(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "hub.db");
	struct tally_err e = { 0 };
	struct hdb *db = hub_test_open(path);
	assert_non_null(db);
	assert_int_equal(
	    hdb_exec(db, "INSERT INTO location(id, name, kind, parent_id) VALUES"
	                 " ('T1', 'Trust 1', 'trust', NULL), ('W1', 'Ward 1', 'ward', 'T1'),"
	                 " ('T2', 'Trust 2', 'trust', NULL), ('W2', 'Ward 2', 'ward', 'T2');"
	                 "INSERT INTO article(id, name) VALUES ('A1', 'one');"
	                 "INSERT INTO device(id, name, db_id, token_hash, enrolled_at, scope_id)"
	                 " VALUES(7, 'h', 'D', 'x', 'now', 'T1')"),
	    HDB_OK);
	static const char *const at[][3] = {
		/* location, article, device_time */
		{ "W1", "A1", "2026-11-23T08:00:00.000Z" },
		{ "W2", "A1", "2026-11-23T08:01:00.000Z" },
		{ "W1", "A1", "2026-11-23T08:02:00.000Z" },
		{ "XX", "A1", "2026-11-23T08:03:00.000Z" },
		{ "W2", "ZZ", "2026-11-23T08:04:00.000Z" },
		{ "W1", "ZZ", "2026-11-23T08:05:00.000Z" },
		{ "W1", "A1", "2026-11-23T08:06:00.000Z" },
		/* The handheld's clock went back four minutes. */
		{ "W1", "A1", "2026-11-23T08:02:30.000Z" },
	};
	json_t *evs = json_array();
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		char uuid[40];
		snprintf(uuid, sizeof(uuid), "00000000-0000-4000-8000-%012zu", i + 1);
		json_array_append_new(evs, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:i}", "seq",
		                                     (int)i + 1, "uuid", uuid, "kind", "count",
		                                     "device_time", at[i][2], "location_id",
		                                     at[i][0], "article_id", at[i][1], "qty", 1));
	}
	json_t *res = ingest_events(db, 7, "D", NULL, evs, &e);
	assert_non_null(res);
	char *got = json_dumps(res, JSON_COMPACT);
	assert_string_equal(got,
	                    "[{\"seq\":1,\"status\":\"accepted\"},"
	                    "{\"seq\":2,\"status\":\"accepted\",\"flag\":\"out-of-scope\"},"
	                    "{\"seq\":3,\"status\":\"accepted\"},"
	                    "{\"seq\":4,\"status\":\"accepted\",\"flag\":\"unknown-location\"},"
	                    "{\"seq\":5,\"status\":\"accepted\",\"flag\":\"unknown-article\"},"
	                    "{\"seq\":6,\"status\":\"accepted\",\"flag\":\"unknown-article\"},"
	                    "{\"seq\":7,\"status\":\"accepted\"},"
	                    "{\"seq\":8,\"status\":\"accepted\"}]");
	free(got);
	/* The same batch again: every record a duplicate, nothing stored twice. */
	json_decref(res);
	res = ingest_events(db, 7, "D", NULL, evs, &e);
	assert_non_null(res);
	for (size_t i = 0; i < json_array_size(res); i++)
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(res, i), "status")),
		    "duplicate");
	assert_int_equal(one(db, "SELECT count(*) FROM event"), 8);
	/* Record 8 is placed with record 7, not four minutes before it. */
	struct hdb_stmt *st;
	assert_int_equal(hdb_prepare(db,
	                             "SELECT a.placed_time, b.placed_time FROM event a, event b"
	                             " WHERE a.seq = 7 AND b.seq = 8",
	                             &st),
	                 HDB_OK);
	assert_int_equal(hdb_step(st), HDB_ROW);
	assert_string_equal((const char *)hdb_column_text(st, 1),
	                    (const char *)hdb_column_text(st, 0));
	hdb_finalize(st);
	json_decref(res);
	json_decref(evs);
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
		cmocka_unit_test(each_record_of_a_batch_gets_its_own_flag_and_place_in_time),
		cmocka_unit_test(times_parse_and_format_both_ways),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
