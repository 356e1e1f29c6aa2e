/*
 * ui-antidotes.c — where the antidotes are, offline (client/antidotes.h):
 * each antidote and the places holding it with the last known count, this
 * handheld's hospital first.
 */
#include "client/antidotes.h"
#include "client/ui-jobs.h"
#include "common/config.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ui_end ui_antidotes(struct ui *u)
{
	struct antidote *a;
	size_t n, m = 0, cap = 1;
	struct tally_err e = { 0 };
	if (antidotes_list(u->store, config_get(u->cfg, "device", "hospital", NULL), &a, &n, &e) !=
	    0) {
		ui_say(u, UI_ERROR, "%s", e.msg);
		return UI_BACK;
	}
	for (size_t i = 0; i < n; i++)
		cap += 1 + a[i].n;
	char **lines = calloc(cap, sizeof(*lines)), buf[300];
	for (size_t i = 0; lines != NULL && i < n; i++) {
		lines[m++] = strdup(a[i].article.name);
		for (size_t j = 0; j < a[i].n; j++) {
			const struct holding *h = &a[i].holdings[j];
			if (h->has_count)
				snprintf(buf, sizeof(buf), "  %s: %lld", h->location_name,
				         (long long)h->last_count);
			else
				snprintf(buf, sizeof(buf), _("  %s: not counted"),
				         h->location_name);
			lines[m++] = strdup(buf);
		}
	}
	if (lines != NULL && n == 0)
		lines[m++] = strdup(_("No antidotes on this handheld: sync first."));
	antidotes_free(a, n);
	enum ui_end end = ui_show(u, _("Antidotes"), lines, m);
	for (size_t i = 0; i < m; i++)
		free(lines[i]);
	free(lines);
	return end;
}
