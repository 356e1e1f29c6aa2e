/*
 * cmd-init.c — tally-hub init: create the hub database.
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdio.h>

int hub_cmd_init(const char *db_path, int argc, char **argv)
{
	if (argc != 1) {
		fprintf(stderr, _("usage: tally-hub [--db FILE] init\n"));
		return EX_USAGE;
	}
	struct tally_err e = { 0 };
	sqlite3 *db = hub_db_open(db_path, 1, &e);
	if (db == NULL) {
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return e.status;
	}
	sqlite3_close(db);
	printf(_("hub database ready at %s\n"), db_path);
	return 0;
}
