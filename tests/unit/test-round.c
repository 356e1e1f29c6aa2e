/*
 * test-round.c — a restocking round as the pharmacy technician does it:
 * the refill follows the list's policy, short-dated and expired packs warn,
 * an off-list article is counted and flagged, an unknown code is kept, and
 * what was not counted is skipped on the record.  Then the same through the
 * real `tally round` in line mode, and the calculator.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/calc.h"
#include "core/expiry.h"
#include "core/refill.h"
#include "jobs/round.h"
#include "common/i18n.h"
#include "db/store.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

static void refill_by_policy(void **state)
{
	/* top-up-at-min: only at or below min, then up to max */
	assert_int_equal(refill_qty("top-up-at-min", 4, 20, 3), 17);
	assert_int_equal(refill_qty("top-up-at-min", 4, 20, 4), 16);
	assert_int_equal(refill_qty("top-up-at-min", 4, 20, 5), 0);
	assert_int_equal(refill_qty("top-up-at-min", 4, 20, 0), 20);
	/* always-to-max: whatever the count; never negative */
	assert_int_equal(refill_qty("always-to-max", 1, 3, 2), 1);
	assert_int_equal(refill_qty("always-to-max", 1, 3, 3), 0);
	assert_int_equal(refill_qty("always-to-max", 1, 3, 7), 0);
	assert_int_equal(refill_qty(NULL, 1, 3, 1), 2);
}

static void expiry_states(void **state)
{
	long left;
	assert_int_equal(expiry_check("2026-11-22", "2026-11-23", 90, &left), EXPIRY_EXPIRED);
	assert_int_equal(left, -1);
	assert_int_equal(expiry_check("2026-11-23", "2026-11-23", 90, &left), EXPIRY_SHORT);
	assert_int_equal(expiry_check("2027-02-21", "2026-11-23", 90, &left), EXPIRY_SHORT);
	assert_int_equal(left, 90);
	assert_int_equal(expiry_check("2027-02-22", "2026-11-23", 90, &left), EXPIRY_OK);
	assert_int_equal(expiry_check("2028-03-01", "2028-02-28", 1, &left), EXPIRY_OK);
	assert_int_equal(left, 2); /* 2028 is a leap year */
	assert_int_equal(expiry_check("", "2026-11-23", 90, NULL), EXPIRY_UNKNOWN);
}

static void calculator_worked_example_and_rounding(void **state)
{
	struct calc_in in = {
		.dose = 6, .strength = 2, .units_per_pack = 10, .patients = 100, .days = 2
	};
	double ppd;
	int64_t req;
	struct tally_err e = { 0 };
	assert_int_equal(calc_required(&in, &ppd, &req, &e), 0);
	assert_int_equal(req, 60); /* not 61: floating error does not round up */
	assert_true(ppd > 0.2999 && ppd < 0.3001);
	in.patients = 101; /* 60.6 → 61: always up */
	assert_int_equal(calc_required(&in, &ppd, &req, &e), 0);
	assert_int_equal(req, 61);
	struct calc_in thirds = {
		.dose = 1, .strength = 3, .units_per_pack = 1, .patients = 3, .days = 1
	};
	assert_int_equal(calc_required(&thirds, &ppd, &req, &e), 0);
	assert_int_equal(req, 1);
	in.strength = 0;
	assert_int_equal(calc_required(&in, &ppd, &req, &e), EX_DATAERR);
	tu_assert_contains(e.msg, "strength");

	struct tu_run r =
	    tu_tally(NULL, "--lang", "en", "calc", "--dose", "6", "--strength", "2", "--units",
	             "10", "--patients", "100", "--days", "2", "--json", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "\"required_packs\":60");
	tu_run_free(&r);
	r = tu_tally(NULL, "--lang", "en", "calc", "--dose", "six", NULL);
	assert_int_equal(r.status, 64);
	tu_assert_contains(r.err, "not a number");
	tu_run_free(&r);
}

