/*
 * cmd-ui.c — `tally ui`: the full-screen handheld UI.  Sign-in, then the
 * menu of jobs; idle sign-out returns to sign-in.  The store, tally.conf,
 * the scanner (--scanner, else tally.conf [scanner] spec when it is not
 * stdin: the keyboard is always a scanner too) and the feedback devices are
 * opened once here.
 */
#include "client/cmd.h"
#include "core/expiry.h"
#include "client/ui/jobs.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

int cmd_ui(struct tally_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "scanner", required_argument, NULL, 's' },
		                              { NULL, 0, NULL, 0 } };
	struct ui u = { 0 };
	struct tally_err e = { 0 };
	const char *spec = ctx->scanner;
	int c, status = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 's') {
			fprintf(stderr, _("usage: tally ui [--scanner SPEC]\n"));
			return EX_USAGE;
		}
		spec = optarg;
	}
	if (optind != argc) {
		fprintf(stderr, _("usage: tally ui [--scanner SPEC]\n"));
		return EX_USAGE;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("tally: 'ui' needs a terminal; for scans from a file or pipe use "
		                  "the line-mode commands (round, receive, ...)\n"));
		return EX_USAGE;
	}
	u.cfg = config_load(ctx->config_path, &e);
	if (u.cfg == NULL) {
		fprintf(stderr, "tally: %s\n", e.msg);
		return e.status;
	}
	u.idle_s = signin_idle_limit(u.cfg, &e);
	if (u.idle_s < 0) {
		fprintf(stderr, "tally: %s\n", e.msg);
		status = e.status;
		goto out;
	}
	u.store = cmd_open_store(ctx, &status);
	if (u.store == NULL)
		goto out;
	if (spec == NULL)
		spec = config_get(u.cfg, "scanner", "spec", NULL);
	if (spec != NULL && strcmp(spec, "stdin") != 0) {
		u.scanner = scanner_open(spec, u.cfg, &e);
		if (u.scanner == NULL) {
			fprintf(stderr, "tally: %s\n", e.msg);
			status = e.status;
			goto out;
		}
	}
	expiry_today(u.today);
	u.scan_cfg.location_prefix = config_get(u.cfg, "labels", "location_prefix", "LOC:");
	u.scan_cfg.badge_prefix = config_get(u.cfg, "labels", "badge_prefix", "B:");
	u.fb = feedback_open(u.cfg, stdout);

	ui_start(&u);
	const char *why = NULL;
	char note[256];
	while (ui_signin(&u, why)) {
		enum ui_end end = ui_menu(&u);
		if (end == UI_SIGNED_OUT) {
			snprintf(note, sizeof(note),
			         _("Signed out after %ld s without a scan or key."), u.idle_s);
			why = note;
		} else {
			why = NULL;
		}
		u.signed_in = 0;
		memset(&u.sess, 0, sizeof(u.sess));
	}
	ui_stop(&u);
out:
	feedback_close(u.fb);
	scanner_close(u.scanner);
	store_close(u.store);
	config_free(u.cfg);
	return status;
}
