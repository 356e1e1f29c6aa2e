/*
 * test-hub-cover.c — days of cover as the pharmacy reads them
 * (`tally-hub report cover`): a constructed history of eight weeks at three
 * places, worked by hand — a ward that records its consumption (a voided
 * mistake left out), a ward kept by rounds (use from its refills, less
 * what it lent and threw away), the place it lent to, an article nobody
 * used — flagged against each place's threshold, through the real
 * tally-hub in JSON, CSV and text; a shorter window; bad options refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hub/hub-db.h"
#include "hub/report.h"
#include "tests/lib/hub-events.h"
#include "tests/lib/testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct fx {
	char *dir, *path;
	char *where; /* the hub's --db for path (tests/lib/hub-run.h) */
	struct hdb *db;
};

/* MED2 is flagged below 20 days; the others keep the default 14. */
static const char master[] =
    "INSERT INTO location(id, code, name, kind, parent_id, hospital_id, cover_days) VALUES"
    " ('HOSP1', NULL, 'Sykehuset Nord', 'hospital', NULL, NULL, 14),"
    " ('MED1', 'LOC:MED1', 'Medisinsk post 1', 'ward', 'HOSP1', 'HOSP1', 14),"
    " ('MED2', 'LOC:MED2', 'Medisinsk post 2', 'ward', 'HOSP1', 'HOSP1', 20);"
    "INSERT INTO location(id, code, name, kind, parent_id, hospital_id) VALUES"
    " ('AKUTT', 'LOC:AKUTT', 'Akuttmottak', 'emergency-store', 'HOSP1', 'HOSP1');"
    "INSERT INTO article(id, name) VALUES ('A-PARA', 'Paracetamol 500 mg'),"
    " ('A-GLOVE', 'Hanske nitril M');";

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

#define T(m, d) "2026-" m "-" d "T10:00:00.000Z"

/*
 * The report is asked --until 2026-11-30: the window ends 2026-12-01 00:00;
 * eight weeks (56 days) start 2026-10-06 00:00, four weeks (28 days)
 * 2026-11-03 00:00.
 */
static void history(struct fx *f)
{
	const char *loan = "{\"to\":\"AKUTT\"}";
	struct hub_ev ev[] = {
		/* MED1 records its consumption. */
		{ 1, 1, "count", T("10", "01"), "s1", "1001", "MED1", "A-PARA", 59, NULL },
		{ 1, 2, "consume", T("10", "05"), "s1", "1001", "MED1", "A-PARA", 10, NULL },
		{ 1, 3, "refill", T("10", "10"), "s1", "1001", "MED1", "A-PARA", 20, NULL },
		{ 1, 4, "consume", T("10", "20"), "s1", "1001", "MED1", "A-PARA", 28, NULL },
		{ 1, 5, "consume", T("10", "21"), "s1", "1001", "MED1", "A-PARA", 99, NULL },
		{ 1, 6, "void", T("10", "21"), "s1", "1001", NULL, NULL, 0, "{\"seq\":5}" },
		{ 1, 7, "consume", T("11", "20"), "s1", "1001", "MED1", "A-PARA", 28, NULL },
		{ 1, 8, "count", T("10", "07"), "s1", "1001", "MED1", "A-GLOVE", 50, NULL },
		/* MED2 is kept by rounds: counts and refills, no consumption. */
		{ 2, 1, "count", T("10", "07"), "s2", "1002", "MED2", "A-PARA", 30, NULL },
		{ 2, 2, "refill", T("10", "14"), "s2", "1002", "MED2", "A-PARA", 42, NULL },
		{ 2, 3, "transfer", T("11", "01"), "s2", "1002", "MED2", "A-PARA", 14, loan },
		{ 2, 4, "refill", T("11", "11"), "s2", "1002", "MED2", "A-PARA", 42, NULL },
		{ 2, 5, "discard", T("11", "15"), "s2", "1002", "MED2", "A-PARA", 7, NULL },
		{ 2, 6, "count", T("11", "29"), "s2", "1002", "MED2", "A-PARA", 20, NULL },
	};
	hub_ingest(f->db, ev, sizeof(ev) / sizeof(ev[0]));
}

static json_t *build(struct hdb *db, int weeks)
{
	struct tally_err e = { 0 };
	struct report_opts o = { .weeks = weeks, .until = "2026-11-30" };
	json_t *r = report_build(db, "cover", &o, &e);
	if (r == NULL)
		fail_msg("report cover: %s", e.msg);
	return r;
}

