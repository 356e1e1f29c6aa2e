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

int hub_cmd_import(const char *db_path, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "table", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *table = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 't')
			goto usage;
		table = optarg;
	}
	if (optind + 1 != argc)
		goto usage;
	struct tally_err e = { 0 };
	sqlite3 *db = hub_db_open(db_path, 0, &e);
	if (db == NULL) {
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return e.status;
	}
	struct import_counts *counts = calloc(master_table_count, sizeof(*counts));
	int rc = import_file(db, argv[optind], table, counts, &e);
	sqlite3_close(db);
	if (rc != 0) {
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		free(counts);
		return rc;
	}
	for (size_t i = 0; i < master_table_count; i++)
		if (counts[i].seen || counts[i].deleted)
			printf(_("%-14s %6ld rows, %6ld changed, %6ld deleted\n"),
			       master_tables[i].name, counts[i].seen, counts[i].changed,
			       counts[i].deleted);
	free(counts);
	return 0;
usage:
	fprintf(stderr, _("usage: tally-hub [--db FILE] import FILE [--table NAME]\n"));
	return EX_USAGE;
}
