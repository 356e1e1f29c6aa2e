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
#include "common/command.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { "scanner", required_argument, NULL, 's' },
		                              { NULL, 0, NULL, 0 } };
	struct ui u = { 0 };
	const char *spec = ctx->scanner;
	int c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c != 's')
			return EX_USAGE;
		spec = optarg;
	}
	if (optind != argc)
		return EX_USAGE;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(e, EX_USAGE,
		               _("'ui' needs a terminal; for scans from a file or pipe use the "
		                 "line-mode commands (round, receive, ...)"));
	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	u.cfg = ctx->config;
	/* The handheld's language: --lang (or $TALLY_LANG), else [ui] lang. */
	u.lang =
	    ctx->lang != NULL && ctx->lang[0] ? ctx->lang : config_get(u.cfg, "ui", "lang", "nb");
	if (!command_lang_known(u.lang))
		u.lang = "nb";
	i18n_init(u.lang);
	u.store = ctx->store;
	u.idle_s = signin_idle_limit(u.cfg, e);
	if (u.idle_s < 0)
		return e->status;
	if (spec == NULL)
		spec = config_get(u.cfg, "scanner", "spec", NULL);
	if (spec != NULL && strcmp(spec, "stdin") != 0) {
		u.scanner = scanner_open(spec, u.cfg, e);
		if (u.scanner == NULL)
			return e->status;
	}
	expiry_today(u.today);
	u.scan_cfg.location_prefix = config_get(u.cfg, "labels", "location_prefix", "LOC:");
	u.scan_cfg.badge_prefix = config_get(u.cfg, "labels", "badge_prefix", "B:");
	u.fb = feedback_open(u.cfg, stdout);

	ui_start(&u);
	/* What became of a scan whose saving could not be confirmed: said on
	 * the first screen, where the user looks (stderr is under ncurses). */
	const char *why = store_notice(u.store);
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
		i18n_init(u.lang); /* the next user signs in in the handheld's */
	}
	ui_stop(&u);
	feedback_close(u.fb);
	scanner_close(u.scanner);
	return 0;
}

const struct cmd_entry cmd_ui_entry = {
	.doc = { "ui", N_("ui [--scanner SPEC]"),
	         N_("the full-screen handheld UI (sign in, jobs by role)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
