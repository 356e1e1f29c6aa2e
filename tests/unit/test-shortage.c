/*
 * test-shortage.c — a shortage notice (forsyningssvikt) from the pharmacy
 * to the ward, end to end with the real programs: registered at the real
 * tally-hub (`tally-hub shortage add`, bad input refused), pulled by a
 * handheld from the hub serving on 127.0.0.1 (`tally sync --once`); then,
 * offline, a round that scans the article warns with the alternatives and
 * still records the count, and marks it on the refill order; a goods
 * receipt warns the same; `tally where` shows the notice and which wards
 * hold the alternatives; `tally status` lists it; an article without a
 * notice does not warn; and a notice ended at the hub warns no more.
 *
 * run-all.sh runs it a second time with the hub on PostgreSQL
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

static const char master[] =
    "{\"article\": [{\"id\": \"A-PARA\", \"name\": \"Paracetamol 500 mg\","
    "  \"generic_name\": \"paracetamol\"},"
    " {\"id\": \"A-PARA1G\", \"name\": \"Paracetamol 1 g\"},"
    " {\"id\": \"A-IBU\", \"name\": \"Ibuprofen 400 mg\"}],"
    " \"code\": [{\"code\": \"09521234543213\", \"article_id\": \"A-PARA\"},"
    " {\"code\": \"09521234000051\", \"article_id\": \"A-IBU\"}],"
    " \"location\": [{\"id\": \"W-MED1\", \"code\": \"LOC:MED1\", \"name\": \"Medisinsk 1\","
    "  \"kind\": \"ward\", \"hospital_id\": \"H-A\"},"
    " {\"id\": \"W-KIR2\", \"name\": \"Kirurgisk 2\", \"kind\": \"ward\", \"hospital_id\": "
    "\"H-A\"},"
    " {\"id\": \"BIN-1\", \"code\": \"LOC:BIN1\", \"name\": \"Hylle 1\", \"kind\": "
    "\"warehouse-bin\"}],"
    " \"basis\": [{\"location_id\": \"W-MED1\", \"article_id\": \"A-PARA\", \"min\": 4, \"max\": "
    "20},"
    " {\"location_id\": \"W-MED1\", \"article_id\": \"A-IBU\", \"min\": 2, \"max\": 6},"
    " {\"location_id\": \"W-KIR2\", \"article_id\": \"A-PARA1G\", \"min\": 2, \"max\": 10}],"
    " \"stock\": [{\"location_id\": \"W-KIR2\", \"article_id\": \"A-PARA1G\", \"qty\": 7,"
    "  \"counted_at\": \"2026-11-20T08:00:00Z\"}],"
    " \"delivery\": [{\"sscc\": \"095212340000000020\", \"id\": \"PO-77\", \"supplier\":"
    "  \"Grossist AS\", \"location_id\": \"BIN-1\"}],"
    " \"delivery_line\": [{\"sscc\": \"095212340000000020\", \"article_id\": \"A-PARA\","
    "  \"gtin\": \"09521234543213\", \"batch\": \"AB12\", \"expiry\": \"2027-12-31\", \"qty\": "
    "40}],"
    " \"user\": [{\"badge\": \"1001\", \"name\": \"Kari Nordmann\", \"roles\": \"round\"},"
    " {\"badge\": \"1002\", \"name\": \"Ola Nordmann\", \"roles\": \"receive\"}]}";

#define PARA "]d20109521234543213"
#define IBU  "]d20109521234000051"

static const char warning[] =
    "Supply failure for Paracetamol 500 mg: Delivery failure at the maker, back in January."
    " Alternatives: Ibuprofen 400 mg (therapy switch), Paracetamol 1 g (other strength).";

struct fx {
	char *dir, *hubdb, *store, *conf;
	struct hub_run h; /* h.pid > 0 while it serves: teardown stops it */
};

/* `tally-hub --db ... ARGS` on the hub's database (on PostgreSQL, its
 * database: tests/lib/hub-run.h). */
