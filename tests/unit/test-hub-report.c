/*
 * test-hub-report.c — the hub's reports as the pharmacy and the warehouse
 * office read them: pick lists by both policies, a drill counted by two
 * handhelds at two places, variance per count, antidotes, a goods receipt
 * with a short-expiry deviation; and the real `tally-hub report` in each
 * format.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hub/hub-db.h"
#include "hub/report.h"
#include "tests/lib/hub-events.h"
#include "tests/lib/hub-http.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

struct fx {
	char *dir, *path;
	char *where; /* the hub's --db for path (tests/lib/hub-run.h) */
	struct hdb *db;
};

static const char master[] =
    "INSERT INTO location(id, code, name, kind, parent_id, hospital_id) VALUES"
    " ('HOSP1', NULL, 'Sykehuset Nord', 'hospital', NULL, NULL),"
    " ('MED1', 'LOC:MED1', 'Medisinsk post 1', 'ward', 'HOSP1', 'HOSP1'),"
    " ('MED2', 'LOC:MED2', 'Medisinsk post 2', 'ward', 'HOSP1', 'HOSP1'),"
    " ('AKUTT', 'LOC:AKUTT', 'Akuttmottak', 'emergency-store', 'HOSP1', 'HOSP1'),"
    " ('APOTEK', 'LOC:APOTEK', 'Sykehusapotek', 'pharmacy', 'HOSP1', 'HOSP1'),"
    " ('BIN-1', 'LOC:BIN-1', 'Hylle 1', 'warehouse-bin', NULL, NULL);"
    "INSERT INTO article(id, name, form, unit, antidote, sterile, needs_batch, min_shelf_days)"
    " VALUES"
    " ('A-PARA', 'Paracetamol 500 mg', 'tablett', 'stk', 0, 0, 0, 90),"
    " ('A-NALOX', 'Naloxon 0,4 mg/ml', 'injeksjon', 'amp', 1, 0, 1, 90),"
    " ('A-ACET', 'Acetylcystein 200 mg/ml', 'infusjon', 'hgl', 1, 0, 1, 90),"
    " ('A-GLOVE', 'Hanske nitril M', NULL, 'eske', 0, 0, 0, 0);"
    "INSERT INTO basis VALUES"
    " ('MED1', 'A-PARA', 5, 20, 'top-up-at-min', 1, 90),"
    " ('MED1', 'A-GLOVE', 10, 50, 'top-up-at-min', 2, 90),"
    " ('MED1', 'A-NALOX', 2, 4, 'top-up-at-min', 3, 90),"
    " ('MED2', 'A-PARA', 5, 20, 'always-to-max', 1, 90);"
    "INSERT INTO plan(id, name, patients, days) VALUES ('P-MASS', 'Masseskade', 100, 2);"
    "INSERT INTO plan_line VALUES ('P-MASS', 'A-PARA', 6, 2, 10),"
    " ('P-MASS', 'A-NALOX', 0.4, 0.4, 10);"
    "INSERT INTO plan_place(plan_id, article_id, location_id, min, max) VALUES ('P-MASS', "
    "'A-PARA', 'AKUTT', 5, 10),"
    " ('P-MASS', 'A-PARA', 'APOTEK', 40, 60), ('P-MASS', 'A-NALOX', 'AKUTT', 10, 15),"
    " ('P-MASS', 'A-NALOX', 'APOTEK', 5, 10);"
    "INSERT INTO delivery VALUES ('376012345000000016', 'D-77', 'Norengros', '2026-11-23',"
    " 'BIN-1');"
    "INSERT INTO delivery_line VALUES ('376012345000000016', 'A-GLOVE', '', NULL, NULL, 10),"
    " ('376012345000000016', 'A-PARA', 'B1', NULL, NULL, 5);"
    "INSERT INTO \"user\"(badge, name, pin_hash, roles) VALUES ('1001', 'Anne Hansen', NULL, "
    "'round,drill'),"
    " ('1002', 'Per Olsen', NULL, 'receive,drill');"
    "INSERT INTO device(id, name, db_id, token_hash, enrolled_at) VALUES"
    " (1, 'MED1 handheld', 'db-1', 'h1', '2026-11-01T00:00:00.000Z'),"
    " (2, 'Akutt handheld', 'db-2', 'h2', '2026-11-01T00:00:00.000Z');";

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->path = tu_path(f->dir, "hub.db");
	f->db = hub_test_open(f->path);
	f->where = hub_run_where(f->path);
	assert_non_null(f->db);
	hub_sql(f->db, master);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	hdb_close(f->db);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f->where);
	free(f);
	return 0;
}

#define T(d, h, m) "2026-11-" d "T" h ":" m ":00.000Z"

static json_t *build(struct hdb *db, const char *name, const struct report_opts *o)
{
	struct tally_err e = { 0 };
	struct report_opts none = { 0 };
	json_t *r = report_build(db, name, o ? o : &none, &e);
	if (r == NULL)
		fail_msg("report %s: %s", name, e.msg);
	return r;
}

/* Run the real tally-hub on the fixture's database, in English. */
static struct tu_run hub(struct fx *f, const char *a1, const char *a2, const char *a3,
                         const char *a4)
{
	char *argv[] = { (char *)tu_hub_bin(), "--db",     f->where,   "report", (char *)a1,
		         (char *)a2,           (char *)a3, (char *)a4, NULL };
	char *env[] = { "TALLY_LANG=en", NULL };
	return tu_run(argv, NULL, env);
}

static json_t *find(json_t *list, const char *key, const char *value)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(json_object_get(v, key));
		if (s != NULL && strcmp(s, value) == 0)
			return v;
	}
	fail_msg("no %s = %s", key, value);
	return NULL;
}

#define INT(o, k) ((long long)json_integer_value(json_object_get((o), (k))))

static void rounds(struct fx *f)
{
	struct hub_ev ev[] = {
		{ 1, 1, "session-start", T("23", "08", "00"), NULL, "1001", "MED1", NULL, 0,
		  "{\"job\":\"round\"}" },
		{ 1, 2, "count", T("23", "08", "01"), "u-1-1", "1001", "MED1", "A-PARA", 4, NULL },
		{ 1, 3, "count", T("23", "08", "02"), "u-1-1", "1001", "MED1", "A-GLOVE", 30,
		  NULL },
		{ 1, 4, "skip", T("23", "08", "03"), "u-1-1", "1001", "MED1", "A-NALOX", 0, NULL },
		{ 1, 5, "session-start", T("23", "09", "00"), NULL, "1001", "MED2", NULL, 0,
		  "{\"job\":\"round\"}" },
		{ 1, 6, "count", T("23", "09", "01"), "u-1-5", "1001", "MED2", "A-PARA", 12, NULL },
	};
	hub_ingest(f->db, ev, sizeof(ev) / sizeof(ev[0]));
}

