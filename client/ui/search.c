/*
 * ui/search.c — an article by name (jobs/where.h): the articles whose name
 * holds the typed letters (the ward's basis list first), one chosen from
 * the list; a pack's code or an article id names one at once.
 */
#include "jobs/where.h"
#include "client/ui/jobs.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

int ui_choose_article(struct ui *u, const char *what, const char *location_id, struct article *out)
{
	struct article *m;
	size_t n;
	struct tally_err e = { 0 };
	if (where_find(u->store, what, location_id, &m, &n, &e) != 0) {
		ui_say(u, UI_ERROR, "%s", e.msg);
		return 0;
	}
	if (n == 0) {
		ui_say(u, UI_ERROR, _("No article named \"%s\": type fewer letters, or scan it."),
		       what);
		return 0;
	}
	long k = 0;
	if (n > 1) {
		const char **names = malloc(n * sizeof(*names));
		if (names == NULL) {
			articles_free(m, n);
			return 0;
		}
		for (size_t i = 0; i < n; i++)
			names[i] = m[i].name;
		struct ui_field f = { .label = _("No.") };
		struct ui_ev ev;
		char title[160];
		snprintf(title, sizeof(title), _("Which \"%s\"?"), what);
		u->msg[0] = '\0';
		k = ui_pick(u, title, names, n, &f, &ev);
		free(names);
		if (k < 0) {
			articles_free(m, n);
			return ev.type == UI_EV_IDLE ? -1 : 0;
		}
	}
	*out = m[k];
	m[k] = (struct article){ 0 };
	articles_free(m, n);
	return 1;
}
