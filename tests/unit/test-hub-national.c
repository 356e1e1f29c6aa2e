/*
 * test-hub-national.c — the nation's antidote holdings from two regions'
 * hubs, with the real programs: a handheld enrolled at hub A (Helse
 * Midt-Norge) counts antidotes and syncs; A's export (`tally-hub report
 * antidotes --json`) is imported into hub B (Helse Nord), whose own figures
 * come from its own handheld's counts; `tally-hub report antidotes
 * --national` then gives per antidote each region's figures and the
 * nation's, worked out by hand below.  A newer export of A (CSV, after a
 * recount) replaces the first and says so; the older one is refused
 * afterwards; a bad line, a file of B's own region and a file without a
 * region are refused with what to do, and nothing of them is kept.
 *
 * run-all.sh runs it a second time with both hubs on PostgreSQL
 * (tests/pg-hub-tests, tests/lib/hub-run.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The same antidotes in both regions (matched by article id): naloxone at
 * all hospitals, 10 each; acetylcysteine at larger hospitals, 4 each;
 * digoxin antibody once per region, 2. */
#define ARTICLES                                                                                 \
	"\"article\": [{\"id\": \"A-NALOX\", \"name\": \"Nalokson 0,4 mg/ml\", \"antidote\": 1," \
	"  \"antidote_tier\": \"all\", \"antidote_qty\": 10},"                                   \
	" {\"id\": \"A-ACET\", \"name\": \"Acetylcystein 200 mg/ml\", \"antidote\": 1,"          \
	"  \"antidote_tier\": \"larger\", \"antidote_qty\": 4},"                                 \
	" {\"id\": \"A-DIGI\", \"name\": \"Digoksin-antistoff\", \"antidote\": 1,"               \
	"  \"antidote_tier\": \"region\", \"antidote_qty\": 2}],"                                \
	" \"code\": [{\"code\": \"09521234000068\", \"article_id\": \"A-NALOX\"},"               \
	" {\"code\": \"09521234000075\", \"article_id\": \"A-ACET\"},"                           \
	" {\"code\": \"09521234000082\", \"article_id\": \"A-DIGI\"}],"                          \
	" \"user\": [{\"badge\": \"1001\", \"name\": \"Kari Nordmann\", \"roles\": \"count\"}],"

#define NALOX "]d20109521234000068"
#define ACET  "]d20109521234000075"
#define DIGI  "]d20109521234000082"

/* Region A: one larger hospital, its emergency store. */
static const char master_a[] =
    "{" ARTICLES
    " \"location\": [{\"id\": \"REG-MIDT\", \"name\": \"Helse Midt-Norge\", \"kind\": \"region\"},"
    " {\"id\": \"H-OLAV\", \"name\": \"St. Olavs hospital\", \"kind\": \"hospital\","
    "  \"parent_id\": \"REG-MIDT\", \"antidote_tier\": \"larger\"},"
    " {\"id\": \"A-AKUTT\", \"code\": \"LOC:AAKUTT\", \"name\": \"Akutten St. Olav\","
    "  \"kind\": \"emergency-store\", \"parent_id\": \"H-OLAV\", \"hospital_id\": \"H-OLAV\"}]}";

/* Region B: a larger hospital and another. */
static const char master_b[] =
    "{" ARTICLES
    " \"location\": [{\"id\": \"REG-NORD\", \"name\": \"Helse Nord\", \"kind\": \"region\"},"
    " {\"id\": \"H-UNN\", \"name\": \"UNN Tromsø\", \"kind\": \"hospital\","
    "  \"parent_id\": \"REG-NORD\", \"antidote_tier\": \"larger\"},"
    " {\"id\": \"H-BODO\", \"name\": \"Nordlandssykehuset\", \"kind\": \"hospital\","
    "  \"parent_id\": \"REG-NORD\"},"
    " {\"id\": \"B-APOTEK\", \"code\": \"LOC:BAPOTEK\", \"name\": \"Sykehusapotek UNN\","
    "  \"kind\": \"pharmacy\", \"parent_id\": \"H-UNN\", \"hospital_id\": \"H-UNN\"},"
    " {\"id\": \"B-AKUTT\", \"code\": \"LOC:BAKUTT\", \"name\": \"Akutten Bodø\","
    "  \"kind\": \"emergency-store\", \"parent_id\": \"H-BODO\", \"hospital_id\": \"H-BODO\"}]}";

struct fx {
	char *dir, *conf;
	struct hub_run ha, hb; /* pid > 0 while they serve: teardown stops them */
};

