/*
 * test-sync-tls.c — the hub's certificate is always checked.  A real
 * tally-hub serving TLS with a self-signed certificate for 127.0.0.1
 * (tests/fixtures/tls): trusted through [hub] ca_file, refused without it
 * (exit 69 with curl's reason), and refused when the public-key pin is not
 * the hub's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sha256 of the fixture certificate's public key, base64. */
#define HUB_PIN   "sha256//TzMkisdeRG0MRnWwsX2Bucm4ri65NbWUkIPmHnvyusM="
#define OTHER_PIN "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

struct fx {
	char *dir, *hubdb, *conf, *store, *cert, *key;
	struct hub_run hub;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->hubdb = tu_path(f->dir, "hub.db");
	f->conf = tu_path(f->dir, "tally.conf");
	f->store = tu_path(f->dir, "tally.db");
	f->cert = tu_srcfile("tests/fixtures/tls/hub-cert.pem");
	f->key = tu_srcfile("tests/fixtures/tls/hub-key.pem");
	hub_run_init(f->hubdb);
	const char *extra[] = { "--tls-cert", f->cert, "--tls-key", f->key, NULL };
	hub_run_start(&f->hub, f->hubdb, extra);
	assert_int_equal(strncmp(f->hub.url, "https://", 8), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	hub_run_stop(&f->hub);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->hubdb);
	free(f->conf);
	free(f->store);
	free(f->cert);
	free(f->key);
	free(f);
	return 0;
}

static void conf(struct fx *f, const char *ca, const char *pin)
{
	char *text = tu_strfmt("[hub]\nconnect_timeout_s = 3\n%s%s\n%s%s\n", ca ? "ca_file = " : "",
	                       ca ? ca : "", pin ? "pinned_pubkey = " : "", pin ? pin : "");
	tu_write_file(f->conf, text);
	free(text);
}

static struct tu_run tally(struct fx *f, const char *a1, const char *a2, const char *a3)
{
	/* Enrolment makes the handheld's store: ask for it, as a user does. */
	const char *create = strcmp(a1, "enroll") == 0 ? "--create" : "--lang=en";
	char *argv[] = { (char *)tu_tally_bin(),
		         "--lang",
		         "en",
		         (char *)create,
		         "--db",
		         f->store,
		         "--config",
		         f->conf,
		         (char *)a1,
		         (char *)a2,
		         (char *)a3,
		         NULL };
	return tu_run(argv, NULL, NULL);
}

static void enroll_with(struct fx *f, int expect)
{
	char *code = hub_run_code(f->hubdb, "tls", f->hub.url);
	struct tu_run r = tally(f, "enroll", f->hub.url, code);
	if (r.status != expect)
		fail_msg("enroll: %d, expected %d: %s%s", r.status, expect, r.out, r.err);
	tu_run_free(&r);
	free(code);
}

static void trusted_through_ca_file(void **state)
{
	struct fx *f = *state;
	conf(f, f->cert, NULL);
	enroll_with(f, 0);
	struct tu_run r = tally(f, "sync", "--once", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "sent 0, rejected 0");
	tu_run_free(&r);
}

static void refused_without_it(void **state)
{
	struct fx *f = *state;
	conf(f, NULL, NULL);
	char *code = hub_run_code(f->hubdb, "tls", f->hub.url);
	struct tu_run r = tally(f, "enroll", f->hub.url, code);
	assert_int_equal(r.status, 69);
	tu_assert_contains(r.err, "certificate");
	tu_run_free(&r);
	free(code);

	/* Enrolled while trusted, then the CA file is gone: sync stops. */
	conf(f, f->cert, NULL);
	enroll_with(f, 0);
	conf(f, NULL, NULL);
	r = tally(f, "sync", "--once", NULL);
	assert_int_equal(r.status, 69);
	tu_assert_contains(r.err, "not trusted");
	tu_run_free(&r);
}

static void the_pin_must_match(void **state)
{
	struct fx *f = *state;
	conf(f, f->cert, HUB_PIN);
	enroll_with(f, 0);
	conf(f, f->cert, OTHER_PIN);
	struct tu_run r = tally(f, "sync", "--once", NULL);
	assert_int_equal(r.status, 69);
	tu_assert_contains(r.err, "not trusted");
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(trusted_through_ca_file, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_without_it, setup, teardown),
		cmocka_unit_test_setup_teardown(the_pin_must_match, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
