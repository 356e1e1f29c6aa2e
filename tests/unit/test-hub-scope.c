/*
 * test-hub-scope.c — handhelds enrolled into scopes hold exactly what
 * their scope needs, through the real tally-hub and real handheld stores
 * synced by tally-sync:
 *   - the phased roll-out of a region: St. Olav live with handhelds
 *     syncing, then Nord-Trøndelag imported and a handheld enrolled, then
 *     Møre og Romsdal; after each phase every store holds exactly its
 *     scope (table by table), and the stock report of each trust's wards
 *     is what that trust's handheld counted;
 *   - a device moved to another scope gets what it now needs and deletes
 *     what it may no longer hold, with its unsent records kept and sent;
 *   - a user whose home moves disappears from the handhelds of the old
 *     home; the where-to-borrow circle widened to the region and back;
 *   - a place deleted at the hub leaves every handheld that held it, with
 *     what was bound to it (basis lines, last counts, plan places,
 *     deliveries and their lines); its staff leave the scoped handhelds;
 *   - a last count reaches the scoped handhelds of its circle only where a
 *     basis list names its place and article (a pharmacy's stock stays
 *     home), and comes along when a list takes the article;
 *   - a plan reaches the handhelds of its places only, and comes to a
 *     handheld when the plan gets a place in its scope;
 *   - paging the feed in small pages gives exactly the changes of one big
 *     page, cursors only ever going up;
 *   - a record for a place outside the device's scope is accepted and
 *     flagged out-of-scope; an enrolment code for an unknown place is
 *     refused;
 *   - a hub database of schema 1 (tests/fixtures/hub-v1.sql) migrates: its
 *     handheld stays region-wide, and once moved into a ward's scope its
 *     feed holds that ward's rows and not the next ward's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "hub/changelog.h"
#include "hub/hub-db.h"
#include "tests/lib/hub-http.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct fx {
	char *dir, *hubdb, *conf;
	char *hubwhere; /* the hub's --db for hubdb (tests/lib/hub-run.h) */
	struct hub_run hub;
};

/* --- master data of the region, phase by phase --------------------------- */

#define HASH(n) "\"pin_hash\": \"$y$j9T$salt" n "$hash" n "\""

static const char region_and_st_olav[] =
    "{\"article\": [{\"id\": \"A001\", \"name\": \"Paracetamol\"},"
    " {\"id\": \"A002\", \"name\": \"Nalokson\", \"antidote\": 1},"
    " {\"id\": \"A003\", \"name\": \"Kompress\"}],"
    " \"code\": [{\"code\": \"09520000010008\", \"article_id\": \"A001\"}],"
    " \"location\": ["
    "  {\"id\": \"HMN\", \"name\": \"Helse Midt-Norge RHF\", \"kind\": \"region\"},"
    "  {\"id\": \"LAGER\", \"name\": \"Regionalt logistikksenter\", \"kind\": \"warehouse\","
    "   \"parent_id\": \"HMN\"},"
    "  {\"id\": \"LAGER-A01\", \"name\": \"Hylle A-01\", \"kind\": \"warehouse-bin\","
    "   \"parent_id\": \"LAGER\"},"
    "  {\"id\": \"STO\", \"name\": \"St. Olavs hospital HF\", \"kind\": \"trust\","
    "   \"parent_id\": \"HMN\"},"
    "  {\"id\": \"STO-H\", \"name\": \"St. Olavs hospital\", \"kind\": \"hospital\","
    "   \"parent_id\": \"STO\"},"
    "  {\"id\": \"STO-MED\", \"name\": \"Medisin 1\", \"parent_id\": \"STO-H\","
    "   \"hospital_id\": \"STO-H\"},"
    "  {\"id\": \"STO-KIR\", \"name\": \"Kirurgi 2\", \"parent_id\": \"STO-H\","
    "   \"hospital_id\": \"STO-H\"},"
    "  {\"id\": \"ORK\", \"name\": \"Orkdal sykehus\", \"kind\": \"hospital\","
    "   \"parent_id\": \"STO\"},"
    "  {\"id\": \"ORK-MED\", \"name\": \"Orkdal medisin\", \"parent_id\": \"ORK\","
    "   \"hospital_id\": \"ORK\"}],"
    " \"basis\": [{\"location_id\": \"STO-MED\", \"article_id\": \"A001\", \"min\": 2, \"max\": "
    "10},"
    "  {\"location_id\": \"STO-MED\", \"article_id\": \"A002\", \"min\": 1, \"max\": 4},"
    "  {\"location_id\": \"STO-KIR\", \"article_id\": \"A001\", \"min\": 2, \"max\": 8},"
    "  {\"location_id\": \"ORK-MED\", \"article_id\": \"A003\", \"min\": 5, \"max\": 20}],"
    " \"stock\": [{\"location_id\": \"STO-KIR\", \"article_id\": \"A001\", \"qty\": 7}],"
    " \"plan\": [{\"id\": \"P-STO\", \"name\": \"Masseskade St. Olav\", \"patients\": 100,"
    "   \"days\": 2}],"
    " \"plan_line\": [{\"plan_id\": \"P-STO\", \"article_id\": \"A001\", \"dose\": 6,"
    "   \"strength\": 2, \"units_per_pack\": 10}],"
    " \"plan_place\": [{\"plan_id\": \"P-STO\", \"article_id\": \"A001\", \"location_id\":"
    "   \"STO-MED\", \"min\": 5, \"max\": 10},"
    "  {\"plan_id\": \"P-STO\", \"article_id\": \"A001\", \"location_id\": \"STO-KIR\","
    "   \"min\": 4, \"max\": 8}],"
    " \"delivery\": [{\"sscc\": \"395200000000000017\", \"location_id\": \"LAGER\"}],"
    " \"delivery_line\": [{\"sscc\": \"395200000000000017\", \"article_id\": \"A001\","
    "   \"qty\": 40}],"
    " \"user\": [{\"badge\": \"9000\", \"name\": \"Regional IT\", " HASH(
        "0") "},"
             "  {\"badge\": \"1001\", \"name\": \"Kari Med\", \"home_id\": \"STO-MED\", " HASH(
                 "1") "},"
                      "  {\"badge\": \"1002\", \"name\": \"Ola Kir\", \"home_id\": "
                      "\"STO-KIR\", " HASH("2") "},"
                                                "  {\"badge\": \"1003\", \"name\": \"Ingrid "
                                                "Farmasøyt\", \"home_id\": \"STO\", " HASH(
                                                    "3") "},"
                                                         "  {\"badge\": \"1004\", \"name\": \"Per "
                                                         "Lager\", \"home_id\": \"LAGER\", " HASH(
                                                             "4") "}]}";

