/*
 * test-consume.c — packs taken from a ward: used for a patient by default,
 * wasted, or lent to another ward (a transfer); a bad reason or a ward the
 * handheld does not know records nothing; an unknown code is kept.  Then
 * the same through the real `tally consume` in line mode, where the reason
 * follows the quantity after a second TAB.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/consume.h"
#include "jobs/session.h"
#include "common/i18n.h"
#include "db/store.h"
#include "drivers/scanline.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

#define PARA    "]E09521234543213"
#define PARA10  "]I119521234543210" /* the outer of ten */
#define UNKNOWN "]E09521234000099"

static void line_with_reason(void **state)
{
	char a[] = PARA "\t3\tloan:W-KIR2", b[] = PARA "\t2", c[] = PARA "\t2\twaste\r";
	char note[SCANLINE_NOTE_MAX + 1];
	long qty;
	struct tally_err e = { 0 };
	assert_int_equal(scanline_split_note(a, 1, &qty, note, &e), 0);
	assert_string_equal(a, PARA);
	assert_int_equal(qty, 3);
	assert_string_equal(note, "loan:W-KIR2");
	assert_int_equal(scanline_split_note(b, 2, &qty, note, &e), 0);
	assert_int_equal(qty, 2);
	assert_string_equal(note, "");
	assert_int_equal(scanline_split_note(c, 3, &qty, note, &e), 0);
	assert_string_equal(note, "waste");
	/* without room for a note, a second TAB is not a quantity */
	char d[] = PARA "\t2\twaste";
	assert_int_equal(scanline_split(d, 4, &qty, &e), EX_DATAERR);
}

static struct record *records_of(struct store *s, size_t *n)
{
	struct record *r;
	assert_int_equal(store_records(s, 0, 0, 0, &r, n, NULL), 0);
	return r;
}

