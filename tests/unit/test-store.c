/*
 * test-store.c — the local store as the workflows and the sync use it:
 * records appended and read back, sync results marked, master data applied
 * page by page with its cursor, and the lookups a ward needs offline.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "common/i18n.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct fx {
	char *dir, *path;
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct tally_err e = { 0 };
	f->dir = tu_mkdtemp();
	f->path = tu_path(f->dir, "sub/tally.db");
	f->s = store_open(f->path, &e);
	if (f->s == NULL)
		fail_msg("store_open: %s", e.msg);
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

static void load_master(struct store *s)
{
	fixture_load(s, "tests/fixtures/ward.json", "18");
}

static void new_store_has_identity_and_private_file(void **state)
{
	struct fx *f = *state;
	assert_int_equal(strlen(store_db_id(f->s)), 36);
	assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 077, 0); /* who scanned what is not for others */

	/* The db_id survives reopening: it names this store for the hub. */
	char id[37];
	strcpy(id, store_db_id(f->s));
	store_close(f->s);
	f->s = store_open(f->path, NULL);
	assert_non_null(f->s);
	assert_string_equal(store_db_id(f->s), id);
}

static void appended_records_read_back_in_order(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	json_t *data = json_pack("{s:s}", "job", "round");
	struct record_in start = {
		.kind = REC_SESSION_START, .user = "1001", .location_id = "W-MED1", .data = data
	};
	int64_t seq1 = 0, seq2 = 0;
	char uuid1[37] = "", uuid2[37] = "";
	assert_int_equal(store_append(f->s, &start, &seq1, uuid1, &e), 0);
	json_decref(data);
	struct record_in count = { .kind = REC_COUNT,
		                   .session = uuid1,
		                   .user = "1001",
		                   .location_id = "W-MED1",
		                   .article_id = "A-PARA",
		                   .code = "]d20109521234543213\x1d"
		                           "10AB12",
		                   .qty = 3,
		                   .batch = "AB12",
		                   .expiry = "2027-12-31" };
	assert_int_equal(store_append(f->s, &count, &seq2, uuid2, &e), 0);
	assert_true(seq2 > seq1);
	assert_string_not_equal(uuid1, uuid2);
	assert_int_equal(uuid2[14], '4'); /* UUID version 4 */

	struct record *r;
	size_t n;
	assert_int_equal(store_records(f->s, 0, 1, 100, &r, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[1].kind, REC_COUNT);
	assert_string_equal(r[1].session, uuid1);
	assert_string_equal(r[1].code, "]d20109521234543213\x1d"
	                               "10AB12");
	assert_int_equal(r[1].qty, 3);
	assert_string_equal(r[1].expiry, "2027-12-31");
	assert_int_equal(strlen(r[1].device_time), 24);
	assert_int_equal(r[1].device_time[23], 'Z');
	assert_string_equal(json_string_value(json_object_get(r[0].data, "job")), "round");

	json_t *j = record_to_json(&r[1]);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "count");
	assert_string_equal(json_string_value(json_object_get(j, "uuid")), uuid2);
	assert_int_equal(json_integer_value(json_object_get(j, "seq")), seq2);
	assert_null(json_object_get(j, "serial")); /* absent strings are omitted */
	json_decref(j);
	records_free(r, n);

	/* after_seq and limit page through them */
	assert_int_equal(store_records(f->s, seq1, 1, 100, &r, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].seq, seq2);
	records_free(r, n);

	struct record one;
	assert_int_equal(store_record_get(f->s, seq2, &one, &e), 0);
	assert_string_equal(one.uuid, uuid2);
	record_free(&one);
	assert_int_equal(store_record_get(f->s, 999, &one, &e), EX_DATAERR);
}

static void sync_results_are_marked_and_rejections_kept(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	int64_t seq[5];
	for (int i = 0; i < 5; i++) {
		struct record_in in = { .kind = REC_CONSUME,
			                .location_id = "W-MED1",
			                .article_id = "A-PARA",
			                .qty = 1 };
		assert_int_equal(store_append(f->s, &in, &seq[i], NULL, &e), 0);
	}
	struct sync_result res[3] = {
		{ seq[0], SYNC_SENT, NULL },
		{ seq[1], SYNC_SENT, NULL },
		{ seq[2], SYNC_REJECTED, "conflict" },
	};
	assert_int_equal(store_mark(f->s, res, 3, &e), 0);
	struct store_counts c;
	assert_int_equal(store_count_states(f->s, &c, &e), 0);
	assert_int_equal(c.pending, 2);
	assert_int_equal(c.sent, 2);
	assert_int_equal(c.rejected, 1);

	struct record r;
	assert_int_equal(store_record_get(f->s, seq[2], &r, &e), 0);
	assert_int_equal(r.state, SYNC_REJECTED);
	assert_string_equal(r.reason, "conflict");
	record_free(&r);

	/* Only pending records are offered for the next push. */
	struct record *p;
	size_t n;
	assert_int_equal(store_records(f->s, 0, 1, 0, &p, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].seq, seq[3]);
	records_free(p, n);
}

