/*
 * cmd-antidotes.c — `tally antidotes [--json]`: every antidote, what its
 * stocking tier recommends at this handheld's hospital against what the
 * hospital's places hold, the places holding it on a basis list and the
 * last count known here.  Offline, from what was last synced and counted
 * on this handheld.
 */
#include "jobs/antidotes.h"
#include "client/cmd.h"
#include "common/config.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

/* Whose recommendations these are. */
static void print_hospital(const char *near, const struct antidote *a)
{
	if (near == NULL)
		printf(_("This handheld's hospital is not set ([device] hospital in tally.conf): "
		         "what is recommended per hospital is not shown.\n"));
	else if (!a->tier.hospital_known)
		printf(_("Hospital %s ([device] hospital) is not in this handheld's master data: "
		         "sync, or check tally.conf.\n"),
		       near);
	else
		printf(a->tier.larger ? _("Hospital: %s (a larger hospital)\n")
		                      : _("Hospital: %s (not a larger hospital)\n"),
		       a->tier.hospital_name);
}

/* The antidote's tier against what the hospital holds. */
static void print_tier(const char *near, const struct antidote *a)
{
	char held[64];
	if (a->held_counted)
		snprintf(held, sizeof(held), "%lld", (long long)a->held);
	else
		snprintf(held, sizeof(held), "%s", _("not counted"));
	const char *t = a->tier.tier;
	if (near == NULL || !a->tier.hospital_known || !*t)
		return;
	if (a->asked && antidote_short(a) > 0)
		printf(_("  recommended here: %lld (%s); held: %s, %lld short\n"),
		       (long long)a->tier.qty,
		       strcmp(t, "all") == 0 ? _("all hospitals") : _("larger hospitals"), held,
		       (long long)antidote_short(a));
	else if (a->asked)
		printf(_("  recommended here: %lld (%s); held: %s, enough\n"),
		       (long long)a->tier.qty,
		       strcmp(t, "all") == 0 ? _("all hospitals") : _("larger hospitals"), held);
	else if (strcmp(t, "larger") == 0)
		printf(_("  recommended at larger hospitals only, none here; held: %s\n"), held);
	else
		printf(_("  recommended once per region (%lld), not per hospital; held here: %s\n"),
		       (long long)a->tier.qty, held);
}

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
	if (!json && n > 0)
		print_hospital(near, &a[0]);
	for (size_t i = 0; !json && i < n; i++) {
		printf("%s\n", a[i].article.name);
		print_tier(near, &a[i]);
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
