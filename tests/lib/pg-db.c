/*
 * pg-db.c — a database of its own for each test (see pg-db.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/pg-db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *pg_test_skip_reason(void)
{
	const char *pg = getenv("TALLY_TEST_PG"), *skip = getenv("TALLY_TEST_PG_SKIP");
	return (pg == NULL || !*pg) && skip != NULL && *skip ? skip : NULL;
}

/* TALLY_TEST_PG with its database (the URI's path) replaced by db. */
static char *conninfo_of(const char *db)
{
	const char *pg = getenv("TALLY_TEST_PG");
	if (pg == NULL || !*pg)
		fail_msg("no PostgreSQL cluster for this test: run it through tests/run-all.sh "
		         "(TESTS=NAME tests/run-all.sh --build build), which starts one, or set "
		         "TALLY_TEST_PG to a postgresql:///DB?host=...&user=... that may create "
		         "databases");
	if (strncmp(pg, "postgresql:///", 14) != 0)
		fail_msg("TALLY_TEST_PG is not a postgresql:///DB?... URI: %s", pg);
	const char *query = strchr(pg, '?');
	return tu_strfmt("postgresql:///%s%s", db, query != NULL ? query : "");
}

struct tu_run pg_test_sql(const char *conninfo, const char *sql, int single)
{
	/* psql found in the cluster's bin directory (run-all.sh exports it),
	 * else on PATH; -X: no ~/.psqlrc. */
	char *const argv[] = {
		"/bin/sh",
		"-c",
		"exec \"${TALLY_TEST_PG_BINDIR:+$TALLY_TEST_PG_BINDIR/}psql\" \"$@\"",
		"psql",
		"-X",
		"-q",
		"-A",
		"-t",
		"-v",
		"ON_ERROR_STOP=1",
		single ? "-1" : "-q",
		"-f",
		"-",
		"-d",
		(char *)conninfo,
		NULL
	};
	return tu_run(argv, sql, NULL);
}

/* Where a database name is gone: the maintenance database of the cluster. */
static void admin_sql(const char *sql)
{
	char *admin = conninfo_of("postgres");
	struct tu_run r = pg_test_sql(admin, sql, 0);
	if (r.status != 0)
		fail_msg("%s: psql exit %d: %s", sql, r.status, r.err);
	tu_run_free(&r);
	free(admin);
}

char *pg_test_db_create(const char *name)
{
	static unsigned serial;
	for (const char *p = name; *p; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			fail_msg("pg_test_db_create: \"%s\" is not lower-case letters, digits, _",
			         name);
	/* Unique in the run: the sanitizer build's copy of a test, and a test
	 * making several, run in the same cluster. */
	char *db = tu_strfmt("t_%.32s_%ld_%u", name, (long)getpid(), serial++);
	char *sql = tu_strfmt("CREATE DATABASE %s", db);
	admin_sql(sql);
	free(sql);
	char *conninfo = conninfo_of(db);
	free(db);
	return conninfo;
}

char *pg_test_db_named(const char *name, int fresh)
{
	for (const char *p = name; *p; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			fail_msg("pg_test_db_named: \"%s\" is not lower-case letters, digits, _",
			         name);
	if (fresh) {
		char *sql = tu_strfmt("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
		admin_sql(sql);
		free(sql);
		sql = tu_strfmt("CREATE DATABASE %s", name);
		admin_sql(sql);
		free(sql);
	}
	return conninfo_of(name);
}

void pg_test_db_drop(const char *conninfo)
{
	const char *db = conninfo + strlen("postgresql:///"), *end = strchr(db, '?');
	char *sql = tu_strfmt("DROP DATABASE IF EXISTS %.*s WITH (FORCE)",
	                      (int)(end != NULL ? end - db : (long)strlen(db)), db);
	admin_sql(sql);
	free(sql);
}