static void refill_by_both_policies(void **state)
{
	struct fx *f = *state;
	rounds(f);
	json_t *r = build(f->db, "refill", NULL);
	json_t *wards = json_object_get(r, "wards");
	assert_int_equal(json_array_size(wards), 2);
	json_t *med1 = find(wards, "location_id", "MED1");
	assert_string_equal(json_string_value(json_object_get(med1, "last_round")),
	                    T("23", "08", "00"));
	json_t *lines = json_object_get(med1, "lines");
	/* 4 at or below min 5: top up to 20.  Gloves at 30 stay.  Naloxone
	 * was not counted: only numbered on the pick list ... */
	assert_int_equal(INT(find(lines, "article_id", "A-PARA"), "refill"), 16);
	assert_int_equal(json_array_size(lines), 1);
	assert_int_equal(INT(med1, "not_counted"), 1);
	json_decref(r);
	/* ... and listed with --all, nothing guessed. */
	struct report_opts all = { .all = 1 };
	r = build(f->db, "refill", &all);
	wards = json_object_get(r, "wards");
	lines = json_object_get(find(wards, "location_id", "MED1"), "lines");
	assert_int_equal(json_array_size(lines), 2);
	json_t *nalox = find(lines, "article_id", "A-NALOX");
	assert_true(json_is_null(json_object_get(nalox, "onhand")));
	assert_true(json_is_null(json_object_get(nalox, "refill")));
	/* always-to-max tops up 12 to 20 although 12 is above min. */
	json_t *med2 = find(wards, "location_id", "MED2");
	assert_int_equal(INT(json_array_get(json_object_get(med2, "lines"), 0), "refill"), 8);
	json_decref(r);

	/* Consumption after the round raises the pick. */
	struct hub_ev more[] = {
		{ 1, 7, "consume", T("23", "10", "00"), NULL, "1001", "MED1", "A-PARA", 2, NULL },
	};
	hub_ingest(f->db, more, 1);
	struct report_opts only = { .location = "MED1" };
	r = build(f->db, "refill", &only);
	assert_int_equal(json_array_size(json_object_get(r, "wards")), 1);
	assert_int_equal(
	    INT(find(json_object_get(json_array_get(json_object_get(r, "wards"), 0), "lines"),
	             "article_id", "A-PARA"),
	        "refill"),
	    18);
	json_decref(r);

	struct tu_run run = hub(f, "refill", "--csv", NULL, NULL);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out, "location_id,location_name,last_round,article_id,"
	                            "article_name,onhand,min,max,policy,refill,shortage,"
	                            "shortage_alternatives\r\n");
	tu_assert_contains(run.out, "MED1,Medisinsk post 1,2026-11-23T09:00:00+01:00,A-PARA,"
	                            "Paracetamol 500 mg,2,5,20,top-up-at-min,18,,\r\n");
	tu_assert_contains(run.out, "MED2,Medisinsk post 2,2026-11-23T10:00:00+01:00,A-PARA,"
	                            "Paracetamol 500 mg,12,5,20,always-to-max,8,,\r\n");
	assert_null(strstr(run.out, "Naloxon"));
	tu_run_free(&run);
	run = hub(f, "refill", "--csv", "--all", NULL);
	/* RFC 4180: a field with a comma is quoted. */
	tu_assert_contains(run.out, ",\"Naloxon 0,4 mg/ml\",,2,4,top-up-at-min,,,\r\n");
	tu_run_free(&run);

	run = hub(f, "refill", NULL, NULL, NULL);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out, "Medisinsk post 1 (MED1) — last round 2026-11-23 09:00; 1 "
	                            "articles not counted");
	tu_assert_contains(run.out, "refill");
	tu_run_free(&run);

	/* Paracetamol under a shortage: the pick list offers the
	 * alternatives the pharmacy chose; the stock report marks it. */
	char *db = f->where;
	const char *args[] = { "shortage",          "add",       "A-PARA",         "--status",
		               "ongoing",           "--message", "Leveringssvikt", "--alternative",
		               "A-GLOVE=test only", NULL };
	char *argv[16] = { (char *)tu_hub_bin(), "--lang", "en", "--db", db };
	for (size_t i = 0; args[i] != NULL; i++)
		argv[5 + i] = (char *)args[i];
	run = tu_run(argv, NULL, NULL);
	if (run.status != 0)
		fail_msg("shortage add: %s", run.err);
	tu_run_free(&run);
	run = hub(f, "refill", NULL, NULL, NULL);
	tu_assert_contains(
	    run.out, "Paracetamol 500 mg — SHORTAGE, alternatives: Hanske nitril M (test only)");
	tu_run_free(&run);
	run = hub(f, "refill", "--csv", NULL, NULL);
	tu_assert_contains(run.out, ",18,ongoing,Hanske nitril M (test only)\r\n");
	tu_run_free(&run);
	run = hub(f, "stock", NULL, NULL, NULL);
	/* ... in the note, so the article column stays narrow. */
	tu_assert_contains(run.out, "Paracetamol 500 mg        2           4  2026-11-23 09:01  "
	                            "SHORTAGE, alternatives: Hanske nitril M (test only)\n");
	tu_run_free(&run);
}

static void drill_two_devices(struct fx *f)
{
	const char *ok = "{\"plan\":\"P-MASS\",\"expired\":false}";
	const char *old = "{\"plan\":\"P-MASS\",\"expired\":true}";
	const char *start = "{\"job\":\"drill\",\"plan\":\"P-MASS\"}";
	struct hub_ev one[] = {
		{ 1, 1, "session-start", T("23", "09", "00"), NULL, "1001", NULL, NULL, 0, start },
		{ 1, 2, "count", T("23", "09", "02"), "u-1-1", "1001", "AKUTT", "A-PARA", 6, ok },
		{ 1, 3, "count", T("23", "09", "03"), "u-1-1", "1001", "AKUTT", "A-PARA", 1, ok },
		{ 1, 4, "count", T("23", "09", "04"), "u-1-1", "1001", "AKUTT", "A-NALOX", 3, old },
		{ 1, 5, "count", T("23", "09", "05"), "u-1-1", "1001", "AKUTT", "A-NALOX", 1, ok },
		{ 1, 6, "session-end", T("23", "09", "20"), "u-1-1", "1001", NULL, NULL, 0,
		  "{\"job\":\"drill\"}" },
	};
	struct hub_ev two[] = {
		{ 2, 1, "session-start", T("23", "09", "05"), NULL, "1002", NULL, NULL, 0, start },
		{ 2, 2, "count", T("23", "09", "10"), "u-2-1", "1002", "APOTEK", "A-PARA", 30, ok },
		{ 2, 3, "count", T("23", "09", "11"), "u-2-1", "1002", "APOTEK", "A-NALOX", 2, ok },
		/* Handheld 2 recounts the emergency dept.'s paracetamol later:
		 * its count stands there, the two are not added. */
		{ 2, 4, "count", T("23", "09", "30"), "u-2-1", "1002", "AKUTT", "A-PARA", 8, ok },
		{ 2, 5, "session-end", T("23", "09", "40"), "u-2-1", "1002", NULL, NULL, 0,
		  "{\"job\":\"drill\"}" },
	};
	/* The same plan drilled again two days later: another drill. */
	struct hub_ev later[] = {
		{ 1, 7, "session-start", T("25", "09", "00"), NULL, "1001", NULL, NULL, 0, start },
		{ 1, 8, "count", T("25", "09", "01"), "u-1-7", "1001", "AKUTT", "A-PARA", 70, ok },
	};
	/* Handheld 2 syncs first. */
	hub_ingest(f->db, two, sizeof(two) / sizeof(two[0]));
	hub_ingest(f->db, one, sizeof(one) / sizeof(one[0]));
	hub_ingest(f->db, later, sizeof(later) / sizeof(later[0]));
}

