/*
 * test-hub-reconcile.c — on-hand as the pharmacist reads it on the hub,
 * from records arriving the way handhelds send them: in batches, late, out
 * of order, from several handhelds at once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hub/hub-db.h"
#include "hub/reconcile.h"
#include "tests/lib/hub-events.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>

struct fx {
	char *dir;
	struct hdb *db;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	char *path = tu_path(f->dir, "hub.db");
	f->db = hub_test_open(path);
	free(path);
	assert_non_null(f->db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	hdb_close(f->db);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static int64_t onhand(struct hdb *db, const char *loc, const char *art)
{
	char *sql = tu_strfmt(
	    "SELECT qty FROM onhand WHERE location_id = '%s' AND article_id = '%s'", loc, art);
	int64_t v = hub_int(db, sql, -999);
	free(sql);
	return v;
}

static int64_t stock(struct hdb *db, const char *loc, const char *art)
{
	char *sql = tu_strfmt(
	    "SELECT qty FROM stock WHERE location_id = '%s' AND article_id = '%s'", loc, art);
	int64_t v = hub_int(db, sql, -999);
	free(sql);
	return v;
}

static int64_t stock_cursor(struct hdb *db, const char *loc, const char *art)
{
	char *sql = tu_strfmt("SELECT cursor FROM change WHERE tbl = 'stock' AND key = '%s' || "
	                      "char(31) || '%s'",
	                      loc, art);
	int64_t v = hub_int(db, sql, -1);
	free(sql);
	return v;
}

#define T(h, m) "2026-11-23T" h ":" m ":00.000Z"

static void count_consume_receive(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	struct hub_ev ev[] = {
		{ 1, 1, "session-start", T("08", "00"), "s1", "1001", "MED1", NULL, 0,
		  "{\"job\":\"round\"}" },
		{ 1, 2, "count", T("08", "01"), "s1", "1001", "MED1", "A1", 10, NULL },
		{ 1, 3, "consume", T("08", "10"), "s1", "1001", "MED1", "A1", 3,
		  "{\"reason\":\"patient\"}" },
		{ 1, 4, "receive", T("08", "20"), "s1", "1001", "MED1", "A1", 5, NULL },
		{ 1, 5, "discard", T("08", "21"), "s1", "1001", "MED1", "A1", 1, NULL },
		{ 1, 6, "refill", T("08", "22"), "s1", "1001", "MED1", "A1", 2, NULL },
		{ 1, 7, "unknown-code", T("08", "23"), "s1", "1001", "MED1", NULL, 4, NULL },
	};
	hub_ingest(db, ev, 7);
	assert_int_equal(onhand(db, "MED1", "A1"), 10 - 3 + 5 - 1 + 2);
	assert_int_equal(hub_int(db, "SELECT last_count FROM onhand", -1), 10);
	assert_int_equal(stock(db, "MED1", "A1"), 13);
	assert_int_equal(hub_int(db, "SELECT count(*) FROM onhand", -1), 1);

	/* A new count replaces the figure; what happened before it no longer
	 * matters. */
	struct hub_ev recount[] = {
		{ 1, 8, "consume", T("09", "00"), "s2", "1001", "MED1", "A1", 4, NULL },
		{ 1, 9, "count", T("09", "30"), "s2", "1001", "MED1", "A1", 7, NULL },
	};
	hub_ingest(db, recount, 2);
	assert_int_equal(onhand(db, "MED1", "A1"), 7);
	assert_int_equal(stock(db, "MED1", "A1"), 7);
}

/* Counting by batch: one round counts 3 of batch X and 5 of batch Y, so
 * the ward holds 8 (before, the second batch replaced the first: 5); a
 * recount of X replaces X only. */
