/*
 * test-session.c — signing in on the handheld: the right PIN lets the user
 * in with their roles, a wrong PIN, a user without a PIN and an unknown
 * badge are refused without showing the PIN, the idle clock signs out at
 * exactly its limit, wrong PINs lock a badge out for a while (kept in the
 * store, so a restart does not reset it), a PIN shorter than four digits
 * cannot be set, and the same through the real `tally login`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/signin.h"
#include "common/config.h"
#include "db/store.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

struct fx {
	char *dir, *path;
	struct store *s;
	char hash[CRYPT_HASH_MAX];
};

static void add_user(struct store *s, int cursor, const char *badge, const char *name,
                     const char *pin_hash, const char *roles)
{
	struct tally_err e = { 0 };
	json_t *row = json_pack("{s:s,s:s,s:s}", "badge", badge, "name", name, "roles", roles);
	if (pin_hash != NULL)
		json_object_set_new(row, "pin_hash", json_string(pin_hash));
	json_t *changes = json_pack("[{s:i,s:s,s:s,s:o}]", "cursor", cursor, "table", "user", "op",
	                            "upsert", "row", row);
	char next[16];
	snprintf(next, sizeof(next), "%d", cursor);
	int rc = store_apply_changes(s, changes, next, &e);
	if (rc != 0)
		fail_msg("store_apply_changes: %s", e.msg);
	json_decref(changes);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct tally_err e = { 0 };
	f->dir = tu_mkdtemp();
	f->path = tu_path(f->dir, "tally.db");
	f->s = store_open(f->path, &e);
	assert_non_null(f->s);
	assert_int_equal(signin_hash_pin("4711", f->hash, sizeof(f->hash), &e), 0);
	add_user(f->s, 1, "1001", "Kari Nordmann", f->hash, "round,drill");
	add_user(f->s, 2, "1002", "Ola Admin", f->hash, "admin");
	add_user(f->s, 3, "1003", "Per Uten PIN", NULL, "round");
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

static void hash_is_modern_and_salted(void **state)
{
	struct fx *f = *state;
	char again[CRYPT_HASH_MAX];
	struct tally_err e = { 0 };
	assert_true(strncmp(f->hash, "$y$", 3) == 0 || strncmp(f->hash, "$2b$", 4) == 0);
	assert_null(strstr(f->hash, "4711"));
	assert_int_equal(signin_hash_pin("4711", again, sizeof(again), &e), 0);
	assert_string_not_equal(again, f->hash); /* a fresh salt each time */
	assert_int_equal(signin_hash_pin("", again, sizeof(again), &e), EX_DATAERR);
	/* Shorter than four digits, or not only digits: cannot be set. */
	assert_int_equal(signin_hash_pin("471", again, sizeof(again), &e), EX_DATAERR);
	tu_assert_contains(e.msg, "4 digits or more");
	assert_int_equal(signin_hash_pin("47a1", again, sizeof(again), &e), EX_DATAERR);
	assert_int_equal(signin_hash_pin("4711 ", again, sizeof(again), &e), EX_DATAERR);
	assert_int_equal(signin_hash_pin("4711", again, 8, &e), EX_SOFTWARE);
}

static void right_pin_signs_in(void **state)
{
	struct fx *f = *state;
	struct signin s;
	struct tally_err e = { 0 };
	assert_int_equal(signin_check(f->s, "1001", "4711", 1000, &s, &e), 0);
	assert_string_equal(s.badge, "1001");
	assert_string_equal(s.name, "Kari Nordmann");
	assert_string_equal(s.roles, "round,drill");
	assert_int_equal(s.started, 1000);
	assert_int_equal(s.last_active, 1000);
}

static void refusals_are_noperm_and_plain(void **state)
{
	struct fx *f = *state;
	struct signin s;
	struct tally_err e = { 0 };
	assert_int_equal(signin_check(f->s, "1001", "4712", 1000, &s, &e), EX_NOPERM);
	tu_assert_contains(e.msg, "Wrong PIN");
	assert_null(strstr(e.msg, "4712"));
	assert_null(strstr(e.msg, "$"));
	assert_int_equal(signin_check(f->s, "1001", "", 1000, &s, &e), EX_NOPERM);
	assert_int_equal(signin_check(f->s, "1003", "4711", 1000, &s, &e), EX_NOPERM);
	tu_assert_contains(e.msg, "No PIN is set");
	assert_int_equal(signin_check(f->s, "9999", "4711", 1000, &s, &e), EX_NOPERM);
	tu_assert_contains(e.msg, "not known");
	/* A hash this libxcrypt cannot read is a refusal, not a crash. */
	add_user(f->s, 4, "1004", "Rart Hash", "$y$x", "round");
	assert_int_equal(signin_check(f->s, "1004", "4711", 1000, &s, &e), EX_NOPERM);
}