static struct tu_run hub(struct fx *f, const char *const args[])
{
	char *where = hub_run_where(f->hubdb);
	char *argv[24] = { (char *)tu_hub_bin(), "--lang", "en", "--db", where };
	size_t n = 5;
	for (size_t i = 0; args[i] != NULL && n < 23; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	struct tu_run r = tu_run(argv, NULL, NULL);
	free(where);
	return r;
}

static struct tu_run tally(struct fx *f, const char *const args[])
{
	/* --create: the first command (enrolment) makes the handheld's store. */
	char *argv[20] = { (char *)tu_tally_bin(),
		           "--lang",
		           "en",
		           "--create",
		           "--db",
		           f->store,
		           "--config",
		           f->conf };
	size_t n = 8;
	for (size_t i = 0; args[i] != NULL && n < 19; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	return tu_run(argv, NULL, env);
}

/* Enrol the handheld (once) and pull from the hub serving. */
static void sync_from_hub(struct fx *f, struct hub_run *h, int enroll)
{
	if (enroll) {
		char *code = hub_run_code(f->hubdb, "MED1 handheld", h->url);
		const char *args[] = { "enroll", h->url, code, NULL };
		const char *qr[] = { "enroll", code, NULL };
		struct tu_run r = tally(f, strncmp(code, "tally://", 8) == 0 ? qr : args);
		if (r.status != 0)
			fail_msg("enroll: %s%s", r.out, r.err);
		tu_run_free(&r);
		free(code);
	}
	const char *args[] = { "sync", "--once", NULL };
	struct tu_run r = tally(f, args);
	if (r.status != 0)
		fail_msg("sync: %d %s%s", r.status, r.out, r.err);
	tu_run_free(&r);
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f != NULL && f->h.pid > 0)
		hub_run_stop(&f->h); /* a failed assertion left it serving */
	free(f);
	return 0;
}

static int setup(void **state)
{
	*state = calloc(1, sizeof(struct fx));
	return *state != NULL ? 0 : -1;
}

static void notice_reaches_the_ward(void **state)
{
	struct fx *fp = *state;
	struct fx f = { 0 };
	f.dir = tu_mkdtemp();
	f.hubdb = tu_path(f.dir, "hub.db");
	f.store = tu_path(f.dir, "tally.db");
	f.conf = tu_path(f.dir, "tally.conf");
	tu_write_file(f.conf, "[hub]\nconnect_timeout_s = 2\ntimeout_s = 20\n");
	hub_run_init(f.hubdb);
	char *m = tu_path(f.dir, "master.json");
	tu_write_file(m, master);
	assert_int_equal(hub_run_import(f.hubdb, m), 0);

	/* Bad input at the hub: what was wrong, nothing registered. */
	const char *unknown[] = { "shortage", "add",       "A-NOPE", "--status",
		                  "ongoing",  "--message", "x",      NULL };
	struct tu_run r = hub(&f, unknown);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "no article A-NOPE");
	tu_run_free(&r);
	const char *bad_status[] = { "shortage", "add",       "A-PARA", "--status",
		                     "soon",     "--message", "x",      NULL };
	r = hub(&f, bad_status);
	assert_int_equal(r.status, 64);
	tu_assert_contains(r.err, "upcoming, ongoing or ended");
	tu_run_free(&r);

