/*
 * test-pack.c — a store that fails while a pack is looked up is a failure,
 * said as one, never an "unknown code" record: before jobs/pack.c the
 * receipt, consumption and count workflows took any lookup failure for
 * an unknown code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/pack.h"
#include "jobs/receive.h"
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

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup_failure_is_not_an_unknown_code),
	};
	return cmocka_run_group_tests_name("pack", tests, NULL, NULL);
}
