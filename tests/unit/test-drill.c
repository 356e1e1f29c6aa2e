/*
 * test-drill.c — an emergency-stock drill counted at two storage places:
 * required from the calculator, only unexpired packs towards cover,
 * shortfalls and places below their minimum, through the workflow and
 * through the real `tally drill` in line mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/drill.h"
#include "jobs/session.h"
#include "common/i18n.h"
#include "db/store.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

#define PARA  "]d20109521234543213"
#define NALOX "]d20109521234000013"

static const char *scans =
    "LOC:AKUTT\n" PARA "17280131\t6\n"   /* 6 good packs at the emergency dept. (min 5) */
    NALOX "17280131\t1\n"                /* 1 naloxone (min 2: below) */
    NALOX "17251031\t3\n"                /* 3 expired naloxone: not cover */
    "LOC:APOTEK\n" PARA "17280131\t30\n" /* 30 at the pharmacy */
    PARA "17280131\n"                    /* one more, by scan alone */
    "]E05701234567899\n";                /* unknown: kept */

static struct drill_article *find(struct drill *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->articles[i].article_id, id) == 0)
			return &d->articles[i];
	fail_msg("no %s in the drill", id);
	return NULL;
}

static void drill_at_two_places(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	fixture_load(s, "tests/fixtures/drill.json", "34");

	struct drill *d;
	assert_int_equal(drill_start(&d, s, "P-MASS", "1001", "2026-11-23", &e), 0);
	struct drill_article *para = find(d, "A-PARA"), *nalox = find(d, "A-NALOX");
	assert_int_equal(para->required, 60); /* 6 g / 2 g / 10 × 100 × 2 */
	assert_int_equal(nalox->required, 40);

	struct scan_config cfg = { .year = 2026 };
	struct drill_event ev;
	/* Before any place: the user is asked for one. */
	assert_int_equal(drill_scan(d, PARA, strlen(PARA), 1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_NEED_PLACE);

	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", scans);
	for (char *save, *line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		long qty = -1;
		if (tab != NULL) {
			*tab = '\0';
			qty = strtol(tab + 1, NULL, 10);
		}
		assert_int_equal(drill_scan(d, line, strlen(line), qty, &cfg, &ev, &e), 0);
		assert_true(ev.outcome != DRILL_INVALID && ev.outcome != DRILL_NEED_PLACE);
	}
	assert_int_equal(para->counted, 37);
	assert_int_equal(drill_shortfall(para), 23);
	assert_int_equal(drill_places_below_min(para), 0);
	assert_int_equal(nalox->counted, 1);
	assert_int_equal(nalox->expired, 3);
	assert_int_equal(drill_shortfall(nalox), 39);
	assert_int_equal(drill_places_below_min(nalox), 1);
	assert_int_equal(drill_finish(d, &e), 0);

	struct record *r;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &r, &n, &e), 0);
	/* start, 5 counts, unknown, end */
	assert_int_equal(n, 8);
	assert_int_equal(r[n - 1].kind, REC_SESSION_END);
	json_t *report = json_object_get(r[n - 1].data, "report");
	assert_int_equal(json_array_size(report), 2);
	assert_string_equal(r[3].location_id, "W-AKUTT");
	assert_true(json_is_true(json_object_get(r[3].data, "expired")));
	records_free(r, n);
	drill_free(d);

	assert_int_equal(drill_start(&d, s, "P-NOPE", "1001", "2026-11-23", &e), EX_DATAERR);
	tu_assert_contains(e.msg, "P-NOPE");
	store_close(s);

	/* The same through the real binary, in line mode. */
	char *file = tu_path(dir, "scans.txt");
	tu_write_file(file, scans);
	char *spec = tu_strfmt("file:%s", file);
	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         path,
		         "drill",
		         "P-MASS",
		         "--user",
		         "1001",
		         "--scanner",
		         spec,
		         "--json",
		         NULL };
	struct tu_run run = tu_run(argv, NULL, env);
	assert_int_equal(run.status, 0);
	json_t *o = json_loads(run.out, 0, NULL);
	assert_non_null(o);
	json_t *arts = json_object_get(o, "articles");
	assert_int_equal(json_array_size(arts), 2);
	json_t *first = json_array_get(arts, 0); /* by name: Nalokson first */
	assert_string_equal(json_string_value(json_object_get(first, "article_id")), "A-NALOX");
	assert_int_equal(json_integer_value(json_object_get(first, "shortfall")), 39);
	assert_int_equal(json_integer_value(json_object_get(first, "expired")), 3);
	json_decref(o);
	tu_run_free(&run);

	char *argv2[] = { (char *)tu_tally_bin(),
		          "--lang",
		          "en",
		          "--db",
		          path,
		          "drill",
		          "P-MASS",
		          "--user",
		          "1001",
		          "--scanner",
		          spec,
		          NULL };
	/* The same dump again: its scans are in already; refused, nothing
	 * recorded, unless the user says it is meant. */
	run = tu_run(argv2, NULL, env);
	assert_int_equal(run.status, 65);
	tu_assert_contains(run.err, "already");
	tu_assert_contains(run.err, "--again");
	assert_null(strstr(run.out, "PLACE"));
	tu_run_free(&run);
	char *argv3[] = { (char *)tu_tally_bin(),
		          "--lang",
		          "en",
		          "--db",
		          path,
		          "drill",
		          "P-MASS",
		          "--user",
		          "1001",
		          "--scanner",
		          spec,
		          "--again",
		          NULL };
	run = tu_run(argv3, NULL, env);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out, "PLACE Sykehusapoteket");
	tu_assert_contains(run.out, "EXPIRED");
	tu_assert_contains(run.out, "shortfall");
	tu_run_free(&run);

	/* The drill read back from the handheld's records. */
	run = tu_tally(NULL, "--lang", "en", "--db", path, "report", "last", "--json", NULL);
	assert_int_equal(run.status, 0);
	o = json_loads(run.out, 0, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "job")), "drill");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "counts"), "count")),
	                 5);
	assert_int_equal(json_array_size(json_object_get(json_object_get(o, "summary"), "report")),
	                 2);
	json_decref(o);
	tu_run_free(&run);
	run = tu_tally(NULL, "--lang", "en", "--db", path, "report", "last", "--csv", NULL);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out,
	                   "seq,device_time,kind,location_id,article_id,qty,batch,expiry,code\n");
	tu_assert_contains(run.out, ",count,W-AKUTT,A-PARA,6,,2028-01-31,");
	tu_run_free(&run);
	run = tu_tally(NULL, "--lang", "en", "--db", path, "report", "no-such-session", NULL);
	assert_int_equal(run.status, 65);
	tu_assert_contains(run.err, "no-such-session");
	tu_run_free(&run);
	tu_rmtree(dir);
	free(dir), free(path), free(file), free(spec);
}