	const char *add[] = { "shortage",
		              "add",
		              "A-PARA",
		              "--status",
		              "ongoing",
		              "--message",
		              "Delivery failure at the maker, back in January",
		              "--alternative",
		              "A-PARA1G=other strength",
		              "--alternative",
		              "A-IBU=therapy switch",
		              "--from",
		              "2026-11-20",
		              NULL };
	r = hub(&f, add);
	if (r.status != 0)
		fail_msg("shortage add: %s%s", r.out, r.err);
	tu_run_free(&r);
	const char *list[] = { "shortage", "list", NULL };
	r = hub(&f, list);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "Paracetamol 500 mg (A-PARA): ongoing, from 2026-11-20 to -");
	tu_assert_contains(r.out, "  alternative: Paracetamol 1 g (A-PARA1G): other strength");
	tu_run_free(&r);

	struct hub_run *h = &fp->h;
	hub_run_start(h, f.hubdb, NULL);
	sync_from_hub(&f, h, 1);

	/* The handheld works from what it pulled.  A round: the paracetamol count warns and is
	 * recorded (3 on the shelf, at or below min 4: refill 17); the
	 * ibuprofen has no notice. */
	char *scans = tu_path(f.dir, "round.txt");
	tu_write_file(scans, PARA "17280131\t3\n" IBU "17280131\t4\n");
	char *spec = tu_strfmt("file:%s", scans);
	const char *round[] = { "round", "LOC:MED1", "--user", "1001", "--scanner", spec, NULL };
	r = tally(&f, round);
	if (r.status != 0)
		fail_msg("round: %d %s%s", r.status, r.out, r.err);
	char *line1 = tu_strfmt("SHORTAGE line 1: %s\n", warning);
	tu_assert_contains(r.out, line1);
	assert_null(strstr(r.out, "SHORTAGE line 2"));
	/* The refill order marks it, with the alternatives. */
	tu_assert_contains(r.out, "     17  Paracetamol 500 mg\n"
	                          "         SHORTAGE: Ibuprofen 400 mg (therapy switch), "
	                          "Paracetamol 1 g (other strength)\n");
	tu_run_free(&r);

	/* A goods receipt warns the same, and receives the pack. */
	char *parcel = tu_path(f.dir, "receive.txt");
	tu_write_file(parcel, "LOC:BIN1\n" PARA "17271231"
	                      "\x1d"
	                      "10AB12\t5\n");
	char *pspec = tu_strfmt("file:%s", parcel);
	const char *receive[] = { "receive", "095212340000000020", "--user",
		                  "1002",    "--scanner",          pspec,
		                  NULL };
	r = tally(&f, receive);
	if (r.status != 0)
		fail_msg("receive: %d %s%s", r.status, r.out, r.err);
	char *line2 = tu_strfmt("SHORTAGE line 2: %s\n", warning);
	tu_assert_contains(r.out, line2);
	tu_run_free(&r);

	/* Line mode with --json: the warning and the alternatives as fields
	 * of the summary, with the line that gave it; the ibuprofen (line 2)
	 * none. */
	char *jscans = tu_path(f.dir, "round-json.txt");
	tu_write_file(jscans, PARA "17280131\t5\n" IBU "17280131\t4\n");
	char *jspec = tu_strfmt("file:%s", jscans);
	const char *jround[] = { "round",     "LOC:MED1", "--user", "1001",
		                 "--scanner", jspec,      "--json", NULL };
	r = tally(&f, jround);
	if (r.status != 0)
		fail_msg("round --json: %d %s%s", r.status, r.out, r.err);
	assert_null(strstr(r.out, "SHORTAGE line"));
	json_t *summary = json_loads(r.out, 0, NULL);
	assert_non_null(summary);
	json_t *want =
	    json_pack("[{s:s,s:s,s:s,s:s,s:s,s:n,s:s,s:[{s:s,s:s,s:s},{s:s,s:s,s:s}],s:i,s:s}]",
	              "article_id", "A-PARA", "article_name", "Paracetamol 500 mg", "generic_name",
	              "paracetamol", "status", "ongoing", "from_date", "2026-11-20", "to_date",
	              "message", "Delivery failure at the maker, back in January", "alternatives",
	              "article_id", "A-IBU", "article_name", "Ibuprofen 400 mg", "note",
	              "therapy switch", "article_id", "A-PARA1G", "article_name", "Paracetamol 1 g",
	              "note", "other strength", "line", 1, "warning", warning);
	json_t *got = json_object_get(summary, "shortages");
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_INDENT(1));
		fail_msg("shortages: %s", g);
	}
	json_decref(want);
	json_decref(summary);
	tu_run_free(&r);

	/* Where to borrow: the notice, and who holds the alternatives. */
	const char *where[] = { "where", "A-PARA", NULL };
	r = tally(&f, where);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, warning);
	tu_assert_contains(r.out, "Paracetamol 1 g is on the basis list of 1 places:\n");
	tu_assert_contains(r.out, "Kirurgisk 2");
	tu_assert_contains(r.out, "last count 7");
	tu_run_free(&r);

	/* Status lists the current notices. */
	const char *status[] = { "status", NULL };
	r = tally(&f, status);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "shortage notices:\n");
	tu_assert_contains(r.out, warning);
	tu_run_free(&r);

	/* Ended at the hub: the next sync takes it away. */
	const char *end[] = { "shortage", "end", "A-PARA", "--to", "2026-11-24", NULL };
	r = hub(&f, end);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	sync_from_hub(&f, h, 0);
	assert_int_equal(hub_run_stop(h), 0);
	h->pid = 0;
	char *scans2 = tu_path(f.dir, "round2.txt");
	tu_write_file(scans2, PARA "17280131\t2\n");
	char *spec2 = tu_strfmt("file:%s", scans2);
	const char *round2[] = { "round", "LOC:MED1", "--user", "1001", "--scanner", spec2, NULL };
	r = tally(&f, round2);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "Paracetamol 500 mg");
	assert_null(strstr(r.out, "SHORTAGE"));
	tu_run_free(&r);
	r = tally(&f, status);
	assert_null(strstr(r.out, "shortage notices"));
	tu_run_free(&r);

	tu_rmtree(f.dir);
	free(f.dir), free(f.hubdb), free(f.store), free(f.conf), free(m), free(scans), free(spec);
	free(line1), free(parcel), free(pspec), free(line2), free(scans2), free(spec2);
	free(jscans), free(jspec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(notice_reaches_the_ward, setup, teardown),
	};
	return cmocka_run_group_tests_name("shortage", tests, NULL, NULL);
}