static const char nord_trondelag[] =
    "{\"location\": ["
    "  {\"id\": \"HNT\", \"name\": \"Helse Nord-Trøndelag HF\", \"kind\": \"trust\","
    "   \"parent_id\": \"HMN\"},"
    "  {\"id\": \"LEV\", \"name\": \"Sykehuset Levanger\", \"kind\": \"hospital\","
    "   \"parent_id\": \"HNT\"},"
    "  {\"id\": \"LEV-MED\", \"name\": \"Levanger medisin\", \"parent_id\": \"LEV\","
    "   \"hospital_id\": \"LEV\"},"
    "  {\"id\": \"NAM\", \"name\": \"Sykehuset Namsos\", \"kind\": \"hospital\","
    "   \"parent_id\": \"HNT\"},"
    "  {\"id\": \"NAM-MED\", \"name\": \"Namsos medisin\", \"parent_id\": \"NAM\","
    "   \"hospital_id\": \"NAM\"}],"
    " \"basis\": [{\"location_id\": \"LEV-MED\", \"article_id\": \"A001\", \"min\": 3, \"max\": 9},"
    "  {\"location_id\": \"NAM-MED\", \"article_id\": \"A002\", \"min\": 1, \"max\": 2}],"
    " \"plan\": [{\"id\": \"P-HNT\", \"name\": \"Masseskade Nord-Trøndelag\"}],"
    " \"plan_place\": [{\"plan_id\": \"P-HNT\", \"article_id\": \"A001\", \"location_id\":"
    "   \"LEV-MED\", \"min\": 2, \"max\": 4}],"
    " \"delivery\": [{\"sscc\": \"395200000000000024\", \"location_id\": \"LEV-MED\"}],"
    " \"delivery_line\": [{\"sscc\": \"395200000000000024\", \"article_id\": \"A002\","
    "   \"qty\": 3}],"
    " \"user\": [{\"badge\": \"2001\", \"name\": \"Siri Levanger\", \"home_id\": "
    "\"LEV-MED\", " HASH(
        "5") "},"
             "  {\"badge\": \"2002\", \"name\": \"Nils HNT\", \"home_id\": \"HNT\", " HASH(
                 "6") "}]}";

static const char more_og_romsdal[] =
    "{\"location\": ["
    "  {\"id\": \"HMR\", \"name\": \"Helse Møre og Romsdal HF\", \"kind\": \"trust\","
    "   \"parent_id\": \"HMN\"},"
    "  {\"id\": \"ALE\", \"name\": \"Ålesund sjukehus\", \"kind\": \"hospital\","
    "   \"parent_id\": \"HMR\"},"
    "  {\"id\": \"ALE-MED\", \"name\": \"Ålesund medisin\", \"parent_id\": \"ALE\","
    "   \"hospital_id\": \"ALE\"},"
    "  {\"id\": \"MOL\", \"name\": \"Molde sjukehus\", \"kind\": \"hospital\","
    "   \"parent_id\": \"HMR\"},"
    "  {\"id\": \"MOL-MED\", \"name\": \"Molde medisin\", \"parent_id\": \"MOL\","
    "   \"hospital_id\": \"MOL\"}],"
    " \"basis\": [{\"location_id\": \"ALE-MED\", \"article_id\": \"A001\", \"min\": 1, \"max\": 6},"
    "  {\"location_id\": \"MOL-MED\", \"article_id\": \"A003\", \"min\": 2, \"max\": 5}],"
    " \"user\": [{\"badge\": \"3001\", \"name\": \"Åse Ålesund\", \"home_id\": \"ALE-MED\", " HASH(
        "7") "},"
             "  {\"badge\": \"3002\", \"name\": \"Mona Molde\", \"home_id\": \"MOL-MED\", " HASH(
                 "8") "}]}";

/* --- the hub and the handhelds ------------------------------------------- */

static struct tu_run hub_cmd(struct fx *f, const char *a1, const char *a2, const char *a3,
                             const char *a4, const char *a5)
{
	char *argv[] = { (char *)tu_hub_bin(), "--db",     f->hubwhere, (char *)a1, (char *)a2,
		         (char *)a3,           (char *)a4, (char *)a5,  NULL };
	char *env[] = { "TALLY_LANG=en", NULL };
	return tu_run(argv, NULL, env);
}

static void hub_ok(struct fx *f, const char *a1, const char *a2, const char *a3, const char *a4,
                   const char *a5)
{
	struct tu_run r = hub_cmd(f, a1, a2, a3, a4, a5);
	if (r.status != 0)
		fail_msg("tally-hub %s: %d %s%s", a1, r.status, r.out, r.err);
	tu_run_free(&r);
}

static void import(struct fx *f, const char *json)
{
	char *p = tu_path(f->dir, "import.json");
	tu_write_file(p, json);
	hub_ok(f, "import", p, NULL, NULL, NULL);
	free(p);
}

static struct tu_run tally(struct fx *f, const char *store, const char *a1, const char *a2,
                           const char *a3)
{
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         (char *)store,
		         "--config",
		         f->conf,
		         (char *)a1,
		         (char *)a2,
		         (char *)a3,
		         NULL };
	return tu_run(argv, NULL, NULL);
}

/* A handheld called name, enrolled into scope (NULL: the region); its
 * store's path, malloc'd. */
static char *handheld(struct fx *f, const char *name, const char *scope)
{
	char *sub = tu_path(f->dir, name);
	mkdir(sub, 0700);
	char *store = tu_path(sub, "tally.db");
	free(sub);
	struct tu_run r = hub_cmd(f, "enroll-code", name, "--url", f->hub.url, NULL);
	if (scope != NULL) {
		tu_run_free(&r);
		char *argv[] = { (char *)tu_hub_bin(), "--db",    f->hubwhere,   "enroll-code",
			         (char *)name,         "--scope", (char *)scope, "--url",
			         f->hub.url,           NULL };
		char *env[] = { "TALLY_LANG=en", NULL };
		r = tu_run(argv, NULL, env);
		tu_assert_contains(r.out, scope);
	}
	if (r.status != 0)
		fail_msg("enroll-code: %s%s", r.out, r.err);
	const char *p = strstr(r.out, "code=");
	assert_non_null(p);
	char *code = tu_strfmt("%.14s", p + 5);
	tu_run_free(&r);
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--create",
		         "--db",
		         store,
		         "--config",
		         f->conf,
		         "enroll",
		         "--name",
		         (char *)name,
		         f->hub.url,
		         code,
		         NULL };
	r = tu_run(argv, NULL, NULL);
	if (r.status != 0)
		fail_msg("enroll: %s%s", r.out, r.err);
	tu_run_free(&r);
	free(code);
	return store;
}

