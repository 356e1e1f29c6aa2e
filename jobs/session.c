/*
 * session.c — undo and resume for every job (see session.h).
 */
#include "jobs/session.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int session_find_open(struct store *s, const char *job, const char *location_id, int hours,
                      struct open_session *out, struct tally_err *e)
{
	memset(out, 0, sizeof(*out));
	time_t since = time(NULL) - (time_t)(hours > 0 ? hours : SESSION_RESUME_HOURS) * 3600;
	struct tm tm;
	gmtime_r(&since, &tm);
	char from[32];
	strftime(from, sizeof(from), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	struct record r;
	int rc = store_session_open(s, job, location_id, from, &r, e);
	if (rc != 0)
		return rc;
	snprintf(out->session, sizeof(out->session), "%s", r.uuid);
	out->start_seq = r.seq;
	snprintf(out->started, sizeof(out->started), "%s", r.device_time);
	snprintf(out->user, sizeof(out->user), "%s", r.user ? r.user : "");
	record_free(&r);
	return 0;
}

int session_abandon(struct store *s, const struct open_session *o, const char *job,
                    const char *location_id, const char *user, struct tally_err *e)
{
	json_t *data = json_pack("{s:s,s:b}", "job", job, "abandoned", 1);
	struct record_in end = { .kind = REC_SESSION_END,
		                 .session = o->session,
		                 .user = user,
		                 .location_id = location_id,
		                 .data = data };
	int rc = store_append(s, &end, NULL, NULL, e);
	json_decref(data);
	return rc;
}

int session_void(struct store *s, const char *session, const char *user,
                 const struct record *undone, struct tally_err *e)
{
	json_t *data = json_pack("{s:I,s:s,s:s}", "seq", (json_int_t)undone->seq, "uuid",
	                         undone->uuid, "kind", record_kind_name(undone->kind));
	struct record_in v = { .kind = REC_VOID,
		               .session = session,
		               .user = user,
		               .location_id = undone->location_id,
		               .article_id = undone->article_id,
		               .qty = undone->qty,
		               .batch = undone->batch,
		               .serial = undone->serial,
		               .data = data };
	int rc = store_append(s, &v, NULL, NULL, e);
	json_decref(data);
	return rc;
}

int session_undo(struct store *s, const char *session, int64_t start_seq, const char *user,
                 struct record *undone, struct tally_err *e)
{
	memset(undone, 0, sizeof(*undone));
	int rc = store_session_last(s, session, start_seq, undone, e);
	if (rc == 0)
		rc = session_void(s, session, user, undone, e);
	if (rc != 0)
		record_free(undone);
	return rc;
}

static int local_time(const char *device_time, struct tm *local)
{
	struct tm tm = { 0 };
	if (device_time == NULL || sscanf(device_time, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year,
	                                  &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	localtime_r(&t, local);
	return 0;
}

void session_date(const char *device_time, char out[16])
{
	struct tm local;
	if (local_time(device_time, &local) != 0)
		snprintf(out, 16, "?");
	else
		strftime(out, 16, "%d.%m. %H:%M", &local);
}

void session_clock(const char *device_time, char out[6])
{
	struct tm tm = { 0 };
	snprintf(out, 6, "--:--");
	if (device_time == NULL || sscanf(device_time, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year,
	                                  &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	strftime(out, 6, "%H:%M", &local);
}
