/*
 * test-hub-code-map.c — records scanned before their code was known count
 * for the article once the hub learns the code (hub/code-attribute.h), on
 * a real hub database, the real tally-hub serving on loopback and a real
 * handheld counting in line mode and syncing:
 *   - a count of a code the handheld does not know (7 on the shelf), a
 *     scan of it without a count, and one pack of it used after: synced,
 *     the hub lists the code as unknown and has no stock for it; the code
 *     imported (`tally-hub import`): the count and the use count for the
 *     article — on hand 7 − 1 = 6, last count 7, the variance's first
 *     count 7 — the scan without a count is kept, not counted; the unknown
 *     list is empty and says what was counted in; the audit log has it;
 *   - a code mapped before its records arrive (the handheld counted it
 *     offline, before it pulled the mapping): counted at once at ingest;
 *   - each job's records by hand, straight on a hub database: a drill's
 *     scan (a count of one pack × the code's multiplier 10, within the
 *     plan), a receipt of 5 typed, a consumption scan (10 packs), a count
 *     with a typed 0 (an empty shelf: counted, 0), one without a session
 *     (kept); the receive bin holds 5, the drill place 10 − 10 = 0.
 *
 * run-all.sh runs it a second time with the hub on PostgreSQL
 * (tests/pg-hub-tests, tests/lib/hub-run.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hub/hub-db.h"
#include "hub/import.h"
#include "hub/ingest.h"
#include "hub/unknown-codes.h"
#include "hub/code-attribute.h"
#include "core/master-tables.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/hub-events.h"
#include "tests/lib/testutil.h"

#include "hub/hdb.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fx {
	char *dir, *hubdb, *conf, *store;
	struct hub_run hub; /* hub.where: what the hub's --db is */
};

/* Sinkpasta's code is not in the master data: the handheld does not know
 * it.  Paracetamol's is. */
#define ZINK_GTIN  "09521234000051"
#define ZINK_SCAN  "]E09521234000051"
#define NALOX_GTIN "09521234000013"
#define NALOX_SCAN "]E09521234000013"
#define PARA_SCAN  "]E09521234543213"

static const char master[] =
    "{\"article\": [{\"id\": \"A-PARA\", \"name\": \"Paracetamol 500 mg\"},"
    " {\"id\": \"A-ZINK\", \"name\": \"Sinkpasta 10 %\"},"
    " {\"id\": \"A-NALOX\", \"name\": \"Nalokson 0,4 mg/ml\"}],"
    " \"code\": [{\"code\": \"09521234543213\", \"article_id\": \"A-PARA\"}],"
    " \"location\": [{\"id\": \"W-MED1\", \"code\": \"LOC:MED1\", \"name\": \"Medisinsk 1\","
    " \"kind\": \"ward\"}],"
    " \"user\": [{\"badge\": \"1001\", \"name\": \"Kari Nordmann\","
    " \"roles\": \"count,consume\"}]}";

static struct tu_run hub(struct fx *f, const char *a1, const char *a2, const char *a3)
{
	char *argv[] = { (char *)tu_hub_bin(), "--lang",   "en",       "--db", f->hub.where,
		         (char *)a1,           (char *)a2, (char *)a3, NULL };
	return tu_run(argv, NULL, NULL);
}

static struct tu_run tally(struct fx *f, const char *input, const char *a1, const char *a2,
                           const char *a3, const char *a4)
{
	const char *create = strcmp(a1, "enroll") == 0 ? "--create" : "--lang=en";
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         (char *)create,
		         "--db",
		         f->store,
		         "--config",
		         f->conf,
		         (char *)a1,
		         (char *)a2,
		         (char *)a3,
		         (char *)a4,
		         NULL };
	return tu_run(argv, input, NULL);
}

static void sync_once(struct fx *f)
{
	struct tu_run r = tally(f, NULL, "sync", "--once", NULL, NULL);
	if (r.status != 0)
		fail_msg("sync: %s%s", r.out, r.err);
	tu_run_free(&r);
}

