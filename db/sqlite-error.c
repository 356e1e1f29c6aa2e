/*
 * sqlite-error.c — every way SQLite can fail, classified by its cause and
 * said so that the person holding the scanner (or the IT technician they
 * call) knows what to do: the cause once, then one sentence of what to do.
 * Whatever failed, nothing was acknowledged: the caller gives no good beep.
 *
 * Never "not found": a lookup that failed is EX_IOERR, not the EX_DATAERR
 * the lookups use for "not known", so a count is never filed as an unknown
 * code because of a bad read.  Never "damaged" on SQLite's word alone: it
 * reports a page it could not read as SQLITE_CORRUPT, so the store is
 * called damaged only when `PRAGMA quick_check` confirms it; otherwise it
 * is a storage error, to be tried again.
 */
#include "db/store-internal.h"
#include "common/i18n.h"

#include <string.h>

int store_step_once_more(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int cause = rc & 0xff;
	if (cause == SQLITE_IOERR || cause == SQLITE_CORRUPT) {
		sqlite3_reset(st);
		rc = sqlite3_step(st);
	}
	return rc;
}

/* 1 when quick_check finds the file itself damaged; 0 when it is intact
 * or could not tell (a read failing again is a storage error). */
static int damage_confirmed(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int damaged = 0;
	if (s == NULL || s->db == NULL ||
	    sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK)
		return 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		damaged = v != NULL && strcmp(v, "ok") != 0;
	}
	sqlite3_finalize(st);
	return damaged;
}

int store_fail(struct tally_err *e, struct store *s, int rc, const char *what)
{
	return store_fail_detail(e, s, rc, what, NULL);
}

int store_fail_detail(struct tally_err *e, struct store *s, int rc, const char *what,
                      const char *detail)
{
	const char *path = s != NULL && s->path != NULL ? s->path : "?";
	char said[256];
	if (detail == NULL || !*detail)
		detail = s != NULL && s->db != NULL ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	/* Copied: the checks below run statements that would overwrite it. */
	snprintf(said, sizeof(said), "%s", detail);

	switch (rc & 0xff) {
	case SQLITE_FULL:
		return err_set(e, EX_IOERR,
		               _("%s failed: the disk holding the store %s is full, and nothing "
		                 "was changed. Free space on that disk (delete files there that "
		                 "are not tally's), then try again."),
		               what, path);
	case SQLITE_READONLY:
		return err_set(e, EX_CANTCREAT,
		               _("%s failed: the store %s is read-only, and nothing was changed. "
		                 "Check the file's permissions and that the disk is not mounted "
		                 "read-only."),
		               what, path);
	case SQLITE_NOTADB:
		return err_set(e, EX_DATAERR,
		               _("%s failed: %s is not a tally store (%s). Check the --db path; if "
		                 "it is this handheld's store, it is damaged: call IT support and "
		                 "keep the file."),
		               what, path, said);
	case SQLITE_CORRUPT:
		if (damage_confirmed(s))
			return err_set(e, EX_IOERR,
			               _("%s failed: the store %s is damaged (%s). Stop scanning "
			                 "with this handheld and call IT support: keep the file, "
			                 "every record in it can be recovered."),
			               what, path, said);
		/* SQLite's word for a page it could not read: a storage error. */
		return err_set(e, EX_IOERR,
		               _("%s failed: storage error reading the store %s (%s), and nothing "
		                 "was changed. Try again; if it repeats, have the handheld's "
		                 "storage checked."),
		               what, path, said);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, EX_TEMPFAIL,
		               _("%s failed: another tally process held the store %s too long, and "
		                 "nothing was changed. Try again; if it persists, stop the other "
		                 "tally process."),
		               what, path);
	case SQLITE_CANTOPEN:
		return err_set(e, EX_CANTCREAT,
		               _("%s failed: cannot open the store %s (%s). Check that its "
		                 "directory exists and is writable."),
		               what, path, said);
	case SQLITE_IOERR:
		return err_set(e, EX_IOERR,
		               _("%s failed: storage error on the store %s (%s), and nothing was "
		                 "changed. Try again; if it repeats, have the handheld's storage "
		                 "checked."),
		               what, path, said);
	case SQLITE_NOMEM:
		return err_set(e, EX_OSERR,
		               _("%s failed: out of memory, and nothing was changed. Close other "
		                 "programs and try again."),
		               what);
	case SQLITE_CONSTRAINT:
		return err_set(e, EX_DATAERR,
		               _("%s failed: the data breaks a rule of the store (%s)."), what,
		               said);
	default:
		return err_set(e, EX_SOFTWARE, _("%s failed: %s (store %s)."), what, said, path);
	}
}
