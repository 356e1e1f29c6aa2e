/*
 * ui/drill.c — an emergency-preparedness drill on the handheld
 * (jobs/drill.h): choose the plan, scan a storage place's label, then its
 * packs; required against counted per article and the shortfall update as
 * you go, with the time running.  A number typed before a scan is that
 * scan's quantity.  F10 finishes with the report and the duration.
 */
#include "jobs/drill.h"
#include "client/ui/jobs.h"
#include "client/ui/resume.h"
#include "jobs/session.h"
#include "common/i18n.h"
#include "common/name-fit.h"
#include "db/store.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct screen {
	struct drill *d;
	char place[160];
};

static void draw(struct ui *u, struct screen *s)
{
	char nm[512];
	char title[200];
	snprintf(title, sizeof(title), _("Drill %s"), s->d->plan_name);
	ui_frame(u, title, _("F8 undo  F10 end"));
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	long secs = (long)(now.tv_sec - s->d->started.tv_sec);
	ui_row(u, 1, UI_INFO, 0, _("Place: %s  %ld:%02ld"),
	       s->place[0] ? s->place : _("scan label"), secs / 60, secs % 60);
	int w = ui_cols() - 15;
	if (w < 8)
		w = 8;
	ui_row(u, 2, UI_INFO, 0, "%s %4s %4s %4s", ui_fit(nm, sizeof(nm), _("Article"), w),
	       _("Req"), _("Cnt"), _("Shrt"));
	const char **names = calloc(s->d->n + 1, sizeof(*names));
	for (size_t i = 0; names != NULL && i < s->d->n; i++)
		names[i] = s->d->articles[i].name;
	for (size_t i = 0; i < s->d->n && (int)i + 3 <= ui_body_rows(u); i++) {
		const struct drill_article *a = &s->d->articles[i];
		char fitted[512];
		if (names != NULL)
			name_fit(names, s->d->n, i, w, fitted, sizeof(fitted));
		else
			snprintf(fitted, sizeof(fitted), "%s", a->name);
		int64_t shortfall = drill_shortfall(a);
		ui_row(u, (int)i + 3, shortfall > 0 ? UI_WARN : UI_GOOD, 0, "%s %4lld %4lld %4lld",
		       ui_fit(nm, sizeof(nm), fitted, w), (long long)a->required,
		       (long long)a->counted, (long long)shortfall);
	}
	free(names);
}

static void show_event(struct ui *u, struct screen *s, const struct drill_event *ev)
{
	switch (ev->outcome) {
	case DRILL_COUNTED:
		ui_recorded(u);
		if (ev->expired)
			ui_say(u, UI_WARN, _("%s +%lld EXPIRED: does not count towards cover."),
			       ev->name, (long long)ev->qty);
		else
			ui_say(u, UI_GOOD, _("%s +%lld"), ev->name, (long long)ev->qty);
		break;
	case DRILL_PLACE:
		snprintf(s->place, sizeof(s->place), "%s", ev->name);
		ui_say(u, UI_GOOD, _("Counting at %s."), ev->name);
		break;
	case DRILL_UNKNOWN_CODE:
		ui_recorded(u);
		ui_say(u, UI_ERROR, "%s", ev->message);
		break;
	case DRILL_ALREADY: /* its own signal: a double scan, not an error */
		ui_say(u, UI_WARN, "%s", ev->message);
		break;
	case DRILL_UNDONE:
		ui_recorded(u);
		ui_say(u, UI_WARN, "%s", ev->message);
		break;
	default:
		ui_say(u, UI_ERROR, "%s", ev->message);
		break;
	}
}

static enum ui_end report(struct ui *u, struct drill *d)
{
	struct ui_lines l = { 0 };
	long secs = (long)(drill_duration_s(d) + 0.5);
	ui_lines_add(&l, _("Duration %ld:%02ld"), secs / 60, secs % 60);
	/* A few short lines an article, its name whole: at 30 columns every
	 * number shows, and the arrows scroll. */
	for (size_t i = 0; i < d->n; i++) {
		const struct drill_article *a = &d->articles[i];
		ui_lines_wrap(&l, a->name);
		ui_lines_add(&l, _("  required %lld, counted %lld"), (long long)a->required,
		             (long long)a->counted);
		ui_lines_add(&l, _("  short %lld, expired %lld"), (long long)drill_shortfall(a),
		             (long long)a->expired);
		ui_lines_add(&l, _("  places below min: %zu"), drill_places_below_min(a));
		struct tier_cover c;
		char text[512];
		drill_tier_cover(a, &c);
		tier_cover_text(&c, a->required, text, sizeof(text));
		if (text[0])
			ui_lines_wrap(&l, text);
	}
	return ui_show_lines(u, _("Drill report"), &l);
}

/* Start a drill of the plan, or continue this plan's drill left unfinished
 * (declined, it is closed as abandoned).  0; -1 signed out while asked; 1
 * back; else the failure's status with e set. */
