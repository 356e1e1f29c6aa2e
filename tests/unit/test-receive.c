/*
 * test-receive.c — goods receipt of a delivery the handheld expects, and of
 * one it does not: every deviation is recorded where it is seen (short
 * expiry, wrong batch, unexpected article) or at the end (over, under);
 * an unknown parcel is received blind.  Then the same in line mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/receive.h"
#include "jobs/session.h"
#include "common/i18n.h"
#include "db/store.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

/* Sample region deliveries (tests/demo/region.json): parcel 1 expects
 * A001 20 × batch B0100, A002 30 × B0101, A003 40 × B0102. */
#define PARCEL1 "]C100095212300000050005"
#define A001    "]d20109520000010003"
#define A002    "]E09520000010379"
#define A003    "]d20109520000010744"

static int count_deviations(struct store *s, const char *type)
{
	struct record *r;
	size_t n;
	int found = 0;
	assert_int_equal(store_records(s, 0, 0, 0, &r, &n, NULL), 0);
	for (size_t i = 0; i < n; i++)
		if (r[i].kind == REC_DEVIATION &&
		    strcmp(json_string_value(json_object_get(r[i].data, "type")), type) == 0)
			found++;
	records_free(r, n);
	return found;
}

/* Deviations of a type standing in the receipt's session (voided ones
 * left out). */
static int standing_deviations(struct store *s, const struct receive *r, const char *type)
{
	struct record *recs;
	size_t n;
	assert_int_equal(store_session_records(s, r->session, r->start_seq, &recs, &n, NULL), 0);
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_object_get(recs[i].data, "type"));
		k += recs[i].kind == REC_DEVIATION && t != NULL && strcmp(t, type) == 0;
	}
	records_free(recs, n);
	return k;
}

