/*
 * test-pack.c — a store that fails while a pack is looked up is a failure,
 * said as one, never an "unknown code" record: before jobs/pack.c the
 * receipt, consumption and count workflows took any lookup failure for
 * an unknown code.  And the one pack-scan step as every job takes it:
 * every kind of scan × every job, a serialised pack counted once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/pack.h"
#include "jobs/consume.h"
#include "jobs/count.h"
#include "jobs/drill.h"
#include "jobs/receive.h"
#include "jobs/round.h"
#include "common/i18n.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static void lookup_failure_is_not_an_unknown_code(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	struct scan_config cfg = { .year = 2026 };
	struct scan sc;
	struct scan_failure f;
	struct article a;

	/* Known and unknown codes, while the store works. */
	assert_int_equal(scan_parse("]E09521234543213", 16, &cfg, &sc, &f), SCAN_OK);
	assert_int_equal(pack_article(s, &sc, &a, NULL, &e), 0);
	assert_string_equal(a.id, "A-PARA");
	article_free(&a);
	assert_int_equal(scan_parse("]E05701234567899", 16, &cfg, &sc, &f), SCAN_OK);
	assert_int_equal(pack_article(s, &sc, &a, NULL, &e), EX_DATAERR);

	/* The code table breaks under the handheld (another process, a bad
	 * upgrade): the lookup fails, and says so. */
	struct receive *r;
	assert_int_equal(receive_start(&r, s, "1001", "2026-11-23", &e), 0);
	struct receive_event ev;
	const char *sscc = "]C100095212340000000013";
	assert_int_equal(receive_scan(r, sscc, strlen(sscc), -1, &cfg, &ev, &e), 0);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE code", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(scan_parse("]E09521234543213", 16, &cfg, &sc, &f), SCAN_OK);
	int rc = pack_article(s, &sc, &a, NULL, &e);
	assert_true(rc != 0 && rc != EX_DATAERR);
	assert_true(e.msg[0] != '\0');
	err_clear(&e);
	assert_true(receive_scan(r, "]E09521234543213", 16, 3, &cfg, &ev, &e) != 0);
	receive_free(r);

	struct record *recs;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &recs, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(recs[i].kind, REC_UNKNOWN_CODE);
	records_free(recs, n);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* What a user sees come of a scan, whatever the job. */
enum seen { RECORDED, UNKNOWN, PLACE, PARCEL, REFUSED, INVALID };

enum job { J_ROUND, J_COUNT, J_CONSUME, J_DRILL, J_RECEIVE, J_N };
static const char *const job_names[J_N] = { "round", "count", "consume", "drill", "receive" };

struct jobs {
	struct round *round;
	struct count *count;
	struct consume *consume;
	struct drill *drill;
	struct receive *receive;
};

static enum seen scan_in(struct jobs *j, enum job which, const char *text,
                         const struct scan_config *cfg, char *msg, size_t msz)
{
	struct tally_err e = { 0 };
	size_t len = strlen(text);
	enum seen seen = INVALID;
	switch (which) {
	case J_ROUND: {
		struct round_event ev;
		assert_int_equal(round_scan(j->round, text, len, 3, cfg, &ev, &e), 0);
		seen = ev.outcome == ROUND_COUNTED        ? RECORDED
		       : ev.outcome == ROUND_UNKNOWN_CODE ? UNKNOWN
		       : ev.outcome == ROUND_NOT_A_PACK   ? REFUSED
		                                          : INVALID;
		snprintf(msg, msz, "%s", ev.message);
		break;
	}
	case J_COUNT: {
		struct count_event ev;
		assert_int_equal(count_scan(j->count, text, len, 3, cfg, &ev, &e), 0);
		seen = ev.outcome == COUNT_COUNTED || ev.outcome == COUNT_RECOUNTED ? RECORDED
		       : ev.outcome == COUNT_UNKNOWN_CODE                           ? UNKNOWN
		       : strstr(ev.message, "not a pack") != NULL                   ? REFUSED
		                                                                    : INVALID;
		snprintf(msg, msz, "%s", ev.message);
		break;
	}
	case J_CONSUME: {
		struct consume_event ev;
		assert_int_equal(consume_scan(j->consume, text, len, -1, NULL, cfg, &ev, &e), 0);
		seen = ev.outcome == CONSUME_USED           ? RECORDED
		       : ev.outcome == CONSUME_UNKNOWN_CODE ? UNKNOWN
		       : strstr(ev.message, "not a pack")   ? REFUSED
		                                            : INVALID;
		snprintf(msg, msz, "%s", ev.message);
		break;
	}
	case J_DRILL: {
		struct drill_event ev;
		assert_int_equal(drill_scan(j->drill, text, len, -1, cfg, &ev, &e), 0);
		seen = ev.outcome == DRILL_COUNTED        ? RECORDED
		       : ev.outcome == DRILL_UNKNOWN_CODE ? UNKNOWN
		       : ev.outcome == DRILL_PLACE        ? PLACE
		       : strstr(ev.message, "not a pack") ? REFUSED
		                                          : INVALID;
		snprintf(msg, msz, "%s", ev.message);
		break;
	}
	case J_RECEIVE: {
		struct receive_event ev;
		assert_int_equal(receive_scan(j->receive, text, len, -1, cfg, &ev, &e), 0);
		seen = ev.outcome == RECEIVE_RECEIVED       ? RECORDED
		       : ev.outcome == RECEIVE_UNKNOWN_CODE ? UNKNOWN
		       : ev.outcome == RECEIVE_BIN          ? PLACE
		       : ev.outcome == RECEIVE_PARCEL       ? PARCEL
		       : strstr(ev.message, "not a pack")   ? REFUSED
		                                            : INVALID;
		snprintf(msg, msz, "%s", ev.message);
		break;
	}
	default:
		fail();
	}
	return seen;
}

