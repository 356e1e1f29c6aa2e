/*
 * cmd-antidotes.c — `tally antidotes [--json]`: every antidote, the places
 * holding it on a basis list and the last count known here.  Offline, from
 * what was last synced and counted on this handheld.
 */
#include "jobs/antidotes.h"
#include "client/cmd.h"
#include "common/config.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	int json;
	if (cmd_json_only(ctx, argc, argv, &json, e) != 0)
		return EX_USAGE;
	if (cmd_prepare(ctx, e) != 0)
		return e->status;

	const char *near = config_get(ctx->config, "device", "hospital", NULL);
	struct antidote *a = NULL;
	size_t n = 0;
	if (antidotes_list(ctx->store, near, &a, &n, e) != 0) {
		antidotes_free(a, n);
		return e->status;
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
	antidotes_free(a, n);
	return 0;
}

const struct cmd_entry cmd_antidotes_entry = {
	.doc = { "antidotes", N_("antidotes [--json]"),
	         N_("where the antidotes are (works offline)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