static void drill_merges_devices(void **state)
{
	struct fx *f = *state;
	drill_two_devices(f);
	json_t *r = build(f->db, "drill", NULL);
	json_t *drills = json_object_get(r, "drills");
	assert_int_equal(json_array_size(drills), 2);
	json_t *d = json_array_get(drills, 0);
	assert_string_equal(json_string_value(json_object_get(d, "started")), T("23", "09", "00"));
	/* From the first start to the last end, across both handhelds. */
	assert_int_equal((int)json_real_value(json_object_get(d, "duration_s")), 40 * 60);
	assert_int_equal(json_array_size(json_object_get(d, "devices")), 2);
	assert_int_equal(json_array_size(json_object_get(d, "users")), 2);
	json_t *lines = json_object_get(d, "lines");
	json_t *para = find(lines, "article_id", "A-PARA");
	assert_int_equal(INT(para, "required"), 60); /* 6 g / 2 g / 10 × 100 × 2 */
	assert_int_equal(INT(para, "counted"), 38);  /* 8 at AKUTT (the later count) + 30 */
	assert_int_equal(INT(para, "shortfall"), 22);
	assert_int_equal(INT(para, "places_below_min"), 1); /* the pharmacy: 30 < 40 */
	json_t *nalox = find(lines, "article_id", "A-NALOX");
	assert_int_equal(INT(nalox, "required"), 20);
	assert_int_equal(INT(nalox, "counted"), 3); /* expired packs apart */
	assert_int_equal(INT(nalox, "expired"), 3);
	assert_int_equal(INT(nalox, "shortfall"), 17);
	assert_int_equal(INT(nalox, "places_below_min"), 2);
	assert_true(json_real_value(json_object_get(nalox, "cover_pct")) > 14.9 &&
	            json_real_value(json_object_get(nalox, "cover_pct")) < 15.1);
	/* The second drill knows only its own session. */
	json_t *d2 = json_array_get(drills, 1);
	assert_int_equal(INT(find(json_object_get(d2, "lines"), "article_id", "A-PARA"), "counted"),
	                 70);
	json_decref(r);

	struct tu_run run = hub(f, "drill", "--plan", "P-MASS", NULL);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out,
	                   "Drill Masseskade (P-MASS), started 2026-11-23 10:00, took 40 min 00 s");
	tu_assert_contains(run.out, "MED1 handheld, Akutt handheld");
	tu_assert_contains(run.out, "Anne Hansen, Per Olsen");
	tu_assert_contains(run.out, "Akuttmottak; Sykehusapotek");
	tu_run_free(&run);

	run = hub(f, "drill", "--json", "--plan", "P-NONE");
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	json_t *j = json_loads(run.out, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "drills")), 0);
	json_decref(j);
	tu_run_free(&run);
}

static void variance_per_count(void **state)
{
	struct fx *f = *state;
	struct hub_ev ev[] = {
		{ 1, 1, "count", T("23", "07", "00"), NULL, "1001", "MED1", "A-PARA", 10, NULL },
		{ 1, 2, "consume", T("23", "07", "30"), NULL, "1001", "MED1", "A-PARA", 2, NULL },
		{ 1, 3, "count", T("23", "08", "00"), NULL, "1001", "MED1", "A-PARA", 7, NULL },
		{ 1, 4, "count", T("23", "09", "00"), NULL, "1001", "MED1", "A-PARA", 7, NULL },
	};
	hub_ingest(f->db, ev, 4);
	json_t *r = build(f->db, "variance", NULL);
	json_t *rows = json_object_get(r, "rows");
	/* Only the count that differs: 8 expected, 7 on the shelf. */
	assert_int_equal(json_array_size(rows), 1);
	json_t *v = json_array_get(rows, 0);
	assert_int_equal(INT(v, "expected"), 8);
	assert_int_equal(INT(v, "counted"), 7);
	assert_int_equal(INT(v, "difference"), -1);
	assert_string_equal(json_string_value(json_object_get(v, "user")), "1001");
	assert_string_equal(json_string_value(json_object_get(v, "device_name")), "MED1 handheld");
	json_decref(r);
	struct report_opts all = { .all = 1 };
	r = build(f->db, "variance", &all);
	assert_int_equal(json_array_size(json_object_get(r, "rows")), 3);
	/* The very first count had nothing to compare with. */
	assert_true(json_is_null(
	    json_object_get(json_array_get(json_object_get(r, "rows"), 0), "expected")));
	json_decref(r);

	char *argv[] = {
		(char *)tu_hub_bin(), "--db", f->where, "report", "variance", "--all", NULL
	};
	char *env[] = { "TALLY_LANG=en", NULL };
	struct tu_run run = tu_run(argv, NULL, env);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out, "first count");
	tu_assert_contains(run.out, "MED1 handheld");
	tu_run_free(&run);
}