static void master_data_page_applies_with_its_cursor_or_not_at_all(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	load_master(f->s);
	char *cursor = store_meta_get(f->s, "cursor");
	assert_string_equal(cursor, "18");
	free(cursor);

	/* A page with one bad row: nothing of it lands, the cursor stays. */
	json_t *bad = json_loads(
	    "[{\"cursor\":19,\"table\":\"article\",\"op\":\"upsert\",\"row\":{\"id\":\"A-NEW\","
	    "\"name\":\"Ny\"}},"
	    "{\"cursor\":20,\"table\":\"basis\",\"op\":\"upsert\",\"row\":{\"article_id\":\"A-"
	    "NEW\"}}]",
	    0, NULL);
	assert_int_equal(store_apply_changes(f->s, bad, "20", &e), EX_DATAERR);
	tu_assert_contains(e.msg, "location_id");
	json_decref(bad);
	struct article a;
	assert_int_equal(store_article_get(f->s, "A-NEW", &a, &e), EX_DATAERR);
	cursor = store_meta_get(f->s, "cursor");
	assert_string_equal(cursor, "18");
	free(cursor);

	/* An unknown table is refused the same way. */
	bad = json_loads("[{\"cursor\":21,\"table\":\"sqlite_master\",\"op\":\"upsert\","
	                 "\"row\":{\"x\":1}}]",
	                 0, NULL);
	assert_int_equal(store_apply_changes(f->s, bad, "21", &e), EX_DATAERR);
	tu_assert_contains(e.msg, "unknown table");
	json_decref(bad);

	/* Delete and update. */
	json_t *more = json_loads(
	    "[{\"cursor\":22,\"table\":\"code\",\"op\":\"delete\",\"row\":{\"code\":"
	    "\"19521234543210\"}},"
	    "{\"cursor\":23,\"table\":\"article\",\"op\":\"upsert\",\"row\":{\"id\":\"A-PARA\","
	    "\"name\":\"Paracetamol 500 mg tablett\",\"min_shelf_days\":120}}]",
	    0, NULL);
	assert_int_equal(store_apply_changes(f->s, more, "23", &e), 0);
	json_decref(more);
	int mult;
	assert_int_equal(store_article_by_code(f->s, "19521234543210", &a, &mult, &e), EX_DATAERR);
	tu_assert_contains(e.msg, "not known");
	assert_int_equal(store_article_get(f->s, "A-PARA", &a, &e), 0);
	assert_string_equal(a.name, "Paracetamol 500 mg tablett");
	assert_int_equal(a.min_shelf_days, 120);
	article_free(&a);
}