/* A line-mode job on the handheld, with the scans as its input. */
static void job(struct fx *f, const char *name, const char *input)
{
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         f->store,
		         "--config",
		         f->conf,
		         (char *)name,
		         "LOC:MED1",
		         "--user",
		         "1001",
		         "--scanner",
		         "stdin",
		         NULL };
	struct tu_run r = tu_run(argv, input, NULL);
	if (r.status != 0)
		fail_msg("%s: %d %s%s", name, r.status, r.out, r.err);
	tu_assert_contains(r.out, "??");
	tu_run_free(&r);
}

static void hub_import(struct fx *f, const char *json, const char *expect)
{
	char *p = tu_path(f->dir, "import.json");
	tu_write_file(p, json);
	struct tu_run r = hub(f, "import", p, NULL);
	if (r.status != 0)
		fail_msg("import: %s%s", r.out, r.err);
	if (expect != NULL)
		tu_assert_contains(r.out, expect);
	tu_run_free(&r);
	free(p);
}

/* Report text with every "YYYY-MM-DD HH:MM" written as such (same width,
 * so the columns stay aligned): the times are the test's own clock. */
static char *report(struct fx *f, const char *name, const char *opt)
{
	struct tu_run r = hub(f, "report", name, opt);
	if (r.status != 0)
		fail_msg("report %s: %s%s", name, r.out, r.err);
	char *s = r.out;
	for (char *p = s; *p; p++) {
		static const char shape[] = "dddd-dd-dd dd:dd";
		size_t k = 0;
		while (shape[k] && p[k] &&
		       (shape[k] == 'd' ? isdigit((unsigned char)p[k]) : p[k] == shape[k]))
			k++;
		if (shape[k] == '\0') {
			memcpy(p, "YYYY-MM-DD hh:mm", 16);
			p += 15;
		}
	}
	r.out = NULL;
	tu_run_free(&r);
	return s;
}

static long long code_map_hub_int(struct fx *f, const char *sql)
{
	return hub_run_count(f->hubdb, sql);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->hubdb = tu_path(f->dir, "hub.db");
	f->conf = tu_path(f->dir, "tally.conf");
	f->store = tu_path(f->dir, "tally.db");
	tu_write_file(f->conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 20\n");
	hub_run_init(f->hubdb);
	char *m = tu_path(f->dir, "master.json");
	tu_write_file(m, master);
	assert_int_equal(hub_run_import(f->hubdb, m), 0);
	free(m);
	hub_run_start(&f->hub, f->hubdb, NULL);
	char *code = hub_run_code(f->hubdb, "Medisin 1 skanner", f->hub.url);
	struct tu_run r = tally(f, NULL, "enroll", f->hub.url, code, NULL);
	if (r.status != 0)
		fail_msg("enroll: %s%s", r.out, r.err);
	tu_run_free(&r);
	free(code);
	sync_once(f); /* the master data: its user, its places, the known codes */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	hub_run_stop(&f->hub);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->hubdb);
	free(f->conf);
	free(f->store);
	free(f);
	return 0;
}

