/*
 * ui/location.c — choosing where a job happens: scan the location's label,
 * or pick a ward or room from the list the master data holds.
 */
#include "client/ui/jobs.h"
#include "common/i18n.h"
#include "common/str.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = { "ward", "ward-room", "room" };

/* The label a scan names: the id after the prefix, or the text as typed. */
static char *label_of(const struct ui *u, const char *text)
{
	struct scan sc;
	struct scan_failure f;
	if (scan_parse(text, strlen(text), &u->scan_cfg, &sc, &f) == SCAN_OK &&
	    sc.type == SCAN_LOCATION) {
		struct location l;
		const char *label = sc.raw + strlen(sc.symbology);
		if (store_location_get(u->store, label, &l, NULL) == 0 ||
		    store_location_get(u->store, sc.id, &l, NULL) == 0) {
			char *id = str_dup(l.id);
			location_free(&l);
			return id;
		}
		return str_dup(label);
	}
	return str_dup(text);
}

int ui_choose_location(struct ui *u, const char *title, char **id)
{
	struct location *all = NULL;
	size_t n = 0;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct location *l;
		size_t m;
		struct tally_err e = { 0 };
		if (store_locations(u->store, kinds[k], &l, &m, &e) != 0) {
			ui_say(u, UI_ERROR, "%s", e.msg);
			continue;
		}
		if (m == 0)
			continue;
		struct location *grown = realloc(all, (n + m + 1) * sizeof(*all));
		if (grown == NULL) {
			locations_free(l, m);
			continue;
		}
		all = grown;
		memcpy(all + n, l, m * sizeof(*l));
		n += m;
		free(l); /* the strings moved into all */
	}
	const char **names = calloc(n + 1, sizeof(*names));
	for (size_t i = 0; names != NULL && i < n; i++)
		names[i] = all[i].name;
	struct ui_field f = { .label = _("Scan label") };
	struct ui_ev ev;
	int rc;
	long k = ui_pick(u, title, names, names ? n : 0, &f, &ev);
	if (k >= 0) {
		*id = str_dup(all[k].id);
		rc = 1;
	} else if (ev.type == UI_EV_TEXT || ev.type == UI_EV_SCAN) {
		*id = label_of(u, ev.text);
		rc = 1;
	} else {
		rc = ev.type == UI_EV_IDLE ? -1 : 0;
	}
	free(names);
	locations_free(all, n);
	return rc;
}