static void lookups_a_ward_needs(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	load_master(f->s);

	struct article a;
	int mult = 0;
	assert_int_equal(store_article_by_code(f->s, "09521234543213", &a, &mult, &e), 0);
	assert_string_equal(a.id, "A-PARA");
	assert_int_equal(mult, 1);
	article_free(&a);
	/* A GTIN-13 as scanned from EAN-13 finds the GTIN-14 on file. */
	assert_int_equal(store_article_by_code(f->s, "9521234543213", &a, &mult, &e), 0);
	article_free(&a);
	assert_int_equal(store_article_by_code(f->s, "19521234543210", &a, &mult, &e), 0);
	assert_int_equal(mult, 10);
	article_free(&a);
	assert_int_equal(store_article_get(f->s, "A-NALOX", &a, &e), 0);
	assert_true(a.antidote);
	assert_true(a.needs_batch);
	article_free(&a);

	struct location l;
	assert_int_equal(store_location_get(f->s, "LOC:MED1", &l, &e), 0);
	assert_string_equal(l.id, "W-MED1");
	location_free(&l);
	assert_int_equal(store_location_get(f->s, "W-KIR2", &l, &e), 0);
	location_free(&l);
	assert_int_equal(store_location_get(f->s, "W-NOPE", &l, &e), EX_DATAERR);
	tu_assert_contains(e.msg, "W-NOPE");
	struct location *ls;
	size_t n;
	assert_int_equal(store_locations(f->s, "ward", &ls, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(ls[0].name, "Akuttmottak B");
	locations_free(ls, n);

	struct basis_line *b;
	assert_int_equal(store_basis_list(f->s, "W-MED1", &b, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(b[2].article_id, "A-ZINK");
	assert_int_equal(b[2].short_days, 30);
	assert_string_equal(b[0].article_id, "A-NALOX"); /* shelf order */
	assert_string_equal(b[0].policy, "always-to-max");
	assert_string_equal(b[1].policy, "top-up-at-min");
	assert_int_equal(b[1].min, 4);
	assert_int_equal(b[1].max, 20);
	assert_int_equal(b[1].short_days, 90);
	basis_lines_free(b, n);

	struct plan p;
	assert_int_equal(store_plan_get(f->s, "P-MASS", &p, &e), 0);
	assert_int_equal(p.patients, 100);
	plan_free(&p);
	struct plan *plans;
	assert_int_equal(store_plans(f->s, &plans, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(plans[0].name, "Masseskade");
	assert_int_equal(plans[0].days, 2);
	plans_free(plans, n);
	struct plan_line *pl;
	assert_int_equal(store_plan_lines(f->s, "P-MASS", &pl, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_true(pl[0].dose == 6 && pl[0].strength == 2 && pl[0].units_per_pack == 10);
	plan_lines_free(pl, n);
	struct plan_place *pp;
	assert_int_equal(store_plan_places(f->s, "P-MASS", &pp, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(pp[0].location_id, "W-AKUTT");
	plan_places_free(pp, n);

	struct delivery d;
	assert_int_equal(store_delivery_get(f->s, "095212340000000020", &d, &e), 0);
	assert_string_equal(d.supplier, "Grossist AS");
	delivery_free(&d);
	assert_int_equal(store_delivery_get(f->s, "095212340000000025", &d, &e), EX_DATAERR);
	struct delivery_line *dl;
	assert_int_equal(store_delivery_lines(f->s, "095212340000000020", &dl, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(dl[0].batch, "AB12");
	assert_int_equal(dl[0].qty, 40);
	delivery_lines_free(dl, n);

	struct user u;
	assert_int_equal(store_user_get(f->s, "1001", &u, &e), 0);
	assert_string_equal(u.roles, "round,drill");
	user_free(&u);
	assert_int_equal(store_user_get(f->s, "9999", &u, &e), EX_DATAERR);
}

static void where_can_i_borrow_same_hospital_first_with_latest_count(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	load_master(f->s);

	/* This handheld counted 11 on Medisinsk 1 just now (newer than anything
	 * the hub knows); Kirurgisk 2's count comes from the hub. */
	struct record_in in = {
		.kind = REC_COUNT, .location_id = "W-MED1", .article_id = "A-PARA", .qty = 9
	};
	assert_int_equal(store_append(f->s, &in, NULL, NULL, &e), 0);
	in.qty = 11;
	assert_int_equal(store_append(f->s, &in, NULL, NULL, &e), 0);

	struct holding *h;
	size_t n;
	assert_int_equal(store_holdings(f->s, "A-PARA", "H-B", &h, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].location_id, "W-AKUTT"); /* same hospital first */
	assert_false(h[0].has_count);
	assert_string_equal(h[1].location_id, "W-KIR2");
	assert_true(h[1].has_count);
	assert_int_equal(h[1].last_count, 7);
	assert_string_equal(h[1].counted_at, "2026-11-20T08:00:00Z");
	assert_string_equal(h[2].location_id, "W-MED1");
	assert_int_equal(h[2].last_count, 11);
	holdings_free(h, n);

	assert_int_equal(store_holdings(f->s, "A-PARA", "H-A", &h, &n, &e), 0);
	assert_string_equal(h[2].location_id, "W-AKUTT"); /* other hospital last */
	holdings_free(h, n);
}

static void status_through_the_real_binary(void **state)
{
	struct fx *f = *state;
	struct tally_err e = { 0 };
	struct record_in in = { .kind = REC_UNKNOWN_CODE,
		                .code = "]E05701234567899",
		                .location_id = "W-MED1" };
	int64_t seq;
	assert_int_equal(store_append(f->s, &in, &seq, NULL, &e), 0);
	assert_int_equal(store_append(f->s, &in, NULL, NULL, &e), 0);
	struct sync_result r = { seq, SYNC_REJECTED, "unknown location W-MED1" };
	assert_int_equal(store_mark(f->s, &r, 1, &e), 0);

	struct tu_run run =
	    tu_tally(NULL, "--lang", "en", "--db", f->path, "status", "--json", NULL);
	assert_int_equal(run.status, 0);
	json_t *o = json_loads(run.out, 0, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "db_id")), store_db_id(f->s));
	assert_int_equal(json_integer_value(json_object_get(o, "pending")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "rejected")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "schema_version")),
	                 STORE_SCHEMA_VERSION);
	json_t *rej = json_array_get(json_object_get(o, "rejected_records"), 0);
	assert_string_equal(json_string_value(json_object_get(rej, "reason")),
	                    "unknown location W-MED1");
	json_decref(o);
	tu_run_free(&run);

	run = tu_tally(NULL, "--lang", "en", "--db", f->path, "status", NULL);
	assert_int_equal(run.status, 0);
	tu_assert_contains(run.out, "1 waiting to sync, 0 at the hub, 1 rejected");
	tu_assert_contains(run.out, "unknown location W-MED1");
	tu_run_free(&run);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(new_store_has_identity_and_private_file, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(appended_records_read_back_in_order, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(sync_results_are_marked_and_rejections_kept, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(
		    master_data_page_applies_with_its_cursor_or_not_at_all, setup, teardown),
		cmocka_unit_test_setup_teardown(lookups_a_ward_needs, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    where_can_i_borrow_same_hospital_first_with_latest_count, setup, teardown),
		cmocka_unit_test_setup_teardown(status_through_the_real_binary, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
