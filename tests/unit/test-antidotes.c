/*
 * test-antidotes.c — `tally antidotes` against the recommended stocking
 * tiers, offline, with the real program: the handheld's hospital
 * ([device] hospital) and whether it is a larger one; per antidote what
 * its tier recommends there against what the hospital's places hold by
 * their last counts (another hospital's counts left out); text and JSON;
 * the same handheld set to the other hospital; and a handheld whose
 * hospital is not set says so.  Figures worked out by hand below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/testutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char master[] =
    "{\"article\": ["
    " {\"id\": \"A-NALOX\", \"name\": \"Nalokson 0,4 mg/ml\", \"antidote\": 1,"
    "  \"antidote_tier\": \"all\", \"antidote_qty\": 10},"
    " {\"id\": \"A-ACET\", \"name\": \"Acetylcystein 200 mg/ml\", \"antidote\": 1,"
    "  \"antidote_tier\": \"larger\", \"antidote_qty\": 4},"
    " {\"id\": \"A-DIGI\", \"name\": \"Digoksin-antistoff\", \"antidote\": 1,"
    "  \"antidote_tier\": \"region\", \"antidote_qty\": 2},"
    " {\"id\": \"A-FOME\", \"name\": \"Fomepizol\", \"antidote\": 1}],"
    " \"code\": [{\"code\": \"09521234000068\", \"article_id\": \"A-NALOX\"},"
    " {\"code\": \"09521234000075\", \"article_id\": \"A-ACET\"}],"
    " \"location\": ["
    " {\"id\": \"H-NORD\", \"name\": \"Sykehuset Nord\", \"kind\": \"hospital\","
    "  \"antidote_tier\": \"larger\"},"
    " {\"id\": \"H-SOR\", \"name\": \"Sykehuset Sør\", \"kind\": \"hospital\"},"
    " {\"id\": \"N-AKUTT\", \"code\": \"LOC:NAKUTT\", \"name\": \"Akutten Nord\","
    "  \"kind\": \"emergency-store\", \"parent_id\": \"H-NORD\", \"hospital_id\": \"H-NORD\"},"
    " {\"id\": \"N-APOTEK\", \"code\": \"LOC:NAPOTEK\", \"name\": \"Apoteket Nord\","
    "  \"kind\": \"pharmacy\", \"parent_id\": \"H-NORD\", \"hospital_id\": \"H-NORD\"},"
    " {\"id\": \"S-AKUTT\", \"code\": \"LOC:SAKUTT\", \"name\": \"Akutten Sør\","
    "  \"kind\": \"emergency-store\", \"parent_id\": \"H-SOR\", \"hospital_id\": \"H-SOR\"}],"
    " \"basis\": ["
    " {\"location_id\": \"N-AKUTT\", \"article_id\": \"A-NALOX\", \"min\": 2, \"max\": 6},"
    " {\"location_id\": \"N-AKUTT\", \"article_id\": \"A-ACET\", \"min\": 2, \"max\": 6},"
    " {\"location_id\": \"N-APOTEK\", \"article_id\": \"A-NALOX\", \"min\": 2, \"max\": 6},"
    " {\"location_id\": \"N-APOTEK\", \"article_id\": \"A-DIGI\", \"min\": 1, \"max\": 2},"
    " {\"location_id\": \"S-AKUTT\", \"article_id\": \"A-NALOX\", \"min\": 2, \"max\": 30}],"
    " \"user\": [{\"badge\": \"1001\", \"name\": \"Kari Nordmann\", \"roles\": \"count\"}]}";

#define NALOX "]d20109521234000068"
#define ACET  "]d20109521234000075"

struct fx {
	char *dir, *store, *conf;
};

static struct tu_run tally(struct fx *f, const char *input, const char *a1, const char *a2,
                           const char *a3, const char *a4, const char *a5, const char *a6)
{
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         f->store,
		         "--config",
		         f->conf,
		         (char *)a1,
		         (char *)a2,
		         (char *)a3,
		         (char *)a4,
		         (char *)a5,
		         (char *)a6,
		         NULL };
	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	return tu_run(argv, input, env);
}

static void count_at(struct fx *f, const char *place, const char *scans)
{
	struct tu_run r = tally(f, scans, "count", place, "--user", "1001", "--scanner", "stdin");
	if (r.status != 0)
		fail_msg("count at %s: %d %s%s", place, r.status, r.out, r.err);
	tu_run_free(&r);
}

/* The block of one antidote in the text: its name line and the next. */
static char *block(const char *out, const char *name)
{
	const char *p = strstr(out, name);
	if (p == NULL)
		return strdup("(missing)");
	const char *nl = strchr(p, '\n');
	nl = nl != NULL ? strchr(nl + 1, '\n') : NULL;
	return nl != NULL ? tu_strfmt("%.*s", (int)(nl - p + 1), p) : strdup(p);
}

#define ASSERT_BLOCK(out, name, want)          \
	do {                                   \
		char *b_ = block(out, name);   \
		assert_string_equal(b_, want); \
		free(b_);                      \
	} while (0)

