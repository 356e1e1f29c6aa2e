/*
 * test-drill-tiers.c — time-criticality on the handheld: a drill counted
 * across three tiers (an ambulance, the emergency department, the hospital
 * pharmacy) shows cover cumulatively by tier, worked by hand, through the
 * workflow, the session's end record and the real `tally drill` in line
 * mode (text and JSON); an article whose places have no tier shows none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/drill.h"
#include "common/i18n.h"
#include "db/store.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

#define PARA  "]d20109521234543213"
#define NALOX "]d20109521234000013"

/* Paracetamol: 2 packs in the ambulance, 12 at the emergency department,
 * 30 at the pharmacy; 1 naloxone at the emergency department. */
static const char *scans = "LOC:AMB1\n" PARA "17280131\t2\n"
                           "LOC:AKUTT\n" PARA "17280131\t12\n" NALOX "17280131\t1\n"
                           "LOC:APOTEK\n" PARA "17280131\t30\n";

static struct drill_article *find(struct drill *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->articles[i].article_id, id) == 0)
			return &d->articles[i];
	fail_msg("no %s in the drill", id);
	return NULL;
}

static void drill_across_three_tiers(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	fixture_load(s, "tests/fixtures/drill.json", "34");
	fixture_load(s, "tests/fixtures/drill-tiers.json", "44");

	struct drill *d;
	assert_int_equal(drill_start(&d, s, "P-MASS", "1001", "2026-11-23", &e), 0);
	struct scan_config cfg = { .year = 2026 };
	struct drill_event ev;
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
		assert_true(ev.outcome == DRILL_COUNTED || ev.outcome == DRILL_PLACE);
	}
	/* Required 60 (6 g ÷ 2 g ÷ 10 × 100 × 2).  Cumulatively: within the
	 * ambulances 2; with the emergency department 2 + 12 = 14; with the
	 * pharmacy 14 + 30 = 44 (no ward tier in this plan). */
	struct drill_article *para = find(d, "A-PARA");
	assert_int_equal(para->required, 60);
	assert_int_equal(para->counted, 44);
	struct tier_cover c;
	drill_tier_cover(para, &c);
	assert_int_equal(tier_cover_within(&c, TIER_AMBULANCE), 2);
	assert_int_equal(tier_cover_within(&c, TIER_EMERGENCY), 14);
	assert_false(c.present[TIER_WARD]);
	assert_int_equal(tier_cover_within(&c, TIER_PHARMACY), 44);
	char text[512];
	tier_cover_text(&c, para->required, text, sizeof(text));
	assert_string_equal(text, "within ambulances: 2 of 60; within emergency department: 14 of "
	                          "60; within hospital pharmacy: 44 of 60");
	/* Naloxone's place has no tier: nothing by tier. */
	drill_tier_cover(find(d, "A-NALOX"), &c);
	tier_cover_text(&c, 40, text, sizeof(text));
	assert_string_equal(text, "");
	assert_int_equal(drill_finish(d, &e), 0);

	/* The session's end record carries it to the hub. */
	struct record *r;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &r, &n, &e), 0);
	json_t *report = json_object_get(r[n - 1].data, "report");
	json_t *line = NULL, *v;
	size_t i;
	json_array_foreach(report, i,
	                   v) if (strcmp(json_string_value(json_object_get(v, "article_id")),
	                                 "A-PARA") == 0) line = v;
	assert_non_null(line);
	json_t *tiers = json_object_get(line, "tiers");
	assert_int_equal(json_array_size(tiers), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(tiers, 1), "within")),
	                 14);
	records_free(r, n);
	drill_free(d);
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
		         "--again",
		         NULL };
	struct tu_run run = tu_run(argv, NULL, env);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out, "  within ambulances: 2 of 60; within emergency department: "
	                            "14 of 60; within hospital pharmacy: 44 of 60\n");
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
		          "--again",
		          "--json",
		          NULL };
	run = tu_run(argv2, NULL, env);
	assert_int_equal(run.status, 0);
	json_t *o = json_loads(run.out, 0, NULL);
	assert_non_null(o);
	json_array_foreach(json_object_get(o, "articles"), i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "article_id")), "A-PARA") != 0)
			continue;
		tiers = json_object_get(v, "tiers");
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(tiers, 2), "tier")),
		    "pharmacy");
		assert_int_equal(
		    json_integer_value(json_object_get(json_array_get(tiers, 2), "within")), 44);
	}
	json_decref(o);
	tu_run_free(&run);
	tu_rmtree(dir);
	free(dir), free(path), free(file), free(spec);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drill_across_three_tiers),
	};
	return cmocka_run_group_tests_name("drill-tiers", tests, NULL, NULL);
}