struct fx {
	char *dir, *path;
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->path = tu_path(f->dir, "tally.db");
	f->s = store_open(f->path, NULL);
	assert_non_null(f->s);
	fixture_load(f->s, "tests/fixtures/ward.json", "23");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

#define PARA "]d20109521234543213"

static void a_round_on_a_ward(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	struct round *r;
	struct round_event ev;
	struct scan_config cfg = { .year = 2026 };

	assert_int_equal(round_start(&r, f->s, "LOC:MED1", "1001", "2026-11-23", &e), 0);
	assert_string_equal(r->location_id, "W-MED1");
	assert_int_equal(r->n, 3);

	/* Paracetamol: 3 on the shelf, min 4 max 20, top-up-at-min → 17;
	 * expires in 2027-01: short-dated against 90 days. */
	const char *p = PARA "17270115\x1d"
	                     "10AB12";
	assert_int_equal(round_scan(r, p, strlen(p), 3, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_COUNTED);
	assert_int_equal(ev.refill, 17);
	assert_int_equal(ev.expiry, EXPIRY_SHORT);
	assert_int_equal(ev.days_left, 53);

	/* Nalokson on an always-to-max list, max 3: the 2 packs are expired,
	 * counted apart and not usable stock, so the refill tops up all 3. */
	const char *n = "]d20109521234000013"
	                "17261031";
	assert_int_equal(round_scan(r, n, strlen(n), 2, &cfg, &ev, &e), 0);
	assert_int_equal(ev.refill, 3);
	assert_int_equal(ev.expiry, EXPIRY_EXPIRED);
	assert_int_equal(r->lines[0].count, 0);
	assert_int_equal(r->lines[0].expired, 2);

	/* A pack without a count typed: nothing recorded, the user is asked. */
	assert_int_equal(round_scan(r, p, strlen(p), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_NEED_COUNT);
	tu_assert_contains(ev.message, "how many");

	/* Unknown code: kept as a record. A location label: not a pack. */
	assert_int_equal(round_scan(r, "]E05701234567899", 16, 1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_UNKNOWN_CODE);
	assert_true(ev.seq > 0);
	assert_int_equal(round_scan(r, "LOC:MED1", 8, 1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_NOT_A_PACK);
	/* A malformed scan: told, nothing recorded. */
	assert_int_equal(round_scan(r, "]d20109521234543212", 19, 1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_INVALID);
	tu_assert_contains(ev.message, "check digit");

	/* Recounting paracetamol: the last count stands. */
	assert_int_equal(round_scan(r, p, strlen(p), 5, &cfg, &ev, &e), 0);
	assert_int_equal(ev.refill, 0);

	/* Sinkpasta is never counted: skipped on the record at the end. */
	assert_int_equal(round_finish(r, &e), 0);
	int64_t session_end_refills = -1;
	struct record *rec;
	size_t nrec;
	assert_int_equal(store_records(f->s, 0, 0, 0, &rec, &nrec, &e), 0);
	/* start, count, count, unknown, count, skip, end */
	assert_int_equal(nrec, 7);
	assert_int_equal(rec[0].kind, REC_SESSION_START);
	assert_int_equal(rec[3].kind, REC_UNKNOWN_CODE);
	assert_string_equal(rec[3].location_id, "W-MED1");
	assert_string_equal(rec[3].user, "1001");
	assert_int_equal(rec[5].kind, REC_SKIP);
	assert_string_equal(rec[5].article_id, "A-ZINK");
	assert_int_equal(rec[6].kind, REC_SESSION_END);
	for (size_t i = 1; i < nrec; i++)
		assert_string_equal(rec[i].session, rec[0].uuid);
	json_t *refill = json_object_get(rec[6].data, "refill");
	session_end_refills = (int64_t)json_array_size(refill);
	assert_int_equal(session_end_refills, 1); /* nalokson 3; paracetamol now 0 */
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(refill, 0), "article_id")), "A-NALOX");
	records_free(rec, nrec);
	round_free(r);
}

static void off_list_article_is_counted_and_flagged(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	struct round *r;
	struct round_event ev;
	struct scan_config cfg = { .year = 2026 };
	/* Kirurgisk 2's list has only paracetamol; nalokson is off its list. */
	assert_int_equal(round_start(&r, f->s, "W-KIR2", "1001", "2026-11-23", &e), 0);
	const char *n = "]E09521234000013";
	assert_int_equal(round_scan(r, n, strlen(n), 4, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_COUNTED);
	assert_true(ev.off_list);
	assert_int_equal(ev.refill, 0);
	round_free(r);

	assert_int_equal(round_start(&r, f->s, "W-NOPE", "1001", "2026-11-23", &e), EX_DATAERR);
	tu_assert_contains(e.msg, "W-NOPE");
}

/* A line skipped during the round is recorded at once, and only once. */
static void a_line_skipped_on_purpose(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	struct round *r;
	struct record *rec;
	size_t n, skips = 0;
	assert_int_equal(round_start(&r, f->s, "W-MED1", "1001", "2026-11-23", &e), 0);
	assert_string_equal(r->lines[0].article_id, "A-NALOX");
	assert_int_equal(round_skip(r, 0, &e), 0);
	assert_true(r->lines[0].skipped);
	assert_int_equal(round_skip(r, 0, &e), 0); /* again: nothing more recorded */
	assert_int_equal(round_skip(r, 99, &e), EX_DATAERR);
	assert_int_equal(store_records(f->s, 0, 0, 0, &rec, &n, NULL), 0);
	for (size_t i = 0; i < n; i++)
		skips += rec[i].kind == REC_SKIP;
	records_free(rec, n);
	assert_int_equal(skips, 1);
	assert_int_equal(round_finish(r, &e), 0);
	round_free(r);
	skips = 0;
	assert_int_equal(store_records(f->s, 0, 0, 0, &rec, &n, NULL), 0);
	for (size_t i = 0; i < n; i++)
		skips += rec[i].kind == REC_SKIP;
	records_free(rec, n);
	assert_int_equal(skips, 3); /* nalokson once, paracetamol and zinc at the end */
}

static void line_mode_through_the_real_binary(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	f->s = NULL;
	char *scans = tu_path(f->dir, "dump.txt");
	tu_write_file(scans, PARA "17280131\x1d"
	                          "10AB12\t3\n"
	                          "]d20109521234000013"
	                          "17280131\t3\n"
	                          "]E05701234567899\t1\n" PARA "\tmany\n");
	char *spec = tu_strfmt("file:%s", scans);
	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         f->path,
		         "round",
		         "LOC:MED1",
		         "--user",
		         "1001",
		         "--scanner",
		         spec,
		         NULL };
	struct tu_run r = tu_run(argv, NULL, env);
	/* Line 4's count is not a number: the other lines are recorded and
	 * said so, line 4 is listed, and the status says not all went in. */
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "3 scans recorded; 1 line was NOT recorded");
	tu_assert_contains(r.out, "Medisinsk 1");
	tu_assert_contains(r.out, "refill 17");
	tu_assert_contains(r.out, "unknown code");
	tu_assert_contains(r.out, "Refill order");
	tu_assert_contains(r.out, "   17  Paracetamol 500 mg");
	tu_assert_contains(r.out, "Not counted (recorded as skipped)");
	tu_assert_contains(r.out, "Sinkpasta");
	tu_assert_contains(r.err, "line 4");
	tu_run_free(&r);

	/* An unknown badge is refused before anything is recorded. */
	char *bad[] = { (char *)tu_tally_bin(),
		        "--lang",
		        "en",
		        "--db",
		        f->path,
		        "round",
		        "W-MED1",
		        "--user",
		        "9999",
		        "--scanner",
		        spec,
		        NULL };
	r = tu_run(bad, NULL, env);
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "9999");
	tu_run_free(&r);
	free(scans);
	free(spec);
}

static size_t line_of(const struct round *r, const char *article_id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->lines[i].article_id, article_id) == 0)
			return i;
	fail_msg("no line %s", article_id);
	return 0;
}

