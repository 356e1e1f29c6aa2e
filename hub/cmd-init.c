/*
 * cmd-init.c — tally-hub init: create the hub database.
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdio.h>

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	if (argc != 1)
		return EX_USAGE;
	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	printf(_("hub database ready at %s\n"), ctx->db_path);
	return 0;
}

const struct hub_cmd_entry hub_cmd_init_entry = {
	.doc = { "init", N_("init"), N_("create the hub database, or bring it up to date") },
	.needs = HUB_NEEDS_DB | HUB_CREATES_DB,
	.run = run,
};