static void receipt_with_deviations(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	char *region = tu_srcfile("tests/demo/region.json");
	struct tu_run run = tu_tally(NULL, "--create", "--db", path, "import", region, NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);

	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	struct receive *r;
	struct receive_event ev;
	struct scan_config cfg = { .year = 2026 };
	assert_int_equal(receive_start(&r, s, "1002", "2026-11-23", &e), 0);

	/* A pack before the parcel: nothing recorded, the user is told. */
	assert_int_equal(receive_scan(r, A002, strlen(A002), 1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_NEED_PARCEL);

	assert_int_equal(receive_scan(r, PARCEL1, strlen(PARCEL1), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_PARCEL);
	assert_false(r->blind);
	assert_int_equal(r->n, 3);
	assert_int_equal(receive_scan(r, "LOC:LAGER-A01", 13, -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_BIN);

	/* 16 of 20, expiring in 128 days where 180 are required. */
	const char *p1 = A001 "17270331"
	                      "10B0100";
	assert_int_equal(receive_scan(r, p1, strlen(p1), 16, &cfg, &ev, &e), 0);
	assert_int_equal(ev.deviations, RECEIVE_DEV_SHORT);
	assert_int_equal(ev.days_left, 128);
	/* 30 of 30 by EAN, but 5 more of them: over. */
	assert_int_equal(receive_scan(r, A002, strlen(A002), 35, &cfg, &ev, &e), 0);
	assert_int_equal(ev.deviations, 0);
	/* the right article in another batch */
	const char *p3 = A003 "17281231"
	                      "10B9999";
	assert_int_equal(receive_scan(r, p3, strlen(p3), 40, &cfg, &ev, &e), 0);
	assert_int_equal(ev.deviations, RECEIVE_DEV_BATCH);
	/* an article not in this delivery: a sterile infusion set */
	const char *set = "]E09520000026288";
	assert_int_equal(receive_scan(r, set, strlen(set), 2, &cfg, &ev, &e), 0);
	assert_int_equal(ev.deviations, RECEIVE_DEV_UNEXPECTED);
	assert_true(ev.sterile);
	assert_int_equal(receive_finish(r, &e), 0);
	receive_free(r);

	assert_int_equal(count_deviations(s, "short-expiry"), 1);
	assert_int_equal(count_deviations(s, "batch-mismatch"), 1);
	assert_int_equal(count_deviations(s, "unexpected"), 1);
	assert_int_equal(count_deviations(s, "under"), 1);
	assert_int_equal(count_deviations(s, "over"), 1);

	/* A parcel nobody told this handheld about: received blind, no deviations. */
	assert_int_equal(receive_start(&r, s, "1002", "2026-11-23", &e), 0);
	const char *unknown = "]C100095212300000099998";
	assert_int_equal(receive_scan(r, unknown, strlen(unknown), -1, &cfg, &ev, &e), 0);
	assert_true(r->blind);
	tu_assert_contains(ev.message, "received blind");
	assert_int_equal(receive_scan(r, A002, strlen(A002), 3, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_RECEIVED);
	assert_int_equal(ev.deviations, 0);
	assert_int_equal(receive_finish(r, &e), 0);
	receive_free(r);
	store_close(s);

	/* Line mode, with the SSCC given on the command line: received above
	 * already, so tally asks, and a first line AGAIN says it is meant. */
	char *file = tu_path(dir, "scans.txt");
	tu_write_file(file, "AGAIN\nLOC:LAGER-A02\n" A001 "17270331"
	                    "10B0100\t20\n");
	char *spec = tu_strfmt("file:%s", file);
	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	char *argv[] = { (char *)tu_tally_bin(), "--lang", "en",   "--db",      path, "receive",
		         "095212300000050005",   "--user", "1002", "--scanner", spec, NULL };
	run = tu_run(argv, NULL, env);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out, "was received");
	tu_assert_contains(run.out, "PARCEL PO-2026-1187");
	tu_assert_contains(run.out, "(parcel 1 of 3)");
	tu_assert_contains(run.out, "BIN   Lager hylle A-02");
	tu_assert_contains(run.out, "expires in 128 days, shorter than required");
	tu_assert_contains(run.out, "Receipt done: 3 deviations recorded"); /* short + 2 under */
	tu_run_free(&run);
	tu_rmtree(dir);
	free(dir), free(path), free(region), free(file), free(spec);
}

/* A pack that arrived damaged: reported after its scan, recorded as a
 * deviation naming the pack; before any pack, the user is told and nothing
 * is recorded.  In line mode, a line DAMAGED does the same. */
static void damaged_pack(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	char *region = tu_srcfile("tests/demo/region.json");
	struct tu_run run = tu_tally(NULL, "--create", "--db", path, "import", region, NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);

	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	struct receive *r;
	struct receive_event ev;
	struct scan_config cfg = { .year = 2026 };
	assert_int_equal(receive_start(&r, s, "1002", "2026-11-23", &e), 0);
	assert_int_equal(receive_scan(r, PARCEL1, strlen(PARCEL1), -1, &cfg, &ev, &e), 0);
	assert_int_equal(receive_damaged(r, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_NO_PACK);
	tu_assert_contains(ev.message, "scan the damaged pack first");
	assert_int_equal(count_deviations(s, "damaged"), 0);

	const char *p1 = A001 "17280331"
	                      "10B0100";
	assert_int_equal(receive_scan(r, p1, strlen(p1), 2, &cfg, &ev, &e), 0);
	assert_int_equal(receive_damaged(r, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_DAMAGED);
	assert_int_equal(ev.qty, 2);
	assert_int_equal(count_deviations(s, "damaged"), 1);

	struct record *rec;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &rec, &n, NULL), 0);
	const struct record *d = &rec[n - 1];
	assert_int_equal(d->kind, REC_DEVIATION);
	assert_string_equal(d->article_id, "A001");
	assert_string_equal(json_string_value(json_object_get(d->data, "batch")), "B0100");
	assert_string_equal(json_string_value(json_object_get(d->data, "code")), p1);
	records_free(rec, n);
	receive_free(r);
	store_close(s);

	char *file = tu_path(dir, "scans.txt");
	tu_write_file(file, "AGAIN\nDAMAGED\n" A002 "\t3\nDAMAGED\n");
	char *spec = tu_strfmt("file:%s", file);
	char *argv[] = { (char *)tu_tally_bin(), "--lang", "en",   "--db",      path, "receive",
		         "095212300000050005",   "--user", "1002", "--scanner", spec, NULL };
	run = tu_run(argv, NULL, NULL);
	assert_int_equal(run.status, 65);
	tu_assert_contains(run.err, "line 2: scan the damaged pack first");
	tu_assert_contains(run.out, "ERROR line 2: scan the damaged pack first");
	tu_assert_contains(run.out, "DAMAGED ");
	tu_assert_contains(run.out, "[DEVIATION: damaged, recorded]");
	tu_run_free(&run);
	s = store_open(path, &e);
	assert_int_equal(count_deviations(s, "damaged"), 2);
	store_close(s);
	tu_rmtree(dir);
	free(dir), free(path), free(region), free(file), free(spec);
}

/* A parcel received before says so and opens nothing until the user says
 * "again"; packs scanned meanwhile go into no parcel.  Parcels of one
 * order are numbered; an expired batch is "expired N days ago", never a
 * negative number; the end lists every deviation with batch and
 * quantities. */
static void parcel_received_before_and_deviations_in_words(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	char *region = tu_srcfile("tests/demo/region.json");
	struct tu_run run = tu_tally(NULL, "--create", "--db", path, "import", region, NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	struct receive *r;
	struct receive_event ev;
	struct scan_config cfg = { .year = 2026 };

	assert_int_equal(receive_start(&r, s, "1002", "2026-11-23", &e), 0);
	assert_int_equal(receive_scan(r, PARCEL1, strlen(PARCEL1), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_PARCEL);
	assert_int_equal(ev.parcel, 1);
	assert_int_equal(ev.parcels, 3);
	const char *old = A001 "17251010\x1d"
	                       "10B0100";
	assert_int_equal(receive_scan(r, old, strlen(old), 20, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_RECEIVED);
	assert_true(ev.deviations & RECEIVE_DEV_EXPIRED);
	assert_int_equal(-ev.days_left, 409);
	assert_int_equal(receive_finish(r, &e), 0);
	int said_expired = 0, said_under = 0;
	for (size_t i = 0; i < r->n_said; i++) {
		said_expired += strstr(r->said[i], "batch B0100: expired 409 days ago") != NULL;
		said_under += strstr(r->said[i], ": 0 received, 30 expected") != NULL;
	}
	assert_int_equal(said_expired, 1);
	assert_int_equal(said_under, 1);
	receive_free(r);

	/* The next day, the same parcel by mistake. */
	assert_int_equal(receive_start(&r, s, "1002", "2026-11-24", &e), 0);
	assert_int_equal(receive_scan(r, PARCEL1, strlen(PARCEL1), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_RECEIVED_BEFORE);
	tu_assert_contains(ev.message, "was received");
	tu_assert_contains(ev.message, "receive it again?");
	assert_int_equal(receive_scan(r, A002, strlen(A002), 1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_NEED_PARCEL);
	/* The right parcel next: no deviation is recorded against the wrong one. */
	const char *p2 = "]C100095212300000050012";
	int before = count_deviations(s, "under");
	assert_int_equal(receive_scan(r, p2, strlen(p2), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_PARCEL);
	assert_int_equal(ev.parcel, 2);
	assert_int_equal(count_deviations(s, "under"), before);
	/* Asked again, and meant: opened. */
	assert_int_equal(receive_scan(r, PARCEL1, strlen(PARCEL1), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_RECEIVED_BEFORE);
	assert_int_equal(receive_again(r, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_PARCEL);
	assert_string_equal(r->sscc, "095212300000050005");
	/* A receipt line undone: the parcel's line counts it no more. */
	assert_int_equal(receive_scan(r, A002, strlen(A002), 3, &cfg, &ev, &e), 0);
	int64_t got = -1;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->lines[i].article_id, "A002") == 0)
			got = r->lines[i].received;
	assert_int_equal(got, 3);
	assert_int_equal(receive_undo(r, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_UNDONE);
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->lines[i].article_id, "A002") == 0)
			got = r->lines[i].received;
	assert_int_equal(got, 0);
	/* An expired batch received by mistake and undone: its deviation goes
	 * with it — voided, no more counted nor said at the end. */
	size_t devs = r->deviations, said = r->n_said;
	assert_int_equal(receive_scan(r, old, strlen(old), 1, &cfg, &ev, &e), 0);
	assert_true(ev.deviations & RECEIVE_DEV_EXPIRED);
	assert_int_equal(standing_deviations(s, r, "expired"), 1);
	assert_int_equal(r->deviations, devs + 1);
	assert_int_equal(receive_undo(r, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_UNDONE);
	assert_int_equal(standing_deviations(s, r, "expired"), 0);
	assert_int_equal(r->deviations, devs);
	assert_int_equal(r->n_said, said);
	receive_free(r);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
	free(region);
}

/* A receipt left open (a flat battery mid-parcel) is continued: its parcel
 * open again with what was received of it, its deviations counted and said
 * at the end; finishing it judges the parcel on everything received.  The
 * same user's line-mode run goes on in an open receipt and says so. */
static void interrupted_receipt_continues(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	char *region = tu_srcfile("tests/demo/region.json");
	struct tu_run run = tu_tally(NULL, "--create", "--db", path, "import", region, NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	struct receive *r;
	struct receive_event ev;
	struct scan_config cfg = { .year = 2026, .location_prefix = "LOC:" };
	assert_int_equal(receive_start(&r, s, "1002", "2026-11-23", &e), 0);
	assert_int_equal(receive_scan(r, PARCEL1, strlen(PARCEL1), -1, &cfg, &ev, &e), 0);
	assert_int_equal(receive_scan(r, "LOC:LAGER-A01", 13, -1, &cfg, &ev, &e), 0);
	const char *p1 = A001 "17270331"
	                      "10B0100";
	assert_int_equal(receive_scan(r, p1, strlen(p1), 16, &cfg, &ev, &e), 0);
	assert_int_equal(ev.deviations, RECEIVE_DEV_SHORT);
	receive_free(r); /* killed */

	struct open_session o;
	assert_int_equal(session_find_open(s, "receive", NULL, 12, &o, &e), 0);
	assert_int_equal(receive_resume(&r, s, "1002", "2026-11-23", &o, &e), 0);
	assert_string_equal(r->sscc, "095212300000050005");
	assert_non_null(r->bin);
	int64_t got = -1;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->lines[i].article_id, "A001") == 0)
			got = r->lines[i].received;
	assert_int_equal(got, 16);
	assert_int_equal(r->deviations, 1);
	assert_int_equal(r->n_said, 1);
	/* The parcel's label again: still open as it was, nothing finished. */
	assert_int_equal(receive_scan(r, PARCEL1, strlen(PARCEL1), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, RECEIVE_PARCEL);
	assert_int_equal(count_deviations(s, "under"), 0);
	assert_int_equal(receive_scan(r, p1, strlen(p1), 4, &cfg, &ev, &e), 0);
	assert_int_equal(receive_finish(r, &e), 0);
	int said_under_a001 = 0;
	for (size_t i = 0; i < r->n_said; i++)
		said_under_a001 += strstr(r->said[i], "received, 20 expected") != NULL;
	assert_int_equal(said_under_a001, 0); /* 16 + 4 of 20: not under */
	receive_free(r);
	assert_int_equal(session_find_open(s, "receive", NULL, 12, &o, &e), EX_DATAERR);
	err_clear(&e);

	/* Interrupted again on the next parcel; the same user's file goes on. */
	const char *p2 = "]C100095212300000050012";
	assert_int_equal(receive_start(&r, s, "1002", "2026-11-23", &e), 0);
	assert_int_equal(receive_scan(r, p2, strlen(p2), -1, &cfg, &ev, &e), 0);
	assert_int_equal(receive_scan(r, A002, strlen(A002), 3, &cfg, &ev, &e), 0);
	receive_free(r); /* killed */
	store_close(s);
	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         path,
		         "receive",
		         "--user",
		         "1002",
		         "--scanner",
		         "stdin",
		         NULL };
	run = tu_run(argv, A002 "\t2\n", env);
	tu_assert_contains(run.out, "Continuing the receipt from");
	tu_assert_contains(run.out, "parcel 095212300000050012 is open");
	tu_run_free(&run);
	s = store_open(path, &e);
	assert_int_equal(session_find_open(s, "receive", NULL, 12, &o, &e), EX_DATAERR);
	struct record *recs;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &recs, &n, NULL), 0);
	int starts = 0;
	for (size_t i = 0; i < n; i++)
		starts += recs[i].kind == REC_SESSION_START;
	assert_int_equal(starts, 2);
	records_free(recs, n);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
	free(region);
}

/* `tally receive --json`: no text, one object at the end with the parcel
 * opened, every line's outcome (a pack expiring too soon, a pack reported
 * damaged, a badge scanned by mistake), the deviations in words, what was
 * recorded and the line that was not; the exit status as in text mode. */
static void receipt_as_json(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	char *region = tu_srcfile("tests/demo/region.json");
	struct tu_run run = tu_tally(NULL, "--create", "--db", path, "import", region, NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);
	char *file = tu_path(dir, "scans.txt");
	tu_write_file(file, "LOC:LAGER-A01\n" A001 "17270331"
	                    "10B0100\t16\n]E09520000010379\t3\nDAMAGED\nB:1002\n");
	char *spec = tu_strfmt("file:%s", file);
	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         path,
		         "receive",
		         "095212300000050005",
		         "--user",
		         "1002",
		         "--scanner",
		         spec,
		         "--json",
		         NULL };
	run = tu_run(argv, NULL, env);
	assert_int_equal(run.status, 65); /* the badge line was not recorded */
	json_t *got = json_loads(run.out, 0, NULL);
	if (got == NULL)
		fail_msg("not JSON: %s", run.out);
	assert_true(json_is_string(json_object_get(got, "session")));
	json_object_del(got, "session");
	const char *badge = "1002 is a staff badge, not a pack: scan a pack, the parcel's SSCC "
	                    "or a bin";
	json_t *want = json_pack(
	    "{s:[{s:n,s:s,s:s,s:b,s:i,s:i}],"
	    "s:[{s:n,s:s,s:s},"
	    "{s:i,s:s,s:s,s:s},"
	    "{s:i,s:s,s:s,s:s,s:i,s:s,s:s,s:i,s:s,s:b,s:[s]},"
	    "{s:i,s:s,s:s,s:s,s:i,s:n,s:n,s:s,s:b,s:[]},"
	    "{s:i,s:s,s:s,s:s,s:i,s:n,s:n,s:[s]},"
	    "{s:i,s:s,s:s,s:s}],"
	    "s:i,s:[s,s,s,s,s],s:i,s:[{s:i,s:s}],s:[]}",
	    "parcels", "line", "sscc", "095212300000050005", "delivery",
	    "PO-2026-1187 Demo Grossist AS", "blind", 0, "parcel", 1, "of", 3,
	    /* lines */
	    "lines", "line", "outcome", "parcel", "sscc", "095212300000050005",
	    /* */
	    "line", 1, "outcome", "bin", "bin", "LAGER-A01", "name", "Lager hylle A-01",
	    /* */
	    "line", 2, "outcome", "received", "article_id", "A001", "name",
	    "Paracetamol 500 mg tablett, 20 stk", "qty", 16, "batch", "B0100", "expiry",
	    "2027-03-31", "days_left", 128, "bin", "LAGER-A01", "sterile", 0, "deviations",
	    "short-expiry",
	    /* */
	    "line", 3, "outcome", "received", "article_id", "A002", "name",
	    "Paracetamol 1 g tablett, 100 stk", "qty", 3, "batch", "expiry", "bin", "LAGER-A01",
	    "sterile", 0, "deviations",
	    /* */
	    "line", 4, "outcome", "damaged", "article_id", "A002", "name",
	    "Paracetamol 1 g tablett, 100 stk", "qty", 3, "batch", "expiry", "deviations",
	    "damaged",
	    /* */
	    "line", 5, "outcome", "invalid", "code", "B:1002", "message", badge,
	    /* the end */
	    "deviations_recorded", 5, "deviations",
	    "095212300000050005  Paracetamol 500 mg tablett, 20 stk, batch B0100: expires in 128 "
	    "days, shorter than required",
	    "095212300000050005  Paracetamol 1 g tablett, 100 stk, batch -: 3 damaged",
	    "095212300000050005  Paracetamol 500 mg tablett, 20 stk: 16 received, 20 expected",
	    "095212300000050005  Paracetamol 1 g tablett, 100 stk: 3 received, 30 expected",
	    "095212300000050005  Ibuprofen 400 mg tablett, 30 stk: 0 received, 40 expected",
	    "recorded", 3, "not_recorded", "line", 5, "why", badge, "shortages");
	assert_non_null(want);
	if (!json_equal(got, want))
		fail_msg("receive --json: %s", run.out);
	assert_null(strstr(run.out, "Receipt done"));
	tu_assert_contains(run.err, "line 5: 1002 is a staff badge");
	json_decref(got);
	json_decref(want);
	tu_run_free(&run);

	/* count and consume have no JSON: --json is a usage error, nothing recorded */
	char *argv2[] = { (char *)tu_tally_bin(),
		          "--lang",
		          "en",
		          "--db",
		          path,
		          "count",
		          "LAGER-A01",
		          "--user",
		          "1002",
		          "--scanner",
		          spec,
		          "--json",
		          NULL };
	run = tu_run(argv2, NULL, env);
	assert_int_equal(run.status, 64);
	tu_assert_contains(run.err, "usage: tally count");
	assert_string_equal(run.out, "");
	tu_run_free(&run);
	tu_rmtree(dir);
	free(dir), free(path), free(region), free(file), free(spec);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(receipt_with_deviations),
		cmocka_unit_test(parcel_received_before_and_deviations_in_words),
		cmocka_unit_test(damaged_pack),
		cmocka_unit_test(interrupted_receipt_continues),
		cmocka_unit_test(receipt_as_json),
	};
	return cmocka_run_group_tests_name("receive", tests, NULL, NULL);
}
