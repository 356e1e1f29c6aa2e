/*
 * cmd-enroll.c — `tally enroll URL CODE` or `tally enroll 'tally://enroll?…'`
 * [--name NAME]: join this handheld to a hub with a one-time code.
 */
#include "client/cmd.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"
#include "sync/enroll.h"
#include "sync/sync-conf.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

int cmd_enroll(struct tally_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "name", required_argument, NULL, 'n' },
		                              { NULL, 0, NULL, 0 } };
	char name[101] = "";
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'n')
			goto usage;
		snprintf(name, sizeof(name), "%s", optarg);
	}
	char url[2048], code[128];
	struct tally_err e = { 0 };
	if (argc - optind == 1) {
		if (enroll_parse_qr(argv[optind], url, sizeof(url), code, sizeof(code), &e) != 0) {
			fprintf(stderr, "tally: %s\n", e.msg);
			return e.status;
		}
	} else if (argc - optind == 2) {
		snprintf(url, sizeof(url), "%s", argv[optind]);
		snprintf(code, sizeof(code), "%s", argv[optind + 1]);
	} else {
		goto usage;
	}
	if (name[0] == '\0' && gethostname(name, sizeof(name) - 1) != 0)
		snprintf(name, sizeof(name), "tally");

	struct config *cfg = config_load(ctx->config_path, &e);
	if (cfg == NULL) {
		fprintf(stderr, "tally: %s\n", e.msg);
		return e.status;
	}
	struct sync_conf sc;
	if (sync_conf_load(cfg, &sc, &e) != 0) {
		fprintf(stderr, "tally: %s\n", e.msg);
		config_free(cfg);
		return e.status;
	}
	int status = 0;
	struct store *s = cmd_open_store(ctx, &status);
	if (s == NULL) {
		config_free(cfg);
		return status;
	}
	int64_t id = 0;
	status = enroll_run(s, &sc.http, url, code, name, &id, &e);
	if (status != 0)
		fprintf(stderr, "tally: %s\n", e.msg);
	else
		printf(_("enrolled with %s as device %lld (\"%s\")\n"), url, (long long)id, name);
	store_close(s);
	config_free(cfg);
	return status;
usage:
	fprintf(stderr, _("usage: tally enroll URL CODE [--name NAME] | tally enroll "
	                  "'tally://enroll?hub=...&code=...'\n"));
	return EX_USAGE;
}
