/*
 * cmd-import.c — tally-hub import FILE [--table NAME]: master data.
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "hub/import.h"
#include "core/master-tables.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "table", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *table = NULL;
	int c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c != 't')
			return EX_USAGE;
		table = optarg;
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
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
	.doc = { "import", N_("import FILE [--table NAME]"), N_("master data from JSON or CSV") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