static int64_t records_now(struct store *s, enum record_kind *last)
{
	struct record *r;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &r, &n, NULL), 0);
	int64_t seq = n ? r[n - 1].seq : 0;
	if (n)
		*last = r[n - 1].kind;
	records_free(r, n);
	return seq;
}

#define SSCC "]C100095212340000000013"

/* Every kind of scan × every job: the same scan means the same to all of
 * them, except the labels a job takes (a drill's place, a receipt's parcel
 * and bin).  Before the one step a badge in count or consume was kept as
 * an unknown product code. */
static void every_scan_in_every_job(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	fixture_load(s, "tests/fixtures/drill.json", "34");
	struct scan_config cfg = { .year = 2026, .location_prefix = "LOC:", .badge_prefix = "B:" };
	struct jobs j = { 0 };
	assert_int_equal(round_start(&j.round, s, "W-MED1", "1001", "2026-11-23", &e), 0);
	assert_int_equal(count_start(&j.count, s, "W-MED1", "1001", &e), 0);
	assert_int_equal(consume_start(&j.consume, s, "W-MED1", "1001", &e), 0);
	assert_int_equal(drill_start(&j.drill, s, "P-MASS", "1001", "2026-11-23", &e), 0);
	assert_int_equal(receive_start(&j.receive, s, "1001", "2026-11-23", &e), 0);
	char msg[256];
	/* A drill counts at a place; a receipt counts into a parcel. */
	assert_int_equal(scan_in(&j, J_DRILL, "LOC:MED1", &cfg, msg, sizeof(msg)), PLACE);
	assert_int_equal(scan_in(&j, J_RECEIVE, SSCC, &cfg, msg, sizeof(msg)), PARCEL);

	static const struct {
		const char *name, *text;
		enum seen seen[J_N];
	} table[] = {
		{ "GS1 DataMatrix",
		  "]d20109521234543213172801311"
		  "0AB12",
		  { RECORDED, RECORDED, RECORDED, RECORDED, RECORDED } },
		{ "EAN-13",
		  "]E09521234543213",
		  { RECORDED, RECORDED, RECORDED, RECORDED, RECORDED } },
		{ "unknown code",
		  "]E05701234567899",
		  { UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN } },
		{ "badge", "B:1001", { REFUSED, REFUSED, REFUSED, REFUSED, REFUSED } },
		{ "location label", "LOC:MED1", { REFUSED, REFUSED, REFUSED, PLACE, PLACE } },
		{ "SSCC", SSCC, { REFUSED, REFUSED, REFUSED, REFUSED, PARCEL } },
		{ "malformed",
		  "]d20109521234543212",
		  { INVALID, INVALID, INVALID, INVALID, INVALID } },
	};
	static const enum record_kind pack_kind[J_N] = { REC_COUNT, REC_COUNT, REC_CONSUME,
		                                         REC_COUNT, REC_RECEIVE };
	for (size_t t = 0; t < sizeof(table) / sizeof(table[0]); t++) {
		for (int job = 0; job < J_N; job++) {
			enum record_kind kind = REC_KIND_COUNT;
			int64_t before = records_now(s, &kind);
			enum seen seen =
			    scan_in(&j, (enum job)job, table[t].text, &cfg, msg, sizeof(msg));
			int64_t after = records_now(s, &kind);
			if (seen != table[t].seen[job])
				fail_msg("%s in %s: seen %d, want %d (%s)", table[t].name,
				         job_names[job], seen, table[t].seen[job], msg);
			switch (seen) {
			case RECORDED:
				/* The job's record; a receipt may add a deviation. */
				assert_true(after > before);
				break;
			case UNKNOWN:
				assert_int_equal(after, before + 1);
				assert_int_equal(kind, REC_UNKNOWN_CODE);
				break;
			case REFUSED:
				assert_int_equal(after, before);
				tu_assert_contains(msg, "not a pack");
				break;
			default:
				assert_int_equal(after, before);
				assert_true(msg[0] != '\0' || seen != INVALID);
				break;
			}
			if (seen == RECORDED) {
				struct record r;
				assert_int_equal(store_record_get(s, before + 1, &r, NULL), 0);
				assert_int_equal(r.kind, pack_kind[job]);
				if (t == 0) {
					assert_string_equal(r.batch, "AB12");
					assert_string_equal(r.expiry, "2028-01-31");
				}
				record_free(&r);
			}
		}
	}
	round_free(j.round);
	count_free(j.count);
	consume_free(j.consume);
	drill_free(j.drill);
	receive_free(j.receive);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* A serialised pack scanned twice in a drill counts once: two scans of
 * one serial and one of another give 2, not 3.  The second scan says so
 * and records nothing; after an undo of that pack it counts again. */
static void serialised_pack_counts_once(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	fixture_load(s, "tests/fixtures/drill.json", "34");
	struct scan_config cfg = { .year = 2026, .location_prefix = "LOC:" };
	struct drill *d;
	struct drill_event ev;
	assert_int_equal(drill_start(&d, s, "P-MASS", "1001", "2026-11-23", &e), 0);
	const char *one = "]d201095212345432131728013121S1",
	           *two = "]d201095212345432131728013121S2";
	assert_int_equal(drill_scan(d, "LOC:APOTEK", 10, -1, &cfg, &ev, &e), 0);
	assert_int_equal(drill_scan(d, one, strlen(one), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_COUNTED);
	assert_int_equal(drill_scan(d, one, strlen(one), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_ALREADY);
	tu_assert_contains(ev.message, "already counted");
	assert_int_equal(drill_scan(d, two, strlen(two), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_COUNTED);
	struct drill_article *para = NULL;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->articles[i].article_id, "A-PARA") == 0)
			para = &d->articles[i];
	assert_non_null(para);
	assert_int_equal(para->counted, 2);

	/* Undo the second pack: 1 counted, and it may be scanned again. */
	assert_int_equal(drill_undo(d, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_UNDONE);
	assert_int_equal(para->counted, 1);
	assert_int_equal(drill_scan(d, two, strlen(two), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_COUNTED);
	assert_int_equal(para->counted, 2);
	drill_free(d);

	/* The same in goods receipt and in use on the ward. */
	struct consume *c;
	struct consume_event cev;
	assert_int_equal(consume_start(&c, s, "W-MED1", "1001", &e), 0);
	assert_int_equal(consume_scan(c, one, strlen(one), -1, NULL, &cfg, &cev, &e), 0);
	assert_int_equal(cev.outcome, CONSUME_USED);
	assert_int_equal(consume_scan(c, one, strlen(one), -1, NULL, &cfg, &cev, &e), 0);
	assert_int_equal(cev.outcome, CONSUME_ALREADY);
	assert_int_equal(c->used, 1);
	consume_free(c);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* Records of a kind for A-PARA that no void cancels; the last one's batch
 * and expiry. */
static int standing_para(struct store *s, enum record_kind kind, char *batch, char *expiry)
{
	struct record *r;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &r, &n, NULL), 0);
	int standing = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].kind != kind || r[i].article_id == NULL ||
		    strcmp(r[i].article_id, "A-PARA") != 0)
			continue;
		int voided = 0;
		for (size_t k = 0; k < n; k++)
			voided |= r[k].kind == REC_VOID &&
			          json_integer_value(json_object_get(r[k].data, "seq")) == r[i].seq;
		if (voided)
			continue;
		standing++;
		snprintf(batch, 32, "%s", r[i].batch ? r[i].batch : "");
		snprintf(expiry, 32, "%s", r[i].expiry ? r[i].expiry : "");
	}
	records_free(r, n);
	return standing;
}

