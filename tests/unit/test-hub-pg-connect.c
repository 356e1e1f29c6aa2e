/*
 * test-hub-pg-connect.c — `tally-hub --db postgresql://…` naming what the
 * PostgreSQL server does not have, against the run's throwaway cluster
 * (tests/lib/pg-db.h), with the real tally-hub:
 *   - a database the server lacks: init, serve and any other command exit
 *     78 (EX_CONFIG), name the database and say to create it (createdb) or
 *     correct --db; not "try again", which would never help;
 *   - a role the server lacks: 78, the role named, what to do;
 *   - a connection string libpq cannot read: 78, saying so and what to do,
 *     with the password in it left out;
 *   - a password given in the string is never printed, whatever failed;
 *   - a server that is down (no socket where the string points, as after
 *     `pg_ctl stop`): still 75 (EX_TEMPFAIL), "try again";
 *   - a server that refuses for now (no connection slot left: a database
 *     with CONNECTION LIMIT 0): 75 too, in the server's own words, without
 *     the SQLSTATE and source location asked of libpq to tell them apart.
 * Its own cluster each run needs nothing of the engine switch
 * (TALLY_TEST_HUB_ENGINE): it is PostgreSQL's alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/pg-db.h"
#include "tests/lib/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TALLY_TEST_PG ("postgresql:///postgres?host=DIR&port=N&user=tally")
 * with its database `db` and, where given, `user` for its role. */
static char *conninfo(const char *db, const char *user)
{
	const char *pg = getenv("TALLY_TEST_PG");
	if (pg == NULL || strncmp(pg, "postgresql:///", 14) != 0)
		fail_msg("TALLY_TEST_PG is not a postgresql:///DB?... URI: run this test through "
		         "tests/run-all.sh");
	const char *query = strchr(pg, '?');
	assert_non_null(query);
	char *s = tu_strfmt("postgresql:///%s%s", db, query);
	if (user != NULL) {
		char *u = strstr(s, "user=");
		assert_non_null(u);
		char *t = tu_strfmt("%.*suser=%s%s", (int)(u - s), s, user, u + strcspn(u, "&"));
		free(s);
		s = t;
	}
	return s;
}

static struct tu_run hub(const char *where, const char *cmd, const char *arg)
{
	char *argv[] = { (char *)tu_hub_bin(), "--lang",    "en",        "--db",
		         (char *)where,        (char *)cmd, (char *)arg, NULL };
	return tu_run(argv, NULL, NULL);
}

/* What tally-hub said (stdout and stderr) for a failure message check. */
static char *said(const struct tu_run *r)
{
	return tu_strfmt("%s%s", r->out, r->err);
}

static void a_database_the_server_lacks_is_a_configuration_error(void **state)
{
	(void)state;
	char *where = conninfo("nosuchdb", NULL);
	const char *cmds[][2] = { { "init", NULL },
		                  { "serve", "--listen=127.0.0.1:0" },
		                  { "devices", NULL } };
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct tu_run r = hub(where, cmds[i][0], cmds[i][1]);
		char *text = said(&r);
		if (r.status != 78)
			fail_msg("%s: exit %d, not 78: %s", cmds[i][0], r.status, text);
		tu_assert_contains(text, "no database \"nosuchdb\" on the PostgreSQL server");
		tu_assert_contains(text, "createdb nosuchdb");
		tu_assert_contains(text, "--db");
		assert_null(strstr(text, "Try again"));
		free(text);
		tu_run_free(&r);
	}
	free(where);
}

static void a_role_the_server_lacks_is_a_configuration_error(void **state)
{
	(void)state;
	char *where = conninfo("postgres", "nosuchrole");
	struct tu_run r = hub(where, "init", NULL);
	char *text = said(&r);
	if (r.status != 78)
		fail_msg("exit %d, not 78: %s", r.status, text);
	tu_assert_contains(text, "role \"nosuchrole\"");
	tu_assert_contains(text, "createuser");
	assert_null(strstr(text, "Try again"));
	free(text);
	tu_run_free(&r);
	free(where);
}

