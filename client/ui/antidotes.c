/*
 * ui/antidotes.c — where the antidotes are, offline (jobs/antidotes.h):
 * the hospital and its tier, then each antidote with what its stocking
 * tier recommends here against what the hospital holds, and the places
 * holding it with the last known count, this handheld's hospital first.
 * Every line fits 30 columns (long ones are broken at spaces).
 */
#include "jobs/antidotes.h"
#include "client/ui/jobs.h"
#include "common/config.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Recommended against held, in a few words ("" when the tier says
 * nothing of this hospital's stock). */
static void tier_line(const struct antidote *a, char *buf, size_t size)
{
	char held[32];
	buf[0] = '\0';
	if (!a->tier.hospital_known || !a->tier.tier[0])
		return;
	if (a->held_counted)
		snprintf(held, sizeof(held), "%lld", (long long)a->held);
	else
		snprintf(held, sizeof(held), "%s", _("not counted"));
	if (a->asked && antidote_short(a) > 0)
		snprintf(buf, size, _("  rec. %lld, held %s: %lld short"), (long long)a->tier.qty,
		         held, (long long)antidote_short(a));
	else if (a->asked)
		snprintf(buf, size, _("  rec. %lld, held %s: enough"), (long long)a->tier.qty,
		         held);
	else if (strcmp(a->tier.tier, "larger") == 0)
		snprintf(buf, size, "%s", _("  for larger hospitals only"));
	else
		snprintf(buf, size, _("  %lld once per region"), (long long)a->tier.qty);
}

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
	char buf[256];
	if (n > 0 && a[0].tier.hospital_known) {
		snprintf(buf, sizeof(buf),
		         a[0].tier.larger ? _("%s: larger hospital")
		                          : _("%s: not a larger hospital"),
		         a[0].tier.hospital_name);
		ui_lines_wrap(&l, buf);
	}
	for (size_t i = 0; i < n; i++) {
		ui_lines_add(&l, "%s", a[i].article.name);
		tier_line(&a[i], buf, sizeof(buf));
		if (buf[0])
			ui_lines_wrap(&l, buf);
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
