#include "jobs/session-report.h"
#include "common/i18n.h"
#include "db/store.h"

#include <string.h>

int report_session(struct store *s, const char *which, json_t **out, struct tally_err *e)
{
	struct record *r;
	size_t n;
	if (store_records(s, 0, 0, 0, &r, &n, e) != 0)
		return e->status;
	/* The session-start record names the session: its UUID is the session
	 * id every record of it carries. */
	size_t start = n;
	for (size_t i = n; i > 0; i--) {
		if (r[i - 1].kind != REC_SESSION_START)
			continue;
		if (strcmp(which, "last") == 0 || strcmp(r[i - 1].uuid, which) == 0) {
			start = i - 1;
			break;
		}
	}
	if (start == n) {
		records_free(r, n);
		return err_set(e, EX_DATAERR,
		               strcmp(which, "last") == 0
		                   ? _("no session has been recorded on this handheld yet")
		                   : _("there is no session %s on this handheld"),
		               which);
	}
	const struct record *st = &r[start];
	json_t *o = json_object(), *counts = json_object(), *recs = json_array();
	json_object_set_new(o, "session", json_string(st->uuid));
	json_object_set(o, "job",
	                json_object_get(st->data, "job") ? json_object_get(st->data, "job")
	                                                 : json_null());
	json_object_set_new(o, "user", st->user ? json_string(st->user) : json_null());
	json_object_set_new(o, "location",
	                    st->location_id ? json_string(st->location_id) : json_null());
	json_object_set_new(o, "started", json_string(st->device_time));
	json_object_set_new(o, "ended", json_null());
	json_object_set_new(o, "summary", json_null());
	for (size_t i = start + 1; i < n; i++) {
		if (r[i].session == NULL || strcmp(r[i].session, st->uuid) != 0)
			continue;
		const char *kind = record_kind_name(r[i].kind);
		json_int_t c = json_integer_value(json_object_get(counts, kind));
		json_object_set_new(counts, kind, json_integer(c + 1));
		if (r[i].kind == REC_SESSION_END) {
			json_object_set_new(o, "ended", json_string(r[i].device_time));
			json_object_set(o, "summary", r[i].data);
		} else {
			json_array_append_new(recs, record_to_json(&r[i]));
		}
	}
	json_object_set_new(o, "counts", counts);
	json_object_set_new(o, "records", recs);
	records_free(r, n);
	*out = o;
	return 0;
}