/* `tally-hub --db ... ARGS` on the hub database for the file db (on
 * PostgreSQL, its database: tests/lib/hub-run.h). */
static struct tu_run hub(const char *db, const char *const args[])
{
	char *where = hub_run_where(db);
	char *argv[24] = { (char *)tu_hub_bin(), "--lang", "en", "--db", where };
	size_t n = 5;
	for (size_t i = 0; args[i] != NULL && n < 23; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	struct tu_run r = tu_run(argv, NULL, NULL);
	free(where);
	return r;
}

static struct tu_run tally(struct fx *f, const char *store, const char *input,
                           const char *const args[])
{
	char *argv[20] = { (char *)tu_tally_bin(), "--lang",   "en",   "--create", "--db",
		           (char *)store,          "--config", f->conf };
	size_t n = 8;
	for (size_t i = 0; args[i] != NULL && n < 19; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	return tu_run(argv, input, NULL);
}

/* Enrol the handheld at the hub serving (once), pull, count at `place`,
 * push. */
static void count_and_sync(struct fx *f, struct hub_run *h, const char *store, int enroll,
                           const char *place, const char *scans)
{
	struct tu_run r;
	if (enroll) {
		char *code = hub_run_code(h->db, "handheld", h->url);
		const char *args[] = { "enroll", h->url, code, NULL };
		const char *qr[] = { "enroll", code, NULL };
		r = tally(f, store, NULL, strncmp(code, "tally://", 8) == 0 ? qr : args);
		if (r.status != 0)
			fail_msg("enroll: %s%s", r.out, r.err);
		tu_run_free(&r);
		free(code);
	}
	const char *sync[] = { "sync", "--once", NULL };
	r = tally(f, store, NULL, sync);
	if (r.status != 0)
		fail_msg("sync: %d %s%s", r.status, r.out, r.err);
	tu_run_free(&r);
	const char *count[] = { "count", place, "--user", "1001", "--scanner", "stdin", NULL };
	r = tally(f, store, scans, count);
	if (r.status != 0)
		fail_msg("count: %d %s%s", r.status, r.out, r.err);
	tu_run_free(&r);
	r = tally(f, store, NULL, sync);
	if (r.status != 0)
		fail_msg("sync: %d %s%s", r.status, r.out, r.err);
	tu_run_free(&r);
}

/* `tally-hub report antidotes ...` into a file; its text. */
static char *export_to(const char *hubdb, const char *format, const char *file)
{
	const char *args[] = { "report", "antidotes", format, NULL };
	struct tu_run r = hub(hubdb, args);
	if (r.status != 0)
		fail_msg("export: %d %s", r.status, r.err);
	tu_write_file(file, r.out);
	char *out = strdup(r.out);
	tu_run_free(&r);
	return out;
}

static json_t *national(const char *hubdb)
{
	const char *args[] = { "report", "antidotes", "--national", "--json", NULL };
	struct tu_run r = hub(hubdb, args);
	if (r.status != 0)
		fail_msg("national: %d %s", r.status, r.err);
	json_t *j = json_loads(r.out, 0, NULL);
	assert_non_null(j);
	tu_run_free(&r);
	return j;
}

/* The figures of antidote `id` in region `region` ("" for the nation) as
 * "recommended/held/short/expired", or "not reported". */
static char *figures(json_t *rep, const char *id, const char *region)
{
	size_t i, k;
	json_t *a, *r;
	json_array_foreach(json_object_get(rep, "articles"), i, a)
	{
		if (strcmp(json_string_value(json_object_get(a, "article_id")), id) != 0)
			continue;
		json_t *f = NULL;
		if (*region == '\0')
			f = json_object_get(a, "nation");
		json_array_foreach(json_object_get(a, "regions"), k, r)
		{
			if (*region &&
			    !strcmp(json_string_value(json_object_get(r, "region_id")), region))
				f = r;
		}
		if (f == NULL || json_is_null(json_object_get(f, "held")))
			return strdup("not reported");
		return tu_strfmt("%lld/%lld/%lld/%lld",
		                 (long long)json_integer_value(json_object_get(f, "recommended")),
		                 (long long)json_integer_value(json_object_get(f, "held")),
		                 (long long)json_integer_value(json_object_get(f, "short")),
		                 (long long)json_integer_value(json_object_get(f, "expired")));
	}
	return strdup("no such antidote");
}

#define ASSERT_FIGURES(rep, id, region, want)          \
	do {                                           \
		char *got_ = figures(rep, id, region); \
		assert_string_equal(got_, want);       \
		free(got_);                            \
	} while (0)

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return -1;
	f->dir = tu_mkdtemp();
	f->conf = tu_path(f->dir, "tally.conf");
	tu_write_file(f->conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 20\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f->ha.pid > 0)
		hub_run_stop(&f->ha);
	if (f->hb.pid > 0)
		hub_run_stop(&f->hb);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->conf);
	free(f);
	return 0;
}