static void antidote_overview(void **state)
{
	struct fx *f = *state;
	struct hub_ev ev[] = {
		{ 1, 1, "count", T("23", "07", "00"), NULL, "1001", "AKUTT", "A-NALOX", 12, NULL },
		{ 1, 2, "count", T("23", "07", "01"), NULL, "1001", "APOTEK", "A-NALOX", 5, NULL },
		{ 1, 3, "count", T("23", "07", "02"), NULL, "1001", "MED1", "A-NALOX", 1, NULL },
		{ 1, 4, "consume", T("23", "07", "30"), NULL, "1001", "MED1", "A-NALOX", 1, NULL },
		{ 1, 5, "count", T("23", "07", "03"), NULL, "1001", "MED1", "A-PARA", 9, NULL },
	};
	hub_ingest(f->db, ev, 5);
	json_t *r = build(f->db, "antidotes", NULL);
	json_t *list = json_object_get(r, "articles");
	assert_int_equal(json_array_size(list), 2); /* paracetamol is no antidote */
	json_t *nalox = find(list, "article_id", "A-NALOX");
	assert_int_equal(INT(nalox, "total"), 17);
	assert_int_equal(INT(nalox, "places_at_zero"), 1); /* MED1 used its last */
	json_t *med1 = find(json_object_get(nalox, "locations"), "location_id", "MED1");
	assert_string_equal(json_string_value(json_object_get(med1, "hospital_name")),
	                    "Sykehuset Nord");
	assert_int_equal(INT(med1, "onhand"), 0);
	json_t *acet = find(list, "article_id", "A-ACET");
	assert_int_equal(json_array_size(json_object_get(acet, "locations")), 0);
	json_decref(r);

	char *argv[] = { (char *)tu_hub_bin(), "--db", f->where, "report", "antidotes", NULL };
	char *env[] = { "TALLY_LANG=en", NULL };
	struct tu_run run = tu_run(argv, NULL, env);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out, "Naloxon 0,4 mg/ml (A-NALOX): 17 in all, 1 places at zero");
	tu_assert_contains(run.out, "Acetylcystein 200 mg/ml (A-ACET): 0 in all");
	tu_assert_contains(run.out, "held nowhere");
	tu_run_free(&run);
}

/* Antidote tiers against holdings at two hospitals: Sykehuset Nord is a
 * larger hospital, Sykehuset Sør is not.  Naloxone is recommended at all
 * hospitals (10 each), acetylcysteine at larger ones (4), digoxin antibody
 * once per region (2). */
