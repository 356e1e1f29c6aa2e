/*
 * ui/consume.c — packs taken from a ward's stock (jobs/consume.h):
 * choose the ward, then each pack scanned is used for a patient; F2 makes
 * the next scans waste, F3 a loan to a ward chosen from the list, F4 back
 * to patient use.  A number typed before a scan is its quantity.
 */
#include "jobs/consume.h"
#include "client/ui/jobs.h"
#include "client/ui/resume.h"
#include "jobs/session.h"
#include "common/i18n.h"
#include "db/store.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct screen {
	struct consume *c;
	char reason[160]; /* "", "waste" or "loan:WARD" */
	char reason_shown[200];
};

static void draw(struct ui *u, const struct screen *s)
{
	char title[200];
	snprintf(title, sizeof(title), _("Consume %s"), s->c->location_name);
	ui_frame(u, title, _("F2 waste F3 loan F8 undo F10 end"));
	ui_row(u, 1, s->reason[0] ? UI_WARN : UI_INFO, 0, _("Reason: %s"),
	       s->reason[0] ? s->reason_shown : _("patient"));
	if (s->reason[0])
		ui_row(u, 2, UI_INFO, 0, "%s", _("F4: back to patient use"));
	ui_row(u, 3, UI_INFO, 0, _("Used:   %lld"), (long long)s->c->used);
	ui_row(u, 4, UI_INFO, 0, _("Wasted: %lld"), (long long)s->c->wasted);
	ui_row(u, 5, UI_INFO, 0, _("Lent:   %lld"), (long long)s->c->lent);
}

static void show_event(struct ui *u, const struct consume_event *ev)
{
	switch (ev->outcome) {
	case CONSUME_USED:
		ui_recorded(u);
		ui_say(u, UI_GOOD, _("%s: %lld used"), ev->name, (long long)ev->qty);
		break;
	case CONSUME_WASTED:
		ui_recorded(u);
		ui_say(u, UI_GOOD, _("%s: %lld wasted"), ev->name, (long long)ev->qty);
		break;
	case CONSUME_LENT:
		ui_recorded(u);
		ui_say(u, UI_GOOD, _("%s: %lld lent to %s"), ev->name, (long long)ev->qty, ev->to);
		break;
	case CONSUME_DISCARDED:
		ui_recorded(u);
		ui_say(u, UI_WARN, _("%s: %lld expired, discarded"), ev->name, (long long)ev->qty);
		break;
	case CONSUME_ALREADY:
	case CONSUME_UNDONE:
		if (ev->outcome == CONSUME_UNDONE)
			ui_recorded(u);
		ui_say(u, UI_WARN, "%s", ev->message);
		break;
	case CONSUME_EXPIRED: /* red: never given */
	case CONSUME_UNKNOWN_CODE:
		if (ev->outcome == CONSUME_UNKNOWN_CODE)
			ui_recorded(u);
		ui_say(u, UI_ERROR, "%s", ev->message);
		break;
	default:
		ui_say(u, UI_ERROR, "%s", ev->message);
		break;
	}
}

/* Start taking packs at loc, or continue the consumption left unfinished
 * there (declined, it is closed as abandoned).  0; -1 signed out while
 * asked; 1 back; else the failure's status with e set. */