static int start(struct ui *u, struct screen *s, const char *plan_id, struct tally_err *e)
{
	struct open_session o;
	int rc = drill_find_open(u->store, plan_id, ui_resume_hours(u), &o, e);
	if (rc == EX_DATAERR) {
		err_clear(e);
		return drill_start(&s->d, u->store, plan_id, u->sess.badge, u->today, e);
	}
	if (rc == 0)
		rc = drill_resume(&s->d, u->store, plan_id, u->sess.badge, u->today, &o, e);
	if (rc != 0)
		return rc;
	long long packs = 0;
	for (size_t i = 0; i < s->d->n; i++)
		packs += s->d->articles[i].counted + s->d->articles[i].expired;
	char at[6], question[200];
	session_clock(o.started, at);
	snprintf(question, sizeof(question),
	         ngettext("Continue the drill from %s (%lld pack counted)?",
	                  "Continue the drill from %s (%lld packs counted)?", (unsigned long)packs),
	         at, packs);
	enum ui_resume answer = ui_ask_resume(u, _("An unfinished drill"), question);
	if (answer == UI_RESUME_CONTINUE) {
		/* the place counted last, by its name */
		struct location l;
		if (s->d->place != NULL &&
		    store_location_get(u->store, s->d->place, &l, NULL) == 0) {
			snprintf(s->place, sizeof(s->place), "%s", l.name ? l.name : l.id);
			location_free(&l);
		}
		return 0;
	}
	drill_free(s->d);
	s->d = NULL;
	if (answer != UI_RESUME_NEW)
		return answer == UI_RESUME_SIGNED_OUT ? -1 : 1;
	rc = session_abandon(u->store, &o, "drill", NULL, u->sess.badge, e);
	if (rc == 0)
		rc = drill_start(&s->d, u->store, plan_id, u->sess.badge, u->today, e);
	return rc;
}

static int choose_plan(struct ui *u, struct screen *s)
{
	struct plan *p;
	size_t n;
	struct tally_err e = { 0 };
	if (store_plans(u->store, &p, &n, &e) != 0) {
		ui_say(u, UI_ERROR, "%s", e.msg);
		return 0;
	}
	const char **names = calloc(n + 1, sizeof(*names));
	for (size_t i = 0; names != NULL && i < n; i++)
		names[i] = p[i].name;
	struct ui_field f = { .label = _("Plan") };
	struct ui_ev ev;
	int rc = 0;
	for (;;) {
		long k = ui_pick(u, _("Drill: which plan?"), names, names ? n : 0, &f, &ev);
		const char *id = k >= 0                                           ? p[k].id
		                 : ev.type == UI_EV_TEXT || ev.type == UI_EV_SCAN ? ev.text
		                                                                  : NULL;
		if (id == NULL) {
			rc = ev.type == UI_EV_IDLE ? -1 : 0;
			break;
		}
		int started = start(u, s, id, &e);
		if (started == 0 || started < 0) {
			rc = started == 0 ? 1 : -1;
			break;
		}
		if (started != 1)
			ui_say(u, UI_ERROR, "%s", e.msg);
	}
	free(names);
	plans_free(p, n);
	return rc;
}

enum ui_end ui_drill(struct ui *u)
{
	struct tally_err e = { 0 };
	struct screen s = { 0 };
	int got = choose_plan(u, &s);
	if (got <= 0)
		return got < 0 ? UI_SIGNED_OUT : UI_BACK;
	ui_recorded(u);
	if (s.place[0])
		ui_say(u, UI_INFO, _("Counting at %s: scan its packs, or another place's label."),
		       s.place);
	else
		ui_say(u, UI_INFO, "%s", _("Scan the storage place's label."));
	struct ui_job_input in;
	ui_job_input_init(&in, _("Esc again leaves the drill unfinished; F10 finishes it."));
	in.f.tick = 1; /* the running clock */
	struct ui_ev ev;
	enum ui_end end = UI_BACK;
	for (;;) {
		draw(u, &s);
		long qty;
		enum ui_job_ev what = ui_job_read(u, &in, &ev, &qty);
		if (what == UI_JOB_IDLE || what == UI_JOB_LEAVE) {
			end = what == UI_JOB_IDLE ? UI_SIGNED_OUT : UI_BACK;
			break;
		}
		if (what == UI_JOB_SCAN) {
			struct drill_event dev;
			if (drill_scan(s.d, ev.text, strlen(ev.text), qty, &u->scan_cfg, &dev,
			               &e) != 0)
				ui_say(u, UI_ERROR, "%s", e.msg);
			else
				show_event(u, &s, &dev);
			if (s.d->pack.shortage[0]) { /* the pack step's shortage warning */
				ui_say(u, UI_WARN, "%s", s.d->pack.shortage);
				s.d->pack.shortage[0] = '\0';
			}
		} else if (what == UI_JOB_KEY && ev.key == KEY_F(8)) {
			struct drill_event dev;
			if (drill_undo(s.d, &dev, &e) != 0)
				ui_say(u, UI_WARN, "%s", e.msg);
			else
				show_event(u, &s, &dev);
		} else if (what == UI_JOB_KEY && ev.key == KEY_F(10)) {
			if (drill_finish(s.d, &e) != 0) {
				ui_say(u, UI_ERROR, "%s", e.msg);
				continue;
			}
			ui_recorded(u);
			ui_say(u, UI_GOOD, "%s", _("Drill finished."));
			end = report(u, s.d);
			break;
		}
	}
	drill_free(s.d);
	return end;
}