static void counts_per_batch_add_up(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	struct hub_ev ev[] = {
		{ 1, 1, "count", T("08", "01"), "s1", "1001", "MED1", "A1", 3, NULL, "X" },
		{ 1, 2, "count", T("08", "02"), "s1", "1001", "MED1", "A1", 5, NULL, "Y" },
	};
	hub_ingest(db, ev, 2);
	assert_int_equal(onhand(db, "MED1", "A1"), 8);
	assert_int_equal(hub_int(db, "SELECT last_count FROM onhand", -1), 8);
	struct hub_ev more[] = {
		{ 1, 3, "consume", T("08", "03"), "s1", "1001", "MED1", "A1", 1, NULL },
		{ 1, 4, "count", T("08", "04"), "s1", "1001", "MED1", "A1", 2, NULL, "X" },
	};
	hub_ingest(db, more, 2);
	/* 8 − 1 used, then X recounted 3 → 2: 6 */
	assert_int_equal(onhand(db, "MED1", "A1"), 6);
	/* A count without a batch is the article's whole count. */
	struct hub_ev whole[] = {
		{ 1, 5, "count", T("08", "05"), "s1", "1001", "MED1", "A1", 0, NULL },
	};
	hub_ingest(db, whole, 1);
	assert_int_equal(onhand(db, "MED1", "A1"), 0);
}

/* A mistaken count of 99999 corrected by a void: the hub's figure is as if
 * it had never been; a voided receipt line moves nothing. */
static void voided_records_are_left_out(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	struct hub_ev ev[] = {
		{ 1, 1, "count", T("08", "01"), "s1", "1001", "MED1", "A1", 10, NULL },
		{ 1, 2, "count", T("09", "01"), "s2", "1001", "MED1", "A1", 99999, NULL },
		{ 1, 3, "receive", T("09", "05"), "s3", "2001", "MED1", "A1", 20, NULL },
	};
	hub_ingest(db, ev, 3);
	assert_int_equal(onhand(db, "MED1", "A1"), 99999 + 20);
	struct hub_ev undo[] = {
		{ 1, 4, "void", T("09", "02"), "s2", "1001", "MED1", "A1", 99999,
		  "{\"seq\":2,\"kind\":\"count\"}" },
		{ 1, 5, "void", T("09", "06"), "s3", "2001", "MED1", "A1", 20,
		  "{\"seq\":3,\"kind\":\"receive\"}" },
		{ 1, 6, "count", T("09", "10"), "s2", "1001", "MED1", "A1", 2, NULL },
	};
	hub_ingest(db, undo, 3);
	assert_int_equal(onhand(db, "MED1", "A1"), 2);
	assert_int_equal(stock(db, "MED1", "A1"), 2);
	/* A void of another device's seq 2 cancels nothing here. */
	struct hub_ev other[] = {
		{ 2, 7, "void", T("09", "20"), "s2", "1001", "MED1", "A1", 2,
		  "{\"seq\":6,\"kind\":\"count\"}" },
	};
	hub_ingest(db, other, 1);
	assert_int_equal(onhand(db, "MED1", "A1"), 2);
}

/* Stock imported as opening balances is the base of on-hand until the
 * first count: opening 5, 2 used → 3 (before: −2).  More used than was
 * there is flagged, and handhelds get 0, never a negative stock. */
static void opening_balance_then_consumption(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	hub_sql(db, "INSERT INTO stock(location_id, article_id, qty, counted_at)"
	            " VALUES('MED1', 'A1', 5, NULL)");
	assert_int_equal(hub_int(db, "SELECT qty FROM opening", -1), 5);
	struct hub_ev ev[] = {
		{ 1, 1, "consume", T("08", "01"), "s1", "1001", "MED1", "A1", 2, NULL },
	};
	hub_ingest(db, ev, 1);
	assert_int_equal(onhand(db, "MED1", "A1"), 3);
	assert_int_equal(stock(db, "MED1", "A1"), 3);
	/* The hub's own stock row did not become an opening balance. */
	assert_int_equal(hub_int(db, "SELECT qty FROM opening", -1), 5);
	struct hub_ev more[] = {
		{ 1, 2, "consume", T("08", "02"), "s1", "1001", "MED1", "A1", 5, NULL },
	};
	hub_ingest(db, more, 1);
	assert_int_equal(onhand(db, "MED1", "A1"), -2);
	assert_int_equal(stock(db, "MED1", "A1"), 0);
	struct onhand oh;
	struct tally_err e = { 0 };
	assert_int_equal(reconcile_pair(db, "MED1", "A1", &oh, NULL, NULL, &e), 0);
	assert_true(oh.more_used);
	assert_true(oh.opening);
	/* A count replaces the opening balance. */
	struct hub_ev count[] = {
		{ 1, 3, "count", T("09", "00"), "s2", "1001", "MED1", "A1", 4, NULL },
		{ 1, 4, "consume", T("09", "01"), "s2", "1001", "MED1", "A1", 1, NULL },
	};
	hub_ingest(db, count, 2);
	assert_int_equal(onhand(db, "MED1", "A1"), 3);
}