static int start(struct ui *u, struct screen *s, const char *loc, struct tally_err *e)
{
	struct location l;
	if (store_location_get(u->store, loc, &l, e) != 0)
		return e->status;
	struct open_session o;
	int rc = session_find_open(u->store, "consume", l.id, ui_resume_hours(u), &o, e);
	if (rc == EX_DATAERR) {
		err_clear(e);
		rc = consume_start(&s->c, u->store, l.id, u->sess.badge, e);
		location_free(&l);
		return rc;
	}
	if (rc == 0)
		rc = consume_resume(&s->c, u->store, l.id, u->sess.badge, &o, e);
	if (rc != 0) {
		location_free(&l);
		return rc;
	}
	char at[6], question[200];
	session_clock(o.started, at);
	snprintf(question, sizeof(question),
	         _("Continue the consumption from %s (%lld used, %lld wasted, %lld lent)?"), at,
	         (long long)s->c->used, (long long)s->c->wasted, (long long)s->c->lent);
	enum ui_resume answer = ui_ask_resume(u, _("Unfinished consumption"), question);
	if (answer == UI_RESUME_CONTINUE) {
		location_free(&l);
		return 0;
	}
	consume_free(s->c);
	s->c = NULL;
	if (answer != UI_RESUME_NEW) {
		location_free(&l);
		return answer == UI_RESUME_SIGNED_OUT ? -1 : 1;
	}
	rc = session_abandon(u->store, &o, "consume", l.id, u->sess.badge, e);
	if (rc == 0)
		rc = consume_start(&s->c, u->store, l.id, u->sess.badge, e);
	location_free(&l);
	return rc;
}

enum ui_end ui_consume(struct ui *u)
{
	struct tally_err e = { 0 };
	struct screen s = { 0 };
	char *loc = NULL;
	for (;;) {
		int got = ui_choose_location(u, _("Consume: which ward?"), &loc);
		if (got <= 0)
			return got < 0 ? UI_SIGNED_OUT : UI_BACK;
		int rc = start(u, &s, loc, &e);
		free(loc);
		if (rc == 0)
			break;
		if (rc < 0)
			return UI_SIGNED_OUT;
		if (rc != 1)
			ui_say(u, UI_ERROR, "%s", e.msg);
	}
	ui_recorded(u);
	ui_say(u, UI_INFO, "%s", _("Scan each pack taken."));
	struct ui_job_input in;
	ui_job_input_init(&in, _("Esc again leaves without ending; F10 ends it."));
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
			struct consume_event cev;
			if (consume_scan(s.c, ev.text, strlen(ev.text), qty, s.reason, &u->scan_cfg,
			                 &cev, &e) != 0)
				ui_say(u, UI_ERROR, "%s", e.msg);
			else
				show_event(u, &cev);
			if (s.c->pack.shortage[0]) { /* the pack step's shortage warning */
				ui_say(u, UI_WARN, "%s", s.c->pack.shortage);
				s.c->pack.shortage[0] = '\0';
			}
		} else if (what != UI_JOB_KEY) {
			continue;
		} else if (ev.key == KEY_F(2)) {
			snprintf(s.reason, sizeof(s.reason), "waste");
			snprintf(s.reason_shown, sizeof(s.reason_shown), "%s", _("waste"));
		} else if (ev.key == KEY_F(3)) {
			char *ward = NULL;
			int picked = ui_choose_location(u, _("Lend to which ward?"), &ward);
			if (picked < 0) {
				end = UI_SIGNED_OUT;
				break;
			}
			if (picked > 0) {
				snprintf(s.reason, sizeof(s.reason), "loan:%s", ward);
				snprintf(s.reason_shown, sizeof(s.reason_shown), _("loan to %s"),
				         ward);
			}
			free(ward);
		} else if (ev.key == KEY_F(4)) {
			s.reason[0] = '\0';
		} else if (ev.key == KEY_F(8)) {
			struct consume_event cev;
			if (consume_undo(s.c, &cev, &e) != 0)
				ui_say(u, UI_WARN, "%s", e.msg);
			else
				show_event(u, &cev);
		} else if (ev.key == KEY_F(10)) {
			if (consume_finish(s.c, &e) != 0) {
				ui_say(u, UI_ERROR, "%s", e.msg);
				continue;
			}
			ui_recorded(u);
			ui_say(u, UI_GOOD, _("Done: %lld used, %lld wasted, %lld lent."),
			       (long long)s.c->used, (long long)s.c->wasted, (long long)s.c->lent);
			break;
		}
	}
	consume_free(s.c);
	return end;
}