/* Counting the same article in two batches: 3 + 5 is 8 (before, the
 * second replaced the first: 5); a recount of one batch replaces that
 * batch only.  An empty shelf is counted as 0 without a scan, and the
 * refill goes to the policy's level. */
static void counts_by_batch_and_by_line(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	struct round *r;
	struct round_event ev;
	struct scan_config cfg = { .year = 2026 };
	assert_int_equal(round_start(&r, f->s, "W-MED1", "1001", "2026-11-23", &e), 0);
	const char *x = PARA "17280131\x1d"
	                     "10X1",
	           *y = PARA "17280131\x1d"
	                     "10Y2";
	size_t para = line_of(r, "A-PARA"), zinc = line_of(r, "A-ZINK");
	assert_int_equal(round_scan(r, x, strlen(x), 3, &cfg, &ev, &e), 0);
	assert_int_equal(round_scan(r, y, strlen(y), 5, &cfg, &ev, &e), 0);
	assert_int_equal(r->lines[para].count, 8);
	assert_int_equal(ev.refill, 0); /* 8 is above min 4 */
	assert_int_equal(round_scan(r, x, strlen(x), 1, &cfg, &ev, &e), 0);
	assert_int_equal(r->lines[para].count, 6);

	/* Sinkpasta: nothing on the shelf, nothing to scan. */
	assert_int_equal(round_count_line(r, zinc, 0, 0, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_COUNTED);
	assert_true(r->lines[zinc].counted);
	assert_int_equal(r->lines[zinc].count, 0);
	assert_int_equal(r->lines[zinc].refill, 6); /* up to max 6 */
	assert_int_equal(round_uncounted(r), 1);    /* nalokson */
	assert_int_equal(round_finish(r, &e), 0);

	struct record *rec;
	size_t n;
	assert_int_equal(store_records(f->s, 0, 0, 0, &rec, &n, NULL), 0);
	json_t *refill = json_object_get(rec[n - 1].data, "refill");
	int zinc_ordered = 0;
	for (size_t i = 0; i < json_array_size(refill); i++) {
		json_t *l = json_array_get(refill, i);
		if (strcmp(json_string_value(json_object_get(l, "article_id")), "A-ZINK") == 0)
			zinc_ordered = (int)json_integer_value(json_object_get(l, "qty"));
	}
	assert_int_equal(zinc_ordered, 6);
	records_free(rec, n);
	round_free(r);
}

/* 99999 morphine ampoules is a typo until confirmed; undone, it is voided
 * by a new record that names it, and the line is as it was. */
static void implausible_count_and_undo(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	struct round *r;
	struct round_event ev;
	struct scan_config cfg = { .year = 2026 };
	assert_int_equal(round_start(&r, f->s, "W-MED1", "1001", "2026-11-23", &e), 0);
	size_t nalox = line_of(r, "A-NALOX");
	const char *n = "]E09521234000013";
	assert_int_equal(round_scan(r, n, strlen(n), 2, &cfg, &ev, &e), 0);
	assert_int_equal(round_scan(r, n, strlen(n), 99999, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_IMPLAUSIBLE);
	tu_assert_contains(ev.message, "far above the max of 3");
	assert_int_equal(r->lines[nalox].count, 2);
	assert_int_equal(round_scan_confirmed(r, n, strlen(n), 99999, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_COUNTED);
	int64_t wrong = ev.seq;
	assert_int_equal(r->lines[nalox].count, 99999);

	assert_int_equal(round_undo(r, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_UNDONE);
	assert_int_equal(ev.seq, wrong);
	tu_assert_contains(ev.message, "99999");
	assert_int_equal(r->lines[nalox].count, 2);
	struct record last;
	assert_int_equal(store_record_get(f->s, wrong + 1, &last, &e), 0);
	assert_int_equal(last.kind, REC_VOID);
	assert_int_equal(json_integer_value(json_object_get(last.data, "seq")), wrong);
	record_free(&last);
	/* Undo again: the first count goes too; then there is nothing left. */
	assert_int_equal(round_undo(r, &ev, &e), 0);
	assert_false(r->lines[nalox].counted);
	assert_int_equal(round_undo(r, &ev, &e), EX_DATAERR);
	tu_assert_contains(e.msg, "nothing to undo");
	round_free(r);
}

/* A round left open (the screen killed, a flat battery) is found again:
 * resumed, it shows what was counted and goes on in the same session;
 * declined, it is closed as abandoned and not offered again. */
static void resume_and_abandon(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	struct round *r;
	struct round_event ev;
	struct scan_config cfg = { .year = 2026 };
	struct open_session o;
	assert_int_equal(session_find_open(f->s, "round", "W-MED1", 12, &o, &e), EX_DATAERR);
	assert_int_equal(round_start(&r, f->s, "W-MED1", "1001", "2026-11-23", &e), 0);
	char session[37];
	snprintf(session, sizeof(session), "%s", r->session);
	assert_int_equal(round_scan(r, PARA, strlen(PARA), 7, &cfg, &ev, &e), 0);
	assert_int_equal(round_skip(r, line_of(r, "A-NALOX"), &e), 0);
	round_free(r); /* killed: no session-end */

	assert_int_equal(session_find_open(f->s, "round", "W-MED1", 12, &o, &e), 0);
	assert_string_equal(o.session, session);
	assert_int_equal(session_find_open(f->s, "round", "W-KIR2", 12, &o, &e), EX_DATAERR);
	assert_int_equal(session_find_open(f->s, "round", "W-MED1", 12, &o, &e), 0);
	assert_int_equal(round_resume(&r, f->s, "W-MED1", "1001", "2026-11-23", &o, &e), 0);
	assert_string_equal(r->session, session);
	assert_int_equal(round_counted(r), 1);
	assert_int_equal(r->lines[line_of(r, "A-PARA")].count, 7);
	assert_true(r->lines[line_of(r, "A-NALOX")].skipped);
	assert_int_equal(round_uncounted(r), 1);
	assert_int_equal(round_count_line(r, line_of(r, "A-ZINK"), 4, 0, &ev, &e), 0);
	assert_int_equal(round_finish(r, &e), 0);
	round_free(r);
	assert_int_equal(session_find_open(f->s, "round", "W-MED1", 12, &o, &e), EX_DATAERR);

	/* Another round, interrupted and declined: closed as abandoned. */
	assert_int_equal(round_start(&r, f->s, "W-MED1", "1001", "2026-11-23", &e), 0);
	round_free(r);
	assert_int_equal(session_find_open(f->s, "round", "W-MED1", 12, &o, &e), 0);
	assert_int_equal(session_abandon(f->s, &o, "round", "W-MED1", "1001", &e), 0);
	assert_int_equal(session_find_open(f->s, "round", "W-MED1", 12, &o, &e), EX_DATAERR);
	struct record *rec;
	size_t n;
	assert_int_equal(store_records(f->s, 0, 0, 0, &rec, &n, NULL), 0);
	assert_int_equal(rec[n - 1].kind, REC_SESSION_END);
	assert_true(json_is_true(json_object_get(rec[n - 1].data, "abandoned")));
	records_free(rec, n);

	/* Interrupted on the screen, then the same nurse's file in line mode:
	 * it goes on in the open round, says so, and ends it — one round. */
	assert_int_equal(round_start(&r, f->s, "W-MED1", "1001", "2026-11-23", &e), 0);
	snprintf(session, sizeof(session), "%s", r->session);
	assert_int_equal(round_scan(r, PARA, strlen(PARA), 7, &cfg, &ev, &e), 0);
	round_free(r); /* killed */
	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         f->path,
		         "round",
		         "W-MED1",
		         "--user",
		         "1001",
		         "--scanner",
		         "stdin",
		         NULL };
	struct tu_run run = tu_run(argv, "A-ZINK\t4\n", env);
	tu_assert_contains(run.out, "Continuing the round from");
	tu_assert_contains(run.out, "(1 of ");
	tu_run_free(&run);
	assert_int_equal(session_find_open(f->s, "round", "W-MED1", 12, &o, &e), EX_DATAERR);
	assert_int_equal(store_records(f->s, 0, 0, 0, &rec, &n, NULL), 0);
	int counts = 0;
	for (size_t i = 0; i < n; i++)
		counts += rec[i].kind == REC_COUNT && rec[i].session != NULL &&
		          strcmp(rec[i].session, session) == 0;
	assert_int_equal(counts, 2); /* A-PARA on the screen, A-ZINK from the file */
	records_free(rec, n);
}

/* Line mode: a receive-only user may not do a round; a count far above
 * plausible is refused with its line named; UNDO undoes the line before. */
static void line_mode_roles_plausibility_undo(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	f->s = NULL;
	char *scans = tu_path(f->dir, "dump.txt");
	tu_write_file(scans, PARA "\t5\n"
	                          "]E09521234000013\t99999\n"
	                          "]E09521234000051\t4\n"
	                          "UNDO\n"
	                          "A-ZINK\t0\n");
	char *spec = tu_strfmt("file:%s", scans);
	char *env[] = { "TALLY_TODAY=2026-11-23", NULL };
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         "--db",
		         f->path,
		         "round",
		         "W-MED1",
		         "--user",
		         "1002",
		         "--scanner",
		         spec,
		         NULL };
	struct tu_run r = tu_run(argv, NULL, env);
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "may not do the job 'round'");
	tu_run_free(&r);

	argv[8] = "1001";
	r = tu_run(argv, NULL, env);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "line 2: Nalokson 0,4 mg/ml: 99999 is far above the max of 3");
	tu_assert_contains(r.out, "UNDO  line 4: Undone: Sinkpasta 10 % counted 4");
	/* An empty shelf by the article's id: counted 0, refill to max. */
	tu_assert_contains(r.out, "Sinkpasta 10 %                   counted 0  (min 2, max 6)  "
	                          "refill 6");
	tu_run_free(&r);
	struct tally_err e = { 0 };
	f->s = store_open(f->path, &e);
	struct record *rec;
	size_t n, counts = 0, voids = 0, sessions = 0;
	assert_int_equal(store_records(f->s, 0, 0, 0, &rec, &n, NULL), 0);
	for (size_t i = 0; i < n; i++) {
		counts += rec[i].kind == REC_COUNT;
		voids += rec[i].kind == REC_VOID;
		sessions += rec[i].kind == REC_SESSION_START;
	}
	records_free(rec, n);
	assert_int_equal(sessions, 1); /* the refused user recorded nothing */
	assert_int_equal(counts, 3);   /* paracetamol, sinkpasta (voided), sinkpasta 0 */
	assert_int_equal(voids, 1);
	free(scans);
	free(spec);
}