static void no_count_sums_movements(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	struct hub_ev ev[] = {
		{ 1, 1, "receive", T("08", "00"), "s1", "2001", "BIN-1", "A1", 40, NULL },
		{ 1, 2, "consume", T("08", "05"), "s1", "2001", "BIN-1", "A1", 15, NULL },
		{ 1, 3, "receive", T("08", "06"), "s1", "2001", NULL, "A1", 99, NULL },
	};
	hub_ingest(db, ev, 3);
	assert_int_equal(onhand(db, "BIN-1", "A1"), 25);
	assert_int_equal(hub_int(db, "SELECT count(*) FROM onhand WHERE counted_at IS NULL", -1),
	                 1);
	assert_int_equal(hub_int(db, "SELECT count(*) FROM onhand", -1), 1);
}

static void out_of_order_arrival(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	/* Handheld 2 syncs first: its count at 10:00. */
	struct hub_ev late_count[] = {
		{ 2, 1, "count", T("10", "00"), "s2", "1002", "MED1", "A1", 20, NULL },
	};
	hub_ingest(db, late_count, 1);
	assert_int_equal(onhand(db, "MED1", "A1"), 20);
	/* Handheld 1 comes back into range: a consume placed before the count
	 * (already in the 20) and one after it. */
	struct hub_ev early[] = {
		{ 1, 1, "consume", T("09", "00"), "s1", "1001", "MED1", "A1", 4, NULL },
		{ 1, 2, "consume", T("10", "30"), "s1", "1001", "MED1", "A1", 2, NULL },
	};
	hub_ingest(db, early, 2);
	assert_int_equal(onhand(db, "MED1", "A1"), 18);
	assert_int_equal(stock(db, "MED1", "A1"), 18);
}

static void two_devices_count_one_ward(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	struct hub_ev b[] = {
		{ 2, 1, "count", T("11", "05"), "s2", "1002", "MED1", "A1", 6, NULL },
		{ 2, 2, "count", T("11", "05"), "s2", "1002", "MED1", "A2", 9, NULL },
	};
	struct hub_ev a[] = {
		{ 1, 1, "count", T("11", "00"), "s1", "1001", "MED1", "A1", 5, NULL },
		{ 1, 2, "count", T("11", "05"), "s1", "1001", "MED1", "A2", 8, NULL },
	};
	hub_ingest(db, b, 2);
	hub_ingest(db, a, 2);
	/* The later count stands, whoever synced last. */
	assert_int_equal(onhand(db, "MED1", "A1"), 6);
	/* At the same moment the higher device id comes last, every time. */
	assert_int_equal(onhand(db, "MED1", "A2"), 9);
}

static void transfer_between_wards(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	struct hub_ev ev[] = {
		{ 1, 1, "count", T("08", "00"), "s1", "1001", "MED1", "A1", 10, NULL },
		{ 1, 2, "count", T("08", "00"), "s1", "1001", "MED2", "A1", 2, NULL },
	};
	hub_ingest(db, ev, 2);
	struct hub_ev loan[] = {
		{ 1, 3, "transfer", T("09", "00"), "s2", "1001", "MED1", "A1", 3,
		  "{\"to\":\"MED2\"}" },
	};
	hub_ingest(db, loan, 1);
	assert_int_equal(onhand(db, "MED1", "A1"), 7);
	assert_int_equal(onhand(db, "MED2", "A1"), 5);
	assert_int_equal(stock(db, "MED2", "A1"), 5);
	/* A loan to a ward that has never counted: stock from zero. */
	struct hub_ev loan2[] = {
		{ 1, 4, "transfer", T("09", "10"), "s2", "1001", "MED1", "A1", 2,
		  "{\"to\":\"ICU\"}" },
	};
	hub_ingest(db, loan2, 1);
	assert_int_equal(onhand(db, "MED1", "A1"), 5);
	assert_int_equal(onhand(db, "ICU", "A1"), 2);
}

