#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"
#include "db/store.h"

#include <sqlite3.h>
#include <stdlib.h>

void fixture_load(struct store *s, const char *rel, const char *cursor)
{
	char *path = tu_srcfile(rel);
	json_error_t jerr;
	json_t *page = json_load_file(path, 0, &jerr);
	if (page == NULL)
		fail_msg("%s: %s", path, jerr.text);
	struct tally_err e = { 0 };
	if (store_apply_changes(s, page, cursor, &e) != 0)
		fail_msg("apply %s: %s", path, e.msg);
	json_decref(page);
	free(path);
}

void fixture_store_v1(const char *path)
{
	char *fixture = tu_srcfile("tests/fixtures/store-v1.sql");
	char *sql = tu_read_file(fixture, NULL);
	if (sql == NULL)
		fail_msg("cannot read %s", fixture);
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		fail_msg("%s: %s", path, sqlite3_errmsg(db));
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", fixture, msg);
	sqlite3_close(db);
	free(sql);
	free(fixture);
}
