/*
 * ui/where.c — "Hvor kan jeg låne?" for everyone: type part of a name or
 * scan a pack; the wards holding the article on their basis list, how many
 * they last counted and when (local time, relative: "today 06:49",
 * "10 days ago"), this handheld's hospital first.  Offline, from what was
 * last synced and counted here.
 */
#include "db/store.h"
#include "client/ui/jobs.h"
#include "common/config.h"
#include "common/i18n.h"
#include "common/local-time.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static enum ui_end show(struct ui *u, const struct article *a)
{
	struct holding *h = NULL;
	size_t n = 0;
	struct tally_err e = { 0 };
	if (store_holdings(u->store, a->id, config_get(u->cfg, "device", "hospital", NULL), &h, &n,
	                   &e) != 0) {
		ui_say(u, UI_ERROR, "%s", e.msg);
		return UI_BACK;
	}
	struct ui_lines l = { 0 };
	ui_lines_wrap(&l, a->name);
	if (n == 0)
		ui_lines_add(&l, "%s", _("On no basis list known here."));
	time_t now = time(NULL);
	for (size_t i = 0; i < n; i++) {
		char when[64];
		ui_lines_wrap(&l, h[i].location_name);
		if (h[i].has_count)
			ui_lines_add(
			    &l, _("  %lld packs, %s"), (long long)h[i].last_count,
			    local_time_relative_utc(h[i].counted_at, now, when, sizeof(when)));
		else
			ui_lines_add(&l, _("  not counted (min %lld)"), (long long)h[i].min);
	}
	holdings_free(h, n);
	u->msg[0] = '\0';
	return ui_show_lines(u, _("Where can I borrow?"), &l);
}

enum ui_end ui_where(struct ui *u)
{
	struct ui_field f = { .label = _("Name/scan") };
	struct ui_ev ev;
	ui_say(u, UI_INFO, "%s", _("Type part of the name, or scan a pack. Esc back."));
	for (;;) {
		ui_frame(u, _("Where can I borrow?"), _("Enter search  Esc back"));
		ui_read(u, &f, &ev);
		if (ev.type == UI_EV_IDLE)
			return UI_SIGNED_OUT;
		if (ev.type == UI_EV_KEY && ev.key == UI_KEY_ESC) {
			u->msg[0] = '\0';
			return UI_BACK;
		}
		if (ev.type != UI_EV_TEXT && ev.type != UI_EV_SCAN)
			continue;
		struct article a = { 0 };
		int got = ui_choose_article(u, ev.text, NULL, &a);
		if (got < 0)
			return UI_SIGNED_OUT;
		if (got == 0)
			continue;
		enum ui_end end = show(u, &a);
		article_free(&a);
		if (end == UI_SIGNED_OUT)
			return end;
		ui_say(u, UI_INFO, "%s", _("Type another name, or Esc back."));
	}
}