static void consume_with_reasons(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	assert_non_null(s);
	fixture_load(s, "tests/fixtures/ward.json", "23");

	struct consume *c;
	struct consume_event ev;
	struct scan_config cfg = { .year = 2026, .location_prefix = "LOC:" };
	assert_int_equal(consume_start(&c, s, "LOC:MED1", "1001", &e), 0);
	assert_string_equal(c->location_id, "W-MED1");

	assert_int_equal(consume_scan(c, PARA, strlen(PARA), -1, NULL, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_USED);
	assert_int_equal(ev.qty, 1);
	assert_int_equal(consume_scan(c, PARA10, strlen(PARA10), -1, "", &cfg, &ev, &e), 0);
	assert_int_equal(ev.qty, 10); /* the outer holds ten packs */
	assert_int_equal(consume_scan(c, PARA, strlen(PARA), 3, "waste", &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_WASTED);
	assert_int_equal(consume_scan(c, PARA, strlen(PARA), 2, "loan:W-KIR2", &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_LENT);
	assert_string_equal(ev.to, "Kirurgisk 2");
	/* nothing recorded for these */
	assert_int_equal(consume_scan(c, PARA, strlen(PARA), 1, "lost", &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_INVALID);
	tu_assert_contains(ev.message, "'lost'");
	assert_int_equal(consume_scan(c, PARA, strlen(PARA), 1, "loan:NOWHERE", &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_INVALID);
	tu_assert_contains(ev.message, "NOWHERE");
	assert_int_equal(consume_scan(c, "LOC:MED1", 8, -1, NULL, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_INVALID);
	assert_int_equal(consume_scan(c, UNKNOWN, strlen(UNKNOWN), -1, NULL, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_UNKNOWN_CODE);
	assert_int_equal(consume_finish(c, &e), 0);
	assert_int_equal(c->used, 11);
	assert_int_equal(c->wasted, 3);
	assert_int_equal(c->lent, 2);
	consume_free(c);

	size_t n;
	struct record *r = records_of(s, &n);
	int kinds[REC_KIND_COUNT] = { 0 };
	for (size_t i = 0; i < n; i++) {
		kinds[r[i].kind]++;
		if (r[i].kind == REC_CONSUME)
			assert_string_equal(r[i].location_id, "W-MED1");
		if (r[i].kind == REC_TRANSFER) {
			assert_string_equal(json_string_value(json_object_get(r[i].data, "to")),
			                    "W-KIR2");
			assert_int_equal(r[i].qty, 2);
		}
	}
	assert_string_equal(json_string_value(json_object_get(r[1].data, "reason")), "patient");
	assert_string_equal(json_string_value(json_object_get(r[3].data, "reason")), "waste");
	assert_int_equal(kinds[REC_SESSION_START], 1);
	assert_int_equal(kinds[REC_CONSUME], 3);
	assert_int_equal(kinds[REC_TRANSFER], 1);
	assert_int_equal(kinds[REC_UNKNOWN_CODE], 1);
	assert_int_equal(kinds[REC_SESSION_END], 1);
	records_free(r, n);
	store_close(s);

	/* Line mode, from stdin. */
	struct tu_run run = tu_tally(PARA "\n" PARA "\t2\twaste\n" PARA "\t1\tloan:W-AKUTT\n" PARA
	                                  "\t1\tborrowed\n",
	                             "--lang", "en", "--db", path, "consume", "W-MED1", "--user",
	                             "1001", "--scanner", "stdin", NULL);
	assert_int_equal(run.status, 65);
	tu_assert_contains(run.err, "line 4: the reason");
	tu_assert_contains(run.out, "Consumption at Medisinsk 1");
	tu_assert_contains(run.out, "WASTE Paracetamol 500 mg");
	tu_assert_contains(run.out, "to Akuttmottak B");
	tu_assert_contains(run.out, "line 4: the reason 'borrowed' is not patient");
	tu_assert_contains(run.out, "Done: 1 used, 2 wasted, 1 lent; 0 unknown codes");
	tu_run_free(&run);

	/* A badge the handheld does not know may not take anything. */
	run = tu_tally(PARA "\n", "--lang", "en", "--db", path, "consume", "W-MED1", "--user",
	               "9999", "--scanner", "stdin", NULL);
	assert_int_equal(run.status, EX_NOPERM);
	tu_run_free(&run);
	tu_rmtree(dir);
	free(dir), free(path);
}

/* An expired pack taken "for a patient" is refused in red words, nothing
 * recorded; scanned again as waste it becomes a discard.  An undo gives
 * back what was used. */
static void expired_pack_is_never_given(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	setenv("TALLY_TODAY", "2026-11-23", 1);
	struct consume *c;
	struct consume_event ev;
	struct scan_config cfg = { .year = 2026 };
	assert_int_equal(consume_start(&c, s, "W-MED1", "1001", &e), 0);
	const char *old = "]d20109521234543213172610311"
	                  "0OLD";
	assert_int_equal(consume_scan(c, old, strlen(old), -1, NULL, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_EXPIRED);
	tu_assert_contains(ev.message, "expired — do not give, discard it");
	assert_int_equal(c->used, 0);
	assert_int_equal(consume_scan(c, old, strlen(old), -1, "waste", &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_DISCARDED);
	size_t n;
	struct record *r = records_of(s, &n);
	assert_int_equal(n, 2); /* session-start, discard */
	assert_int_equal(r[1].kind, REC_DISCARD);
	assert_string_equal(r[1].batch, "OLD");
	records_free(r, n);

	assert_int_equal(consume_scan(c, PARA, strlen(PARA), 2, NULL, &cfg, &ev, &e), 0);
	assert_int_equal(c->used, 2);
	assert_int_equal(consume_undo(c, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_UNDONE);
	assert_int_equal(c->used, 0);
	consume_free(c);
	unsetenv("TALLY_TODAY");
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* A label printed as two symbols, through the real `tally consume` in line
 * mode: the GTIN's line and the batch's line that follows it are one pack
 * used (the first record voided, the pack recorded once with its batch and
 * expiry), and the output says so; a batch line alone is a bad line naming
 * the GTIN it needs, and the file's status says a line was bad. */
static void label_in_two_symbols_in_line_mode(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	store_close(s);
	struct tu_run run = tu_tally("]C10109521234543213\n]C11727123110LOT1\n]C11727123110LOT1\n",
	                             "--lang", "en", "--db", path, "consume", "W-MED1", "--user",
	                             "1001", "--scanner", "stdin", NULL);
	assert_int_equal(run.status, 65);
	tu_assert_contains(run.out, "read together with the scan before it");
	tu_assert_contains(run.out, "Done: 1 used, 0 wasted, 0 lent");
	tu_assert_contains(run.err, "line 3:");
	tu_assert_contains(run.err, "(01)");
	tu_run_free(&run);

	s = store_open(path, &e);
	size_t n;
	struct record *r = records_of(s, &n);
	int used = 0, voids = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].kind == REC_VOID) {
			voids++;
			assert_int_equal(json_integer_value(json_object_get(r[i].data, "seq")),
			                 r[1].seq);
		}
		if (r[i].kind == REC_CONSUME && i > 1) {
			used++;
			assert_string_equal(r[i].batch, "LOT1");
			assert_string_equal(r[i].expiry, "2027-12-31");
		}
	}
	assert_int_equal(r[1].kind, REC_CONSUME); /* the GTIN alone, voided */
	assert_int_equal(voids, 1);
	assert_int_equal(used, 1);
	records_free(r, n);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* A consumption left open (the screen killed, a flat battery) is continued
 * by the same nurse's next line-mode run at the same ward: what was taken is
 * added up again, a serialised pack taken already is refused again, and
 * one session ends it. */
static void interrupted_consumption_continues(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	struct scan_config cfg = { .year = 2026 };
	const char *one = "]d201095212345432131728013121S1";
	struct consume *c;
	struct consume_event ev;
	assert_int_equal(consume_start(&c, s, "W-MED1", "1001", &e), 0);
	assert_int_equal(consume_scan(c, one, strlen(one), -1, NULL, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_USED);
	consume_free(c); /* never finished */

	struct open_session o;
	assert_int_equal(session_find_open(s, "consume", "W-MED1", 12, &o, &e), 0);
	assert_int_equal(consume_resume(&c, s, "W-MED1", "1001", &o, &e), 0);
	assert_int_equal(c->used, 1);
	assert_int_equal(consume_scan(c, one, strlen(one), -1, NULL, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, CONSUME_ALREADY);
	consume_free(c); /* still open */
	store_close(s);

	char input[128];
	snprintf(input, sizeof(input), "%s\n%s\t2\n", one, PARA);
	struct tu_run run = tu_tally(input, "--lang", "en", "--db", path, "consume", "W-MED1",
	                             "--user", "1001", "--scanner", "stdin", NULL);
	tu_assert_contains(run.out, "Continuing the consumption from");
	tu_assert_contains(run.out, "1 used, 0 wasted, 0 lent so far");
	tu_assert_contains(run.out, "already");
	tu_assert_contains(run.out, "Done: 3 used");
	tu_run_free(&run);

	s = store_open(path, &e);
	size_t n;
	struct record *r = records_of(s, &n);
	int starts = 0, ends = 0;
	for (size_t i = 0; i < n; i++) {
		starts += r[i].kind == REC_SESSION_START;
		ends += r[i].kind == REC_SESSION_END;
	}
	assert_int_equal(starts, 1);
	assert_int_equal(ends, 1);
	records_free(r, n);
	assert_int_equal(session_find_open(s, "consume", "W-MED1", 12, &o, &e), EX_DATAERR);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_with_reason),
		cmocka_unit_test(consume_with_reasons),
		cmocka_unit_test(expired_pack_is_never_given),
		cmocka_unit_test(label_in_two_symbols_in_line_mode),
		cmocka_unit_test(interrupted_consumption_continues),
	};
	return cmocka_run_group_tests_name("consume", tests, NULL, NULL);
}
