/*
 * cmd-init.c — tally-hub init: create the hub database, or bring it up to
 * date.  A missing directory for it is made, mode 0750 (the database
 * holds token and PIN hashes); when that cannot be done, the error says
 * which directory and how to make it.
 */
#include "hub/hub-cmd.h"
#include "hub/hdb.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory of path made when it is missing (mode 0750 whatever the
 * umask; its parent must exist); 0, or EX_CANTCREAT with e saying what
 * to do. */
static int make_dir(const char *path, struct tally_err *e)
{
	char *copy = strdup(path);
	if (copy == NULL)
		return err_set(e, EX_OSERR, "%s", _("out of memory"));
	const char *dir = dirname(copy);
	struct stat sb;
	int rc = 0;
	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode))
			rc = err_set(e, EX_CANTCREAT,
			             _("%s is not a directory: give --db a path in a directory"),
			             dir);
	} else if (errno != ENOENT || mkdir(dir, 0750) != 0 || chmod(dir, 0750) != 0) {
		rc = err_set(e, EX_CANTCREAT,
		             _("cannot make the directory %s for the hub database: %s. Make it "
		               "as root ('install -d -m 0750 %s'), or give --db a path in a "
		               "directory you may write in"),
		             dir, strerror(errno), dir);
	} else {
		printf(_("made the directory %s (mode 0750)\n"), dir);
	}
	free(copy);
	return rc;
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	if (command_getopt(argc, argv, opts, e) != -1 || argc != optind)
		return EX_USAGE;
	/* A PostgreSQL database lives on its server: made there by its
	 * administrator (createdb), given its schema here. */
	if ((!hdb_is_postgres(ctx->db_path) && make_dir(ctx->db_path, e) != 0) ||
	    hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	char name[512];
	hdb_display_name(ctx->db_path, name, sizeof(name));
	printf(_("hub database ready at %s\n"), name);
	return 0;
}

const struct hub_cmd_entry hub_cmd_init_entry = {
	.doc = { "init", N_("init"), N_("create the hub database, or bring it up to date") },
	.needs = HUB_NEEDS_DB | HUB_CREATES_DB,
	.run = run,
};
