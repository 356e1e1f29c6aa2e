/*
 * sqlite-error.c — every way SQLite can fail, said so that the person
 * holding the scanner (or the IT technician they call) knows what to do.
 * Whatever failed, nothing was acknowledged: the caller gives no good beep.
 */
#include "db/store-internal.h"
#include "common/i18n.h"

int store_fail(struct tally_err *e, struct store *s, int rc, const char *what)
{
	const char *path = s != NULL && s->path != NULL ? s->path : "?";
	const char *detail =
	    s != NULL && s->db != NULL ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_FULL:
		return err_set(e, EX_IOERR,
		               _("%s failed: the disk holding the store %s is full. Nothing was "
		                 "recorded. Free space (or sync, then remove old reports) and "
		                 "scan again."),
		               what, path);
	case SQLITE_READONLY:
		return err_set(e, EX_CANTCREAT,
		               _("%s failed: the store %s is read-only. Nothing was recorded. "
		                 "Check the file's permissions and that the disk is not mounted "
		                 "read-only."),
		               what, path);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return err_set(e, EX_DATAERR,
		               _("%s failed: the store %s is damaged (%s). Stop using this "
		                 "handheld and call IT support: keep the file, they can recover "
		                 "records from it; then sync a fresh store."),
		               what, path, detail);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, EX_TEMPFAIL,
		               _("%s failed: the store %s is locked by another process for too "
		                 "long. Nothing was recorded. Try again; if it persists, stop "
		                 "the other tally process."),
		               what, path);
	case SQLITE_CANTOPEN:
		return err_set(e, EX_CANTCREAT,
		               _("%s failed: cannot open the store %s (%s). Check that its "
		                 "directory exists and is writable."),
		               what, path, detail);
	case SQLITE_IOERR:
		return err_set(e, EX_IOERR,
		               _("%s failed: input/output error on the store %s (%s). Nothing "
		                 "was recorded. Check the storage, then try again."),
		               what, path, detail);
	case SQLITE_NOMEM:
		return err_set(e, EX_OSERR, _("%s failed: out of memory. Nothing was recorded."),
		               what);
	case SQLITE_CONSTRAINT:
		return err_set(e, EX_DATAERR,
		               _("%s failed: the data breaks a rule of the store (%s)."), what,
		               detail);
	default:
		return err_set(e, EX_SOFTWARE, _("%s failed: %s (store %s)."), what, detail, path);
	}
}
