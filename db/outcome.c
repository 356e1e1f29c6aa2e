/*
 * outcome.c — three outcomes of recording a scan, never two: recorded, not
 * recorded, or not known.
 *
 * When a commit's fsync (or a write of it) fails, SQLite has already put
 * the record's pages in the write-ahead log: whether it is in the store
 * depends on what happens to the log next.  If this connection writes
 * again, it overwrites them (not recorded); if the process dies first, or
 * the close-time checkpoint fails, the next open recovers them (recorded).
 * So "nothing was recorded" would be a guess.  The record's UUID is known
 * before the commit, and this file finds out:
 *   - at once when it can: close and open the connection (what a new
 *     process would see), look the UUID up, and when it is there make it
 *     durable with a checkpoint — then the answer is definite;
 *   - else it says "may or may not be saved", keeps the scan in the
 *     "unsure" file beside the store, and the next store_open() looks it
 *     up and says which in store_notice().
 * A rescan of the same scan (same kind, place, article, code, quantity,
 * batch, serial, user) within RESCAN_WINDOW_S of an unsure one returns the
 * record that is there instead of a second: one morphine pack is never two
 * consume records.
 */
#include "db/store-internal.h"
#include "common/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A rescan this soon after the unsure scan is taken as the same pack. */
#define RESCAN_WINDOW_S (15 * 60)

static const char *const fingerprint_keys[] = { "location_id", "article_id", "code",
	                                        "batch",       "serial",     "user" };

static void set_opt(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, json_string(v));
}

static json_t *fingerprint(const char uuid[37], const struct record_in *in, const char *device_time)
{
	json_t *o = json_object();
	json_object_set_new(o, "uuid", json_string(uuid));
	json_object_set_new(o, "kind", json_string(record_kind_name(in->kind)));
	json_object_set_new(o, "device_time", json_string(device_time));
	json_object_set_new(o, "made", json_integer((json_int_t)time(NULL)));
	json_object_set_new(o, "qty", json_integer(in->qty));
	set_opt(o, "location_id", in->location_id);
	set_opt(o, "article_id", in->article_id);
	set_opt(o, "code", in->code);
	set_opt(o, "batch", in->batch);
	set_opt(o, "serial", in->serial);
	set_opt(o, "user", in->user);
	return o;
}

static const char *fp_str(const json_t *fp, const char *key)
{
	return json_string_value(json_object_get(fp, key));
}

static int same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int same_scan(const json_t *fp, const struct record_in *in)
{
	const char *mine[] = { in->location_id, in->article_id, in->code,
		               in->batch,       in->serial,     in->user };
	if (!same_text(fp_str(fp, "kind"), record_kind_name(in->kind)) ||
	    json_integer_value(json_object_get(fp, "qty")) != in->qty)
		return 0;
	for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++)
		if (!same_text(fp_str(fp, fingerprint_keys[i]), mine[i]))
			return 0;
	json_int_t made = json_integer_value(json_object_get(fp, "made"));
	time_t now = time(NULL);
	return now >= made && now - made <= RESCAN_WINDOW_S;
}

/* --- the "unsure" file beside the store ------------------------------- */

