/*
 * ui/round.c — the restocking round on the handheld (jobs/round.h):
 * choose the ward, then the basis list in shelf order with count, min-max
 * and refill filling in as packs are scanned and counts typed; F2 skips the
 * highlighted line, F10 finishes and shows the refill order.
 */
#include "jobs/round.h"
#include "client/ui/jobs.h"
#include "common/i18n.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct screen {
	struct round *r;
	size_t sel, top;
	char pending[FRAMER_MAX + 1]; /* a pack scanned, its count not typed yet */
	int esc;                      /* Esc once: asked whether to leave */
};

static void draw(struct ui *u, struct screen *s)
{
	char nm[512];
	char title[200];
	snprintf(title, sizeof(title), _("Round %s"), s->r->location_name);
	ui_frame(u, title, _("F2 skip F10 end Esc back"));
	int w = ui_cols() - 17;
	if (w < 8)
		w = 8;
	ui_row(u, 1, UI_INFO, 0, "%s %4s %6s %4s", ui_fit(nm, sizeof(nm), _("Article"), w),
	       _("Cnt"), _("Min-Max"), _("Ref"));
	size_t rows = ui_body_rows(u) > 1 ? (size_t)ui_body_rows(u) - 1 : 0;
	if (s->sel < s->top)
		s->top = s->sel;
	if (rows > 0 && s->sel >= s->top + rows)
		s->top = s->sel - rows + 1;
	for (size_t i = s->top; i < s->r->n && i - s->top < rows; i++) {
		const struct round_line *l = &s->r->lines[i];
		char cnt[24] = "-", mm[48], ref[24] = "";
		if (l->counted)
			snprintf(cnt, sizeof(cnt), "%lld", (long long)l->count);
		else if (l->skipped)
			snprintf(cnt, sizeof(cnt), "%s", _("skip"));
		if (l->off_list)
			snprintf(mm, sizeof(mm), "%s", _("off"));
		else
			snprintf(mm, sizeof(mm), "%lld-%lld", (long long)l->min, (long long)l->max);
		if (l->counted && l->refill > 0)
			snprintf(ref, sizeof(ref), "+%lld", (long long)l->refill);
		enum ui_kind k = l->counted ? (l->off_list ? UI_WARN : UI_GOOD) : UI_INFO;
		ui_row(u, (int)(i - s->top) + 2, k, i == s->sel, "%s %4s %6s %4s",
		       ui_fit(nm, sizeof(nm), l->article_name, w), cnt, mm, ref);
	}
}

static void show_event(struct ui *u, struct screen *s, const char *text,
                       const struct round_event *ev)
{
	switch (ev->outcome) {
	case ROUND_COUNTED:
		s->pending[0] = '\0';
		for (size_t i = 0; i < s->r->n; i++)
			if (strcmp(s->r->lines[i].article_id, ev->article_id) == 0)
				s->sel = i;
		ui_recorded(u);
		if (ev->expiry == EXPIRY_EXPIRED)
			ui_say(u, UI_WARN,
			       _("%s: %lld, refill %lld. EXPIRED %ld days ago: discard."),
			       ev->article_name, (long long)ev->count, (long long)ev->refill,
			       -ev->days_left);
		else if (ev->off_list)
			ui_say(u, UI_WARN, _("%s: %lld counted; not on this ward's basis list."),
			       ev->article_name, (long long)ev->count);
		else if (ev->expiry == EXPIRY_SHORT)
			ui_say(u, UI_WARN, _("%s: %lld, refill %lld. Short-dated: %ld days."),
			       ev->article_name, (long long)ev->count, (long long)ev->refill,
			       ev->days_left);
		else
			ui_say(u, UI_GOOD, _("%s: %lld, refill %lld."), ev->article_name,
			       (long long)ev->count, (long long)ev->refill);
		break;
	case ROUND_NEED_COUNT:
		snprintf(s->pending, sizeof(s->pending), "%s", text);
		ui_say(u, UI_INFO, "%s", ev->message);
		break;
	case ROUND_UNKNOWN_CODE:
		s->pending[0] = '\0';
		ui_recorded(u);
		ui_say(u, UI_ERROR, "%s", ev->message);
		break;
	default:
		ui_say(u, UI_ERROR, "%s", ev->message);
		break;
	}
}

static void scan(struct ui *u, struct screen *s, const char *text, long count)
{
	struct round_event ev;
	struct tally_err e = { 0 };
	if (round_scan(s->r, text, strlen(text), count, &u->scan_cfg, &ev, &e) != 0)
		ui_say(u, UI_ERROR, "%s", e.msg); /* the store failed: not recorded */
	else
		show_event(u, s, text, &ev);
}

