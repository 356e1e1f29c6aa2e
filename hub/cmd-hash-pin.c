/*
 * cmd-hash-pin.c — tally-hub hash-pin: a badge's pin_hash for the master
 * data (core/pin-hash.h, the same as the handheld's `tally login
 * --hash-pin`), so the server needs no handheld package to make one.  The
 * PIN is read from standard input (one line, without echo on a terminal),
 * never from the command line, where `ps` would show it; only the hash is
 * printed.
 */
#include "hub/hub-cmd.h"
#include "core/pin-hash.h"
#include "common/i18n.h"
#include "common/secret-line.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PIN_LINE_MAX 128

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	(void)ctx;
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	if (command_getopt(argc, argv, opts, e) != -1 || argc != optind)
		return EX_USAGE;
	char pin[PIN_LINE_MAX + 2], hash[PIN_HASH_MAX];
	if (secret_line_read(_("PIN: "), pin, sizeof(pin)) != 0) {
		pin_wipe(pin, sizeof(pin));
		return err_set(e, EX_DATAERR, "%s",
		               _("No PIN was read (one line, at most 128 characters)."));
	}
	int rc = pin_hash(pin, hash, sizeof(hash), e);
	pin_wipe(pin, sizeof(pin));
	if (rc != 0)
		return rc;
	printf("%s\n", hash);
	return 0;
}

const struct hub_cmd_entry hub_cmd_hash_pin_entry = {
	.doc = { "hash-pin", N_("hash-pin"),
	         N_("a badge's pin_hash for the master data, from a PIN on standard input") },
	.needs = 0,
	.run = run,
};
