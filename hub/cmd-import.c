/*
 * cmd-import.c — tally-hub import FILE [--table NAME]: master data; and
 * tally-hub import --antidotes FILE [--region ID]: another region's
 * antidote export, for the national roll-up (antidote-import.h).
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "hub/import.h"
#include "hub/antidote-import.h"
#include "core/master-tables.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

/* Another region's antidote export: what was imported, and what it
 * replaced. */
static int import_antidotes(struct hub_ctx *ctx, const char *path, const char *region,
                            struct tally_err *e)
{
	struct antidote_import_result r;
	if (antidote_import_file(ctx->db, path, region, &r, e) != 0)
		return e->status;
	printf(ngettext("%s (%s): %ld antidote imported, exported %s.\n",
	                "%s (%s): %ld antidotes imported, exported %s.\n",
	                (unsigned long)r.articles),
	       r.region_name, r.region_id, r.articles,
	       r.exported_at[0] ? r.exported_at : _("at a time the file does not say"));
	if (r.replaced)
		printf(_("It replaces this region's earlier import (exported %s).\n"),
		       r.replaced_at[0] ? r.replaced_at : _("at a time it did not say"));
	else
		printf(_("The first import from this region.\n"));
	return 0;
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "table", required_argument, NULL, 't' },
		{ "antidotes", no_argument, NULL, 'a' },
		{ "region", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *table = NULL, *region = NULL;
	int antidotes = 0, c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 't')
			table = optarg;
		else if (c == 'a')
			antidotes = 1;
		else if (c == 'r')
			region = optarg;
		else
			return EX_USAGE;
	}
	if (optind + 1 != argc || (antidotes && table != NULL) || (!antidotes && region != NULL))
		return EX_USAGE;
	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	if (antidotes)
		return import_antidotes(ctx, argv[optind], region, e);
	struct import_counts *counts = calloc(master_table_count, sizeof(*counts));
	if (counts == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	int rc = import_file(ctx->db, argv[optind], table, counts, e);
	for (size_t i = 0; rc == 0 && i < master_table_count; i++)
		if (counts[i].seen || counts[i].deleted)
			printf(_("%-14s %6ld rows, %6ld changed, %6ld deleted\n"),
			       master_tables[i].name, counts[i].seen, counts[i].changed,
			       counts[i].deleted);
	for (size_t i = 0; rc == 0 && i < master_table_count; i++)
		if (counts[i].counted_in || counts[i].kept)
			printf(
			    _("earlier records of codes now known: %ld counted for their article, "
			      "%ld kept without a count (no place or quantity)\n"),
			    counts[i].counted_in, counts[i].kept);
	free(counts);
	return rc;
}

const struct hub_cmd_entry hub_cmd_import_entry = {
	.doc = { "import", N_("import FILE [--table NAME]\nimport --antidotes FILE [--region ID]"),
	         N_("master data from JSON or CSV; another region's antidote export") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