/* A drill left open (the screen killed, a flat battery) is found again for
 * its plan and resumed: what was counted at which place, and the serials,
 * are read back; the same user's line-mode run goes on in it and says so,
 * and ends it: one drill. */
static void interrupted_drill_continues(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	fixture_load(s, "tests/fixtures/drill.json", "34");
	struct scan_config cfg = { .year = 2026, .location_prefix = "LOC:" };
	const char *one = "]d201095212345432131728013121S1";
	struct drill *d;
	struct drill_event ev;
	struct open_session o;
	assert_int_equal(drill_find_open(s, "P-MASS", 12, &o, &e), EX_DATAERR);
	err_clear(&e);
	assert_int_equal(drill_start(&d, s, "P-MASS", "1001", "2026-11-23", &e), 0);
	assert_int_equal(drill_scan(d, "LOC:MED1", 8, -1, &cfg, &ev, &e), 0);
	assert_int_equal(drill_scan(d, one, strlen(one), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_COUNTED);
	assert_int_equal(drill_scan(d, PARA, strlen(PARA), 4, &cfg, &ev, &e), 0);
	drill_free(d); /* killed */

	assert_int_equal(drill_find_open(s, "P-OTHER", 12, &o, &e), EX_DATAERR);
	err_clear(&e);
	assert_int_equal(drill_find_open(s, "P-MASS", 12, &o, &e), 0);
	assert_int_equal(drill_resume(&d, s, "P-MASS", "1001", "2026-11-23", &o, &e), 0);
	assert_int_equal(find(d, "A-PARA")->counted, 5);
	/* the place scanned last holds: no need to scan it again */
	assert_int_equal(drill_scan(d, one, strlen(one), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_ALREADY);
	drill_free(d); /* killed again */
	store_close(s);

	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         path,
		         "drill",
		         "P-MASS",
		         "--user",
		         "1001",
		         "--scanner",
		         "stdin",
		         NULL };
	struct tu_run run = tu_run(argv, PARA "\t2\n", env);
	tu_assert_contains(run.out, "Continuing the drill from");
	tu_run_free(&run);
	s = store_open(path, &e);
	assert_int_equal(drill_find_open(s, "P-MASS", 12, &o, &e), EX_DATAERR);
	struct record *r;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &r, &n, &e), 0);
	int starts = 0;
	for (size_t i = 0; i < n; i++)
		starts += r[i].kind == REC_SESSION_START;
	assert_int_equal(starts, 1);
	assert_int_equal(r[n - 1].kind, REC_SESSION_END);
	json_t *report = json_object_get(r[n - 1].data, "report");
	for (size_t i = 0; i < json_array_size(report); i++) {
		json_t *l = json_array_get(report, i);
		if (strcmp(json_string_value(json_object_get(l, "article_id")), "A-PARA") == 0)
			assert_int_equal(json_integer_value(json_object_get(l, "counted")), 7);
	}
	records_free(r, n);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drill_at_two_places),
		cmocka_unit_test(interrupted_drill_continues),
	};
	return cmocka_run_group_tests_name("drill", tests, NULL, NULL);
}