static void antidote_tiers_two_hospitals(void **state)
{
	struct fx *f = *state;
	hub_sql(
	    f->db,
	    "UPDATE location SET antidote_tier = 'larger' WHERE id = 'HOSP1';"
	    "INSERT INTO location(id, code, name, kind, parent_id, hospital_id) VALUES"
	    " ('HOSP2', NULL, 'Sykehuset Sør', 'hospital', NULL, NULL),"
	    " ('SOR-AKUTT', 'LOC:SORAKUTT', 'Akutten Sør', 'emergency-store', 'HOSP2', 'HOSP2');"
	    "INSERT INTO article(id, name, antidote) VALUES ('A-DIGI', 'Digoksin-antistoff', 1);"
	    "UPDATE article SET antidote_tier = 'all', antidote_qty = 10 WHERE id = 'A-NALOX';"
	    "UPDATE article SET antidote_tier = 'larger', antidote_qty = 4 WHERE id = 'A-ACET';"
	    "UPDATE article SET antidote_tier = 'region', antidote_qty = 2 WHERE id = 'A-DIGI';"
	    /* A poisoning plan names acetylcysteine and no place for it. */
	    "INSERT INTO plan(id, name, patients, days) VALUES ('P-FORG', 'Forgiftning', 10, 1);"
	    "INSERT INTO plan_line VALUES ('P-FORG', 'A-ACET', 10, 2, 5);");
	const char *good = "{\"plan\":\"P-MASS\",\"expired\":false}";
	const char *old = "{\"plan\":\"P-MASS\",\"expired\":true}";
	struct hub_ev ev[] = {
		{ 1, 1, "count", T("23", "07", "00"), "r1", "1001", "AKUTT", "A-NALOX", 12, NULL },
		{ 1, 2, "count", T("23", "07", "01"), "r1", "1001", "APOTEK", "A-NALOX", 5, NULL },
		{ 1, 3, "count", T("23", "07", "02"), "r1", "1001", "APOTEK", "A-ACET", 3, NULL },
		/* A drill at Sør: 3 good packs and 2 expired ones on the shelf. */
		{ 2, 1, "count", T("23", "08", "00"), "d1", "1002", "SOR-AKUTT", "A-NALOX", 3,
		  good },
		{ 2, 2, "count", T("23", "08", "01"), "d1", "1002", "SOR-AKUTT", "A-NALOX", 2,
		  old },
		{ 2, 3, "count", T("23", "08", "02"), "d1", "1002", "SOR-AKUTT", "A-DIGI", 1,
		  good },
	};
	hub_ingest(f->db, ev, sizeof(ev) / sizeof(ev[0]));
	json_t *r = build(f->db, "antidotes", NULL);
	json_t *list = json_object_get(r, "articles");

	/* Naloxone: Nord holds 12 + 5 = 17 of 10; Sør 3 + 2 = 5 of 10 (2 of
	 * them expired), 5 short.  Region: 2 × 10 = 20 recommended, 22 held. */
	json_t *nalox = find(list, "article_id", "A-NALOX");
	assert_string_equal(json_string_value(json_object_get(nalox, "stocking_tier")), "all");
	json_t *nord = find(json_object_get(nalox, "hospitals"), "hospital_id", "HOSP1");
	json_t *sor = find(json_object_get(nalox, "hospitals"), "hospital_id", "HOSP2");
	assert_int_equal(INT(nord, "recommended"), 10);
	assert_int_equal(INT(nord, "held"), 17);
	assert_int_equal(INT(nord, "short"), 0);
	assert_int_equal(INT(sor, "recommended"), 10);
	assert_int_equal(INT(sor, "held"), 5);
	assert_int_equal(INT(sor, "expired"), 2);
	assert_int_equal(INT(sor, "short"), 5);
	assert_string_equal(json_string_value(json_object_get(sor, "last_counted")),
	                    T("23", "08", "01"));
	json_t *region = json_object_get(nalox, "region");
	assert_int_equal(INT(region, "recommended"), 20);
	assert_int_equal(INT(region, "held"), 22);
	assert_int_equal(INT(region, "short"), 0);
	assert_int_equal(
	    INT(find(json_object_get(nalox, "locations"), "location_id", "SOR-AKUTT"), "expired"),
	    2);

	/* Acetylcysteine, larger hospitals: Nord 3 of 4, 1 short; Sør none
	 * recommended.  Region: 4, 3 held, 1 short. */
	json_t *acet = find(list, "article_id", "A-ACET");
	nord = find(json_object_get(acet, "hospitals"), "hospital_id", "HOSP1");
	sor = find(json_object_get(acet, "hospitals"), "hospital_id", "HOSP2");
	assert_int_equal(INT(nord, "short"), 1);
	assert_true(json_is_null(json_object_get(sor, "recommended")));
	assert_int_equal(INT(json_object_get(acet, "region"), "short"), 1);

	/* The plans.  Masseskade names naloxone: 0.4 mg a day of 0.4 mg
	 * ampoules, 10 a pack = 0.1 pack per patient-day; 100 patients × 2
	 * days = 20 packs, held at its places (Akuttmottak 12 + Sykehusapotek
	 * 5 = 17; Sør's 5 are not at them): 3 short, though the region holds
	 * 22.  Forgiftning names acetylcysteine, 10 g a day of 2 g units, 5 a
	 * pack = 1 pack per patient-day, 10 patients for a day = 10 packs; it
	 * names no place, so against the region's 3: 7 short. */
	json_t *plan = json_array_get(json_object_get(nalox, "plans"), 0);
	assert_int_equal(json_array_size(json_object_get(nalox, "plans")), 1);
	assert_string_equal(json_string_value(json_object_get(plan, "plan_name")), "Masseskade");
	assert_int_equal(INT(plan, "required"), 20);
	assert_int_equal(INT(plan, "held"), 17);
	assert_int_equal(INT(plan, "short"), 3);
	assert_string_equal(json_string_value(json_object_get(plan, "held_at")), "plan");
	plan = json_array_get(json_object_get(acet, "plans"), 0);
	assert_string_equal(json_string_value(json_object_get(plan, "plan_id")), "P-FORG");
	assert_int_equal(INT(plan, "required"), 10);
	assert_int_equal(INT(plan, "held"), 3);
	assert_int_equal(INT(plan, "short"), 7);
	assert_string_equal(json_string_value(json_object_get(plan, "held_at")), "region");

	/* Digoxin antibody, once per region: 2 recommended, 1 held at Sør. */
	json_t *digi = find(list, "article_id", "A-DIGI");
	assert_true(json_is_null(json_object_get(
	    find(json_object_get(digi, "hospitals"), "hospital_id", "HOSP2"), "recommended")));
	assert_int_equal(INT(json_object_get(digi, "region"), "recommended"), 2);
	assert_int_equal(INT(json_object_get(digi, "region"), "held"), 1);
	assert_int_equal(INT(json_object_get(digi, "region"), "short"), 1);
	json_decref(r);

	struct tu_run run = hub(f, "antidotes", "--csv", NULL, NULL);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out,
	                   "article_id,article_name,total,places_at_zero,hospital,"
	                   "location_id,location,level,stocking_tier,recommended,required,onhand,"
	                   "short,expired,counted_at,region_id,region_name,"
	                   "exported_at\r\n");
	tu_assert_contains(run.out, "A-NALOX,\"Naloxon 0,4 mg/ml\",22,0,,P-MASS,Masseskade,plan,"
	                            "all,,20,17,3,,,,,20");
	/* This hub has no region in its tree: the export says none (an
	 * importing hub then asks for --region). */
	tu_assert_contains(run.out, ",Sykehuset Sør,,all its places,hospital,all,10,,5,5,2,"
	                            "2026-11-23T09:01:00+01:00,,,20");
	tu_assert_contains(run.out, ",region,,all hospitals,region,all,20,,22,0,2,,,,20");
	tu_run_free(&run);
	run = hub(f, "antidotes", NULL, NULL, NULL);
	/* A plan's row under its own heading naming the plan, so that the
	 * hospital and place columns stay as narrow as their names. */
	assert_string_equal(run.out,
	                    "Times are local (Europe/Oslo).\n"
	                    "\n"
	                    "Acetylcystein 200 mg/ml (A-ACET): 3 in all, 0 places at zero\n"
	                    "hospital        location            recommended  plan requires      "
	                    "on hand  short  expired  counted at\n"
	                    "Sykehuset Nord  all its places                4              -        "
	                    "    3      1        0  2026-11-23 08:02\n"
	                    "Sykehuset Nord  Sykehusapotek                 -              -        "
	                    "    3      -        0  2026-11-23 08:02\n"
	                    "Sykehuset Sør   all its places                -              -        "
	                    "    0      -        0  -\n"
	                    "region          all hospitals                 4              -        "
	                    "    3      1        0  -\n"
	                    "\n"
	                    "Acetylcystein 200 mg/ml (A-ACET) in plan Forgiftning (it names no "
	                    "place: held against the region)\n"
	                    "hospital        location            recommended  plan requires      "
	                    "on hand  short  expired  counted at\n"
	                    "region          all hospitals                 -             10        "
	                    "    3      7        -  -\n"
	                    "\n"
	                    "Digoksin-antistoff (A-DIGI): 1 in all, 0 places at zero\n"
	                    "hospital        location            recommended  plan requires      "
	                    "on hand  short  expired  counted at\n"
	                    "Sykehuset Nord  all its places                -              -        "
	                    "    0      -        0  -\n"
	                    "Sykehuset Sør   all its places                -              -        "
	                    "    1      -        0  2026-11-23 09:02\n"
	                    "Sykehuset Sør   Akutten Sør                   -              -        "
	                    "    1      -        0  2026-11-23 09:02\n"
	                    "region          all hospitals                 2              -        "
	                    "    1      1        0  -\n"
	                    "\n"
	                    "Naloxon 0,4 mg/ml (A-NALOX): 22 in all, 0 places at zero\n"
	                    "hospital        location            recommended  plan requires      "
	                    "on hand  short  expired  counted at\n"
	                    "Sykehuset Nord  all its places               10              -        "
	                    "   17      0        0  2026-11-23 08:01\n"
	                    "Sykehuset Nord  Akuttmottak                   -              -        "
	                    "   12      -        0  2026-11-23 08:00\n"
	                    "Sykehuset Nord  Medisinsk post 1              -              -  not "
	                    "counted      -        0  -\n"
	                    "Sykehuset Nord  Sykehusapotek                 -              -        "
	                    "    5      -        0  2026-11-23 08:01\n"
	                    "Sykehuset Sør   all its places               10              -        "
	                    "    5      5        2  2026-11-23 09:01\n"
	                    "Sykehuset Sør   Akutten Sør                   -              -        "
	                    "    5      -        2  2026-11-23 09:01\n"
	                    "region          all hospitals                20              -        "
	                    "   22      0        2  -\n"
	                    "\n"
	                    "Naloxon 0,4 mg/ml (A-NALOX) in plan Masseskade\n"
	                    "hospital        location            recommended  plan requires      "
	                    "on hand  short  expired  counted at\n"
	                    "plan            its storage places            -             20        "
	                    "   17      3        -  -\n");
	tu_run_free(&run);
}