static void records_of_a_code_imported_later_count_for_the_article(void **state)
{
	struct fx *f = *state;
	/* A count: Paracetamol 4 (known), Sinkpasta scanned without a count
	 * (kept), then 7 on the shelf; then one pack of it used. */
	job(f, "count", PARA_SCAN "\t4\n" ZINK_SCAN "\n" ZINK_SCAN "\t7\n");
	job(f, "consume", ZINK_SCAN "\n");
	sync_once(f);

	/* Before: unknown, and no stock of it. */
	char *text = report(f, "unknown", NULL);
	tu_assert_contains(text, "To map (at /unknown): codes the handhelds did not know\n");
	tu_assert_contains(text, ZINK_GTIN "      3  YYYY-MM-DD hh:mm  Medisinsk 1");
	free(text);
	text = report(f, "stock", NULL);
	assert_string_equal(text, "Times are local (Europe/Oslo).\n\n"
	                          "location     article             on hand  last count  counted at"
	                          "        note\n"
	                          "Medisinsk 1  Paracetamol 500 mg        4           4  "
	                          "YYYY-MM-DD hh:mm  -\n");
	free(text);

	/* The code imported: counted in, in the same transaction. */
	hub_import(f, "{\"code\": [{\"code\": \"" ZINK_GTIN "\", \"article_id\": \"A-ZINK\"}]}",
	           "earlier records of codes now known: 2 counted for their article, 1 kept "
	           "without a count");

	/* By hand: the count of 7, then 1 used: 6 on hand, last count 7. */
	text = report(f, "stock", NULL);
	assert_string_equal(text, "Times are local (Europe/Oslo).\n\n"
	                          "location     article             on hand  last count  counted at"
	                          "        note\n"
	                          "Medisinsk 1  Paracetamol 500 mg        4           4  "
	                          "YYYY-MM-DD hh:mm  -\n"
	                          "Medisinsk 1  Sinkpasta 10 %            6           7  "
	                          "YYYY-MM-DD hh:mm  -\n");
	free(text);
	/* The variance: Sinkpasta's first count, 7. */
	text = report(f, "variance", "--all");
	assert_string_equal(
	    text, "Times are local (Europe/Oslo).\n\n"
	          "when              location     article                expected  counted  "
	          "difference  user           handheld\n"
	          "YYYY-MM-DD hh:mm  Medisinsk 1  Paracetamol 500 mg  first count        4     "
	          "      -  Kari Nordmann  Medisin 1 skanner\n"
	          "YYYY-MM-DD hh:mm  Medisinsk 1  Sinkpasta 10 %      first count        7     "
	          "      -  Kari Nordmann  Medisin 1 skanner\n");
	free(text);
	assert_int_equal(code_map_hub_int(f, "SELECT qty FROM onhand WHERE article_id = 'A-ZINK'"),
	                 6);
	/* The unknown list is empty and says what was counted in. */
	text = report(f, "unknown", NULL);
	assert_string_equal(text,
	                    "Times are local (Europe/Oslo).\n\n"
	                    "Mapped: the records scanned before count for the article\n"
	                    "code            scans  last scanned  where  article                "
	                    "  counted in  kept, not counted  mapped at\n" ZINK_GTIN
	                    "      -  -             -      Sinkpasta 10 % (A-ZINK)           2"
	                    "                  1  YYYY-MM-DD hh:mm\n");
	free(text);
	/* The records keep their code and what they came as; the trace. */
	assert_int_equal(
	    code_map_hub_int(f, "SELECT count(*) FROM event WHERE mapped_code = '" ZINK_GTIN
	                        "' AND code = '" ZINK_SCAN "'"
	                        " AND body LIKE '%\"kind\":\"unknown-code\"%'"),
	    3);
	assert_int_equal(code_map_hub_int(f, "SELECT count(*) FROM audit WHERE action = "
	                                     "'records-attributed' AND target = '" ZINK_GTIN "'"),
	                 1);
	/* Importing it again counts nothing twice. */
	hub_import(f, "{\"code\": [{\"code\": \"" ZINK_GTIN "\", \"article_id\": \"A-ZINK\"}]}",
	           NULL);
	assert_int_equal(code_map_hub_int(f, "SELECT qty FROM onhand WHERE article_id = 'A-ZINK'"),
	                 6);

	/* The handhelds hear the new figure: the stock row comes with the
	 * next pull (where-to-borrow reads it). */
	sync_once(f);
	sqlite3 *store;
	assert_int_equal(sqlite3_open_v2(f->store, &store, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(store,
	                                    "SELECT qty FROM stock WHERE location_id = 'W-MED1'"
	                                    " AND article_id = 'A-ZINK'",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 6);
	sqlite3_finalize(st);
	sqlite3_close(store);
}

static void a_code_mapped_before_its_records_arrive_counts_them_at_once(void **state)
{
	struct fx *f = *state;
	/* Mapped at the hub; the handheld, offline, has not pulled it. */
	hub_import(f, "{\"code\": [{\"code\": \"" NALOX_GTIN "\", \"article_id\": \"A-NALOX\"}]}",
	           NULL);
	job(f, "count", NALOX_SCAN "\t3\n");
	sync_once(f);
	char *text = report(f, "stock", NULL);
	tu_assert_contains(text, "Medisinsk 1  Nalokson 0,4 mg/ml        3           3  "
	                         "YYYY-MM-DD hh:mm");
	free(text);
	text = report(f, "unknown", NULL);
	assert_null(strstr(text, "To map"));
	tu_assert_contains(text, NALOX_GTIN);
	free(text);
}

/* An event of device 7 as a handheld sends it. */
#define EV(seq, kind, rest)                                                    \
	"{\"seq\":" #seq ",\"uuid\":\"00000000-0000-4000-8000-0000000000" #seq \
	"\",\"kind\":\"" kind "\",\"device_time\":\"2026-11-23T08:" #seq ":00.000Z\"" rest "}"

static long long one(struct hdb *db, const char *sql)
{
	struct hdb_stmt *st;
	assert_int_equal(hdb_prepare(db, sql, &st), HDB_OK);
	assert_int_equal(hdb_step(st), HDB_ROW);
	long long n = hdb_column_int64(st, 0);
	hdb_finalize(st);
	return n;
}

static void each_jobs_records_become_what_the_job_writes(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "hub.db");
	struct tally_err e = { 0 };
	struct hdb *db = hub_test_open(path);
	assert_non_null(db);
	struct import_counts *counts = calloc(master_table_count, sizeof(*counts));
	assert_int_equal(
	    import_json_text(db, "master",
	                     "{\"article\": [{\"id\": \"A-ZINK\", \"name\": \"Sinkpasta\"}],"
	                     " \"location\": [{\"id\": \"AKUTT\", \"name\": \"Akutt\"},"
	                     " {\"id\": \"BIN1\", \"name\": \"Hylle 1\"}]}",
	                     counts, &e),
	    0);
	assert_int_equal(hdb_exec(db, "INSERT INTO device(id, name, db_id, token_hash, enrolled_at)"
	                              " VALUES(7, 'h', 'D', 'x', 'now')"),
	                 HDB_OK);
	json_t *evs = json_loads(
	    "[" EV(10, "session-start", ",\"data\":{\"job\":\"drill\",\"plan\":\"P-MASS\"}") "," EV(
	        11, "unknown-code",
	        ",\"session\":\"00000000-0000-4000-8000-000000000010\","
	        "\"location_id\":\"AKUTT\",\"code\":\"" ZINK_SCAN
	        "\",\"qty\":0") "," EV(12, "session-start",
	                               ",\"data\":{\"job\":\"receive\"}") "," EV(13,
	                                                                         "unknown-"
	                                                                         "code",
	                                                                         ",\"sessio"
	                                                                         "n\":"
	                                                                         "\"0000000"
	                                                                         "0-0000-"
	                                                                         "4000-"
	                                                                         "8000-"
	                                                                         "000000000"
	                                                                         "012\","
	                                                                         "\"locatio"
	                                                                         "n_id\":"
	                                                                         "\"BIN1\","
	                                                                         "\"code\":"
	                                                                         "\"" ZINK_SCAN
	                                                                         "\","
	                                                                         "\"qty\":"
	                                                                         "5") "," EV(14,
	                                                                                     "sessi"
	                                                                                     "on-"
	                                                                                     "star"
	                                                                                     "t",
	                                                                                     ",\"da"
	                                                                                     "ta\":"
	                                                                                     "{\"jo"
	                                                                                     "b\":"
	                                                                                     "\"con"
	                                                                                     "sume"
	                                                                                     "\"}") "," EV(15,
	                                                                                                   "unknown-code",
	                                                                                                   ",\"session\":\"00000000-0000-4000-8000-000000000014\","
	                                                                                                   "\"location_id\":\"AKUTT\",\"code\":\"" ZINK_SCAN
	                                                                                                   "\",\"qty\":0") "," EV(16,
	                                                                                                                          "session-start",
	                                                                                                                          ",\"data\":{\"job\":\"count\"}") "," EV(17,
	                                                                                                                                                                  "unknown-code",
	                                                                                                                                                                  ",\"session\":\"00000000-0000-4000-8000-000000000016\","
	                                                                                                                                                                  "\"location_id\":\"BIN1\",\"code\":\"" ZINK_SCAN
	                                                                                                                                                                  "\",\"qty\":0,"
	                                                                                                                                                                  "\"data\":{\"qty_given\":true}") "," EV(18,
	                                                                                                                                                                                                          "unknown-code",
	                                                                                                                                                                                                          ",\"location_id\":\"BIN1\",\"code\":\"" ZINK_SCAN
	                                                                                                                                                                                                          "\"") "]",
	    0, NULL);
	assert_non_null(evs);
	json_t *res = ingest_events(db, 7, "D", NULL, evs, &e);
	assert_non_null(res);
	json_decref(res);
	json_decref(evs);
	/* A pack of 10 in the code's master row. */
	assert_int_equal(import_json_text(db, "codes",
	                                  "{\"code\": [{\"code\": \"" ZINK_GTIN "\","
	                                  " \"article_id\": \"A-ZINK\", \"multiplier\": 10}]}",
	                                  counts, &e),
	                 0);
	size_t code_t = 0;
	while (strcmp(master_tables[code_t].name, "code") != 0)
		code_t++;
	assert_int_equal(counts[code_t].counted_in, 4);
	assert_int_equal(counts[code_t].kept, 1);
	/* Each what its job would have written. */
	assert_int_equal(one(db, "SELECT count(*) FROM event WHERE seq = 11 AND kind = 'count'"
	                         " AND qty = 10 AND json_extract(data, '$.plan') = 'P-MASS'"),
	                 1);
	assert_int_equal(one(db, "SELECT count(*) FROM event WHERE seq = 13 AND kind = 'receive'"
	                         " AND qty = 5"),
	                 1);
	assert_int_equal(one(db, "SELECT count(*) FROM event WHERE seq = 15 AND kind = 'consume'"
	                         " AND qty = 10"),
	                 1);
	assert_int_equal(one(db, "SELECT count(*) FROM event WHERE seq = 17 AND kind = 'count'"
	                         " AND qty = 0"),
	                 1);
	assert_int_equal(one(db, "SELECT count(*) FROM event WHERE seq = 18 AND kind = "
	                         "'unknown-code' AND article_id = 'A-ZINK'"),
	                 1);
	/* On-hand, by hand: the bin received 5, then was counted empty (0);
	 * the drill place counted 10, then 10 were used: 0. */
	assert_int_equal(one(db, "SELECT qty FROM onhand WHERE location_id = 'BIN1'"), 0);
	assert_int_equal(one(db, "SELECT last_count FROM onhand WHERE location_id = 'BIN1'"), 0);
	assert_int_equal(one(db, "SELECT qty FROM onhand WHERE location_id = 'AKUTT'"), 0);
	assert_int_equal(one(db, "SELECT last_count FROM onhand WHERE location_id = 'AKUTT'"), 10);
	free(counts);
	hdb_close(db);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    records_of_a_code_imported_later_count_for_the_article, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    a_code_mapped_before_its_records_arrive_counts_them_at_once, setup, teardown),
		cmocka_unit_test(each_jobs_records_become_what_the_job_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