/* Expired packs in a round are not stock: counted apart, the refill tops
 * up for them, and a discard is recorded when they are taken off the
 * shelf; undone, they are back on the line. */
static void expired_packs_discarded(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	struct round *r;
	struct round_event ev;
	struct scan_config cfg = { .year = 2026 };
	assert_int_equal(round_start(&r, f->s, "W-MED1", "1001", "2026-11-23", &e), 0);
	size_t nalox = line_of(r, "A-NALOX");
	assert_int_equal(round_discard_expired(r, nalox, &ev, &e), EX_DATAERR);
	const char *good = "]d20109521234000013172801311"
	                   "0G1",
	           *old = "]d20109521234000013172610311"
	                  "0OLD";
	assert_int_equal(round_scan(r, good, strlen(good), 1, &cfg, &ev, &e), 0);
	assert_int_equal(round_scan(r, old, strlen(old), 2, &cfg, &ev, &e), 0);
	assert_int_equal(ev.expiry, EXPIRY_EXPIRED);
	assert_int_equal(r->lines[nalox].count, 1);
	assert_int_equal(r->lines[nalox].expired, 2);
	assert_int_equal(r->lines[nalox].refill, 2); /* always-to-max 3: 3 − 1 usable */
	assert_int_equal(round_discard_expired(r, nalox, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_DISCARDED);
	assert_int_equal(r->lines[nalox].expired, 0);
	struct record d;
	assert_int_equal(store_record_get(f->s, ev.seq, &d, &e), 0);
	assert_int_equal(d.kind, REC_DISCARD);
	assert_int_equal(d.qty, 2);
	record_free(&d);
	assert_int_equal(round_undo(r, &ev, &e), 0);
	assert_int_equal(r->lines[nalox].expired, 2);
	round_free(r);
}

static void where_can_i_borrow_offline(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	struct round *r;
	struct round_event ev;
	struct scan_config cfg = { .year = 2026 };
	/* A count made on this handheld is the freshest knowledge. */
	assert_int_equal(round_start(&r, f->s, "W-MED1", "1001", "2026-11-23", &e), 0);
	assert_int_equal(round_scan(r, PARA, strlen(PARA), 12, &cfg, &ev, &e), 0);
	round_free(r);

	struct tu_run run = tu_tally(NULL, "--lang", "en", "--db", f->path, "where",
	                             "]E09521234543213", "--near", "H-B", NULL);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out, "Paracetamol 500 mg is on the basis list of 3 places");
	/* Same hospital first; the hub's count for Kirurgisk 2; ours for Medisinsk 1. */
	const char *akutt = strstr(run.out, "Akuttmottak B"), *kir = strstr(run.out, "Kirurgisk 2");
	assert_true(akutt != NULL && kir != NULL && akutt < kir);
	/* When, in local time and relative: days for the hub's, today for ours. */
	tu_assert_contains(run.out, "last count 7 (");
	tu_assert_contains(run.out, " days ago)\n");
	tu_assert_contains(run.out, "Medisinsk 1                          last count 12 (today ");
	tu_run_free(&run);

	run = tu_tally(NULL, "--lang", "en", "--db", f->path, "where", "A-NOPE", NULL);
	assert_int_equal(run.status, 65);
	tu_assert_contains(run.err, "no article is named or coded A-NOPE on this handheld");
	tu_run_free(&run);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refill_by_policy),
		cmocka_unit_test(expiry_states),
		cmocka_unit_test(calculator_worked_example_and_rounding),
		cmocka_unit_test_setup_teardown(a_round_on_a_ward, setup, teardown),
		cmocka_unit_test_setup_teardown(off_list_article_is_counted_and_flagged, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_line_skipped_on_purpose, setup, teardown),
		cmocka_unit_test_setup_teardown(line_mode_through_the_real_binary, setup, teardown),
		cmocka_unit_test_setup_teardown(where_can_i_borrow_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(counts_by_batch_and_by_line, setup, teardown),
		cmocka_unit_test_setup_teardown(implausible_count_and_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(resume_and_abandon, setup, teardown),
		cmocka_unit_test_setup_teardown(expired_packs_discarded, setup, teardown),
		cmocka_unit_test_setup_teardown(line_mode_roles_plausibility_undo, setup, teardown),
	};
	return cmocka_run_group_tests_name("round", tests, NULL, NULL);
}
