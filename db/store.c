/*
 * store.c — opening the store and the settings kept in it.
 */
#include "db/store-internal.h"
#include "common/config.h"
#include "common/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

char *col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	if (t == NULL)
		return NULL;
	size_t n = (size_t)sqlite3_column_bytes(st, col);
	char *d = malloc(n + 1);
	if (d != NULL) {
		memcpy(d, t, n);
		d[n] = '\0';
	}
	return d;
}

sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct tally_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		store_fail(e, s, rc, _("reading the store"));
		return NULL;
	}
	return st;
}

const char *store_default_path(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	if (xdg != NULL && *xdg)
		snprintf(buf, size, "%s/tally/tally.db", xdg);
	else
		snprintf(buf, size, "%s/.local/share/tally/tally.db", home && *home ? home : ".");
	return buf;
}

/* The store a command opens when none is named: tally.conf's [store] path
 * (the shared store of an installed handheld), else the per-user default. */
static int configured_path(const char *config_path, char *buf, size_t size, struct tally_err *e)
{
	struct config *cfg = config_load(config_path, e);
	if (cfg == NULL)
		return e->status;
	const char *p = config_get(cfg, "store", "path", NULL);
	int rc = 0;
	if (p != NULL && p[0] != '\0' && p[0] != '/')
		rc = err_set(e, EX_CONFIG,
		             _("tally.conf [store] path = '%s' is not an absolute path; give it "
		               "as /var/lib/tally/tally.db, for example."),
		             p);
	else if (p != NULL && p[0] != '\0')
		snprintf(buf, size, "%s", p);
	else
		store_default_path(buf, size);
	config_free(cfg);
	return rc;
}

/* mkdir -p for the store's directory, private to the user: it holds who
 * scanned what, where. */
static void make_parent_dirs(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
}

static int exec_pragma(struct store *s, const char *sql, struct tally_err *e)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : store_fail(e, s, rc, _("opening the store"));
}

/* The db_id is made once, when the store is created, and never changes: the
 * hub uses it to tell a restored or cloned store from the one it knows. */
static int ensure_db_id(struct store *s, struct tally_err *e)
{
	char *id = store_meta_get(s, "db_id");
	if (id == NULL) {
		char fresh[37];
		if (uuid_v4(fresh) != 0)
			return err_set(e, EX_OSERR, _("no randomness to name the new store"));
		sqlite3_stmt *st = store_prepare(
		    s, "INSERT INTO meta(key, value) VALUES('db_id', ?) ON CONFLICT DO NOTHING", e);
		if (st == NULL)
			return e->status;
		sqlite3_bind_text(st, 1, fresh, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return store_fail(e, s, rc, _("creating the store"));
		id = store_meta_get(s, "db_id"); /* another process may have won */
	}
	if (id == NULL)
		return err_set(e, EX_SOFTWARE, _("the store %s has no db_id"), s->path);
	snprintf(s->db_id, sizeof(s->db_id), "%s", id);
	free(id);
	return 0;
}

/*
 * Make the empty file a new store starts as, with its mode set here rather
 * than left to the umask: a store in a set-group-id directory (the shared
 * /var/lib/tally of an installed handheld) is read and written by the
 * directory's group (0660), any other is its owner's alone (0600).  SQLite
 * gives the -wal and -shm files the mode of the main file.  An empty file is
 * a valid SQLite database; store_open_as() fills it.
 */
static int create_store_file(const char *path, struct tally_err *e)
{
	make_parent_dirs(path);
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	struct stat ds;
	mode_t mode = stat(dir, &ds) == 0 && (ds.st_mode & S_ISGID) ? 0660 : 0600;

	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0 && errno == EEXIST)
		return 0; /* another process made it first */
	if (fd < 0)
		return err_set(e, errno == EACCES || errno == EPERM ? EX_NOPERM : EX_CANTCREAT,
		               _("Cannot create the store %s: %s. Check that the directory "
		                 "exists and that you may write to it."),
		               path, strerror(errno));
	int rc = fchmod(fd, mode); /* the umask may have taken bits away */
	close(fd);
	if (rc != 0)
		return err_set(e, EX_CANTCREAT,
		               _("Cannot set the permissions of the new store %s: %s."), path,
		               strerror(errno));
	return 0;
}

struct store *store_open(const char *path, struct tally_err *e)
{
	return store_open_as(path, STORE_CREATE, e);
}

struct store *store_open_for(const char *named, const char *config_path, int create,
                             struct tally_err *e)
{
	char buf[4096];
	if (named == NULL || named[0] == '\0') {
		if (configured_path(config_path, buf, sizeof(buf), e) != 0)
			return NULL;
		return store_open_as(buf, STORE_CREATE, e);
	}
	return store_open_as(named, create ? STORE_CREATE : STORE_MUST_EXIST, e);
}

