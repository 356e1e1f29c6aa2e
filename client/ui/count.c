/*
 * ui/count.c — a plain count on the handheld (jobs/count.h):
 * choose the location, scan a pack, type the count on the shelf; the last
 * count of a batch stands, and an article's count is the sum of its
 * batches.  1000 or more is taken when typed a second time; F8 undoes the
 * last count; F10 finishes with the counts.  A count left unfinished at
 * the place is offered to continue.
 */
#include "jobs/count.h"
#include "client/ui/jobs.h"
#include "client/ui/resume.h"
#include "jobs/where.h"
#include "common/i18n.h"
#include "common/name-fit.h"
#include "db/store.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void draw(struct ui *u, const struct count *t)
{
	char nm[512];
	char title[200];
	snprintf(title, sizeof(title), _("Count %s"), t->location_name);
	ui_frame(u, title, _("F8 undo  F10 end"));
	int w = ui_cols() - 6, rows = ui_body_rows(u);
	if (w < 8)
		w = 8;
	/* The latest counts in view: the list grows at the bottom. */
	size_t from = t->n > (size_t)rows && rows > 0 ? t->n - (size_t)rows : 0;
	const char **names = calloc(t->n + 1, sizeof(*names));
	for (size_t i = 0; names != NULL && i < t->n; i++)
		names[i] = t->lines[i].name;
	for (size_t i = from; i < t->n; i++) {
		char fitted[512];
		if (names != NULL)
			name_fit(names, t->n, i, w, fitted, sizeof(fitted));
		else
			snprintf(fitted, sizeof(fitted), "%s", t->lines[i].name);
		ui_row(u, (int)(i - from) + 1, UI_GOOD, 0, "%s %5lld",
		       ui_fit(nm, sizeof(nm), fitted, w), (long long)t->lines[i].count);
	}
	free(names);
}

static enum ui_end summary(struct ui *u, const struct count *t)
{
	struct ui_lines l = { 0 };
	for (size_t i = 0; i < t->n; i++)
		ui_lines_add(&l, "%5lld  %s", (long long)t->lines[i].count, t->lines[i].name);
	return ui_show_lines(u, _("Count done"), &l);
}

/* Start the count at loc, or continue an unfinished one there (declined, it
 * is closed as abandoned).  0; -1 signed out while asked; 1 back; else the
 * failure's status with e set. */
static int start(struct ui *u, struct count **t, const char *loc, struct tally_err *e)
{
	struct location l;
	if (store_location_get(u->store, loc, &l, e) != 0)
		return e->status;
	struct open_session o;
	int rc = session_find_open(u->store, "count", l.id, ui_resume_hours(u), &o, e);
	if (rc == 0)
		rc = count_resume(t, u->store, l.id, u->sess.badge, &o, e);
	if (rc != 0) {
		if (rc == EX_DATAERR) {
			err_clear(e);
			rc = count_start(t, u->store, l.id, u->sess.badge, e);
		}
		location_free(&l);
		return rc;
	}
	char at[6], question[200];
	session_clock(o.started, at);
	snprintf(question, sizeof(question),
	         ngettext("Continue the count from %s (%zu article counted)?",
	                  "Continue the count from %s (%zu articles counted)?", (*t)->n),
	         at, (*t)->n);
	enum ui_resume answer = ui_ask_resume(u, _("An unfinished count"), question);
	if (answer == UI_RESUME_CONTINUE) {
		location_free(&l);
		return 0;
	}
	count_free(*t);
	*t = NULL;
	if (answer != UI_RESUME_NEW) {
		location_free(&l);
		return answer == UI_RESUME_SIGNED_OUT ? -1 : 1;
	}
	rc = session_abandon(u->store, &o, "count", l.id, u->sess.badge, e);
	if (rc == 0)
		rc = count_start(t, u->store, l.id, u->sess.badge, e);
	location_free(&l);
	return rc;
}