static enum ui_end summary(struct ui *u, struct round *r)
{
	struct ui_lines l = { 0 };
	size_t refills = 0, skipped = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->lines[i].refill > 0) {
			ui_lines_add(&l, "%5lld  %s", (long long)r->lines[i].refill,
			             r->lines[i].article_name);
			refills++;
		}
	}
	if (refills == 0)
		ui_lines_add(&l, "%s", _("Nothing to refill."));
	for (size_t i = 0; i < r->n; i++) {
		if (r->lines[i].counted || r->lines[i].off_list)
			continue;
		if (skipped++ == 0)
			ui_lines_add(&l, "%s", _("Not counted (skipped):"));
		ui_lines_add(&l, "       %s", r->lines[i].article_name);
	}
	char title[256];
	snprintf(title, sizeof(title), _("Refill order for %s"), r->location_name);
	return ui_show_lines(u, title, &l);
}

enum ui_end ui_round(struct ui *u)
{
	char *loc = NULL;
	struct tally_err e = { 0 };
	struct screen s = { 0 };
	for (;;) {
		int got = ui_choose_location(u, _("Round: which ward?"), &loc);
		if (got <= 0)
			return got < 0 ? UI_SIGNED_OUT : UI_BACK;
		int rc = round_start(&s.r, u->store, loc, u->sess.badge, u->today, &e);
		free(loc);
		if (rc == 0)
			break;
		ui_say(u, UI_ERROR, "%s", e.msg);
	}
	ui_recorded(u);
	ui_say(u, UI_INFO,
	       ngettext("%zu article on the basis list: scan a pack.",
	                "%zu articles on the basis list: scan a pack.", s.r->n),
	       s.r->n);
	struct ui_field scan_f = { .label = _("Scan") }, count_f = { .label = _("Count") };
	struct ui_ev ev;
	enum ui_end end = UI_BACK;
	for (;;) {
		draw(u, &s);
		ui_read(u, s.pending[0] ? &count_f : &scan_f, &ev);
		if (ev.type == UI_EV_IDLE) {
			end = UI_SIGNED_OUT; /* left unfinished: what was counted is kept */
			break;
		}
		if (ev.type != UI_EV_KEY || ev.key != UI_KEY_ESC)
			s.esc = 0;
		long count;
		if (ev.type == UI_EV_TEXT && s.pending[0] && ui_is_count(ev.text, &count)) {
			scan(u, &s, s.pending, count);
		} else if (ev.type == UI_EV_TEXT && ui_is_count(ev.text, &count)) {
			ui_say(u, UI_ERROR, "%s", _("Scan a pack first, then type its count."));
		} else if (ev.type == UI_EV_TEXT || ev.type == UI_EV_SCAN) {
			scan(u, &s, ev.text, ev.qty);
		} else if (ev.type == UI_EV_KEY) {
			if (ev.key == KEY_UP && s.sel > 0)
				s.sel--;
			else if (ev.key == KEY_DOWN && s.sel + 1 < s.r->n)
				s.sel++;
			else if (ev.key == KEY_F(2) && s.r->n > 0) {
				if (round_skip(s.r, s.sel, &e) != 0) {
					ui_say(u, UI_ERROR, "%s", e.msg);
				} else {
					ui_recorded(u);
					ui_say(u, UI_INFO, _("Skipped: %s"),
					       s.r->lines[s.sel].article_name);
					if (s.sel + 1 < s.r->n)
						s.sel++;
				}
			} else if (ev.key == KEY_F(10)) {
				if (round_finish(s.r, &e) != 0) {
					ui_say(u, UI_ERROR, "%s", e.msg);
					continue;
				}
				ui_recorded(u);
				ui_say(u, UI_GOOD, "%s", _("Round finished."));
				end = summary(u, s.r);
				break;
			} else if (ev.key == UI_KEY_ESC && s.pending[0]) {
				s.pending[0] = '\0';
				ui_say(u, UI_INFO, "%s", _("Count not typed: nothing recorded."));
			} else if (ev.key == UI_KEY_ESC && !s.esc) {
				s.esc = 1;
				ui_say(
				    u, UI_WARN, "%s",
				    _("Esc again leaves the round unfinished; F10 finishes it."));
			} else if (ev.key == UI_KEY_ESC) {
				u->msg[0] = '\0';
				break;
			}
		}
	}
	round_free(s.r);
	return end;
}