static void idle_sign_out_at_the_boundary(void **state)
{
	struct fx *f = *state;
	struct signin s;
	struct tally_err e = { 0 };
	assert_int_equal(signin_check(f->s, "1001", "4711", 1000, &s, &e), 0);
	assert_false(signin_expired(&s, 1299, 300));
	assert_true(signin_expired(&s, 1300, 300));
	signin_touch(&s, 1200);
	assert_false(signin_expired(&s, 1499, 300));
	assert_true(signin_expired(&s, 1500, 300));
	signin_touch(&s, 1100); /* a clock step back does not extend the session */
	assert_true(signin_expired(&s, 1500, 300));
	assert_false(signin_expired(&s, 999999, 0));

	/* No tally.conf of this machine's: only the defaults and what is set here. */
	setenv("TALLY_SYSCONF", f->dir, 1);
	setenv("XDG_CONFIG_HOME", f->dir, 1);
	setenv("HOME", f->dir, 1);
	struct config *c = config_load(NULL, &e);
	assert_non_null(c);
	assert_int_equal(signin_idle_limit(c, &e), 300);
	config_set(c, "session", "idle_logout_s", "60");
	assert_int_equal(signin_idle_limit(c, &e), 60);
	config_set(c, "session", "idle_logout_s", "soon");
	assert_int_equal(signin_idle_limit(c, &e), -1);
	assert_int_equal(e.status, EX_CONFIG);
	config_free(c);
}

/* Five wrong PINs in a row: 30 s before the next try; a good one resets. */
static void five_failures_wait_thirty_seconds(void **state)
{
	struct signin_guard g = { 0 };
	for (int i = 0; i < 4; i++) {
		signin_guard_failed(&g, 100);
		assert_int_equal(signin_guard_wait(&g, 100), 0);
	}
	signin_guard_failed(&g, 100);
	assert_int_equal(signin_guard_wait(&g, 100), 30);
	assert_int_equal(signin_guard_wait(&g, 129), 1);
	assert_int_equal(signin_guard_wait(&g, 130), 0);
	/* After the wait, another five before the next lock. */
	signin_guard_failed(&g, 131);
	assert_int_equal(signin_guard_wait(&g, 131), 0);
	signin_guard_passed(&g);
	for (int i = 0; i < 4; i++)
		signin_guard_failed(&g, 200);
	assert_int_equal(signin_guard_wait(&g, 200), 0);
}

/* The lock is per badge and kept in the store: closing and opening it
 * again (the UI restarted) does not start the count afresh, and another
 * user's badge is not locked by it. */
static void lock_out_is_per_badge_and_survives_a_restart(void **state)
{
	struct fx *f = *state;
	struct signin s;
	struct tally_err e = { 0 };
	for (int i = 0; i < SESSION_MAX_FAILURES - 1; i++) {
		assert_int_equal(signin_check(f->s, "1001", "0000", 1000, &s, &e), EX_NOPERM);
		tu_assert_contains(e.msg, "try again");
		/* restarted in between */
		store_close(f->s);
		f->s = store_open_as(f->path, STORE_MUST_EXIST, &e);
		assert_non_null(f->s);
	}
	assert_int_equal(signin_check(f->s, "1001", "0000", 1000, &s, &e), EX_NOPERM);
	tu_assert_contains(e.msg, "wait 30 s");

	store_close(f->s);
	f->s = store_open_as(f->path, STORE_MUST_EXIST, &e);
	assert_non_null(f->s);
	/* Locked: even the right PIN waits, and is not tried. */
	assert_int_equal(signin_check(f->s, "1001", "4711", 1010, &s, &e), EX_TEMPFAIL);
	tu_assert_contains(e.msg, "wait 20 s");
	/* Another badge signs in meanwhile. */
	assert_int_equal(signin_check(f->s, "1002", "4711", 1010, &s, &e), 0);
	/* A clock set far back does not lock longer than 30 s. */
	assert_int_equal(signin_check(f->s, "1001", "4711", 10, &s, &e), EX_TEMPFAIL);
	tu_assert_contains(e.msg, "wait 30 s");
	/* After the wait the right PIN signs in, and the count starts again. */
	assert_int_equal(signin_check(f->s, "1001", "4711", 1030, &s, &e), 0);
	for (int i = 0; i < SESSION_MAX_FAILURES - 1; i++)
		assert_int_equal(signin_check(f->s, "1001", "0000", 1031, &s, &e), EX_NOPERM);
	assert_int_equal(signin_check(f->s, "1001", "4711", 1031, &s, &e), 0);
}