static void sync_ok(struct fx *f, const char *store)
{
	struct tu_run r = tally(f, store, "sync", "--once", NULL);
	if (r.status != 0)
		fail_msg("sync %s: %d %s%s", store, r.status, r.out, r.err);
	tu_run_free(&r);
}

static void count(const char *store, const char *location, const char *article, int qty)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(store, &e);
	assert_non_null(s);
	struct record_in in = { .kind = REC_COUNT,
		                .location_id = location,
		                .article_id = article,
		                .code = "]E09520000010008",
		                .qty = qty,
		                .user = "1001" };
	assert_int_equal(store_append(s, &in, NULL, NULL, &e), 0);
	store_close(s);
}

/* One column of SQL's rows joined by spaces, from a database file. */
static char *query(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	char *out = tu_strfmt("%s", "");
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *more = tu_strfmt("%s%s%s", out, *out ? " " : "",
		                       (const char *)sqlite3_column_text(st, 0));
		free(out);
		out = more;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

/* The same from the hub's database, whichever the engine. */
static char *hub_query(struct fx *f, const char *sql)
{
	char *rows = hub_run_query(f->hubdb, sql), *out = tu_strfmt("%s", ""), *save = NULL;
	for (char *line = strtok_r(rows, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *more = tu_strfmt("%s%s%s", out, *out ? " " : "", line);
		free(out);
		out = more;
	}
	free(rows);
	return out;
}

/* What a store's master tables hold, by key, in one line per table. */
struct held {
	const char *location, *basis, *stock, *plan_place, *delivery, *delivery_line, *user;
};

static void assert_holds(const char *who, const char *store, const struct held *want)
{
	static const struct {
		const char *name, *sql;
	} tables[] = {
		{ "location", "SELECT id FROM location ORDER BY id" },
		{ "basis", "SELECT location_id || ':' || article_id FROM basis ORDER BY 1" },
		{ "stock", "SELECT location_id || ':' || article_id FROM stock ORDER BY 1" },
		{ "plan_place", "SELECT plan_id || ':' || location_id FROM plan_place ORDER BY 1" },
		{ "delivery", "SELECT sscc FROM delivery ORDER BY 1" },
		{ "delivery_line",
		  "SELECT sscc || ':' || article_id FROM delivery_line ORDER BY 1" },
		{ "user", "SELECT badge FROM user ORDER BY 1" },
	};
	const char *expect[] = { want->location, want->basis,         want->stock, want->plan_place,
		                 want->delivery, want->delivery_line, want->user };
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char *got = query(store, tables[i].sql);
		if (strcmp(got, expect[i]) != 0)
			fail_msg("%s's %s: expected [%s], holds [%s]", who, tables[i].name,
			         expect[i], got);
		free(got);
	}
	/* Region-wide: every article, code and plan. */
	char *a = query(store, "SELECT count(*) FROM article");
	assert_string_equal(a, "3");
	free(a);
	/* No PIN hash of anyone it may not hold: the user table is all. */
	char *h = query(store, "SELECT count(*) FROM user WHERE pin_hash IS NOT NULL");
	char *n = query(store, "SELECT count(*) FROM user");
	assert_string_equal(h, n);
	free(h);
	free(n);
}

/* The on-hand of one place × article in `tally-hub report stock --json`. */
static long long on_hand(struct fx *f, const char *location, const char *article)
{
	struct tu_run r = hub_cmd(f, "report", "stock", "--json", "--location", location);
	if (r.status != 0)
		fail_msg("report stock: %s%s", r.out, r.err);
	json_t *doc = json_loads(r.out, 0, NULL);
	assert_non_null(doc);
	json_t *rows = json_is_array(doc) ? doc : json_object_get(doc, "rows");
	long long qty = -1;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		if (strcmp(json_string_value(json_object_get(row, "location_id")), location) == 0 &&
		    strcmp(json_string_value(json_object_get(row, "article_id")), article) == 0)
			qty = json_integer_value(json_object_get(row, "onhand"));
		else if (strcmp(json_string_value(json_object_get(row, "location_id")), location) !=
		         0)
			fail_msg("report for %s shows %s", location, r.out);
	}
	json_decref(doc);
	tu_run_free(&r);
	return qty;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->hubdb = tu_path(f->dir, "hub.db");
	f->conf = tu_path(f->dir, "tally.conf");
	tu_write_file(f->conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 20\n");
	hub_run_init(f->hubdb);
	f->hubwhere = hub_run_where(f->hubdb);
	hub_run_start(&f->hub, f->hubdb, NULL);
	import(f, region_and_st_olav);
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
	free(f->hubwhere);
	free(f->conf);
	free(f);
	return 0;
}

/* --- tests --------------------------------------------------------------- */

static const struct held sto_med = {
	.location = "HMN ORK ORK-MED STO STO-H STO-KIR STO-MED",
	.basis = "ORK-MED:A003 STO-KIR:A001 STO-MED:A001 STO-MED:A002",
	.stock = "STO-KIR:A001 STO-MED:A001 STO-MED:A002",
	.plan_place = "P-STO:STO-MED",
	.delivery = "",
	.delivery_line = "",
	.user = "1001 1003 9000",
};

static const struct held lager = {
	.location = "HMN LAGER LAGER-A01",
	.basis = "",
	.stock = "",
	.plan_place = "",
	.delivery = "395200000000000017",
	.delivery_line = "395200000000000017:A001",
	.user = "1004 9000",
};

static const struct held lev_med = {
	.location = "HMN HNT LEV LEV-MED NAM NAM-MED",
	.basis = "LEV-MED:A001 NAM-MED:A002",
	.stock = "LEV-MED:A001",
	.plan_place = "P-HNT:LEV-MED",
	.delivery = "395200000000000024",
	.delivery_line = "395200000000000024:A002",
	.user = "2001 2002 9000",
};

static const struct held hmr = {
	.location = "ALE ALE-MED HMN HMR MOL MOL-MED",
	.basis = "ALE-MED:A001 MOL-MED:A003",
	.stock = "ALE-MED:A001",
	.plan_place = "",
	.delivery = "",
	.delivery_line = "",
	.user = "3001 3002 9000",
};

static void phased_roll_out_each_store_holds_its_scope(void **state)
{
	struct fx *f = *state;
	/* Phase 1: St. Olav live. */
	char *h1 = handheld(f, "STO-MED handheld", "STO-MED");
	char *hw = handheld(f, "warehouse handheld", "LAGER");
	char *hr = handheld(f, "region handheld", NULL);
	count(h1, "STO-MED", "A001", 4);
	count(h1, "STO-MED", "A002", 1);
	sync_ok(f, h1);
	sync_ok(f, h1); /* the stock its counts made comes back */
	sync_ok(f, hw);
	sync_ok(f, hr);
	struct held phase1 = sto_med;
	assert_holds("the St. Olav ward handheld", h1, &phase1);
	assert_holds("the warehouse handheld", hw, &lager);
	char *users = query(hr, "SELECT badge FROM user ORDER BY badge");
	assert_string_equal(users, "1001 1002 1003 1004 9000");
	free(users);

	/* Phase 2: Nord-Trøndelag imported while St. Olav syncs on. */
	import(f, nord_trondelag);
	char *h2 = handheld(f, "LEV-MED handheld", "LEV-MED");
	count(h2, "LEV-MED", "A001", 6);
	sync_ok(f, h2);
	sync_ok(f, h2);
	sync_ok(f, h1);
	sync_ok(f, hw);
	struct held phase2 = lev_med;
	assert_holds("the Levanger ward handheld", h2, &phase2);
	assert_holds("the St. Olav ward handheld", h1, &sto_med);
	assert_holds("the warehouse handheld", hw, &lager);

	/* Phase 3: Møre og Romsdal, a trust-wide handheld. */
	import(f, more_og_romsdal);
	char *h3 = handheld(f, "HMR handheld", "HMR");
	count(h3, "ALE-MED", "A001", 2);
	sync_ok(f, h3);
	sync_ok(f, h3);
	for (int i = 0; i < 2; i++) {
		sync_ok(f, h1);
		sync_ok(f, h2);
		sync_ok(f, hw);
		sync_ok(f, hr);
	}
	assert_holds("the Møre og Romsdal handheld", h3, &hmr);
	assert_holds("the Levanger ward handheld", h2, &lev_med);
	assert_holds("the St. Olav ward handheld", h1, &sto_med);
	assert_holds("the warehouse handheld", hw, &lager);
	/* The region handheld holds everything the hub has. */
	char *want = hub_query(f, "SELECT count(*) FROM location");
	char *got = query(hr, "SELECT count(*) FROM location");
	assert_string_equal(got, want);
	free(want);
	free(got);
	want = hub_query(f, "SELECT badge FROM \"user\" ORDER BY badge");
	got = query(hr, "SELECT badge FROM user ORDER BY badge");
	assert_string_equal(got, want);
	free(want);
	free(got);

	/* The reports per trust: each ward's on-hand is its handheld's count. */
	assert_int_equal(on_hand(f, "STO-MED", "A001"), 4);
	assert_int_equal(on_hand(f, "STO-MED", "A002"), 1);
	assert_int_equal(on_hand(f, "LEV-MED", "A001"), 6);
	assert_int_equal(on_hand(f, "ALE-MED", "A001"), 2);
	/* Nobody counted Kirurgi 2: its imported stock (7) is its opening
	 * balance, and stands until a count (docs/hub-reports.md). */
	assert_int_equal(on_hand(f, "STO-KIR", "A001"), 7);
	/* Stock as each handheld sees it: its own circle's counts. */
	char *q = query(h2, "SELECT qty FROM stock WHERE location_id = 'LEV-MED'");
	assert_string_equal(q, "6");
	free(q);
	q = query(h1, "SELECT count(*) FROM stock WHERE location_id = 'LEV-MED'");
	assert_string_equal(q, "0");
	free(q);
	/* "Hvor kan jeg låne?" on the St. Olav handheld, offline: the wards of
	 * its trust with their last counts, none of Nord-Trøndelag's. */
	struct tu_run w = tally(f, h1, "where", "A001", "--json");
	assert_int_equal(w.status, 0);
	tu_assert_contains(w.out, "STO-KIR");
	tu_assert_contains(w.out, "STO-MED");
	assert_null(strstr(w.out, "LEV-MED"));
	tu_run_free(&w);
	w = tally(f, h2, "where", "A001", "--json");
	assert_int_equal(w.status, 0);
	tu_assert_contains(w.out, "LEV-MED");
	assert_null(strstr(w.out, "STO-"));
	tu_run_free(&w);
	/* No record was flagged: each counted its own ward. */
	q = hub_query(f, "SELECT count(*) FROM event WHERE flag IS NOT NULL");
	assert_string_equal(q, "0");
	free(q);
	free(h1);
	free(hw);
	free(hr);
	free(h2);
	free(h3);
}

static void a_moved_device_gets_its_new_scope_and_keeps_its_records(void **state)
{
	struct fx *f = *state;
	import(f, nord_trondelag);
	char *h = handheld(f, "travelling handheld", "STO-MED");
	sync_ok(f, h);
	assert_holds("the handheld before the move", h,
	             &(struct held){ .location = sto_med.location,
	                             .basis = sto_med.basis,
	                             .stock = "STO-KIR:A001",
	                             .plan_place = "P-STO:STO-MED",
	                             .delivery = "",
	                             .delivery_line = "",
	                             .user = "1001 1003 9000" });
	/* Counted offline at St. Olav before the admin moves it. */
	count(h, "STO-MED", "A001", 3);
	count(h, "STO-MED", "A002", 2);

	struct tu_run r = hub_cmd(f, "scope", "travelling handheld", "LEV-MED", NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "now serves LEV-MED");
	tu_run_free(&r);
	r = hub_cmd(f, "scope", NULL, NULL, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "LEV-MED");
	tu_assert_contains(r.out, "Levanger medisin");
	tu_assert_contains(r.out, "Where-to-borrow circle: trust");
	tu_run_free(&r);

	sync_ok(f, h);
	sync_ok(f, h);
	/* Nothing pending is lost: both counts reached the hub. */
	char *q = query(h, "SELECT count(*) FROM record WHERE state = 'sent'");
	assert_string_equal(q, "2");
	free(q);
	q = hub_query(f, "SELECT qty FROM event ORDER BY seq");
	assert_string_equal(q, "3 2");
	free(q);
	/* ... and they are accepted but flagged: made at St. Olav, arriving
	 * from a handheld that now serves Levanger. */
	q = hub_query(f, "SELECT flag FROM event ORDER BY seq");
	assert_string_equal(q, "out-of-scope out-of-scope");
	free(q);
	/* It holds Levanger's scope, and St. Olav's users are gone. */
	assert_holds("the moved handheld", h,
	             &(struct held){ .location = lev_med.location,
	                             .basis = lev_med.basis,
	                             .stock = "",
	                             .plan_place = lev_med.plan_place,
	                             .delivery = lev_med.delivery,
	                             .delivery_line = lev_med.delivery_line,
	                             .user = lev_med.user });

	/* Back to the whole region: everything again. */
	r = hub_cmd(f, "scope", "travelling handheld", "--region", NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	sync_ok(f, h);
	q = query(h, "SELECT count(*) FROM user");
	assert_string_equal(q, "7");
	free(q);

	/* Unknown devices and places are said. */
	r = hub_cmd(f, "scope", "no such handheld", "LEV-MED", NULL, NULL);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "no enrolled device is called 'no such handheld'");
	tu_run_free(&r);
	r = hub_cmd(f, "scope", "travelling handheld", "NOWHERE", NULL, NULL);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "there is no location 'NOWHERE'");
	tu_run_free(&r);
	r = hub_cmd(f, "enroll-code", "x", "--scope", "NOWHERE", "--url");
	assert_int_equal(r.status, 64);
	tu_run_free(&r);
	char *argv[] = { (char *)tu_hub_bin(),
		         "--db",
		         f->hubwhere,
		         "enroll-code",
		         "x",
		         "--scope",
		         "NOWHERE",
		         "--url",
		         "http://127.0.0.1:1",
		         NULL };
	char *env[] = { "TALLY_LANG=en", NULL };
	r = tu_run(argv, NULL, env);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "there is no location 'NOWHERE'");
	tu_run_free(&r);
	free(h);
}

