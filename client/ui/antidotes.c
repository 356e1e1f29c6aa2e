/*
 * ui/antidotes.c — where the antidotes are, offline (jobs/antidotes.h):
 * each antidote and the places holding it with the last known count, this
 * handheld's hospital first.
 */
#include "jobs/antidotes.h"
#include "client/ui/jobs.h"
#include "common/config.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ui_end ui_antidotes(struct ui *u)
{
	struct antidote *a;
	size_t n;
	struct tally_err e = { 0 };
	if (antidotes_list(u->store, config_get(u->cfg, "device", "hospital", NULL), &a, &n, &e) !=
	    0) {
		ui_say(u, UI_ERROR, "%s", e.msg);
		return UI_BACK;
	}
	struct ui_lines l = { 0 };
	for (size_t i = 0; i < n; i++) {
		ui_lines_add(&l, "%s", a[i].article.name);
		for (size_t j = 0; j < a[i].n; j++) {
			const struct holding *h = &a[i].holdings[j];
			if (h->has_count)
				ui_lines_add(&l, "  %s: %lld", h->location_name,
				             (long long)h->last_count);
			else
				ui_lines_add(&l, _("  %s: not counted"), h->location_name);
		}
	}
	if (n == 0)
		ui_lines_add(&l, "%s", _("No antidotes on this handheld: sync first."));
	antidotes_free(a, n);
	return ui_show_lines(u, _("Antidotes"), &l);
}
