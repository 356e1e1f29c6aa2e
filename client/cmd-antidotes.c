/*
 * cmd-antidotes.c — `tally antidotes [--json]`: every antidote, the places
 * holding it on a basis list and the last count known here.  Offline, from
 * what was last synced and counted on this handheld.
 */
#include "jobs/antidotes.h"
#include "client/cmd.h"
#include "common/config.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

int cmd_antidotes(struct tally_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
		                              { NULL, 0, NULL, 0 } };
	int c, json = ctx->json;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else
			goto usage;
	}
	if (optind != argc)
		goto usage;

	struct tally_err e = { 0 };
	struct config *cfg = config_load(ctx->config_path, &e);
	if (cfg == NULL) {
		fprintf(stderr, "tally: %s\n", e.msg);
		return e.status;
	}
	const char *near = config_get(cfg, "device", "hospital", NULL);
	int status = 0;
	struct store *s = cmd_open_store(ctx, &status);
	struct antidote *a = NULL;
	size_t n = 0;
	if (s == NULL)
		goto out;
	if (antidotes_list(s, near, &a, &n, &e) != 0) {
		fprintf(stderr, "tally: %s\n", e.msg);
		status = e.status;
		goto out;
	}
	if (json) {
		json_t *o = antidotes_json(a, n);
		char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(o);
	} else if (n == 0) {
		printf(_("No article is marked as an antidote on this handheld (sync first?)\n"));
	}
	for (size_t i = 0; !json && i < n; i++) {
		printf("%s\n", a[i].article.name);
		if (a[i].n == 0)
			printf(_("  on no basis list: ask the pharmacy\n"));
		for (size_t j = 0; j < a[i].n; j++) {
			const struct holding *h = &a[i].holdings[j];
			if (h->has_count)
				printf(_("  %-36s last count %lld (%s)\n"), h->location_name,
				       (long long)h->last_count, h->counted_at);
			else
				printf(_("  %-36s no count known (min %lld, max %lld)\n"),
				       h->location_name, (long long)h->min, (long long)h->max);
		}
	}
out:
	antidotes_free(a, n);
	store_close(s);
	config_free(cfg);
	return status;
usage:
	fprintf(stderr, _("usage: tally antidotes [--json]\n"));
	return EX_USAGE;
}