static void a_user_moving_home_leaves_the_old_wards_handhelds(void **state)
{
	struct fx *f = *state;
	import(f, nord_trondelag);
	char *h1 = handheld(f, "STO-MED handheld", "STO-MED");
	char *h2 = handheld(f, "LEV-MED handheld", "LEV-MED");
	sync_ok(f, h1);
	sync_ok(f, h2);
	/* Kari moves from St. Olav to Levanger; Regional IT gets a home at
	 * Levanger too (no longer region-wide). */
	import(f, "{\"user\": [{\"badge\": \"1001\", \"name\": \"Kari Med\", \"home_id\":"
	          " \"LEV-MED\", " HASH("1") "}, {\"badge\": \"9000\", \"name\": \"Regional IT\","
	                                     " \"home_id\": \"LEV\", " HASH("0") "}]}");
	sync_ok(f, h1);
	sync_ok(f, h2);
	char *q = query(h1, "SELECT badge FROM user ORDER BY badge");
	assert_string_equal(q, "1003");
	free(q);
	q = query(h2, "SELECT badge FROM user ORDER BY badge");
	assert_string_equal(q, "1001 2001 2002 9000");
	free(q);
	/* A user deleted at the hub is deleted on the handhelds of her home. */
	import(f, "{\"delete\": {\"user\": [{\"badge\": \"2001\"}]}}");
	sync_ok(f, h2);
	q = query(h2, "SELECT badge FROM user ORDER BY badge");
	assert_string_equal(q, "1001 2002 9000");
	free(q);
	free(h1);
	free(h2);
}