static int sidecar_save(struct store *s, const json_t *fp)
{
	char path[4200], tmp[4300];
	if (store_sidecar_path(s->path, "unsure", path, sizeof(path)) == NULL)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	char *text = json_dumps(fp, JSON_COMPACT);
	if (text == NULL)
		return -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	size_t n = strlen(text);
	int ok = fd >= 0 && write(fd, text, n) == (ssize_t)n;
	/* Synced when the disk lets it; unsynced it still tells the next
	 * process, which is what a killed or crashed tally needs. */
	if (ok)
		(void)fsync(fd);
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	free(text);
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static json_t *sidecar_load(struct store *s)
{
	char path[4200];
	if (store_sidecar_path(s->path, "unsure", path, sizeof(path)) == NULL)
		return NULL;
	json_t *fp = json_load_file(path, 0, NULL);
	if (fp != NULL && (!json_is_object(fp) || fp_str(fp, "uuid") == NULL)) {
		json_decref(fp);
		fp = NULL;
	}
	return fp;
}

static void forget_unsure(struct store *s)
{
	char path[4200];
	json_decref(s->unsure);
	s->unsure = NULL;
	if (store_sidecar_path(s->path, "unsure", path, sizeof(path)) != NULL)
		unlink(path);
}

/* SQLITE_ROW (seq filled), SQLITE_DONE, or the failing code. */
static int find_uuid(struct store *s, const char *uuid, int64_t *seq)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT seq FROM record WHERE uuid = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* What the scan was, for a person: "consume ]E0952... at W-MED1, 08:15:02". */
static void describe(const json_t *fp, char *buf, size_t size)
{
	const char *t = fp_str(fp, "device_time");
	snprintf(buf, size, "%s %s%s%s (%.8s)", fp_str(fp, "kind"),
	         fp_str(fp, "code")         ? fp_str(fp, "code")
	         : fp_str(fp, "article_id") ? fp_str(fp, "article_id")
	                                    : "",
	         fp_str(fp, "location_id") ? _(" at ") : "",
	         fp_str(fp, "location_id") ? fp_str(fp, "location_id") : "",
	         t != NULL && strlen(t) >= 19 ? t + 11 : "?");
}

/* --- the three outcomes ----------------------------------------------- */

int outcome_after_failed_commit(struct store *s, const char uuid[37], const struct record_in *in,
                                const char *device_time, int rc, int64_t *seq, struct tally_err *e)
{
	char detail[256];
	snprintf(detail, sizeof(detail), "%s", sqlite3_errmsg(s->db));
	json_decref(s->unsure);
	s->unsure = fingerprint(uuid, in, device_time);
	/* Kept before anything else is tried: if the battery dies now, the
	 * next open still finds out. */
	sidecar_save(s, s->unsure);

	int64_t found = 0;
	int step = store_reconnect(s);
	if (step == SQLITE_OK)
		step = find_uuid(s, uuid, &found);
	if (step == SQLITE_DONE) {
		forget_unsure(s);
		s->last_outcome = STORE_NOT_RECORDED;
		return err_set(e, EX_IOERR,
		               _("recording the scan failed: storage error on the store %s (%s). "
		                 "Nothing was recorded: scan it again, and if this repeats, have "
		                 "the handheld's storage checked."),
		               s->path, detail);
	}
	if (step == SQLITE_ROW) {
		/* It is there: make sure it stays (the log synced, then copied). */
		int log = 0, done = 0;
		step = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_FULL, &log, &done);
		if (step == SQLITE_OK) {
			forget_unsure(s);
			s->last_outcome = STORE_RECORDED;
			if (seq != NULL)
				*seq = found;
			return 0;
		}
	}
	(void)rc;
	s->last_outcome = STORE_NOT_KNOWN;
	return err_set(e, EX_IOERR,
	               _("recording the scan failed: storage error on the store %s (%s). The "
	                 "scan may or may not be saved: check the count on screen before "
	                 "scanning again (tally tells which when it next opens the store)."),
	               s->path, detail);
}

void outcome_on_open(struct store *s)
{
	json_t *fp = sidecar_load(s);
	if (fp == NULL)
		return;
	json_decref(s->unsure);
	s->unsure = fp;
	char what[200];
	describe(fp, what, sizeof(what));
	int64_t seq = 0;
	int rc = find_uuid(s, fp_str(fp, "uuid"), &seq);
	struct tally_err e = { 0 };
	if (rc == SQLITE_ROW)
		err_set(&e, 0,
		        _("The scan whose saving could not be confirmed, %s, was saved after all "
		          "(record %lld): do not scan it again."),
		        what, (long long)seq);
	else if (rc == SQLITE_DONE)
		err_set(&e, 0,
		        _("The scan whose saving could not be confirmed, %s, was not saved: scan "
		          "it again."),
		        what);
	else
		err_set(&e, 0,
		        _("Whether the scan %s was saved is still not known: the store could not "
		          "be read (%s). Check the count on screen before scanning again."),
		        what, sqlite3_errmsg(s->db));
	snprintf(s->notice, sizeof(s->notice), "%s", e.msg);
}

int outcome_rescan(struct store *s, const struct record_in *in, int64_t *seq, char uuid[37])
{
	if (s->unsure == NULL)
		return 0;
	const char *kind = fp_str(s->unsure, "kind");
	if (!same_text(kind, record_kind_name(in->kind)))
		return 0; /* a session starting, say: the scan may still come */
	int64_t found = 0;
	int there = same_scan(s->unsure, in) &&
	            find_uuid(s, fp_str(s->unsure, "uuid"), &found) == SQLITE_ROW;
	if (there) {
		if (seq != NULL)
			*seq = found;
		if (uuid != NULL)
			snprintf(uuid, 37, "%s", fp_str(s->unsure, "uuid"));
		char what[200];
		describe(s->unsure, what, sizeof(what));
		struct tally_err e = { 0 };
		err_set(&e, 0,
		        _("%s was already saved (record %lld), so it was not recorded twice: "
		          "scan it once more only if this is another pack."),
		        what, (long long)found);
		snprintf(s->notice, sizeof(s->notice), "%s", e.msg);
	}
	forget_unsure(s);
	return there;
}