static json_t *row(json_t *rep, const char *loc, const char *art)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rep, "rows"), i, r)
	{
		if (strcmp(json_string_value(json_object_get(r, "location_id")), loc) == 0 &&
		    strcmp(json_string_value(json_object_get(r, "article_id")), art) == 0)
			return r;
	}
	fail_msg("no row %s %s", loc, art);
	return NULL;
}

#define INT(o, k)  ((long long)json_integer_value(json_object_get((o), (k))))
#define REAL(o, k) json_real_value(json_object_get((o), (k)))

static void eight_weeks_by_hand(void **state)
{
	struct fx *f = *state;
	history(f);
	json_t *rep = build(f->db, 0);
	assert_string_equal(json_string_value(json_object_get(rep, "from")),
	                    "2026-10-06T00:00:00.000Z");
	assert_int_equal(INT(rep, "weeks"), 8);

	/* MED1: on hand 59 − 10 + 20 − 28 − 28 = 13 (the 99 was undone).  Use
	 * in the window: consumed 28 + 28 = 56 (the 10 of 5 October lies
	 * before it), 56 ÷ 56 days = 1.0 a day; 13 ÷ 1.0 = 13 days, below
	 * 14.  Its refill of 20 is not use: the ward says what it used. */
	json_t *r = row(rep, "MED1", "A-PARA");
	assert_int_equal(INT(r, "onhand"), 13);
	assert_int_equal(INT(r, "consumed"), 56);
	assert_string_equal(json_string_value(json_object_get(r, "basis")), "consumption");
	assert_true(fabs(REAL(r, "daily_use") - 1.0) < 1e-9);
	assert_true(fabs(REAL(r, "days_of_cover") - 13.0) < 1e-9);
	assert_true(json_is_true(json_object_get(r, "below")));

	/* MED2: no consumption recorded, so use is what was brought and not
	 * passed on: refills 42 + 42 − lent 14 − discarded 7 = 63; 63 ÷ 56 =
	 * 1.125 a day; on hand 20 (the last count); 20 ÷ 1.125 = 17.8 days,
	 * below MED2's own 20. */
	r = row(rep, "MED2", "A-PARA");
	assert_int_equal(INT(r, "onhand"), 20);
	assert_int_equal(INT(r, "use"), 63);
	assert_string_equal(json_string_value(json_object_get(r, "basis")), "refills");
	assert_true(fabs(REAL(r, "days_of_cover") - 20.0 / 1.125) < 1e-9);
	assert_int_equal(INT(r, "threshold_days"), 20);
	assert_true(json_is_true(json_object_get(r, "below")));

	/* AKUTT borrowed 14 and has them: 14 ÷ 56 = 0.25 a day; 14 ÷ 0.25 =
	 * 56 days, not below 14. */
	r = row(rep, "AKUTT", "A-PARA");
	assert_int_equal(INT(r, "onhand"), 14);
	assert_int_equal(INT(r, "borrowed"), 14);
	assert_true(fabs(REAL(r, "days_of_cover") - 56.0) < 1e-9);
	assert_true(json_is_false(json_object_get(r, "below")));

	/* Gloves nobody used: no figure, no flag. */
	r = row(rep, "MED1", "A-GLOVE");
	assert_true(json_is_null(json_object_get(r, "days_of_cover")));
	assert_true(json_is_false(json_object_get(r, "below")));
	assert_int_equal(INT(rep, "below"), 2);
	json_decref(rep);
}

static void four_weeks(void **state)
{
	struct fx *f = *state;
	history(f);
	json_t *rep = build(f->db, 4);
	/* From 3 November: MED1 consumed 28 (20 November): 1.0 a day, 13
	 * days.  MED2: refill 42 − discard 7 = 35 (the loan of 1 November
	 * lies before): 35 ÷ 28 = 1.25 a day; 20 ÷ 1.25 = 16 days. */
	json_t *r = row(rep, "MED1", "A-PARA");
	assert_true(fabs(REAL(r, "days_of_cover") - 13.0) < 1e-9);
	r = row(rep, "MED2", "A-PARA");
	assert_int_equal(INT(r, "use"), 35);
	assert_true(fabs(REAL(r, "days_of_cover") - 16.0) < 1e-9);
	/* AKUTT: the loan lies before the window, nothing used: no figure. */
	assert_true(json_is_null(json_object_get(row(rep, "AKUTT", "A-PARA"), "days_of_cover")));
	json_decref(rep);
}