static void changelog_only_on_change(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	struct hub_ev ev[] = {
		{ 1, 1, "count", T("08", "00"), "s1", "1001", "MED1", "A1", 10, NULL },
	};
	hub_ingest(db, ev, 1);
	int64_t c1 = stock_cursor(db, "MED1", "A1");
	assert_true(c1 > 0);
	/* In and out in one request: the figure stands, handhelds pull nothing. */
	struct hub_ev same[] = {
		{ 1, 2, "receive", T("09", "00"), "s1", "1001", "MED1", "A1", 2, NULL },
		{ 1, 3, "consume", T("09", "01"), "s1", "1001", "MED1", "A1", 2, NULL },
		{ 1, 4, "session-end", T("09", "02"), "s1", "1001", "MED1", NULL, 0, NULL },
	};
	hub_ingest(db, same, 3);
	assert_int_equal(stock_cursor(db, "MED1", "A1"), c1);
	assert_int_equal(hub_int(db, "SELECT count(*) FROM change", -1), 1);
	/* A change moves the row to a newer cursor and carries the figure. */
	struct hub_ev less[] = {
		{ 1, 5, "consume", T("09", "10"), "s1", "1001", "MED1", "A1", 1, NULL },
	};
	hub_ingest(db, less, 1);
	assert_true(stock_cursor(db, "MED1", "A1") > c1);
	assert_int_equal(hub_int(db, "SELECT json_extract(row, '$.qty') FROM change", -1), 9);
	assert_int_equal(
	    hub_int(db,
	            "SELECT json_extract(row, '$.counted_at') = '" T("08", "00") "' FROM change",
	            -1),
	    1);
	/* The same count again, later: same figure, new counted_at: pulled. */
	int64_t c2 = stock_cursor(db, "MED1", "A1");
	struct hub_ev again[] = {
		{ 1, 6, "count", T("10", "00"), "s3", "1001", "MED1", "A1", 9, NULL },
	};
	hub_ingest(db, again, 1);
	assert_true(stock_cursor(db, "MED1", "A1") > c2);
}

static void drill_scans_add_up(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	const char *plan = "{\"plan\":\"P1\",\"expired\":false}";
	struct hub_ev ev[] = {
		{ 1, 1, "count", T("07", "00"), "r1", "1001", "AKUTT", "A1", 4, NULL },
		{ 1, 2, "count", T("08", "00"), "d1", "1001", "AKUTT", "A1", 1, plan },
		{ 1, 3, "count", T("08", "01"), "d1", "1001", "AKUTT", "A1", 1, plan },
		{ 1, 4, "count", T("08", "02"), "d1", "1001", "AKUTT", "A1", 3, plan },
	};
	hub_ingest(db, ev, 4);
	/* A drill counts pack by pack: its scans at one place are one count. */
	assert_int_equal(onhand(db, "AKUTT", "A1"), 5);
	/* Another drill session counts again from scratch. */
	struct hub_ev next[] = {
		{ 2, 1, "count", T("09", "00"), "d2", "1002", "AKUTT", "A1", 2, plan },
	};
	hub_ingest(db, next, 1);
	assert_int_equal(onhand(db, "AKUTT", "A1"), 2);
}

static void reconcile_all_rebuilds(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	struct hub_ev ev[] = {
		{ 1, 1, "count", T("08", "00"), "s1", "1001", "MED1", "A1", 10, NULL },
		{ 1, 2, "consume", T("08", "30"), "s1", "1001", "MED1", "A1", 1, NULL },
		{ 1, 3, "transfer", T("08", "40"), "s1", "1001", "MED1", "A1", 2,
		  "{\"to\":\"MED2\"}" },
	};
	hub_ingest(db, ev, 3);
	hub_sql(db, "DELETE FROM onhand");
	struct tally_err e = { 0 };
	assert_int_equal(reconcile_all(db, &e), 0);
	assert_int_equal(onhand(db, "MED1", "A1"), 7);
	assert_int_equal(onhand(db, "MED2", "A1"), 2);
	assert_int_equal(hdb_autocommit(db), 1);
}