static void tiers_against_holdings(void **state)
{
	(void)state;
	struct fx f;
	f.dir = tu_mkdtemp();
	f.store = tu_path(f.dir, "tally.db");
	f.conf = tu_path(f.dir, "tally.conf");
	char *m = tu_path(f.dir, "master.json");
	tu_write_file(m, master);
	tu_write_file(f.conf, "[device]\nhospital = H-NORD\n");
	struct tu_run r = tu_tally(NULL, "--create", "--db", f.store, "import", m, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);

	/* Nord: 4 naloxone and 5 acetylcysteine in the emergency store, 3
	 * naloxone at the pharmacy; Sør: 20 naloxone, not Nord's. */
	count_at(&f, "LOC:NAKUTT", NALOX "\t4\n" ACET "\t5\n");
	count_at(&f, "LOC:NAPOTEK", NALOX "\t3\n");
	count_at(&f, "LOC:SAKUTT", NALOX "\t20\n");

	/* By hand, for Nord (a larger hospital): naloxone, all hospitals, 10
	 * recommended, 4 + 3 = 7 held, 3 short; acetylcysteine, larger
	 * hospitals, 4, 5 held, enough; digoxin antibody once per region (2),
	 * on the pharmacy's list but not counted; fomepizole has no tier. */
	r = tally(&f, NULL, "antidotes", NULL, NULL, NULL, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "Hospital: Sykehuset Nord (a larger hospital)\n", 45) == 0);
	ASSERT_BLOCK(r.out, "Nalokson",
	             "Nalokson 0,4 mg/ml\n"
	             "  recommended here: 10 (all hospitals); held: 7, 3 short\n");
	ASSERT_BLOCK(r.out, "Acetylcystein",
	             "Acetylcystein 200 mg/ml\n"
	             "  recommended here: 4 (larger hospitals); held: 5, enough\n");
	ASSERT_BLOCK(r.out, "Digoksin",
	             "Digoksin-antistoff\n"
	             "  recommended once per region (2), not per hospital; held here: not "
	             "counted\n");
	ASSERT_BLOCK(r.out, "Fomepizol", "Fomepizol\n  on no basis list: ask the pharmacy\n");
	tu_run_free(&r);

	r = tally(&f, NULL, "antidotes", "--json", NULL, NULL, NULL, NULL);
	assert_int_equal(r.status, 0);
	json_t *got = json_loads(r.out, 0, NULL);
	assert_non_null(got);
	size_t i;
	json_t *a;
	json_array_foreach(got, i, a)
	{
		json_object_del(a, "locations");
	}
	json_t *want = json_pack(
	    "[{s:s,s:s,s:s,s:s,s:i,s:i,s:i},{s:s,s:s,s:s,s:s,s:n,s:n,s:n},"
	    "{s:s,s:s,s:n,s:s,s:n,s:n,s:n},{s:s,s:s,s:s,s:s,s:i,s:i,s:i}]",
	    "article_id", "A-ACET", "name", "Acetylcystein 200 mg/ml", "stocking_tier", "larger",
	    "hospital_tier", "larger", "recommended", 4, "held", 5, "short", 0, "article_id",
	    "A-DIGI", "name", "Digoksin-antistoff", "stocking_tier", "region", "hospital_tier",
	    "larger", "recommended", "held", "short", "article_id", "A-FOME", "name", "Fomepizol",
	    "stocking_tier", "hospital_tier", "larger", "recommended", "held", "short",
	    "article_id", "A-NALOX", "name", "Nalokson 0,4 mg/ml", "stocking_tier", "all",
	    "hospital_tier", "larger", "recommended", 10, "held", 7, "short", 3);
	if (!json_equal(got, want))
		fail_msg("antidotes --json: %s", r.out);
	json_decref(got);
	json_decref(want);
	tu_run_free(&r);

	/* The same handheld at Sør (not larger): naloxone 10 recommended, 20
	 * held, enough; acetylcysteine not asked of Sør. */
	tu_write_file(f.conf, "[device]\nhospital = H-SOR\n");
	r = tally(&f, NULL, "antidotes", NULL, NULL, NULL, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "Hospital: Sykehuset Sør (not a larger hospital)\n", 49) == 0);
	ASSERT_BLOCK(r.out, "Nalokson",
	             "Nalokson 0,4 mg/ml\n"
	             "  recommended here: 10 (all hospitals); held: 20, enough\n");
	ASSERT_BLOCK(r.out, "Acetylcystein",
	             "Acetylcystein 200 mg/ml\n"
	             "  recommended at larger hospitals only, none here; held: not counted\n");
	tu_run_free(&r);

	/* No hospital set: said once, and no recommendation shown. */
	tu_write_file(f.conf, "[ui]\nlang = en\n");
	r = tally(&f, NULL, "antidotes", NULL, NULL, NULL, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "This handheld's hospital is not set ([device] hospital in "
	                          "tally.conf): what is recommended per hospital is not shown.\n");
	assert_null(strstr(r.out, "recommended here"));
	tu_run_free(&r);

	tu_rmtree(f.dir);
	free(f.dir), free(f.store), free(f.conf), free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tiers_against_holdings),
	};
	return cmocka_run_group_tests_name("antidotes", tests, NULL, NULL);
}