static struct tu_run hub(struct fx *f, const char *a1, const char *a2, const char *a3)
{
	char *argv[] = { (char *)tu_hub_bin(), "--db",     f->where,   "report", "cover",
		         (char *)a1,           (char *)a2, (char *)a3, NULL };
	char *env[] = { "TALLY_LANG=en", NULL };
	return tu_run(argv, NULL, env);
}

static void through_the_binary(void **state)
{
	struct fx *f = *state;
	history(f);
	struct tu_run run = hub(f, "--csv", "--until", "2026-11-30");
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out,
	                   "location_id,location,article_id,article,onhand,consumed,refilled,"
	                   "lent,borrowed,discarded,use,basis,daily_use,days_of_cover,"
	                   "threshold_days,below\r\n");
	tu_assert_contains(run.out, "MED1,Medisinsk post 1,A-PARA,Paracetamol 500 mg,13,56,20,0,0,"
	                            "0,56,consumption,1.0,13.0,14,1\r\n");
	tu_assert_contains(run.out, "MED2,Medisinsk post 2,A-PARA,Paracetamol 500 mg,20,0,84,14,0,"
	                            "7,63,refills,1.1,17.8,20,1\r\n");
	tu_run_free(&run);

	run = hub(f, "--until", "2026-11-30", NULL);
	if (run.status != 0)
		fail_msg("tally-hub exited %d: %s", run.status, run.err);
	tu_assert_contains(run.out, "Use over 8 weeks, 2026-10-06 to 2026-12-01");
	tu_assert_contains(run.out, "below 14 days");
	tu_assert_contains(run.out, "below 20 days");
	tu_assert_contains(run.out, "no use");
	assert_null(strstr(run.out, "SHORTAGE"));
	tu_run_free(&run);

	/* Gloves under a shortage notice, paracetamol under one coming: marked
	 * in the note, after the flag, so the article column stays as wide as
	 * the names; a place that used nothing says so. */
	hub_sql(f->db, "INSERT INTO shortage(article_id, status, message)"
	               " VALUES ('A-GLOVE', 'ongoing', 'Leveringssvikt');"
	               "INSERT INTO shortage_alt(article_id, alternative_id, note)"
	               " VALUES ('A-GLOVE', 'A-PARA', NULL);"
	               "INSERT INTO shortage(article_id, status, message)"
	               " VALUES ('A-PARA', 'upcoming', 'Varslet');");
	run = hub(f, "--until", "2026-11-30", NULL);
	assert_string_equal(
	    run.out,
	    "Times are local (Europe/Oslo).\n"
	    "\n"
	    "Use over 8 weeks, 2026-10-06 to 2026-12-01\n"
	    "location          article             on hand  used  based on         per day  days "
	    "of cover  note\n"
	    "Akuttmottak       Paracetamol 500 mg       14    14  refills              0.2        "
	    "   56.0  SHORTAGE COMING\n"
	    "Medisinsk post 1  Hanske nitril M          50     0  no use recorded      0.0        "
	    " no use  SHORTAGE, alternatives: Paracetamol 500 mg\n"
	    "Medisinsk post 1  Paracetamol 500 mg       13    56  consumption          1.0        "
	    "   13.0  below 14 days; SHORTAGE COMING\n"
	    "Medisinsk post 2  Paracetamol 500 mg       20    63  refills              1.1        "
	    "   17.8  below 20 days; SHORTAGE COMING\n");
	tu_run_free(&run);

	/* Bad input: what was wrong and what to give. */
	run = hub(f, "--weeks", "0", NULL);
	assert_int_equal(run.status, 64);
	tu_assert_contains(run.err, "whole number of weeks");
	tu_run_free(&run);
	run = hub(f, "--until", "30.11.2026", NULL);
	assert_int_equal(run.status, 64);
	tu_assert_contains(run.err, "YYYY-MM-DD");
	tu_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(eight_weeks_by_hand, setup, teardown),
		cmocka_unit_test_setup_teardown(four_weeks, setup, teardown),
		cmocka_unit_test_setup_teardown(through_the_binary, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