static void the_borrow_circle_widens_to_the_region_and_back(void **state)
{
	struct fx *f = *state;
	import(f, nord_trondelag);
	char *h1 = handheld(f, "STO-MED handheld", "STO-MED");
	sync_ok(f, h1);
	struct tu_run r = hub_cmd(f, "scope", "--circle", "region", NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "region (was trust)");
	tu_run_free(&r);
	sync_ok(f, h1);
	/* Every ward's basis list and every place, but still only its own
	 * users, plan places and deliveries. */
	char *q = query(h1, "SELECT location_id || ':' || article_id FROM basis ORDER BY 1");
	assert_string_equal(q, "LEV-MED:A001 NAM-MED:A002 ORK-MED:A003 STO-KIR:A001 STO-MED:A001 "
	                       "STO-MED:A002");
	free(q);
	q = query(h1, "SELECT count(*) FROM location");
	assert_string_equal(q, "14");
	free(q);
	q = query(h1, "SELECT badge FROM user ORDER BY badge");
	assert_string_equal(q, "1001 1003 9000");
	free(q);
	/* A hospital circle: Orkdal's and Levanger's lists go. */
	r = hub_cmd(f, "scope", "--circle", "hospital", NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	sync_ok(f, h1);
	assert_holds("the handheld with a hospital circle", h1,
	             &(struct held){ .location = "HMN STO STO-H STO-KIR STO-MED",
	                             .basis = "STO-KIR:A001 STO-MED:A001 STO-MED:A002",
	                             .stock = "STO-KIR:A001",
	                             .plan_place = "P-STO:STO-MED",
	                             .delivery = "",
	                             .delivery_line = "",
	                             .user = "1001 1003 9000" });
	r = hub_cmd(f, "scope", "--circle", "county", NULL, NULL);
	assert_int_equal(r.status, 64);
	tu_run_free(&r);
	free(h1);
}

static void a_ward_or_a_delivery_moving_in_the_tree_moves_between_handhelds(void **state)
{
	struct fx *f = *state;
	import(f, nord_trondelag);
	char *hs = handheld(f, "St. Olav hospital handheld", "STO-H");
	char *hl = handheld(f, "Levanger hospital handheld", "LEV");
	char *hw = handheld(f, "warehouse handheld", "LAGER");
	sync_ok(f, hs);
	sync_ok(f, hl);
	sync_ok(f, hw);
	char *q = query(hs, "SELECT badge FROM user ORDER BY badge");
	assert_string_equal(q, "1001 1002 1003 9000");
	free(q);
	/* Kirurgi 2 becomes part of Levanger; the parcel goes to Levanger's
	 * ward instead of the warehouse. */
	import(f, "{\"location\": [{\"id\": \"STO-KIR\", \"name\": \"Kirurgi 2\", \"parent_id\":"
	          " \"LEV\", \"hospital_id\": \"LEV\"}], \"delivery\": [{\"sscc\":"
	          " \"395200000000000017\", \"location_id\": \"LEV-MED\"}]}");
	/* ... and before St. Olav's handheld syncs, the moved ward is renamed
	 * and its list changed: those changes still tell it to delete them. */
	import(f, "{\"location\": [{\"id\": \"STO-KIR\", \"name\": \"Kirurgi 2 Levanger\","
	          " \"parent_id\": \"LEV\", \"hospital_id\": \"LEV\"}], \"basis\": [{"
	          "\"location_id\": \"STO-KIR\", \"article_id\": \"A001\", \"min\": 3,"
	          " \"max\": 9}]}");
	sync_ok(f, hs);
	sync_ok(f, hl);
	sync_ok(f, hw);
	assert_holds("the St. Olav hospital handheld", hs,
	             &(struct held){ .location = "HMN ORK ORK-MED STO STO-H STO-MED",
	                             .basis = "ORK-MED:A003 STO-MED:A001 STO-MED:A002",
	                             .stock = "",
	                             .plan_place = "P-STO:STO-MED",
	                             .delivery = "",
	                             .delivery_line = "",
	                             .user = "1001 1003 9000" });
	assert_holds(
	    "the Levanger hospital handheld", hl,
	    &(struct held){ .location = "HMN HNT LEV LEV-MED NAM NAM-MED STO-KIR",
	                    .basis = "LEV-MED:A001 NAM-MED:A002 STO-KIR:A001",
	                    .stock = "STO-KIR:A001",
	                    .plan_place = "P-HNT:LEV-MED P-STO:STO-KIR",
	                    .delivery = "395200000000000017 395200000000000024",
	                    .delivery_line = "395200000000000017:A001 395200000000000024:A002",
	                    .user = "1002 2001 2002 9000" });
	assert_holds("the warehouse handheld", hw,
	             &(struct held){ .location = "HMN LAGER LAGER-A01",
	                             .basis = "",
	                             .stock = "",
	                             .plan_place = "",
	                             .delivery = "",
	                             .delivery_line = "",
	                             .user = "1004 9000" });
	free(hs);
	free(hl);
	free(hw);
}

static void a_deleted_place_leaves_the_handhelds_that_held_it(void **state)
{
	struct fx *f = *state;
	import(f, nord_trondelag);
	char *hm = handheld(f, "STO-MED handheld", "STO-MED");
	char *hs = handheld(f, "St. Olav hospital handheld", "STO-H");
	char *hl = handheld(f, "Levanger hospital handheld", "LEV");
	char *hr = handheld(f, "region handheld", NULL);
	sync_ok(f, hm);
	sync_ok(f, hs);
	sync_ok(f, hl);
	sync_ok(f, hr);
	char *q = query(hm, "SELECT location_id || ':' || article_id FROM basis ORDER BY 1");
	assert_string_equal(q, "ORK-MED:A003 STO-KIR:A001 STO-MED:A001 STO-MED:A002");
	free(q);
	/* Kirurgi 2 closes (its list, last count, plan place and staff were
	 * there); Levanger medisin too, with the parcel it expected. */
	import(f, "{\"delete\": {\"location\": [{\"id\": \"STO-KIR\"}, {\"id\": \"LEV-MED\"}]}}");
	sync_ok(f, hm);
	sync_ok(f, hs);
	sync_ok(f, hl);
	sync_ok(f, hr);
	assert_holds("the STO-MED handheld", hm,
	             &(struct held){ .location = "HMN ORK ORK-MED STO STO-H STO-MED",
	                             .basis = "ORK-MED:A003 STO-MED:A001 STO-MED:A002",
	                             .stock = "",
	                             .plan_place = "P-STO:STO-MED",
	                             .delivery = "",
	                             .delivery_line = "",
	                             .user = "1001 1003 9000" });
	assert_holds("the St. Olav hospital handheld", hs,
	             &(struct held){ .location = "HMN ORK ORK-MED STO STO-H STO-MED",
	                             .basis = "ORK-MED:A003 STO-MED:A001 STO-MED:A002",
	                             .stock = "",
	                             .plan_place = "P-STO:STO-MED",
	                             .delivery = "",
	                             .delivery_line = "",
	                             .user = "1001 1003 9000" });
	assert_holds("the Levanger hospital handheld", hl,
	             &(struct held){ .location = "HMN HNT LEV NAM NAM-MED",
	                             .basis = "NAM-MED:A002",
	                             .stock = "",
	                             .plan_place = "",
	                             .delivery = "",
	                             .delivery_line = "",
	                             .user = "2002 9000" });
	/* The region's handheld: the places and what was bound to them are
	 * gone; the people stay (the hub keeps them until they get a new home). */
	q = query(hr, "SELECT count(*) FROM location WHERE id IN ('STO-KIR', 'LEV-MED')");
	assert_string_equal(q, "0");
	free(q);
	q = query(hr, "SELECT location_id || ':' || article_id FROM basis ORDER BY 1");
	assert_string_equal(q, "NAM-MED:A002 ORK-MED:A003 STO-MED:A001 STO-MED:A002");
	free(q);
	q = query(hr, "SELECT (SELECT count(*) FROM stock) || ' ' || (SELECT count(*) FROM"
	              " delivery) || ' ' || (SELECT count(*) FROM delivery_line) || ' ' ||"
	              " (SELECT group_concat(location_id) FROM plan_place)");
	assert_string_equal(q, "0 1 1 STO-MED");
	free(q);
	/* The hub holds nothing bound to them either. */
	q = hub_query(f, "SELECT (SELECT count(*) FROM basis WHERE location_id IN ('STO-KIR',"
	                 " 'LEV-MED')) + (SELECT count(*) FROM stock WHERE location_id IN"
	                 " ('STO-KIR', 'LEV-MED')) + (SELECT count(*) FROM plan_place WHERE"
	                 " location_id IN ('STO-KIR', 'LEV-MED')) + (SELECT count(*) FROM"
	                 " delivery WHERE location_id = 'LEV-MED') + (SELECT count(*) FROM"
	                 " delivery_line WHERE sscc = '395200000000000024')");
	assert_string_equal(q, "0");
	free(q);
	/* "Hvor kan jeg låne?" no longer sends anyone to the closed ward. */
	struct tu_run w = tally(f, hm, "where", "A001", "--json");
	assert_int_equal(w.status, 0);
	tu_assert_contains(w.out, "STO-MED");
	assert_null(strstr(w.out, "STO-KIR"));
	tu_run_free(&w);
	free(hm);
	free(hs);
	free(hl);
	free(hr);
}

static void a_last_count_travels_only_with_a_basis_list(void **state)
{
	struct fx *f = *state;
	char *hk = handheld(f, "STO-KIR handheld", "STO-KIR");
	char *hm = handheld(f, "STO-MED handheld", "STO-MED");
	/* The ward counts what its list does not name (a loan left behind),
	 * and the hospital's pharmacy has its opening stock. */
	count(hm, "STO-MED", "A003", 5);
	import(f, "{\"location\": [{\"id\": \"STO-APO\", \"name\": \"Apoteket\", \"kind\":"
	          " \"pharmacy\", \"parent_id\": \"STO-H\", \"hospital_id\": \"STO-H\"}],"
	          " \"stock\": [{\"location_id\": \"STO-APO\", \"article_id\": \"A001\","
	          " \"qty\": 300}]}");
	sync_ok(f, hm);
	sync_ok(f, hk);
	char *q = hub_query(f, "SELECT location_id || ':' || article_id FROM stock ORDER BY 1");
	assert_string_equal(q, "STO-APO:A001 STO-KIR:A001 STO-MED:A003");
	free(q);
	/* Neither reaches the other ward's handheld: no list names them, and
	 * "Hvor kan jeg låne?" reads last counts through basis lists only. */
	q = query(hk, "SELECT location_id || ':' || article_id FROM stock ORDER BY 1");
	assert_string_equal(q, "STO-KIR:A001");
	free(q);
	/* Once Medisin 1's list takes A003, its last count comes along. */
	import(f, "{\"basis\": [{\"location_id\": \"STO-MED\", \"article_id\": \"A003\","
	          " \"min\": 1, \"max\": 6}]}");
	sync_ok(f, hk);
	q = query(hk, "SELECT location_id || ':' || article_id || '=' || qty FROM stock"
	              " ORDER BY 1");
	assert_string_equal(q, "STO-KIR:A001=7 STO-MED:A003=5");
	free(q);
	struct tu_run w = tally(f, hk, "where", "A003", "--json");
	assert_int_equal(w.status, 0);
	tu_assert_contains(w.out, "STO-MED");
	tu_assert_contains(w.out, "ORK-MED");
	tu_run_free(&w);
	free(hk);
	free(hm);
}

static void a_plan_reaches_the_handhelds_of_its_places(void **state)
{
	struct fx *f = *state;
	import(f, nord_trondelag);
	char *hm = handheld(f, "STO-MED handheld", "STO-MED");
	char *ho = handheld(f, "ORK-MED handheld", "ORK-MED");
	char *hl = handheld(f, "Levanger hospital handheld", "LEV");
	char *hw = handheld(f, "warehouse handheld", "LAGER");
	char *hr = handheld(f, "region handheld", NULL);
	const char *plans = "SELECT (SELECT coalesce(group_concat(id, ' '), '') FROM (SELECT id"
	                    " FROM plan ORDER BY id)) || '/' || (SELECT count(*) FROM plan_line)";
	sync_ok(f, hm);
	sync_ok(f, ho);
	sync_ok(f, hl);
	sync_ok(f, hw);
	sync_ok(f, hr);
	/* St. Olav's plan has places on Medisin 1 and Kirurgi 2, Nord-Trøndelag's
	 * on Levanger medisin: each handheld holds the plans it can drill. */
	char *q = query(hm, plans);
	assert_string_equal(q, "P-STO/1");
	free(q);
	q = query(ho, plans);
	assert_string_equal(q, "/0");
	free(q);
	q = query(hl, plans);
	assert_string_equal(q, "P-HNT/0");
	free(q);
	q = query(hw, plans);
	assert_string_equal(q, "/0");
	free(q);
	q = query(hr, plans);
	assert_string_equal(q, "P-HNT P-STO/1");
	free(q);
	/* Orkdal's ward gets a place in St. Olav's plan: the plan and its line
	 * come to its handheld; a deleted plan leaves every handheld. */
	import(f, "{\"plan_place\": [{\"plan_id\": \"P-STO\", \"article_id\": \"A001\","
	          " \"location_id\": \"ORK-MED\", \"min\": 1, \"max\": 2}]}");
	sync_ok(f, ho);
	q = query(ho, plans);
	assert_string_equal(q, "P-STO/1");
	free(q);
	import(f,
	       "{\"delete\": {\"plan_place\": [{\"plan_id\": \"P-HNT\", \"article_id\": \"A001\","
	       " \"location_id\": \"LEV-MED\"}], \"plan\": [{\"id\": \"P-HNT\"}]}}");
	sync_ok(f, hl);
	sync_ok(f, hr);
	q = query(hl, plans);
	assert_string_equal(q, "/0");
	free(q);
	q = query(hr, plans);
	assert_string_equal(q, "P-STO/1");
	free(q);
	free(hm);
	free(ho);
	free(hl);
	free(hw);
	free(hr);
}

/* Enrol over HTTP: the token; *scope_out the scope the hub answered. */
static char *enrol_http(struct fx *f, const char *name, const char *scope, char **scope_out)
{
	char *argv[] = { (char *)tu_hub_bin(), "--db",    f->hubwhere,   "enroll-code",
		         (char *)name,         "--scope", (char *)scope, "--url",
		         f->hub.url,           NULL };
	char *env[] = { "TALLY_LANG=en", NULL };
	struct tu_run r = tu_run(argv, NULL, env);
	assert_int_equal(r.status, 0);
	char *code = tu_strfmt("%.14s", strstr(r.out, "code=") + 5);
	tu_run_free(&r);
	char *body = tu_strfmt("{\"code\":\"%s\",\"db_id\":\"%s\"}", code, name);
	char *u = tu_strfmt("%s/v1/enroll", f->hub.url);
	struct tu_http h = tu_http("POST", u, NULL, body, strlen(body), 0, NULL);
	assert_int_equal(h.status, 200);
	json_t *j = json_loads(h.body, 0, NULL);
	char *token = tu_strfmt("%s", json_string_value(json_object_get(j, "token")));
	*scope_out = tu_strfmt("%s", json_string_value(json_object_get(j, "scope")));
	json_decref(j);
	tu_http_free(&h);
	free(u);
	free(body);
	free(code);
	return token;
}

/* Every change from `since` in pages of `limit`, as "cursor table op key"
 * lines; the cursors only go up. */
static char *pull_all(struct fx *f, const char *token, int limit, long long *since)
{
	char *all = tu_strfmt("%s", "");
	long long last = *since;
	for (int more = 1; more;) {
		char *u = tu_strfmt("%s/v1/changes?since=%lld&limit=%d", f->hub.url, *since, limit);
		struct tu_http r = tu_http("GET", u, token, NULL, 0, 0, NULL);
		free(u);
		assert_int_equal(r.status, 200);
		json_t *j = json_loads(r.body, 0, NULL);
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(j, "changes"), i, c)
		{
			long long cur = json_integer_value(json_object_get(c, "cursor"));
			assert_true(cur > last);
			last = cur;
			char *row = json_dumps(json_object_get(c, "row"), JSON_SORT_KEYS);
			char *more_text =
			    tu_strfmt("%s%lld %s %s %s\n", all, cur,
			              json_string_value(json_object_get(c, "table")),
			              json_string_value(json_object_get(c, "op")), row);
			free(row);
			free(all);
			all = more_text;
		}
		long long next = json_integer_value(json_object_get(j, "next"));
		assert_true(next >= *since);
		*since = next;
		more = json_is_true(json_object_get(j, "more"));
		json_decref(j);
		tu_http_free(&r);
	}
	return all;
}