static void two_regions_make_the_nation(void **state)
{
	struct fx *f = *state;
	char *hub_a = tu_path(f->dir, "a.db"), *hub_b = tu_path(f->dir, "b.db");
	char *store_a = tu_path(f->dir, "a-handheld.db"),
	     *store_b = tu_path(f->dir, "b-handheld.db");
	char *ma = tu_path(f->dir, "a.json"), *mb = tu_path(f->dir, "b.json");
	tu_write_file(ma, master_a);
	tu_write_file(mb, master_b);
	hub_run_init(hub_a);
	hub_run_init(hub_b);
	assert_int_equal(hub_run_import(hub_a, ma), 0);
	assert_int_equal(hub_run_import(hub_b, mb), 0);
	hub_run_start(&f->ha, hub_a, NULL);
	hub_run_start(&f->hb, hub_b, NULL);

	/* A: 12 naloxone and 1 digoxin antibody at St. Olav's emergency
	 * store; no acetylcysteine.  By hand: naloxone 10 recommended (one
	 * hospital), 12 held, 0 short; acetylcysteine 4 (St. Olav is larger),
	 * 0 held, 4 short; digoxin antibody 2 (once per region), 1 held, 1
	 * short. */
	count_and_sync(f, &f->ha, store_a, 1, "LOC:AAKUTT", NALOX "\t12\n" DIGI "\t1\n");
	/* B: 3 naloxone at Bodø; 6 naloxone and 5 acetylcysteine at UNN's
	 * pharmacy.  By hand: naloxone 2 × 10 = 20, 9 held, 11 short;
	 * acetylcysteine 4 (UNN only), 5 held, 0 short; digoxin 2, 0, 2. */
	count_and_sync(f, &f->hb, store_b, 1, "LOC:BAKUTT", NALOX "\t3\n");
	count_and_sync(f, &f->hb, store_b, 0, "LOC:BAPOTEK", NALOX "\t6\n" ACET "\t5\n");

	char *first = tu_path(f->dir, "midt-1.json");
	free(export_to(hub_a, "--json", first));
	const char *imp[] = { "import", "--antidotes", first, NULL };
	struct tu_run r = hub(hub_b, imp);
	if (r.status != 0)
		fail_msg("import: %d %s", r.status, r.err);
	tu_assert_contains(r.out, "Helse Midt-Norge (REG-MIDT): 3 antidotes imported, exported ");
	tu_assert_contains(r.out, "The first import from this region.\n");
	tu_run_free(&r);

	json_t *n = national(hub_b);
	ASSERT_FIGURES(n, "A-NALOX", "REG-NORD", "20/9/11/0");
	ASSERT_FIGURES(n, "A-NALOX", "REG-MIDT", "10/12/0/0");
	ASSERT_FIGURES(n, "A-NALOX", "", "30/21/11/0");
	/* The nation lacks 4 acetylcysteine although it holds 5 of 8: Nord's
	 * surplus is not at St. Olav. */
	ASSERT_FIGURES(n, "A-ACET", "REG-NORD", "4/5/0/0");
	ASSERT_FIGURES(n, "A-ACET", "REG-MIDT", "4/0/4/0");
	ASSERT_FIGURES(n, "A-ACET", "", "8/5/4/0");
	ASSERT_FIGURES(n, "A-DIGI", "REG-NORD", "2/0/2/0");
	ASSERT_FIGURES(n, "A-DIGI", "REG-MIDT", "2/1/1/0");
	ASSERT_FIGURES(n, "A-DIGI", "", "4/1/3/0");
	json_decref(n);

	/* The CSV and the text say the same. */
	const char *csv[] = { "report", "antidotes", "--national", "--csv", NULL };
	r = hub(hub_b, csv);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "article_id,article_name,stocking_tier,region_id,region,level,"
	                          "recommended,held,short,expired,exported_at\r\n");
	tu_assert_contains(r.out, "A-NALOX,\"Nalokson 0,4 mg/ml\",all,REG-NORD,Helse Nord,region,"
	                          "20,9,11,0,\r\n");
	tu_assert_contains(r.out, "A-ACET,Acetylcystein 200 mg/ml,larger,,,nation,8,5,4,0,\r\n");
	tu_run_free(&r);
	const char *text[] = { "report", "antidotes", "--national", NULL };
	r = hub(hub_b, text);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "Acetylcystein 200 mg/ml (A-ACET): the nation holds 5 of 8 "
	                          "recommended, 4 short\n");
	tu_assert_contains(r.out, "Helse Nord (this hub)");
	tu_run_free(&r);

	/* A recount at St. Olav: 8 naloxone.  Its newer export (CSV this
	 * time) replaces the first: the nation holds 8 + 9 = 17 of 30, short
	 * 2 + 11 = 13. */
	count_and_sync(f, &f->ha, store_a, 0, "LOC:AAKUTT", NALOX "\t8\n");
	char *second = tu_path(f->dir, "midt-2.csv");
	free(export_to(hub_a, "--csv", second));
	const char *imp2[] = { "import", "--antidotes", second, NULL };
	r = hub(hub_b, imp2);
	if (r.status != 0)
		fail_msg("import: %d %s", r.status, r.err);
	tu_assert_contains(r.out, "It replaces this region's earlier import (exported ");
	tu_run_free(&r);
	n = national(hub_b);
	ASSERT_FIGURES(n, "A-NALOX", "REG-MIDT", "10/8/2/0");
	ASSERT_FIGURES(n, "A-NALOX", "", "30/17/13/0");
	json_decref(n);

	/* The first export again is older than what is held: refused. */
	r = hub(hub_b, imp);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "before the one already imported");
	tu_assert_contains(r.err, "nothing was imported");
	tu_run_free(&r);

	/* B's own export into B: refused. */
	char *own = tu_path(f->dir, "nord.json");
	free(export_to(hub_b, "--json", own));
	const char *imp_own[] = { "import", "--antidotes", own, NULL };
	r = hub(hub_b, imp_own);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "this hub's own region (REG-NORD)");
	tu_run_free(&r);

	/* A bad figure: the line is named, nothing of the file is kept. */
	char *bad = tu_path(f->dir, "vest.csv");
	tu_write_file(bad, "article_id;article_name;level;stocking_tier;recommended;onhand;short;"
	                   "expired;region_id;region_name;exported_at\n"
	                   "A-NALOX;Nalokson;region;all;40;44;0;0;REG-VEST;Helse Vest;"
	                   "2026-11-23T09:00:00Z\n"
	                   "A-ACET;Acetylcystein;hospital;larger;4;tolv;0;0;REG-VEST;Helse Vest;"
	                   "2026-11-23T09:00:00Z\n"
	                   "A-ACET;Acetylcystein;region;larger;8;tolv;0;0;REG-VEST;Helse Vest;"
	                   "2026-11-23T09:00:00Z\n");
	const char *imp_bad[] = { "import", "--antidotes", bad, NULL };
	r = hub(hub_b, imp_bad);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "vest.csv: line 4: column 'onhand' is 'tolv', not a whole "
	                          "number of packs (0 or more); nothing was imported\n");
	tu_run_free(&r);
	/* Without its region: --region names it. */
	char *anon = tu_path(f->dir, "anon.csv");
	tu_write_file(anon, "article_id,article_name,level,stocking_tier,recommended,onhand,short,"
	                    "expired\r\nA-NALOX,Nalokson,region,all,40,44,0,0\r\n");
	const char *imp_anon[] = { "import", "--antidotes", anon, NULL };
	r = hub(hub_b, imp_anon);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "does not say which region it is from: give --region ID");
	tu_run_free(&r);
	n = national(hub_b);
	ASSERT_FIGURES(n, "A-NALOX", "", "30/17/13/0"); /* nothing of them kept */
	assert_int_equal(json_array_size(json_object_get(n, "regions")), 2);
	json_decref(n);
	const char *imp_named[] = { "import", "--antidotes", anon, "--region", "REG-VEST", NULL };
	r = hub(hub_b, imp_named);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	/* Vest reports naloxone only: the others are "not reported" there,
	 * not counted as zero. */
	n = national(hub_b);
	ASSERT_FIGURES(n, "A-NALOX", "", "70/61/13/0");
	ASSERT_FIGURES(n, "A-ACET", "REG-VEST", "not reported");
	ASSERT_FIGURES(n, "A-ACET", "", "8/5/4/0");
	json_decref(n);

	free(hub_a), free(hub_b), free(store_a), free(store_b), free(ma), free(mb);
	free(first), free(second), free(own), free(bad), free(anon);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(two_regions_make_the_nation, setup, teardown),
	};
	return cmocka_run_group_tests_name("hub-national", tests, NULL, NULL);
}