static void a_password_is_never_printed(void **state)
{
	(void)state;
	/* Refused for its role, with a password in the string. */
	char *where = conninfo("postgres", "nosuchrole&password=Hemmelig7");
	struct tu_run r = hub(where, "devices", NULL);
	char *text = said(&r);
	assert_int_equal(r.status, 78);
	assert_null(strstr(text, "Hemmelig7"));
	free(text);
	tu_run_free(&r);
	free(where);

	/* A string libpq cannot read: a bad %-escape in the password. */
	r = hub("postgresql://kari:Hemmelig%zz7@localhost/hub", "init", NULL);
	text = said(&r);
	if (r.status != 78)
		fail_msg("exit %d, not 78: %s", r.status, text);
	tu_assert_contains(text, "connection string");
	tu_assert_contains(text, "correct --db");
	assert_null(strstr(text, "Hemmelig"));
	free(text);
	tu_run_free(&r);

	/* An option libpq does not know. */
	where = conninfo("postgres", NULL);
	char *bad = tu_strfmt("%s&colour=blue", where);
	r = hub(bad, "init", NULL);
	text = said(&r);
	if (r.status != 78)
		fail_msg("exit %d, not 78: %s", r.status, text);
	tu_assert_contains(text, "colour");
	free(text);
	tu_run_free(&r);
	free(bad);
	free(where);
}

static void a_server_that_is_down_is_worth_trying_again(void **state)
{
	(void)state;
	/* A socket directory with no server in it: what a stopped server
	 * leaves. */
	char *dir = tu_mkdtemp();
	char *where = tu_strfmt("postgresql:///hub?host=%s&port=5432&user=tally", dir);
	struct tu_run r = hub(where, "init", NULL);
	char *text = said(&r);
	if (r.status != 75)
		fail_msg("exit %d, not 75: %s", r.status, text);
	tu_assert_contains(text, "Try again");
	free(text);
	tu_run_free(&r);
	free(where);
	tu_rmtree(dir);
	free(dir);
}

static void a_server_out_of_connections_is_worth_trying_again(void **state)
{
	(void)state;
	char *full = pg_test_db_create("hub_full");
	struct tu_run r = pg_test_sql(full, "SELECT current_database()", 0);
	assert_int_equal(r.status, 0);
	char *name = tu_strfmt("%.*s", (int)strcspn(r.out, "\n"), r.out);
	tu_run_free(&r);
	char *sql = tu_strfmt("ALTER DATABASE %s CONNECTION LIMIT 0", name);
	r = pg_test_sql(full, sql, 0);
	if (r.status != 0)
		fail_msg("%s: %s", sql, r.err);
	tu_run_free(&r);
	r = hub(full, "init", NULL);
	char *text = said(&r);
	if (r.status != 75)
		fail_msg("exit %d, not 75: %s", r.status, text);
	tu_assert_contains(text, "too many connections");
	tu_assert_contains(text, "Try again");
	assert_null(strstr(text, "53300"));
	assert_null(strstr(text, "LOCATION"));
	free(text);
	tu_run_free(&r);
	pg_test_db_drop(full);
	free(sql);
	free(name);
	free(full);
}

int main(void)
{
	const char *why = pg_test_skip_reason();
	if (why != NULL) {
		printf("skipped: %s\n", why);
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_database_the_server_lacks_is_a_configuration_error),
		cmocka_unit_test(a_role_the_server_lacks_is_a_configuration_error),
		cmocka_unit_test(a_password_is_never_printed),
		cmocka_unit_test(a_server_that_is_down_is_worth_trying_again),
		cmocka_unit_test(a_server_out_of_connections_is_worth_trying_again),
	};
	return cmocka_run_group_tests_name("hub-pg-connect", tests, NULL, NULL);
}
