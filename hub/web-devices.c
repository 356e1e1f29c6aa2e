/*
 * web-devices.c — /devices and /devices/revoke (see web-devices.h).
 */
#include "hub/web-devices.h"
#include "hub/device-admin.h"
#include "hub/web-form.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct web_col device_cols[] = {
	{ "id", N_("Number"), COL_INT, NULL, 0 },
	{ "name", N_("Handheld"), COL_TEXT, NULL, 0 },
	{ "enrolled_at", N_("Enrolled"), COL_TIME, NULL, 0 },
	{ "last_seen", N_("Last sync"), COL_TIME, N_("never"), 0 },
	{ "events", N_("Records received"), COL_INT, NULL, 0 },
	{ "state", N_("State"), COL_TEXT, NULL, 0 },
};

void web_page_devices(struct page *p, struct hdb *db)
{
	struct tally_err e = { 0 };
	json_t *list = device_list(db, &e);
	if (list == NULL) {
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return page_error(p, 503,
		                  N_("The hub could not read its database just now; try "
		                     "again in a moment."));
	}
	json_t *rows = json_object_get(list, "devices"), *d;
	size_t i;
	json_array_foreach(rows, i, d)
	{
		int revoked = json_is_true(json_object_get(d, "revoked"));
		json_object_set_new(
		    d, "state", json_string(page_tr(p, revoked ? N_("revoked") : N_("active"))));
		if (revoked)
			json_object_set_new(d, "row_class", json_string("revoked"));
	}
	if (page_wants_csv(p)) {
		page_csv(p, "devices", device_cols, N(device_cols), rows);
		json_decref(list);
		return;
	}
	page_begin(p, N_("Handhelds"));
	html_fmt(&p->h, "<p class=\"lead\">%s</p>",
	         page_tr(p, N_("Every enrolled handheld. A revoked one is refused at its next sync "
	                       "and must be enrolled again; what it sent stays.")));
	page_table(p, device_cols, N(device_cols), rows, NULL, NULL,
	           N_("No handheld is enrolled."));
	int active = 0;
	json_array_foreach(rows, i, d) active += !json_is_true(json_object_get(d, "revoked"));
	if (active > 0) {
		html_fmt(&p->h,
		         "<form method=\"post\" action=\"/devices/revoke\" class=\"search\" "
		         "id=\"revoke\"><label for=\"device\">%s</label>"
		         "<select id=\"device\" name=\"device\">",
		         page_tr(p, N_("Revoke a handheld")));
		json_array_foreach(rows, i, d)
		{
			if (json_is_true(json_object_get(d, "revoked")))
				continue;
			html_fmt(&p->h, "<option value=\"%D\">%D — %s</option>",
			         (long long)json_integer_value(json_object_get(d, "id")),
			         (long long)json_integer_value(json_object_get(d, "id")),
			         json_string_value(json_object_get(d, "name")));
		}
		html_raw(&p->h, "</select>");
		page_csrf_field(p);
		html_fmt(&p->h, "<button type=\"submit\">%s</button></form>",
		         page_tr(p, N_("Revoke")));
	}
	if (json_array_size(rows) > 0)
		page_csv_links(p, NULL);
	json_decref(list);
	page_end(p);
}

void web_post_revoke(struct page *p, struct hdb *db)
{
	char id[32];
	char *end = NULL;
	long long n = -1;
	if (web_form_get(p->rq->body, p->rq->body_len, "device", id, sizeof(id)) == 0)
		n = strtoll(id, &end, 10);
	if (n <= 0 || end == NULL || *end != '\0')
		return page_error(p, 400, N_("Choose a handheld to revoke."));
	struct tally_err e = { 0 };
	if (device_revoke(db, n, p->s->who.login, p->rq->client_addr, &e) != 0) {
		if (e.status == EX_NOUSER)
			return page_error(p, 404,
			                  N_("That handheld is not enrolled, or is revoked "
			                     "already."));
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return page_error(p, 503,
		                  N_("The hub could not read its database just now; try "
		                     "again in a moment."));
	}
	page_redirect(p, "/devices");
}