enum ui_end ui_count(struct ui *u)
{
	struct count *t = NULL;
	struct tally_err e = { 0 };
	char *loc = NULL;
	for (;;) {
		int got = ui_choose_location(u, _("Count: where?"), &loc);
		if (got <= 0)
			return got < 0 ? UI_SIGNED_OUT : UI_BACK;
		int rc = start(u, &t, loc, &e);
		free(loc);
		if (rc == 0)
			break;
		if (rc < 0)
			return UI_SIGNED_OUT;
		if (rc != 1)
			ui_say(u, UI_ERROR, "%s", e.msg);
	}
	ui_recorded(u);
	ui_say(u, UI_INFO, "%s", _("Scan a pack, then type the count on the shelf."));
	char pending[FRAMER_MAX + 1] = "";
	struct ui_field scan_f = { .label = _("Scan") }, count_f = { .label = _("Count") };
	struct ui_ev ev;
	enum ui_end end = UI_BACK;
	int esc = 0;
	long doubt = -1; /* an implausible count of the pending pack, to be typed again */
	for (;;) {
		draw(u, t);
		ui_read(u, pending[0] ? &count_f : &scan_f, &ev);
		if (ev.type == UI_EV_IDLE) {
			end = UI_SIGNED_OUT;
			break;
		}
		if (ev.type != UI_EV_KEY || ev.key != UI_KEY_ESC)
			esc = 0;
		long count = -1;
		const char *text = NULL;
		if (ev.type == UI_EV_TEXT && pending[0] && ui_is_count(ev.text, &count))
			text = pending;
		else if (ev.type == UI_EV_TEXT && ui_is_count(ev.text, &count))
			ui_say(u, UI_ERROR, "%s", _("Scan a pack first, then type its count."));
		else if (ev.type == UI_EV_TEXT && where_is_name(ev.text)) {
			/* Letters typed: the article by name, never an unknown code. */
			struct article a = { 0 };
			int got = ui_choose_article(u, ev.text, t->location_id, &a);
			if (got < 0) {
				end = UI_SIGNED_OUT;
				break;
			}
			if (got > 0) {
				snprintf(ev.text, sizeof(ev.text), "%s", a.id);
				article_free(&a);
				text = ev.text, count = -1;
			}
		} else if (ev.type == UI_EV_TEXT || ev.type == UI_EV_SCAN)
			text = ev.text, count = ev.qty;
		else if (ev.type == UI_EV_KEY && ev.key == KEY_F(8)) {
			struct count_event uev;
			pending[0] = '\0';
			if (count_undo(t, &uev, &e) != 0) {
				ui_say(u, UI_WARN, "%s", e.msg);
			} else {
				ui_recorded(u);
				ui_say(u, UI_WARN, "%s", uev.message);
			}
		} else if (ev.type == UI_EV_KEY && ev.key == KEY_F(10)) {
			if (count_finish(t, &e) != 0) {
				ui_say(u, UI_ERROR, "%s", e.msg);
				continue;
			}
			ui_recorded(u);
			ui_say(u, UI_GOOD, "%s", _("Count finished."));
			end = summary(u, t);
			break;
		} else if (ev.type == UI_EV_KEY && ev.key == UI_KEY_ESC && pending[0]) {
			pending[0] = '\0';
			ui_say(u, UI_INFO, "%s", _("Count not typed: nothing recorded."));
		} else if (ev.type == UI_EV_KEY && ev.key == UI_KEY_ESC && !esc) {
			esc = 1;
			ui_say(u, UI_WARN, "%s",
			       _("Esc again leaves the count unfinished; F10 finishes it."));
		} else if (ev.type == UI_EV_KEY && ev.key == UI_KEY_ESC) {
			u->msg[0] = '\0';
			break;
		}
		if (text == NULL)
			continue;
		struct count_event sev;
		char scanned[FRAMER_MAX + 1];
		snprintf(scanned, sizeof(scanned), "%s", text);
		int confirmed = doubt >= 0 && count == doubt && text == pending;
		doubt = -1;
		if ((confirmed ? count_scan_confirmed : count_scan)(
		        t, scanned, strlen(scanned), count, &u->scan_cfg, &sev, &e) != 0) {
			ui_say(u, UI_ERROR, "%s", e.msg);
			continue;
		}
		pending[0] = '\0';
		switch (sev.outcome) {
		case COUNT_COUNTED:
			ui_recorded(u);
			ui_say(u, UI_GOOD, _("%s: %lld"), sev.name, (long long)sev.count);
			break;
		case COUNT_RECOUNTED:
			ui_recorded(u);
			ui_say(u, UI_GOOD, _("%s: %lld (was %lld)"), sev.name, (long long)sev.count,
			       (long long)sev.previous);
			break;
		case COUNT_NEED_COUNT:
			snprintf(pending, sizeof(pending), "%s", scanned);
			ui_say(u, UI_INFO, _("%s: type the count on the shelf."), sev.name);
			break;
		case COUNT_IMPLAUSIBLE:
			snprintf(pending, sizeof(pending), "%s", scanned);
			doubt = count;
			ui_say(u, UI_WARN, _("%s Type %ld again to confirm it."), sev.message,
			       count);
			break;
		case COUNT_UNKNOWN_CODE:
			ui_recorded(u);
			ui_say(u, UI_ERROR, "%s", sev.message);
			break;
		default:
			ui_say(u, UI_ERROR, "%s", sev.message);
			break;
		}
	}
	count_free(t);
	return end;
}