static void small_pages_give_what_one_page_gives(void **state)
{
	struct fx *f = *state;
	import(f, nord_trondelag);
	char *scope = NULL;
	char *token = enrol_http(f, "pager", "STO-H", &scope);
	assert_string_equal(scope, "STO-H");
	long long a = 0, b = 0;
	char *whole = pull_all(f, token, 5000, &a);
	char *paged = pull_all(f, token, 2, &b);
	assert_string_equal(paged, whole);
	assert_int_equal(a, b);
	tu_assert_contains(whole, "user upsert {\"badge\": \"1003\"");
	assert_null(strstr(whole, "\"2001\""));
	assert_null(strstr(whole, "LEV-MED"));
	/* Nothing new: an empty page, the cursor where it was. */
	char *none = pull_all(f, token, 2, &b);
	assert_string_equal(none, "");
	assert_int_equal(a, b);
	/* Another trust's import moves the cursor on without a change for
	 * this device. */
	import(f, more_og_romsdal);
	none = (free(none), pull_all(f, token, 2, &b));
	assert_string_equal(none, "");
	assert_true(b > a);
	free(none);
	free(whole);
	free(paged);
	free(token);
	free(scope);
}

static void a_record_outside_the_scope_is_accepted_and_flagged(void **state)
{
	struct fx *f = *state;
	import(f, nord_trondelag);
	char *scope = NULL;
	char *token = enrol_http(f, "poster", "LEV-MED", &scope);
	const char *body =
	    "{\"db_id\": \"poster\", \"events\": ["
	    "{\"seq\": 1, \"uuid\": \"0f8e8a4c-55a2-4a53-9a1d-4d1f5f0e7d21\", \"kind\": \"count\","
	    " \"device_time\": \"2026-11-23T08:15:02.123Z\", \"location_id\": \"LEV-MED\","
	    " \"article_id\": \"A001\", \"qty\": 4},"
	    "{\"seq\": 2, \"uuid\": \"0f8e8a4c-55a2-4a53-9a1d-4d1f5f0e7d22\", \"kind\": \"count\","
	    " \"device_time\": \"2026-11-23T08:15:03.123Z\", \"location_id\": \"STO-MED\","
	    " \"article_id\": \"A001\", \"qty\": 9}]}";
	char *u = tu_strfmt("%s/v1/events", f->hub.url);
	struct tu_http r = tu_http("POST", u, token, body, strlen(body), 0, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	json_t *res = json_object_get(j, "results");
	assert_string_equal(json_string_value(json_object_get(json_array_get(res, 0), "status")),
	                    "accepted");
	assert_null(json_object_get(json_array_get(res, 0), "flag"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(res, 1), "status")),
	                    "accepted");
	assert_string_equal(json_string_value(json_object_get(json_array_get(res, 1), "flag")),
	                    "out-of-scope");
	json_decref(j);
	tu_http_free(&r);
	free(u);
	char *q = hub_query(f, "SELECT coalesce(flag, '-') FROM event ORDER BY seq");
	assert_string_equal(q, "- out-of-scope");
	free(q);
	free(token);
	free(scope);
}