/* The same through `tally login`: five processes guessing, the sixth has
 * the right PIN and still waits. */
static void tally_login_in_a_loop_is_locked_out(void **state)
{
	struct fx *f = *state;
	struct tu_run r;
	for (int i = 0; i < SESSION_MAX_FAILURES; i++) {
		r = tu_tally("1111\n", "--lang", "en", "--db", f->path, "login", "1001", NULL);
		assert_int_equal(r.status, EX_NOPERM);
		tu_run_free(&r);
	}
	r = tu_tally("4711\n", "--lang", "en", "--db", f->path, "login", "1001", NULL);
	assert_int_equal(r.status, EX_TEMPFAIL);
	tu_assert_contains(r.err, "Too many wrong PINs for badge 1001");
	assert_null(strstr(r.out, "Signed in"));
	tu_run_free(&r);
	r = tu_tally("4711\n", "--lang", "en", "--db", f->path, "login", "1002", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
}

static void roles_decide_what_may_be_done(void **state)
{
	struct fx *f = *state;
	struct signin s;
	struct tally_err e = { 0 };
	assert_int_equal(signin_check(f->s, "1001", "4711", 1000, &s, &e), 0);
	assert_true(signin_may(&s, "round"));
	assert_true(signin_may(&s, "drill"));
	assert_false(signin_may(&s, "receive"));
	assert_false(signin_may(&s, "roun"));
	assert_false(signin_may(&s, ""));
	assert_int_equal(signin_check(f->s, "1002", "4711", 1000, &s, &e), 0);
	assert_true(signin_may(&s, "receive"));
	assert_true(signin_may(&s, "round"));
	struct signin spaced = { .roles = " receive , round" };
	assert_true(signin_may(&spaced, "round"));
	assert_true(signin_may(&spaced, "receive"));
	assert_false(signin_may(&spaced, "drill"));
}

static void tally_login_through_the_binary(void **state)
{
	struct fx *f = *state;
	struct tu_run r =
	    tu_tally("4711\n", "--lang", "en", "--db", f->path, "login", "1001", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "Signed in: Kari Nordmann (roles: round,drill)");
	tu_run_free(&r);

	r = tu_tally("1234\n", "--lang", "en", "--db", f->path, "login", "1001", NULL);
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "Wrong PIN");
	assert_null(strstr(r.err, "1234"));
	assert_null(strstr(r.out, "Signed in"));
	tu_run_free(&r);

	r = tu_tally("4711\n", "--lang", "en", "--db", f->path, "login", "1003", NULL);
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "No PIN is set");
	tu_run_free(&r);

	r = tu_tally("4711\n", "--lang", "en", "--db", f->path, "login", "4242", NULL);
	assert_int_equal(r.status, 77);
	tu_assert_contains(r.err, "not known");
	tu_run_free(&r);

	r = tu_tally("", "--lang", "en", "--db", f->path, "login", "1001", NULL);
	assert_int_equal(r.status, EX_DATAERR);
	tu_run_free(&r);

	/* A hash made by the binary signs in too. */
	r = tu_tally("2468\n", "--lang", "en", "login", "--hash-pin", NULL);
	assert_int_equal(r.status, 0);
	char *nl = strchr(r.out, '\n');
	assert_non_null(nl);
	*nl = '\0';
	add_user(f->s, 5, "1005", "Lise Lager", r.out, "receive");
	tu_run_free(&r);
	r = tu_tally("2468\n", "--lang", "en", "--db", f->path, "login", "1005", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "Signed in: Lise Lager (roles: receive)");
	tu_run_free(&r);

	/* A PIN shorter than four digits cannot be set. */
	r = tu_tally("123\n", "--lang", "en", "login", "--hash-pin", NULL);
	assert_int_equal(r.status, EX_DATAERR);
	tu_assert_contains(r.err, "4 digits or more");
	assert_int_equal(r.out[0], '\0');
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "en", "--db", f->path, "login", NULL);
	assert_int_equal(r.status, EX_USAGE);
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(hash_is_modern_and_salted, setup, teardown),
		cmocka_unit_test_setup_teardown(right_pin_signs_in, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals_are_noperm_and_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(idle_sign_out_at_the_boundary, setup, teardown),
		cmocka_unit_test(five_failures_wait_thirty_seconds),
		cmocka_unit_test_setup_teardown(lock_out_is_per_badge_and_survives_a_restart, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(tally_login_in_a_loop_is_locked_out, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(roles_decide_what_may_be_done, setup, teardown),
		cmocka_unit_test_setup_teardown(tally_login_through_the_binary, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
