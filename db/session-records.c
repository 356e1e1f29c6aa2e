/*
 * session-records.c — a job session read back from the store: its records
 * that still stand (a void record and the record it voids both left out),
 * the last one that can be undone, and a session left open (no
 * session-end) to resume.  Queries only; records stay append-only.
 */
#include "db/store-internal.h"
#include "common/grow.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

/* The records of a session from its start: the primary key bounds the
 * walk, so no index on session is needed. */
#define STANDING                                                          \
	" FROM record WHERE seq > ?1 AND session = ?2 AND kind <> 'void'" \
	" AND seq NOT IN (SELECT json_extract(data, '$.seq') FROM record" \
	" WHERE seq > ?1 AND session = ?2 AND kind = 'void')"

static int read_all(struct store *s, sqlite3_stmt *st, struct record **out, size_t *n,
                    struct tally_err *e)
{
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct record *bigger = grow(*out, &cap, *n, sizeof(**out));
		if (bigger == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		*out = bigger;
		read_row(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		records_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(e, s, rc, _("reading the session's records"));
	}
	return 0;
}

int store_session_records(struct store *s, const char *session, int64_t start_seq,
                          struct record **out, size_t *n, struct tally_err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_prepare(s, "SELECT " RECORD_COLUMNS STANDING " ORDER BY seq", e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_int64(st, 1, start_seq);
	sqlite3_bind_text(st, 2, session, -1, SQLITE_STATIC);
	return read_all(s, st, out, n, e);
}

int store_session_last(struct store *s, const char *session, int64_t start_seq, struct record *out,
                       struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(
	    s,
	    "SELECT " RECORD_COLUMNS STANDING
	    " AND kind IN ('count', 'consume', 'discard', 'receive', 'transfer', 'skip',"
	    " 'unknown-code') ORDER BY seq DESC LIMIT 1",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_int64(st, 1, start_seq);
	sqlite3_bind_text(st, 2, session, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(e, EX_DATAERR, _("nothing to undo in this session"));
	return store_fail(e, s, rc, _("reading the session's records"));
}

int store_session_open(struct store *s, const char *job, const char *location_id, const char *since,
                       struct record *out, struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(
	    s,
	    "SELECT " RECORD_COLUMNS " FROM record AS r WHERE kind = 'session-start'"
	    " AND location_id IS ?1 AND json_extract(data, '$.job') = ?2 AND device_time >= ?3"
	    " AND NOT EXISTS (SELECT 1 FROM record AS x WHERE x.seq > r.seq"
	    " AND x.session = r.uuid AND x.kind = 'session-end')"
	    " ORDER BY seq DESC LIMIT 1",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, location_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, job, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return EX_DATAERR;
	return store_fail(e, s, rc, _("looking for an unfinished session"));
}