static unsigned rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

/* Whatever the order and batching in which records arrive, the figure kept
 * at ingest is the one a walk through the whole history gives. */
static void any_arrival_order_same_figure(void **state)
{
	struct hdb *db = ((struct fx *)*state)->db;
	static const char *const kinds[] = { "count",   "consume",  "receive",
		                             "discard", "transfer", "count" };
	static const char *const places[] = { "MED1", "MED2", "AKUTT" };
	static const char *const sessions[] = { "d1", "d2", "r1" };
	enum { N = 300 };
	static struct hub_ev ev[N];
	static char when[N][32], data[N][64];
	unsigned seed = 12345;
	for (int i = 0; i < N; i++) {
		int dev = 1 + (int)(rnd(&seed) % 3);
		snprintf(when[i], sizeof(when[i]), "2026-11-23T%02u:%02u:00.000Z",
		         6 + rnd(&seed) % 12, rnd(&seed) % 60);
		const char *kind = kinds[rnd(&seed) % 6];
		const char *session = sessions[rnd(&seed) % 3];
		if (strcmp(kind, "transfer") == 0)
			snprintf(data[i], sizeof(data[i]), "{\"to\":\"%s\"}",
			         places[rnd(&seed) % 3]);
		else if (strcmp(kind, "count") == 0 && session[0] == 'd')
			snprintf(data[i], sizeof(data[i]), "{\"plan\":\"P1\"}");
		else
			snprintf(data[i], sizeof(data[i]), "{}");
		ev[i] = (struct hub_ev){ dev,
			                 1000 + i,
			                 kind,
			                 when[i],
			                 session,
			                 "1001",
			                 places[rnd(&seed) % 3],
			                 rnd(&seed) % 2 ? "A1" : "A2",
			                 1 + (int64_t)(rnd(&seed) % 9),
			                 data[i] };
	}
	/* Arrival: shuffled, in batches of 1 to 40. */
	for (int i = N - 1; i > 0; i--) {
		int j = (int)(rnd(&seed) % (unsigned)(i + 1));
		struct hub_ev t = ev[i];
		ev[i] = ev[j];
		ev[j] = t;
	}
	for (int i = 0; i < N;) {
		int n = 1 + (int)(rnd(&seed) % 40);
		if (i + n > N)
			n = N - i;
		hub_ingest(db, ev + i, (size_t)n);
		i += n;
	}
	for (int p = 0; p < 3; p++)
		for (int a = 0; a < 2; a++) {
			const char *art = a ? "A2" : "A1";
			struct onhand oh;
			struct tally_err e = { 0 };
			assert_int_equal(reconcile_pair(db, places[p], art, &oh, NULL, NULL, &e),
			                 0);
			assert_int_equal(onhand(db, places[p], art), oh.qty);
			/* below zero is no stock: handhelds get 0 */
			assert_int_equal(stock(db, places[p], art), oh.qty > 0 ? oh.qty : 0);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(count_consume_receive, setup, teardown),
		cmocka_unit_test_setup_teardown(counts_per_batch_add_up, setup, teardown),
		cmocka_unit_test_setup_teardown(voided_records_are_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(opening_balance_then_consumption, setup, teardown),
		cmocka_unit_test_setup_teardown(no_count_sums_movements, setup, teardown),
		cmocka_unit_test_setup_teardown(out_of_order_arrival, setup, teardown),
		cmocka_unit_test_setup_teardown(two_devices_count_one_ward, setup, teardown),
		cmocka_unit_test_setup_teardown(transfer_between_wards, setup, teardown),
		cmocka_unit_test_setup_teardown(changelog_only_on_change, setup, teardown),
		cmocka_unit_test_setup_teardown(drill_scans_add_up, setup, teardown),
		cmocka_unit_test_setup_teardown(reconcile_all_rebuilds, setup, teardown),
		cmocka_unit_test_setup_teardown(any_arrival_order_same_figure, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
