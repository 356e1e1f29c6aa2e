/*
 * records.c — what the handheld writes: one record per acknowledged scan or
 * event, append-only, pushed to the hub later.  The only thing that ever
 * changes in a record is its sync state.
 */
#include "db/store-internal.h"
#include "common/grow.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static const char *const state_names[] = { "pending", "sent", "rejected" };

static enum sync_state state_from_name(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (name != NULL && strcmp(state_names[i], name) == 0)
			return (enum sync_state)i;
	return SYNC_PENDING;
}

int uuid_v4(char out[37])
{
	unsigned char b[16];
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
	         b[13], b[14], b[15]);
	return 0;
}

void store_boot_clock(char boot_id[37], int64_t *mono_ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	*mono_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	boot_id[0] = '\0';
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");
	if (f == NULL)
		return;
	if (fgets(boot_id, 37, f) == NULL || strlen(boot_id) != 36)
		boot_id[0] = '\0';
	fclose(f);
}

static void utc_now(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	char buf[96];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
	buf[31] = '\0';
	memcpy(out, buf, 32);
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int store_append(struct store *s, const struct record_in *in, int64_t *seq, char uuid[37],
                 struct tally_err *e)
{
	char id[37], now[32];
	if ((unsigned)in->kind >= REC_KIND_COUNT)
		return err_set(e, EX_SOFTWARE, _("unknown record kind %d"), (int)in->kind);
	s->last_outcome = STORE_NOT_RECORDED;
	if (outcome_rescan(s, in, seq, uuid)) {
		s->last_outcome = STORE_RECORDED;
		return 0;
	}
	if (uuid_v4(id) != 0)
		return err_set(e, EX_OSERR,
		               _("no randomness for the record's id; nothing recorded"));
	utc_now(now);
	char *data = in->data != NULL ? json_dumps(in->data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	sqlite3_stmt *st = store_prepare(
	    s,
	    "INSERT INTO record(uuid, kind, device_time, session, user, location_id,"
	    " article_id, code, qty, batch, expiry, serial, data, hub_offset_ms, boot_id, mono_ms)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'clock_offset_ms'), ?14, ?15)",
	    e);
	if (st == NULL) {
		free(data);
		return e->status;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, record_kind_name(in->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	bind_opt(st, 4, in->session);
	bind_opt(st, 5, in->user);
	bind_opt(st, 6, in->location_id);
	bind_opt(st, 7, in->article_id);
	bind_opt(st, 8, in->code);
	sqlite3_bind_int64(st, 9, in->qty);
	bind_opt(st, 10, in->batch);
	bind_opt(st, 11, in->expiry);
	bind_opt(st, 12, in->serial);
	sqlite3_bind_text(st, 13, data != NULL ? data : "{}", -1, SQLITE_STATIC);
	/* The boot cannot change under a running process: read its id once. */
	int64_t mono;
	if (s->boot_id[0] == '\0')
		store_boot_clock(s->boot_id, &mono);
	struct timespec boot_ts;
	clock_gettime(CLOCK_BOOTTIME, &boot_ts);
	mono = (int64_t)boot_ts.tv_sec * 1000 + boot_ts.tv_nsec / 1000000;
	bind_opt(st, 14, s->boot_id[0] ? s->boot_id : NULL);
	sqlite3_bind_int64(st, 15, mono);
	/* One statement in autocommit mode is one transaction: when step
	 * returns DONE the record is in the WAL and fsync'ed. */
	int rc = sqlite3_step(st);
	int64_t rowid = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(st);
	free(data);
	if (rc != SQLITE_DONE) {
		int cause = rc & 0xff;
		/* A failed write or sync may have left the record in the log: find
		 * out rather than guess (outcome.c).  A full disk fails before the
		 * commit is written; a constraint or a lock before anything is. */
		if (cause == SQLITE_IOERR || cause == SQLITE_CORRUPT)
			return outcome_after_failed_commit(s, id, in, now, rc, seq, e);
		if (cause == SQLITE_FULL)
			return err_set(e, EX_IOERR,
			               _("recording the scan failed: the disk holding the store %s "
			                 "is full. Nothing was recorded: free space on that disk "
			                 "(delete files there that are not tally's), then scan "
			                 "again."),
			               s->path);
		return store_fail(e, s, rc, _("recording the scan"));
	}
	s->last_outcome = STORE_RECORDED;
	if (seq != NULL)
		*seq = rowid;
	if (uuid != NULL)
		memcpy(uuid, id, 37);
	return 0;
}

void read_row(sqlite3_stmt *st, struct record *r)
{
	memset(r, 0, sizeof(*r));
	r->seq = sqlite3_column_int64(st, 0);
	snprintf(r->uuid, sizeof(r->uuid), "%s", (const char *)sqlite3_column_text(st, 1));
	r->kind = (enum record_kind)record_kind_from_name((const char *)sqlite3_column_text(st, 2));
	snprintf(r->device_time, sizeof(r->device_time), "%s",
	         (const char *)sqlite3_column_text(st, 3));
	r->session = col_text(st, 4);
	r->user = col_text(st, 5);
	r->location_id = col_text(st, 6);
	r->article_id = col_text(st, 7);
	r->code = col_text(st, 8);
	r->qty = sqlite3_column_int64(st, 9);
	r->batch = col_text(st, 10);
	r->expiry = col_text(st, 11);
	r->serial = col_text(st, 12);
	const char *data = (const char *)sqlite3_column_text(st, 13);
	r->data = data != NULL ? json_loads(data, 0, NULL) : NULL;
	if (r->data == NULL)
		r->data = json_object();
	r->state = state_from_name((const char *)sqlite3_column_text(st, 14));
	r->reason = col_text(st, 15);
	r->has_hub_offset = sqlite3_column_type(st, 16) != SQLITE_NULL;
	r->hub_offset_ms = sqlite3_column_int64(st, 16);
	const char *boot = (const char *)sqlite3_column_text(st, 17);
	snprintf(r->boot_id, sizeof(r->boot_id), "%s", boot != NULL ? boot : "");
	r->mono_ms = sqlite3_column_int64(st, 18);
}

void record_free(struct record *r)
{
	if (r == NULL)
		return;
	free(r->session);
	free(r->user);
	free(r->location_id);
	free(r->article_id);
	free(r->code);
	free(r->batch);
	free(r->expiry);
	free(r->serial);
	free(r->reason);
	json_decref(r->data);
	memset(r, 0, sizeof(*r));
}

void records_free(struct record *r, size_t n)
{
	for (size_t i = 0; r != NULL && i < n; i++)
		record_free(&r[i]);
	free(r);
}

int store_records(struct store *s, int64_t after_seq, int pending_only, int limit,
                  struct record **out, size_t *n, struct tally_err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_prepare(
	    s,
	    pending_only ? "SELECT " RECORD_COLUMNS " FROM record WHERE state = 'pending'"
	                   " AND seq > ?1 ORDER BY seq LIMIT ?2"
	                 : "SELECT " RECORD_COLUMNS " FROM record WHERE seq > ?1"
	                   " ORDER BY seq LIMIT ?2",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_int64(st, 1, after_seq);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
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
		return store_fail(e, s, rc, _("reading records"));
	}
	return 0;
}

int store_record_get(struct store *s, int64_t seq, struct record *out, struct tally_err *e)
{
	sqlite3_stmt *st =
	    store_prepare(s, "SELECT " RECORD_COLUMNS " FROM record WHERE seq = ?", e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_int64(st, 1, seq);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(e, EX_DATAERR, _("there is no record %lld"), (long long)seq);
	return store_fail(e, s, rc, _("reading a record"));
}

/* One attempt at marking a batch; SQLITE_OK or the failing code, with the
 * cause's own message in `why` (the ROLLBACK would overwrite it). */
static int mark_once(struct store *s, const struct sync_result *res, size_t n, char *why,
                     size_t why_size)
{
	/* IMMEDIATE: take the write lock at once, so the batch is all or
	 * nothing and a concurrent append waits at most one short commit. */
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(s->db, "UPDATE record SET state = ?2, reason = ?3 WHERE seq = ?1",
	                        -1, &st, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		sqlite3_bind_int64(st, 1, res[i].seq);
		sqlite3_bind_text(st, 2, state_names[res[i].state], -1, SQLITE_STATIC);
		bind_opt(st, 3, res[i].state == SYNC_REJECTED ? res[i].reason : NULL);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(why, why_size, "%s", sqlite3_errmsg(s->db));
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	return rc;
}

int store_mark(struct store *s, const struct sync_result *res, size_t n, struct tally_err *e)
{
	/* SQLite's busy handler is not fair: a handheld scanning fast can take
	 * the write lock again and again while the sync daemon sleeps in its
	 * handler.  The daemon is the one that can wait, so it tries again; the
	 * scan is never the one kept waiting. */
	int rc = SQLITE_BUSY;
	char why[256] = "";
	for (int attempt = 0; attempt < 10 && (rc & 0xff) == SQLITE_BUSY; attempt++)
		rc = mark_once(s, res, n, why, sizeof(why));
	/* A full disk: the reserve kept for this is given back, and the marks
	 * go in (else the hub gets the same records for ever). */
	if ((rc & 0xff) == SQLITE_FULL && space_release(s)) {
		sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		rc = mark_once(s, res, n, why, sizeof(why));
	}
	return rc == SQLITE_OK ? 0 : store_fail_detail(e, s, rc, _("marking records sent"), why);
}

int store_count_states(struct store *s, struct store_counts *out, struct tally_err *e)
{
	/* count(*) of a whole table is a quick b-tree walk in SQLite; pending
	 * and rejected records are few and found through the state index.  So
	 * sent = all − pending − rejected, without visiting every sent record
	 * (tally status on a busy handheld stays instant). */
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st = store_prepare(s,
	                                 "SELECT (SELECT count(*) FROM record),"
	                                 " (SELECT count(*) FROM record WHERE state = 'pending'),"
	                                 " (SELECT count(*) FROM record WHERE state = 'rejected')",
	                                 e);
	if (st == NULL)
		return e->status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int64_t all = sqlite3_column_int64(st, 0);
		out->pending = sqlite3_column_int64(st, 1);
		out->rejected = sqlite3_column_int64(st, 2);
		out->sent = all - out->pending - out->rejected;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : store_fail(e, s, rc, _("counting records"));
}

static void set_opt(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, json_string(v));
}

json_t *record_to_json(const struct record *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(r->seq));
	json_object_set_new(o, "uuid", json_string(r->uuid));
	json_object_set_new(o, "kind", json_string(record_kind_name(r->kind)));
	json_object_set_new(o, "device_time", json_string(r->device_time));
	set_opt(o, "session", r->session);
	set_opt(o, "user", r->user);
	set_opt(o, "location_id", r->location_id);
	set_opt(o, "article_id", r->article_id);
	set_opt(o, "code", r->code);
	json_object_set_new(o, "qty", json_integer(r->qty));
	set_opt(o, "batch", r->batch);
	set_opt(o, "expiry", r->expiry);
	set_opt(o, "serial", r->serial);
	json_object_set_new(o, "data", r->data != NULL ? json_incref(r->data) : json_object());
	if (r->has_hub_offset)
		json_object_set_new(o, "hub_offset_ms", json_integer(r->hub_offset_ms));
	if (r->boot_id[0]) {
		json_object_set_new(o, "boot_id", json_string(r->boot_id));
		json_object_set_new(o, "mono_ms", json_integer(r->mono_ms));
	}
	return o;
}

int store_clock_jump(struct store *s, int64_t *jump_ms, int64_t *at_seq, struct tally_err *e)
{
	/* Within one boot, wall clock minus time since boot is constant
	 * unless someone set the clock: consecutive records that differ in it
	 * by more than a minute show a jump. */
	*jump_ms = 0;
	*at_seq = 0;
	sqlite3_stmt *st = store_prepare(s,
	                                 "SELECT seq, device_time, mono_ms, boot_id FROM"
	                                 " (SELECT * FROM record ORDER BY seq DESC LIMIT 1000)"
	                                 " WHERE boot_id IS NOT NULL ORDER BY seq DESC",
	                                 e);
	if (st == NULL)
		return e->status;
	int rc;
	char prev_boot[37] = "";
	int64_t prev_base = 0, prev_seq = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);
		const char *boot = (const char *)sqlite3_column_text(st, 3);
		struct tm tm = { 0 };
		int ms = 0;
		if (t == NULL || boot == NULL ||
		    sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
			continue;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		int64_t wall = (int64_t)timegm(&tm) * 1000 + ms;
		int64_t base = wall - sqlite3_column_int64(st, 2);
		/* Newest first: the jump happened between this record and the
		 * newer one before it. */
		if (strcmp(prev_boot, boot) == 0 && llabs((long long)(prev_base - base)) > 60000 &&
		    *at_seq == 0) {
			*jump_ms = prev_base - base;
			*at_seq = prev_seq;
		}
		snprintf(prev_boot, sizeof(prev_boot), "%s", boot);
		prev_base = base;
		prev_seq = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(e, s, rc, _("reading records"));
}
