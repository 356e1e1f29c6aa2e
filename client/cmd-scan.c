/*
 * cmd-scan.c — `tally scan --scanner SPEC [--json]`: what a technician runs
 * to check a newly fitted scanner.  Every scan is printed as it arrives, the
 * GS separators made visible, so a scanner that drops FNC1 or sends no AIM
 * id is seen at once; and heard: the good signal for a scan that parses,
 * the error signal otherwise, so the beeper and LEDs are checked too.  Ends at the end of a file or
 * stdin, else on SIGINT.
 */
#include "client/cmd.h"
#include "client/scan-show.h"
#include "common/config.h"
#include "common/i18n.h"
#include "drivers/feedback.h"
#include "barcode/scan.h"
#include "drivers/scanner.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	interrupted = 1;
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { "scanner", required_argument, NULL, 's' },
		                              { "json", no_argument, NULL, 'j' },
		                              { NULL, 0, NULL, 0 } };
	const char *spec = ctx->scanner;
	int c, json = ctx->json;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 's')
			spec = optarg;
		else if (c == 'j')
			json = 1;
		else
			return EX_USAGE;
	}
	if (optind != argc)
		return EX_USAGE;
	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	const struct config *cfg = ctx->config;
	if (spec == NULL)
		spec = config_get(cfg, "scanner", "spec", NULL);
	if (spec == NULL)
		return err_set(e, EX_USAGE,
		               _("no scanner given: use --scanner SPEC or set [scanner] spec in "
		                 "tally.conf"));
	struct scan_config labels = {
		.location_prefix = config_get(cfg, "labels", "location_prefix", "LOC:"),
		.badge_prefix = config_get(cfg, "labels", "badge_prefix", "B:"),
	};
	struct scanner *s = scanner_open(spec, cfg, e);
	if (s == NULL)
		return e->status;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL); /* no SA_RESTART: poll must return */
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct feedback *fb = feedback_open(cfg, stderr);
	if (!json)
		fprintf(stderr, _("reading scans from %s; Ctrl+C ends\n"), scanner_name(s));

	int status = 0, done = 0;
	long n = 0;
	while (!done && !interrupted) {
		int fd = scanner_fd(s);
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(fd >= 0 ? &p : NULL, fd >= 0 ? 1 : 0, scanner_timeout_ms(s)) < 0 &&
		    errno != EINTR) {
			status = err_set(e, EX_IOERR, _("cannot wait for the scanner %s: %s"),
			                 scanner_name(s), strerror(errno));
			break;
		}
		for (;;) {
			struct scanner_input in;
			enum scanner_result r = scanner_read(s, &in, e);
			if (r == SCANNER_NONE)
				break;
			if (r == SCANNER_END) {
				done = 1;
				break;
			}
			if (r == SCANNER_SCAN) {
				n++;
				feedback_signal(fb, scan_show(stdout, &in, &labels, json) == SCAN_OK
				                        ? FEEDBACK_GOOD
				                        : FEEDBACK_ERROR);
				continue;
			}
			/* A bad line or a lost device: say so and keep going. */
			cmd_warn(e);
			err_clear(e);
			if (r == SCANNER_BAD) {
				status = EX_DATAERR;
				feedback_signal(fb, FEEDBACK_ERROR);
			}
			if (r == SCANNER_GONE)
				break;
		}
	}
	if (!json)
		fprintf(stderr, ngettext("%ld scan\n", "%ld scans\n", (unsigned long)n), n);
	feedback_close(fb);
	scanner_close(s);
	return status;
}

const struct cmd_entry cmd_scan_entry = {
	.doc = { "scan", N_("scan --scanner SPEC [--json]"),
	         N_("check a scanner: each scan and its parse") },
	.needs = CMD_NEEDS_CONFIG,
	.run = run,
};