/* A GS1-128 label printed as two symbols — the GTIN in one, expiry and
 * batch in the other — scanned one after the other is one pack in every
 * job: the GTIN recorded alone is voided and the pack recorded once with
 * its batch and expiry.  In the other order the first half is refused
 * (the rule named) and the second completes it.  A batch half after
 * anything else is refused, never guessed. */
static void label_in_two_symbols_in_every_job(void **state)
{
	static const enum record_kind pack_kind[J_N] = { REC_COUNT, REC_COUNT, REC_CONSUME,
		                                         REC_COUNT, REC_RECEIVE };
	const char *gtin = "]C10109521234543213", *rest = "]C11727123110LOT1";
	struct scan_config cfg = { .year = 2026, .location_prefix = "LOC:", .badge_prefix = "B:" };
	char msg[256], batch[32], expiry[32];
	for (int order = 0; order < 2; order++) {
		for (int job = 0; job < J_N; job++) {
			char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
			struct tally_err e = { 0 };
			struct store *s = store_open(path, &e);
			fixture_load(s, "tests/fixtures/ward.json", "23");
			fixture_load(s, "tests/fixtures/drill.json", "34");
			struct jobs j = { 0 };
			switch (job) {
			case J_ROUND:
				assert_int_equal(
				    round_start(&j.round, s, "W-MED1", "1001", "2026-11-23", &e),
				    0);
				break;
			case J_COUNT:
				assert_int_equal(count_start(&j.count, s, "W-MED1", "1001", &e), 0);
				break;
			case J_CONSUME:
				assert_int_equal(consume_start(&j.consume, s, "W-MED1", "1001", &e),
				                 0);
				break;
			case J_DRILL:
				assert_int_equal(
				    drill_start(&j.drill, s, "P-MASS", "1001", "2026-11-23", &e),
				    0);
				assert_int_equal(
				    scan_in(&j, J_DRILL, "LOC:MED1", &cfg, msg, sizeof(msg)),
				    PLACE);
				break;
			default:
				assert_int_equal(
				    receive_start(&j.receive, s, "1001", "2026-11-23", &e), 0);
				assert_int_equal(
				    scan_in(&j, J_RECEIVE, SSCC, &cfg, msg, sizeof(msg)), PARCEL);
				break;
			}
			/* The batch half after a non-pack scan: refused, nothing kept. */
			if (order == 0) {
				assert_int_equal(
				    scan_in(&j, (enum job)job, rest, &cfg, msg, sizeof(msg)),
				    INVALID);
				tu_assert_contains(msg, "(01)");
				assert_int_equal(standing_para(s, pack_kind[job], batch, expiry),
				                 0);
				assert_int_equal(
				    scan_in(&j, (enum job)job, "B:1001", &cfg, msg, sizeof(msg)),
				    REFUSED);
			}
			const char *first = order == 0 ? gtin : rest,
			           *second = order == 0 ? rest : gtin;
			enum seen seen = scan_in(&j, (enum job)job, first, &cfg, msg, sizeof(msg));
			if (seen != (order == 0 ? RECORDED : INVALID))
				fail_msg("first, order %d in %s: %d (%s)", order, job_names[job],
				         seen, msg);
			seen = scan_in(&j, (enum job)job, second, &cfg, msg, sizeof(msg));
			if (seen != RECORDED)
				fail_msg("order %d in %s: %d (%s)", order, job_names[job], seen,
				         msg);
			assert_int_equal(standing_para(s, pack_kind[job], batch, expiry), 1);
			assert_string_equal(batch, "LOT1");
			assert_string_equal(expiry, "2027-12-31");
			/* What the user sees counted: once. */
			if (job == J_CONSUME)
				assert_int_equal(j.consume->used, 1);
			if (job == J_ROUND)
				for (size_t i = 0; i < j.round->n; i++)
					if (strcmp(j.round->lines[i].article_id, "A-PARA") == 0)
						assert_int_equal(j.round->lines[i].count, 3);
			/* The batch half again, alone now: refused, still one pack. */
			if (order == 0) {
				assert_int_equal(
				    scan_in(&j, (enum job)job, rest, &cfg, msg, sizeof(msg)),
				    INVALID);
				assert_int_equal(standing_para(s, pack_kind[job], batch, expiry),
				                 1);
			}
			round_free(j.round);
			count_free(j.count);
			consume_free(j.consume);
			drill_free(j.drill);
			receive_free(j.receive);
			store_close(s);
			tu_rmtree(dir);
			free(dir);
			free(path);
		}
	}
}

