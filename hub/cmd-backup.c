/*
 * cmd-backup.c — tally-hub backup FILE: a consistent copy of the hub
 * database while it serves, through SQLite's online backup API (one read
 * transaction: every record the hub acknowledged before it began, none
 * half-written).  FILE is created new, mode 0600 whatever the umask (it
 * holds PIN and token hashes); an existing FILE is never overwritten.  The
 * copy is one self-contained file (rollback journal, not WAL), ready to be
 * put back in place of the database.
 *
 * SQLite's own: a PostgreSQL hub database is backed up with PostgreSQL's
 * tools (docs/hub.md, "Backups"), and this command says so.
 * (hub-to-hdb: sqlite-only — tools/hub-to-hdb.py leaves this file.)
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "hub/hdb.h"
#include "common/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int copy(sqlite3 *src, const char *path, struct tally_err *e)
{
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
		if (b == NULL) {
			rc = sqlite3_errcode(dst);
		} else {
			do {
				rc = sqlite3_backup_step(b, -1);
				if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
					sqlite3_sleep(50);
			} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
			int fin = sqlite3_backup_finish(b);
			if (rc == SQLITE_DONE)
				rc = fin;
		}
	}
	if (rc == SQLITE_OK || rc == SQLITE_DONE)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		err_set(e, (rc & 0xff) == SQLITE_FULL ? EX_IOERR : EX_CANTCREAT,
		        _("copying the hub database failed: %s"),
		        dst != NULL ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
	sqlite3_close(dst);
	return rc == SQLITE_OK ? 0 : e->status;
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	if (command_getopt(argc, argv, opts, e) != -1 || argc - optind != 1 ||
	    argv[optind][0] == '\0')
		return EX_USAGE;
	const char *path = argv[optind];
	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	sqlite3 *src = hdb_sqlite_handle(ctx->db);
	if (src == NULL)
		return err_set(e, EX_UNAVAILABLE,
		               _("backup copies a SQLite hub database; back up a PostgreSQL one "
		                 "with pg_dump or the server's own backups (see \"Backups\" in "
		                 "the hub guide)"));
	mode_t old = umask(077); /* SQLite's journal beside the copy, too */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int status = 0;
	if (fd < 0) {
		status =
		    errno == EEXIST
		        ? err_set(e, EX_CANTCREAT,
		                  _("%s exists already: a backup never overwrites a file; give "
		                    "a new name"),
		                  path)
		        : err_set(e, EX_CANTCREAT, _("cannot create the backup %s: %s"), path,
		                  strerror(errno));
	} else if ((fchmod(fd, 0600) != 0) | (close(fd) != 0)) {
		status = err_set(e, EX_IOERR, _("cannot create the backup %s: %s"), path,
		                 strerror(errno));
		unlink(path);
	} else if ((status = copy(src, path, e)) != 0) {
		unlink(path);
	}
	umask(old);
	if (status != 0)
		return status;
	printf(_("hub database copied to %s (mode 0600)\n"), path);
	return 0;
}

const struct hub_cmd_entry hub_cmd_backup_entry = {
	.doc = { "backup", N_("backup FILE"),
	         N_("a consistent copy of the hub database while it serves (a new file, mode "
	            "0600)") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