static void receipt_with_short_expiry(void **state)
{
	struct fx *f = *state;
	const char *sscc = "{\"sscc\":\"376012345000000016\",\"bin\":\"BIN-1\"}";
	struct hub_ev ev[] = {
		{ 2, 1, "session-start", T("23", "06", "00"), NULL, "1002", NULL, NULL, 0,
		  "{\"job\":\"receive\"}" },
		{ 2, 2, "receive", T("23", "06", "01"), "u-2-1", "1002", "BIN-1", "A-GLOVE", 10,
		  sscc },
		{ 2, 3, "receive", T("23", "06", "02"), "u-2-1", "1002", "BIN-1", "A-PARA", 3, sscc,
		  "B1", "2026-12-31" },
		{ 2, 4, "deviation", T("23", "06", "02"), "u-2-1", "1002", "BIN-1", "A-PARA", 0,
		  "{\"type\":\"short-expiry\",\"expiry\":\"2026-12-31\",\"days_left\":38,"
		  "\"min_shelf_days\":90,\"sscc\":\"376012345000000016\"}" },
		{ 2, 5, "deviation", T("23", "06", "10"), "u-2-1", "1002", "BIN-1", "A-PARA", 0,
		  "{\"type\":\"under\",\"expected\":5,\"received\":3,"
		  "\"sscc\":\"376012345000000016\"}" },
		{ 2, 6, "deviation", T("23", "06", "10"), "u-2-1", "1002", "BIN-1", "A-PARA", 0,
		  "{\"type\":\"damaged\",\"code\":\"x\",\"batch\":\"B1\",\"qty\":1,"
		  "\"sscc\":\"376012345000000016\"}" },
		{ 2, 7, "session-end", T("23", "06", "11"), "u-2-1", "1002", NULL, NULL, 0,
		  "{\"job\":\"receive\",\"deviations\":3}" },
	};
	hub_ingest(f->db, ev, 7);
	/* What was received went into the bin. */
	assert_int_equal(hub_int(f->db,
	                         "SELECT qty FROM onhand WHERE location_id = 'BIN-1'"
	                         " AND article_id = 'A-GLOVE'",
	                         -1),
	                 10);
	json_t *r = build(f->db, "receipt", NULL);
	json_t *list = json_object_get(r, "receipts");
	assert_int_equal(json_array_size(list), 1);
	json_t *rc = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(rc, "user"), "name")),
	                    "Per Olsen");
	assert_string_equal(json_string_value(json_object_get(rc, "ended")), T("23", "06", "11"));
	json_t *parcel = json_array_get(json_object_get(rc, "parcels"), 0);
	assert_string_equal(json_string_value(json_object_get(parcel, "supplier")), "Norengros");
	json_t *para = find(json_object_get(parcel, "lines"), "article_id", "A-PARA");
	assert_int_equal(INT(para, "expected"), 5);
	assert_int_equal(INT(para, "received"), 3);
	json_t *devs = json_object_get(rc, "deviations");
	assert_int_equal(json_array_size(devs), 3);
	json_t *short_exp = json_array_get(devs, 0);
	assert_string_equal(json_string_value(json_object_get(short_exp, "type")), "short-expiry");
	assert_string_equal(json_string_value(json_object_get(short_exp, "article_name")),
	                    "Paracetamol 500 mg");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(short_exp, "details"), "expiry")),
	    "2026-12-31");
	json_decref(r);

	struct tu_run run = hub(f, "receipt", NULL, NULL, NULL);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out, "Receipt 2026-11-23 07:00 by Per Olsen (1002) on Akutt "
	                            "handheld: 1 parcel, 3 deviations");
	tu_assert_contains(run.out, "short expiry");
	/* Said for people in text; key=value stays for CSV. */
	tu_assert_contains(run.out, "expires 2026-12-31, in 38 days; 90 required");
	tu_assert_contains(run.out, "3 received, 5 expected");
	tu_assert_contains(run.out, "1 pack, batch B1");
	tu_assert_contains(run.out, "D-77 Norengros");
	tu_run_free(&run);
	run = hub(f, "receipt", "--csv", NULL, NULL);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out, ",short-expiry,expiry=2026-12-31 days_left=38 "
	                            "min_shelf_days=90,2026-11-23T07:02:00+01:00\r\n");
	tu_run_free(&run);
}

/* A receipt line voided on the handheld is left out of the receipt
 * report and of the bin's on-hand; the deviation it caused, voided with it
 * on the handheld, is left out of the report's deviations. */
static void receipt_line_voided(void **state)
{
	struct fx *f = *state;
	const char *sscc = "{\"sscc\":\"376012345000000016\",\"bin\":\"BIN-1\"}";
	struct hub_ev ev[] = {
		{ 2, 1, "session-start", T("23", "06", "00"), NULL, "1002", NULL, NULL, 0,
		  "{\"job\":\"receive\"}" },
		{ 2, 2, "receive", T("23", "06", "01"), "u-2-1", "1002", "BIN-1", "A-PARA", 3,
		  sscc },
		{ 2, 3, "receive", T("23", "06", "02"), "u-2-1", "1002", "BIN-1", "A-PARA", 70,
		  sscc },
		{ 2, 4, "deviation", T("23", "06", "02"), "u-2-1", "1002", "BIN-1", "A-PARA", 0,
		  "{\"type\":\"expired\",\"sscc\":\"376012345000000016\",\"days_left\":-3}" },
		{ 2, 5, "void", T("23", "06", "03"), "u-2-1", "1002", "BIN-1", "A-PARA", 70,
		  "{\"seq\":3,\"kind\":\"receive\"}" },
		{ 2, 6, "void", T("23", "06", "03"), "u-2-1", "1002", "BIN-1", "A-PARA", 0,
		  "{\"seq\":4,\"kind\":\"deviation\"}" },
		{ 2, 7, "session-end", T("23", "06", "11"), "u-2-1", "1002", NULL, NULL, 0,
		  "{\"job\":\"receive\",\"deviations\":0}" },
	};
	hub_ingest(f->db, ev, 7);
	assert_int_equal(hub_int(f->db,
	                         "SELECT qty FROM onhand WHERE location_id = 'BIN-1'"
	                         " AND article_id = 'A-PARA'",
	                         -1),
	                 3);
	json_t *r = build(f->db, "receipt", NULL);
	json_t *rc = json_array_get(json_object_get(r, "receipts"), 0);
	json_t *parcel = json_array_get(json_object_get(rc, "parcels"), 0);
	json_t *para = find(json_object_get(parcel, "lines"), "article_id", "A-PARA");
	assert_int_equal(INT(para, "received"), 3);
	/* ... and so is the deviation it caused, voided with it */
	assert_int_equal(json_array_size(json_object_get(rc, "deviations")), 0);
	json_decref(r);
}

