/*
 * cmd-login.c — `tally login BADGE`: check a user's PIN (read from stdin,
 * without echo on a terminal) and say who is signed in with which roles;
 * `tally login --hash-pin` makes a pin_hash for the user master data.
 */
#include "client/cmd.h"
#include "jobs/signin.h"
#include "common/i18n.h"
#include "db/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <termios.h>
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

/* One line from stdin into buf; echo off while a terminal is typed on.
 * 0, or EX_DATAERR when nothing was read or the line is too long. */
static int read_pin(char *buf, size_t size)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "%s", _("PIN: "));
		fflush(stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(buf, (int)size, stdin);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (got == NULL)
		return EX_DATAERR;
	size_t n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == size - 1 && !feof(stdin))
		return EX_DATAERR;
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

static int hash_pin(void)
{
	char pin[PIN_MAX + 2], hash[CRYPT_HASH_MAX];
	struct tally_err e = { 0 };
	if (read_pin(pin, sizeof(pin)) != 0) {
		fprintf(stderr, "tally: %s\n",
		        _("No PIN was read (one line, at most 128 characters)."));
		return EX_DATAERR;
	}
	int rc = signin_hash_pin(pin, hash, sizeof(hash), &e);
	wipe(pin, sizeof(pin));
	if (rc != 0) {
		fprintf(stderr, "tally: %s\n", e.msg);
		return rc;
	}
	printf("%s\n", hash);
	return 0;
}

int cmd_login(struct tally_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "hash-pin", no_argument, NULL, 'H' },
		                              { NULL, 0, NULL, 0 } };
	int c, want_hash = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'H')
			want_hash = 1;
		else
			goto usage;
	}
	if (want_hash) {
		if (optind != argc)
			goto usage;
		return hash_pin();
	}
	if (optind + 1 != argc)
		goto usage;

	int status = 0;
	struct store *s = cmd_open_store(ctx, &status);
	if (s == NULL)
		return status;
	char pin[PIN_MAX + 2];
	struct tally_err e = { 0 };
	struct signin sess;
	if (read_pin(pin, sizeof(pin)) != 0) {
		fprintf(stderr, "tally: %s\n",
		        _("No PIN was read (one line, at most 128 characters)."));
		status = EX_DATAERR;
	} else if (signin_check(s, argv[optind], pin, time(NULL), &sess, &e) != 0) {
		fprintf(stderr, "tally: %s\n", e.msg);
		status = e.status;
	} else {
		printf(_("Signed in: %s (roles: %s)\n"), sess.name,
		       sess.roles[0] ? sess.roles : _("none"));
	}
	wipe(pin, sizeof(pin));
	store_close(s);
	return status;
usage:
	fprintf(stderr, "%s\n",
	        _("usage: tally login BADGE  (PIN on stdin) | tally login --hash-pin"));
	return EX_USAGE;
}