static void a_hub_of_schema_1_migrates_and_its_device_can_be_scoped(void **state)
{
	(void)state;
	if (hub_run_pg()) {
		printf("skipped: a hub of schema 1 is a SQLite file; a PostgreSQL hub database is "
		       "made at the current schema\n");
		skip();
	}
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "hub.db");
	char *fixture = tu_srcfile("tests/fixtures/hub-v1.sql");
	char *sql = tu_read_file(fixture, NULL);
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);

	struct tally_err e = { 0 };
	struct hdb *db = hub_db_open(path, 0, &e);
	if (db == NULL)
		fail_msg("open: %s", e.msg);
	char *q = query(path, "PRAGMA user_version");
	assert_int_equal(atoi(q), HUB_SCHEMA_VERSION); /* migrated to the newest */
	free(q);
	/* Everything the old hub held is still there, its device region-wide. */
	q = query(path, "SELECT coalesce(scope_id, 'region') FROM device");
	assert_string_equal(q, "region");
	free(q);
	json_t *page = changelog_page(db, 1, NULL, 0, 5000, &e);
	assert_non_null(page);
	assert_int_equal(json_array_size(json_object_get(page, "changes")), 11);
	json_decref(page);
	hdb_close(db);

	/* Moved into Medisin 1: Kirurgi 2's parcel goes; its basis list stays,
	 * for where-to-borrow in the same trust. */
	char *argv[] = {
		(char *)tu_hub_bin(), "--db", path, "scope", "old handheld", "MED1", NULL
	};
	struct tu_run r = tu_run(argv, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	db = hub_db_open(path, 0, &e);
	assert_non_null(db);
	page = changelog_page(db, 1, "MED1", 11, 5000, &e);
	assert_non_null(page);
	char *text = json_dumps(page, JSON_COMPACT);
	tu_assert_contains(text, "\"table\":\"delivery\",\"op\":\"delete\",\"row\":{\"sscc\":"
	                         "\"395200000000000017\"}}");
	tu_assert_contains(text, "\"table\":\"delivery_line\",\"op\":\"delete\"");
	assert_null(strstr(text, "\"op\":\"upsert\""));
	free(text);
	json_decref(page);
	/* A fresh pull of MED1's scope. */
	page = changelog_page(db, 99, "MED1", 0, 5000, &e);
	text = json_dumps(page, JSON_COMPACT);
	tu_assert_contains(text, "\"location_id\":\"MED1\",\"article_id\":\"A001\"");
	tu_assert_contains(text, "\"location_id\":\"KIR2\",\"article_id\":\"A002\"");
	assert_null(strstr(text, "395200000000000017"));
	tu_assert_contains(text, "\"badge\":\"1001\"");
	free(text);
	json_decref(page);
	hdb_close(db);
	free(sql);
	free(fixture);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(phased_roll_out_each_store_holds_its_scope, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(
		    a_moved_device_gets_its_new_scope_and_keeps_its_records, setup, teardown),
		cmocka_unit_test_setup_teardown(a_user_moving_home_leaves_the_old_wards_handhelds,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(the_borrow_circle_widens_to_the_region_and_back,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		    a_ward_or_a_delivery_moving_in_the_tree_moves_between_handhelds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(a_deleted_place_leaves_the_handhelds_that_held_it,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(a_last_count_travels_only_with_a_basis_list, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_plan_reaches_the_handhelds_of_its_places, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(small_pages_give_what_one_page_gives, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_record_outside_the_scope_is_accepted_and_flagged,
		                                setup, teardown),
		cmocka_unit_test(a_hub_of_schema_1_migrates_and_its_device_can_be_scoped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
