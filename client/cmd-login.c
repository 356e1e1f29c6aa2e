/*
 * cmd-login.c — `tally login BADGE`: check a user's PIN (read from stdin,
 * without echo on a terminal) and say who is signed in with which roles;
 * `tally login --hash-pin` makes a pin_hash for the user master data.
 */
#include "client/cmd.h"
#include "jobs/signin.h"
#include "common/i18n.h"
#include "common/secret-line.h"
#include "db/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

/* A PIN longer than this is refused rather than cut. */
#define PIN_MAX 128

static void wipe(char *p, size_t n)
{
	volatile char *v = p;
	while (n--)
		*v++ = 0;
}

static int hash_pin(struct tally_err *e)
{
	char pin[PIN_MAX + 2], hash[CRYPT_HASH_MAX];
	if (secret_line_read(_("PIN: "), pin, sizeof(pin)) != 0)
		return err_set(e, EX_DATAERR, "%s",
		               _("No PIN was read (one line, at most 128 characters)."));
	int rc = signin_hash_pin(pin, hash, sizeof(hash), e);
	wipe(pin, sizeof(pin));
	if (rc != 0)
		return rc;
	printf("%s\n", hash);
	return 0;
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { "hash-pin", no_argument, NULL, 'H' },
		                              { NULL, 0, NULL, 0 } };
	int c, want_hash = 0;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c != 'H')
			return EX_USAGE;
		want_hash = 1;
	}
	if (optind + (want_hash ? 0 : 1) != argc)
		return EX_USAGE;
	if (want_hash)
		return hash_pin(e);
	if (cmd_prepare(ctx, e) != 0)
		return e->status;

	char pin[PIN_MAX + 2];
	struct signin sess;
	int status = 0;
	if (secret_line_read(_("PIN: "), pin, sizeof(pin)) != 0) {
		status = err_set(e, EX_DATAERR, "%s",
		                 _("No PIN was read (one line, at most 128 characters)."));
	} else if (signin_check(ctx->store, argv[optind], pin, time(NULL), &sess, e) != 0) {
		status = e->status;
	} else {
		printf(_("Signed in: %s (roles: %s)\n"), sess.name,
		       sess.roles[0] ? sess.roles : _("none"));
	}
	wipe(pin, sizeof(pin));
	return status;
}

/* The store is opened for BADGE only: --hash-pin needs none. */
const struct cmd_entry cmd_login_entry = {
	.doc = { "login", N_("login BADGE\nlogin --hash-pin"),
	         N_("check a PIN (read from stdin); make PIN hashes") },
	.needs = CMD_NEEDS_STORE,
	.run = run,
};
