#include "client/linemode.h"
#include "core/expiry.h"
#include "client/sync-pid.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"

#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

int linemode_open(struct linemode *lm, struct tally_ctx *ctx, int argc, char **argv,
                  int arg_optional, struct tally_err *e)
{
	static const struct option opts[] = { { "user", required_argument, NULL, 'u' },
		                              { "scanner", required_argument, NULL, 's' },
		                              { "json", no_argument, NULL, 'j' },
		                              { NULL, 0, NULL, 0 } };
	const char *spec = ctx->scanner;
	int c;
	memset(lm, 0, sizeof(*lm));
	lm->json = ctx->json;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 'u')
			lm->user = optarg;
		else if (c == 's')
			spec = optarg;
		else if (c == 'j')
			lm->json = 1;
		else
			return EX_USAGE;
	}
	if (optind + 1 < argc || (optind == argc && !arg_optional) || lm->user == NULL)
		return EX_USAGE;
	lm->arg = optind < argc ? argv[optind] : NULL;

	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	lm->cfg = ctx->config;
	lm->store = ctx->store;
	struct user u;
	if (store_user_get(lm->store, lm->user, &u, e) != 0) {
		char why[sizeof(e->msg)];
		snprintf(why, sizeof(why), "%s", e->msg);
		return err_set(e, EX_NOPERM,
		               _("%s: sign in with a badge this handheld knows (sync first if it "
		                 "is new)"),
		               why);
	}
	user_free(&u);
	if (spec == NULL)
		spec = config_get(lm->cfg, "scanner", "spec", "stdin");
	lm->scanner = scanner_open(spec, lm->cfg, e);
	if (lm->scanner == NULL)
		return e->status;
	expiry_today(lm->today);
	lm->scan_cfg.location_prefix = config_get(lm->cfg, "labels", "location_prefix", "LOC:");
	lm->scan_cfg.badge_prefix = config_get(lm->cfg, "labels", "badge_prefix", "B:");
	return 0;
}

int linemode_next(struct linemode *lm, struct scanner_input *in)
{
	struct tally_err e = { 0 };
	for (;;) {
		struct pollfd p = { scanner_fd(lm->scanner), POLLIN, 0 };
		if (p.fd >= 0)
			poll(&p, 1, scanner_timeout_ms(lm->scanner));
		switch (scanner_read(lm->scanner, in, &e)) {
		case SCANNER_SCAN:
			return 1;
		case SCANNER_END:
			return 0;
		case SCANNER_BAD:
		case SCANNER_GONE:
			cmd_warn(&e);
			break;
		default:
			break;
		}
	}
}

void linemode_close(struct linemode *lm)
{
	/* The job's records are in: the sync daemon may send them now. */
	if (lm->store != NULL)
		sync_pid_poke(store_path(lm->store));
	scanner_close(lm->scanner);
}