struct store *store_open_as(const char *path, enum store_missing missing, struct tally_err *e)
{
	struct stat fs;
	if (stat(path, &fs) != 0) {
		if (errno == EACCES) {
			err_set(e, EX_NOPERM,
			        _("Cannot reach the store %s: %s. Check that you are in group "
			          "tally, or name another store with --db."),
			        path, strerror(errno));
			return NULL;
		}
		if (errno != ENOENT) {
			err_set(e, EX_IOERR, _("Cannot reach the store %s: %s."), path,
			        strerror(errno));
			return NULL;
		}
		if (missing == STORE_MUST_EXIST) {
			err_set(e, EX_NOINPUT,
			        _("There is no store at %s. Check the path; to make a new, empty "
			          "store there, add --create (tally --create --db %s ...)."),
			        path, path);
			return NULL;
		}
		if (create_store_file(path, e) != 0)
			return NULL;
	}

	struct store *s = calloc(1, sizeof(*s));
	if (s == NULL || (s->path = malloc(strlen(path) + 1)) == NULL) {
		free(s);
		err_set(e, EX_OSERR, _("out of memory opening the store"));
		return NULL;
	}
	strcpy(s->path, path);

	/* Never SQLITE_OPEN_CREATE: the file exists, made above with its mode. */
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		store_fail(e, s, rc, _("opening the store"));
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	/* WAL lets the sync daemon read and mark while the UI appends;
	 * synchronous=FULL makes a commit survive power loss, which is what
	 * the good beep promises. */
	if (exec_pragma(s, "PRAGMA journal_mode=WAL", e) != 0 ||
	    exec_pragma(s, "PRAGMA synchronous=FULL", e) != 0 ||
	    exec_pragma(s, "PRAGMA foreign_keys=ON", e) != 0 ||
	    /* A handheld has little memory; 1 MiB of page cache holds every
	     * lookup a scan needs (the default is 2 MiB). */
	    exec_pragma(s, "PRAGMA cache_size=-1024", e) != 0 ||
	    /* The log is checkpointed as it grows (every 1000 pages, SQLite's
	     * default) and cut back to 4 MiB after: a long session never grows
	     * it without bound. */
	    exec_pragma(s, "PRAGMA journal_size_limit=4194304", e) != 0 ||
	    schema_migrate(s, e) != 0 || ensure_db_id(s, e) != 0)
		goto fail;
	outcome_on_open(s);
	space_on_open(s);
	return s;
fail:
	store_close(s);
	return NULL;
}

int store_reconnect(struct store *s)
{
	/* Closing runs SQLite's checkpoint when this is the last connection:
	 * what a failed commit left in the write-ahead log is then either
	 * recovered by the next open (the log was kept) or gone for good. */
	sqlite3_close(s->db);
	s->db = NULL;
	int rc =
	    sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	const char *pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
	                      " PRAGMA cache_size=-1024; PRAGMA journal_size_limit=4194304;";
	return sqlite3_exec(s->db, pragmas, NULL, NULL, NULL);
}

enum store_outcome store_last_outcome(const struct store *s)
{
	return s->last_outcome;
}

void store_close(struct store *s)
{
	if (s == NULL)
		return;
	sqlite3_close(s->db);
	json_decref(s->unsure);
	free(s->path);
	free(s);
}

const char *store_db_id(const struct store *s)
{
	return s->db_id;
}

int store_new_uuid(char out[37])
{
	return uuid_v4(out);
}

int store_take_identity(struct store *s, const char *new_db_id, struct tally_err *e)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(e, s, sqlite3_errcode(s->db),
		                  _("giving the store a new identity"));
	if (store_meta_set(s, "previous_db_id", s->db_id, e) != 0 ||
	    store_meta_set(s, "new_identity_at", now, e) != 0 ||
	    store_meta_set(s, "db_id", new_db_id, e) != 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return e->status;
	}
	int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int status = store_fail(e, s, rc, _("giving the store a new identity"));
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return status;
	}
	snprintf(s->db_id, sizeof(s->db_id), "%s", new_db_id);
	return 0;
}

const char *store_path(const struct store *s)
{
	return s->path;
}

int store_schema_version(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

char *store_meta_get(struct store *s, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = col_text(st, 0);
	sqlite3_finalize(st);
	return v;
}

int store_meta_set(struct store *s, const char *key, const char *value, struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(s,
	                                 "INSERT INTO meta(key, value) VALUES(?1, ?2) "
	                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	                                 e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(e, s, rc, _("saving a setting"));
}

int64_t store_size_bytes(const struct store *s)
{
	struct stat st;
	int64_t total = 0;
	char wal[4096];
	if (stat(s->path, &st) == 0)
		total += st.st_size;
	snprintf(wal, sizeof(wal), "%s-wal", s->path);
	if (stat(wal, &st) == 0)
		total += st.st_size;
	return total;
}

const char *store_sidecar_path(const char *store_path, const char *name, char *buf, size_t size)
{
	/* Named after the store: two stores in one directory never share a
	 * token or a daemon ("tally.db" → "tally.db.token"). */
	int n = snprintf(buf, size, "%s.%s", store_path != NULL ? store_path : "tally.db", name);
	return n > 0 && (size_t)n < size ? buf : NULL;
}

const char *store_notice(const struct store *s)
{
	return s != NULL && s->notice[0] ? s->notice : NULL;
}