static void stock_through_the_binary(void **state)
{
	struct fx *f = *state;
	rounds(f);
	/* A database whose on-hand figures were never worked out (restored,
	 * or loaded by hand): the report works them out first. */
	hub_sql(f->db, "DELETE FROM onhand");
	struct tu_run run = hub(f, "stock", NULL, NULL, NULL);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	/* Local time (the records are 08:01 UTC: 09:01 in Oslo in November),
	 * the zone said once above the table. */
	assert_string_equal(run.out, "Times are local (Europe/Oslo).\n\n"
	                             "location          article             on hand  last count  "
	                             "counted at        note\n"
	                             "Medisinsk post 1  Hanske nitril M          30          30  "
	                             "2026-11-23 09:02  -\n"
	                             "Medisinsk post 1  Paracetamol 500 mg        4           4  "
	                             "2026-11-23 09:01  -\n"
	                             "Medisinsk post 2  Paracetamol 500 mg       12          12  "
	                             "2026-11-23 10:01  -\n");
	tu_run_free(&run);
	/* Another zone by --timezone or $TZ; in summer Oslo is UTC+2; JSON
	 * keeps UTC for programs; a zone the system does not know is refused
	 * (it would be UTC unsaid). */
	char *argv[] = {
		(char *)tu_hub_bin(), "--timezone", "UTC", "--db", f->where, "report", "stock",
		"--location",         "MED2",       NULL
	};
	char *env[] = { "TALLY_LANG=en", NULL };
	run = tu_run(argv, NULL, env);
	assert_string_equal(run.out, "Times are local (UTC).\n\n"
	                             "location          article             on hand  last count  "
	                             "counted at        note\n"
	                             "Medisinsk post 2  Paracetamol 500 mg       12          12  "
	                             "2026-11-23 09:01  -\n");
	tu_run_free(&run);
	char *tz[] = { "TALLY_LANG=en", "TZ=America/New_York", NULL };
	argv[2] = (char *)tu_hub_bin(); /* the same without --timezone */
	run = tu_run(argv + 2, NULL, tz);
	tu_assert_contains(run.out, "Times are local (America/New_York).\n\n");
	tu_assert_contains(run.out, "  2026-11-23 04:01  -\n");
	tu_run_free(&run);
	run = hub(f, "stock", "--json", NULL, NULL);
	tu_assert_contains(run.out, "\"counted_at\": \"2026-11-23T08:01:00.000Z\"");
	tu_run_free(&run);
	argv[2] = "Mars/Olympus_Mons";
	run = tu_run(argv, NULL, env);
	assert_int_equal(run.status, 64);
	tu_assert_contains(run.err, "unknown time zone 'Mars/Olympus_Mons'");
	tu_run_free(&run);

	run = hub(f, "stock", "--json", "--location", "MED2");
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	json_t *j = json_loads(run.out, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "report")), "stock");
	json_t *rows = json_object_get(j, "rows");
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(INT(json_array_get(rows, 0), "onhand"), 12);
	json_decref(j);
	tu_run_free(&run);

	run = hub(f, "nonsense", NULL, NULL, NULL);
	assert_int_equal(run.status, 64);
	tu_assert_contains(run.err, "not a report");
	tu_run_free(&run);
}

/* The whole way: records pushed to a real tally-hub over HTTP are
 * reconciled in the same transaction; handhelds pull the new stock rows,
 * and the report shows the figures. */
static void pushed_records_reach_reports(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "hub.db"), *m = tu_path(dir, "m.json");
	hub_run_init(db);
	tu_write_file(m,
	              "{\"article\":[{\"id\":\"A-PARA\",\"name\":\"Paracetamol 500 mg\"}],"
	              "\"location\":[{\"id\":\"MED1\",\"name\":\"Medisinsk 1\",\"kind\":\"ward\"},"
	              "{\"id\":\"MED2\",\"name\":\"Medisinsk 2\",\"kind\":\"ward\"}],"
	              "\"basis\":[{\"location_id\":\"MED1\",\"article_id\":\"A-PARA\","
	              "\"min\":5,\"max\":20}]}");
	assert_int_equal(hub_run_import(db, m), 0);
	struct hub_run h;
	hub_run_start(&h, db, NULL);
	char *code = hub_run_code(db, "MED1 handheld", h.url);
	char *u = tu_strfmt("%s/v1/enroll", h.url);
	char *body = tu_strfmt("{\"code\":\"%s\",\"name\":\"MED1 handheld\",\"hw_id\":\"hw\","
	                       "\"db_id\":\"db-e2e\"}",
	                       code);
	struct tu_http r = tu_http("POST", u, NULL, body, strlen(body), 0, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	char *token = strdup(json_string_value(json_object_get(j, "token")));
	json_decref(j);
	tu_http_free(&r);
	free(u);
	free(body);

	u = tu_strfmt("%s/v1/events", h.url);
	body = strdup(
	    "{\"db_id\":\"db-e2e\",\"device_time\":\"2026-11-23T09:30:00.000Z\",\"events\":["
	    "{\"seq\":1,\"uuid\":\"00000000-0000-4000-8000-000000000001\",\"kind\":\"session-"
	    "start\",\"device_time\":"
	    "\"2026-11-23T08:00:00.000Z\",\"user\":\"1001\",\"location_id\":\"MED1\",\"qty\":0,"
	    "\"data\":{\"job\":\"round\"}},"
	    "{\"seq\":2,\"uuid\":\"00000000-0000-4000-8000-000000000002\",\"kind\":\"count\","
	    "\"device_time\":"
	    "\"2026-11-23T08:01:00.000Z\",\"session\":\"00000000-0000-4000-8000-000000000001\","
	    "\"user\":\"1001\","
	    "\"location_id\":\"MED1\",\"article_id\":\"A-PARA\",\"qty\":4,\"data\":{}},"
	    "{\"seq\":3,\"uuid\":\"00000000-0000-4000-8000-000000000003\",\"kind\":\"transfer\","
	    "\"device_time\":"
	    "\"2026-11-23T08:05:00.000Z\",\"user\":\"1001\",\"location_id\":\"MED1\","
	    "\"article_id\":\"A-PARA\",\"qty\":1,\"data\":{\"to\":\"MED2\"}}]}");
	r = tu_http("POST", u, token, body, strlen(body), 0, NULL);
	if (r.status != 200)
		fail_msg("push: %ld %s", r.status, r.body);
	if (strstr(r.body, "rejected") != NULL)
		fail_msg("push: %s", r.body);
	tu_http_free(&r);
	free(u);
	free(body);

	u = tu_strfmt("%s/v1/changes?since=0", h.url);
	r = tu_http("GET", u, token, NULL, 0, 0, NULL);
	assert_int_equal(r.status, 200);
	/* What a handheld pulls for where-to-borrow. */
	tu_assert_contains(r.body, "\"table\":\"stock\"");
	j = json_loads(r.body, 0, NULL);
	size_t i;
	json_t *c;
	int seen = 0;
	json_array_foreach(json_object_get(j, "changes"), i, c)
	{
		json_t *row = json_object_get(c, "row");
		if (strcmp(json_string_value(json_object_get(c, "table")), "stock") != 0)
			continue;
		const char *loc = json_string_value(json_object_get(row, "location_id"));
		assert_int_equal(json_integer_value(json_object_get(row, "qty")),
		                 strcmp(loc, "MED1") == 0 ? 3 : 1);
		seen++;
	}
	assert_int_equal(seen, 2);
	json_decref(j);
	tu_http_free(&r);
	free(u);

	char *where = hub_run_where(db);
	char *argv[] = { (char *)tu_hub_bin(), "--db", where, "report", "refill", "--csv", NULL };
	char *env[] = { "TALLY_LANG=en", NULL };
	struct tu_run run = tu_run(argv, NULL, env);
	free(where);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out, ",A-PARA,Paracetamol 500 mg,3,5,20,top-up-at-min,17,,\r\n");
	tu_run_free(&run);
	assert_int_equal(hub_run_stop(&h), 0);
	free(token);
	free(code);
	free(m);
	free(db);
	tu_rmtree(dir);
	free(dir);
}