/* A serialised pack labelled in two symbols, in a drill: recorded as the
 * one message (GS1's bracketed form, GTIN and serial together), so the
 * same pack again is "already counted", and after an undo it counts
 * again. */
static void serial_in_the_second_symbol(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	fixture_load(s, "tests/fixtures/drill.json", "34");
	struct scan_config cfg = { .year = 2026, .location_prefix = "LOC:" };
	const char *gtin = "]C10109521234543213", *serial = "]C121S9";
	struct drill *d;
	struct drill_event ev;
	assert_int_equal(drill_start(&d, s, "P-MASS", "1001", "2026-11-23", &e), 0);
	assert_int_equal(drill_scan(d, "LOC:APOTEK", 10, -1, &cfg, &ev, &e), 0);
	struct drill_article *para = NULL;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->articles[i].article_id, "A-PARA") == 0)
			para = &d->articles[i];
	assert_non_null(para);
	assert_int_equal(drill_scan(d, gtin, strlen(gtin), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_COUNTED);
	assert_int_equal(drill_scan(d, serial, strlen(serial), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_COUNTED);
	assert_int_equal(para->counted, 1);
	struct record *recs;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &recs, &n, NULL), 0);
	assert_string_equal(recs[n - 1].code, "(01)09521234543213(21)S9");
	assert_string_equal(recs[n - 1].serial, "S9");
	records_free(recs, n);
	/* the same pack again, both symbols: already counted */
	assert_int_equal(drill_scan(d, gtin, strlen(gtin), -1, &cfg, &ev, &e), 0);
	assert_int_equal(drill_scan(d, serial, strlen(serial), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_ALREADY);
	assert_int_equal(para->counted, 1); /* its lone GTIN voided too */
	/* undone: it counts again */
	assert_int_equal(drill_undo(d, &ev, &e), 0);
	assert_int_equal(para->counted, 0);
	assert_int_equal(drill_scan(d, gtin, strlen(gtin), -1, &cfg, &ev, &e), 0);
	assert_int_equal(drill_scan(d, serial, strlen(serial), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, DRILL_COUNTED);
	assert_int_equal(para->counted, 1);
	drill_free(d);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* On the screen a round asks for the count after the scan and hands the
 * same scan in again with it: the second half asked for its count is
 * still joined to the first, and the pack counts once. */
static void joined_scan_handed_in_again_with_its_count(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	fixture_load(s, "tests/fixtures/ward.json", "23");
	struct scan_config cfg = { .year = 2026 };
	const char *gtin = "]C10109521234543213", *rest = "]C11727123110LOT1";
	struct round *r;
	struct round_event ev;
	assert_int_equal(round_start(&r, s, "W-MED1", "1001", "2026-11-23", &e), 0);
	assert_int_equal(round_scan(r, gtin, strlen(gtin), 3, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_COUNTED);
	assert_int_equal(round_scan(r, rest, strlen(rest), -1, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_NEED_COUNT);
	assert_int_equal(round_scan(r, rest, strlen(rest), 3, &cfg, &ev, &e), 0);
	assert_int_equal(ev.outcome, ROUND_COUNTED);
	char batch[32], expiry[32];
	assert_int_equal(standing_para(s, REC_COUNT, batch, expiry), 1);
	assert_string_equal(batch, "LOT1");
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->lines[i].article_id, "A-PARA") == 0)
			assert_int_equal(r->lines[i].count, 3);
	round_free(r);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup_failure_is_not_an_unknown_code),
		cmocka_unit_test(every_scan_in_every_job),
		cmocka_unit_test(serialised_pack_counts_once),
		cmocka_unit_test(label_in_two_symbols_in_every_job),
		cmocka_unit_test(serial_in_the_second_symbol),
		cmocka_unit_test(joined_scan_handed_in_again_with_its_count),
	};
	return cmocka_run_group_tests_name("pack", tests, NULL, NULL);
}