/* Time-criticality: the paracetamol of plan P-MASS at three tiers, counted
 * by two handhelds, and 4 packs found on a ward the plan does not name. */
static void drill_by_tier(void **state)
{
	struct fx *f = *state;
	hub_sql(f->db, "INSERT INTO location(id, code, name, kind, parent_id, hospital_id) VALUES"
	               " ('AMB-1', 'LOC:AMB1', 'Ambulanse 1', 'ambulance', 'HOSP1', 'HOSP1');"
	               "INSERT INTO plan_place(plan_id, article_id, location_id, min, max, tier)"
	               " VALUES ('P-MASS', 'A-PARA', 'AMB-1', 1, 2, 'ambulance');"
	               "UPDATE plan_place SET tier = 'emergency' WHERE location_id = 'AKUTT'"
	               " AND article_id = 'A-PARA';"
	               "UPDATE plan_place SET tier = 'pharmacy' WHERE location_id = 'APOTEK'"
	               " AND article_id = 'A-PARA';"
	               "UPDATE plan SET scenario = 'external-event';");
	const char *ok = "{\"plan\":\"P-MASS\",\"expired\":false}";
	const char *start = "{\"job\":\"drill\",\"plan\":\"P-MASS\"}";
	struct hub_ev one[] = {
		{ 1, 1, "session-start", T("23", "09", "00"), NULL, "1001", NULL, NULL, 0, start },
		{ 1, 2, "count", T("23", "09", "01"), "u-1-1", "1001", "AMB-1", "A-PARA", 2, ok },
		{ 1, 3, "count", T("23", "09", "05"), "u-1-1", "1001", "AKUTT", "A-PARA", 12, ok },
		{ 1, 4, "count", T("23", "09", "07"), "u-1-1", "1001", "MED1", "A-PARA", 4, ok },
	};
	struct hub_ev two[] = {
		{ 2, 1, "session-start", T("23", "09", "02"), NULL, "1002", NULL, NULL, 0, start },
		{ 2, 2, "count", T("23", "09", "10"), "u-2-1", "1002", "APOTEK", "A-PARA", 30, ok },
	};
	hub_ingest(f->db, one, sizeof(one) / sizeof(one[0]));
	hub_ingest(f->db, two, sizeof(two) / sizeof(two[0]));
	json_t *r = build(f->db, "drill", NULL);
	json_t *d = json_array_get(json_object_get(r, "drills"), 0);
	json_t *para = find(json_object_get(d, "lines"), "article_id", "A-PARA");
	/* Required 60.  Within the ambulances 2; with the emergency dept.
	 * 2 + 12 = 14; with the pharmacy 14 + 30 = 44; with the ward the plan
	 * does not name 44 + 4 = 48, all that was counted. */
	assert_int_equal(INT(para, "required"), 60);
	assert_int_equal(INT(para, "counted"), 48);
	json_t *tiers = json_object_get(para, "tiers");
	assert_int_equal(json_array_size(tiers), 4);
	json_t *t = find(tiers, "tier", "ambulance");
	assert_int_equal(INT(t, "within"), 2);
	assert_int_equal(INT(find(tiers, "tier", "emergency"), "within"), 14);
	assert_int_equal(INT(find(tiers, "tier", "pharmacy"), "within"), 44);
	assert_int_equal(INT(find(tiers, "tier", "none"), "within"), 48);
	/* Naloxone's places have no tier: nothing by tier. */
	assert_int_equal(json_array_size(json_object_get(
	                     find(json_object_get(d, "lines"), "article_id", "A-NALOX"), "tiers")),
	                 0);
	json_decref(r);

	struct tu_run run = hub(f, "drill", NULL, NULL, NULL);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	/* 2 of 60: 58 short, 3.3 %; 14: 46 short, 23.3 %; 44: 16, 73.3 %. */
	tu_assert_contains(run.out, "  scenario: large external event\n");
	tu_assert_contains(run.out, "  within ambulances");
	tu_assert_contains(run.out, "  within emergency department");
	tu_assert_contains(run.out, "  within hospital pharmacy");
	tu_assert_contains(run.out, "  with other places");
	const char *amb = strstr(run.out, "  within ambulances");
	assert_non_null(amb);
	char row[200];
	snprintf(row, sizeof(row), "%.*s", (int)strcspn(amb, "\n"), amb);
	tu_assert_contains(row, " 60 ");
	tu_assert_contains(row, " 2 ");
	tu_assert_contains(row, " 58 ");
	tu_assert_contains(row, " 3.3");
	tu_run_free(&run);
	run = hub(f, "drill", "--csv", NULL, NULL);
	tu_assert_contains(run.out, "within_ambulance,within_emergency,within_ward,"
	                            "within_pharmacy,within_wholesaler\r\n");
	tu_assert_contains(run.out, ",2,14,,44,\r\n");
	tu_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(refill_by_both_policies, setup, teardown),
		cmocka_unit_test_setup_teardown(drill_merges_devices, setup, teardown),
		cmocka_unit_test_setup_teardown(drill_by_tier, setup, teardown),
		cmocka_unit_test_setup_teardown(variance_per_count, setup, teardown),
		cmocka_unit_test_setup_teardown(antidote_overview, setup, teardown),
		cmocka_unit_test_setup_teardown(antidote_tiers_two_hospitals, setup, teardown),
		cmocka_unit_test_setup_teardown(receipt_with_short_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(receipt_line_voided, setup, teardown),
		cmocka_unit_test_setup_teardown(stock_through_the_binary, setup, teardown),
		cmocka_unit_test(pushed_records_reach_reports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
