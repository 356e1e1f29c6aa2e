/*
 * ui/receive.c — goods receipt on the handheld (jobs/receive.h): scan the
 * parcel's SSCC, a bin label to put away to, then the packs; received
 * against expected per line, each deviation shown with the warning signal
 * as it is found.  A number typed before a scan is that pack's quantity;
 * F3 reports the last pack damaged; F10 finishes with the receipt summary.
 */
#include "jobs/receive.h"
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
	struct receive *r;
	char parcel[160], bin[160];
};

static void draw(struct ui *u, struct screen *s)
{
	char nm[512];
	ui_frame(u, _("Receive"), _("F3 damaged F8 undo F10 end"));
	ui_row(u, 1, UI_INFO, 0, _("Parcel: %s"), s->parcel[0] ? s->parcel : _("scan SSCC"));
	ui_row(u, 2, UI_INFO, 0, _("Bin: %s"), s->bin[0] ? s->bin : _("scan bin label"));
	int w = ui_cols() - 10;
	if (w < 8)
		w = 8;
	const char **names = calloc(s->r->n + 1, sizeof(*names));
	for (size_t i = 0; names != NULL && i < s->r->n; i++)
		names[i] = s->r->lines[i].name;
	for (size_t i = 0; i < s->r->n && (int)i + 3 <= ui_body_rows(u); i++) {
		const struct receive_line *l = &s->r->lines[i];
		char fitted[512];
		if (names != NULL)
			name_fit(names, s->r->n, i, w, fitted, sizeof(fitted));
		else
			snprintf(fitted, sizeof(fitted), "%s", l->name);
		enum ui_kind k = UI_INFO;
		if (l->unexpected || l->received > l->expected)
			k = UI_WARN;
		else if (l->received == l->expected)
			k = UI_GOOD;
		if (s->r->blind) /* nothing expected to compare with */
			ui_row(u, (int)i + 3, UI_INFO, 0, "%s %4lld",
			       ui_fit(nm, sizeof(nm), fitted, w), (long long)l->received);
		else
			ui_row(u, (int)i + 3, k, 0, "%s %4lld/%-4lld",
			       ui_fit(nm, sizeof(nm), fitted, w), (long long)l->received,
			       (long long)l->expected);
	}
	free(names);
}

static void show_event(struct ui *u, struct screen *s, const struct receive_event *ev)
{
	switch (ev->outcome) {
	case RECEIVE_PARCEL:
		snprintf(s->parcel, sizeof(s->parcel), "%s",
		         ev->message[0] ? _("not known here: blind") : ev->name);
		if (ev->message[0])
			ui_say(u, UI_WARN, "%s", ev->message);
		else if (ev->parcels > 1)
			ui_say(u, UI_GOOD, _("Parcel %d of %d, %s: %zu lines expected."),
			       ev->parcel, ev->parcels, ev->name, s->r->n);
		else
			ui_say(u, UI_GOOD, _("Parcel %s: %zu lines expected."), ev->name, s->r->n);
		ui_recorded(u); /* the last parcel's over/under, if any */
		break;
	case RECEIVE_BIN:
		snprintf(s->bin, sizeof(s->bin), "%s", ev->name);
		ui_say(u, UI_GOOD, _("Put away to %s."), ev->name);
		break;
	case RECEIVE_RECEIVED:
		ui_recorded(u);
		if (ev->deviations & RECEIVE_DEV_UNEXPECTED)
			ui_say(u, UI_WARN, _("DEVIATION: %s is not in this delivery."), ev->name);
		else if (ev->deviations & RECEIVE_DEV_BATCH)
			ui_say(u, UI_WARN, _("DEVIATION: %s, another batch than expected."),
			       ev->name);
		else if (ev->deviations & RECEIVE_DEV_EXPIRED)
			ui_say(u, UI_WARN, _("DEVIATION: %s expired %ld days ago."), ev->name,
			       -ev->days_left);
		else if (ev->deviations & RECEIVE_DEV_SHORT)
			ui_say(u, UI_WARN, _("DEVIATION: %s expires in %ld days: too short."),
			       ev->name, ev->days_left);
		else
			ui_say(u, UI_GOOD, _("%s +%lld%s"), ev->name, (long long)ev->qty,
			       ev->sterile ? _(" (sterile)") : "");
		break;
	case RECEIVE_DAMAGED:
		ui_recorded(u);
		ui_say(u, UI_WARN, _("DEVIATION: %s recorded as damaged."), ev->name);
		break;
	case RECEIVE_UNDONE:
		ui_recorded(u);
		ui_say(u, UI_WARN, "%s", ev->message);
		break;
	case RECEIVE_RECEIVED_BEFORE:
		s->parcel[0] = '\0';
		ui_say(u, UI_WARN, _("%s F4 = yes."), ev->message);
		break;
	case RECEIVE_ALREADY: /* its own signal: a double scan, not an error */
		ui_say(u, UI_WARN, "%s", ev->message);
		break;
	case RECEIVE_UNKNOWN_CODE:
		ui_recorded(u);
		ui_say(u, UI_ERROR, "%s", ev->message);
		break;
	default:
		ui_say(u, UI_ERROR, "%s", ev->message);
		break;
	}
}

static enum ui_end summary(struct ui *u, struct receive *r)
{
	struct ui_lines l = { 0 };
	ui_lines_add(&l,
	             ngettext("%zu deviation recorded", "%zu deviations recorded", r->deviations),
	             r->deviations);
	for (size_t i = 0; i < r->n_said; i++)
		ui_lines_add(&l, "%s", r->said[i]);
	for (size_t i = 0; i < r->n; i++)
		ui_lines_add(&l, "%4lld/%-4lld %s", (long long)r->lines[i].received,
		             (long long)r->lines[i].expected, r->lines[i].name);
	return ui_show_lines(u, _("Receipt done"), &l);
}

/* Start a receipt, or continue the one left unfinished on this handheld
 * (declined, it is closed as abandoned).  0; -1 signed out while asked; 1
 * back; else the failure's status with e set. */
static int start(struct ui *u, struct screen *s, struct tally_err *e)
{
	struct open_session o;
	int rc = session_find_open(u->store, "receive", NULL, ui_resume_hours(u), &o, e);
	if (rc == EX_DATAERR) {
		err_clear(e);
		return receive_start(&s->r, u->store, u->sess.badge, u->today, e);
	}
	if (rc == 0)
		rc = receive_resume(&s->r, u->store, u->sess.badge, u->today, &o, e);
	if (rc != 0)
		return rc;
	long long packs = 0;
	for (size_t i = 0; i < s->r->n; i++)
		packs += s->r->lines[i].received;
	char at[6], question[300];
	session_clock(o.started, at);
	if (s->r->sscc[0])
		snprintf(question, sizeof(question),
		         ngettext("Continue the receipt from %s (parcel %s: %lld pack received)?",
		                  "Continue the receipt from %s (parcel %s: %lld packs received)?",
		                  (unsigned long)packs),
		         at, s->r->sscc, packs);
	else
		snprintf(question, sizeof(question),
		         _("Continue the receipt from %s (no parcel open)?"), at);
	enum ui_resume answer = ui_ask_resume(u, _("An unfinished receipt"), question);
	if (answer == UI_RESUME_CONTINUE) {
		snprintf(s->parcel, sizeof(s->parcel), "%s", s->r->sscc);
		struct location l;
		if (s->r->bin != NULL && store_location_get(u->store, s->r->bin, &l, NULL) == 0) {
			snprintf(s->bin, sizeof(s->bin), "%s", l.name ? l.name : l.id);
			location_free(&l);
		}
		return 0;
	}
	receive_free(s->r);
	s->r = NULL;
	if (answer != UI_RESUME_NEW)
		return answer == UI_RESUME_SIGNED_OUT ? -1 : 1;
	rc = session_abandon(u->store, &o, "receive", NULL, u->sess.badge, e);
	if (rc == 0)
		rc = receive_start(&s->r, u->store, u->sess.badge, u->today, e);
	return rc;
}

enum ui_end ui_receive(struct ui *u)
{
	struct tally_err e = { 0 };
	struct screen s = { 0 };
	int started = start(u, &s, &e);
	if (started != 0) {
		if (started > 1)
			ui_say(u, UI_ERROR, "%s", e.msg);
		return started < 0 ? UI_SIGNED_OUT : UI_BACK;
	}
	ui_recorded(u);
	if (s.parcel[0])
		ui_say(u, UI_INFO, _("Parcel %s is open: scan its packs, or the next SSCC."),
		       s.parcel);
	else
		ui_say(u, UI_INFO, "%s", _("Scan the parcel's SSCC label."));
	struct ui_job_input in;
	ui_job_input_init(&in, _("Esc again leaves the receipt unfinished; F10 finishes it."));
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
		struct receive_event rev;
		int rc;
		if (what == UI_JOB_SCAN) {
			rc = receive_scan(s.r, ev.text, strlen(ev.text), qty, &u->scan_cfg, &rev,
			                  &e);
		} else if (what == UI_JOB_KEY && ev.key == KEY_F(3)) {
			rc = receive_damaged(s.r, &rev, &e);
		} else if (what == UI_JOB_KEY && ev.key == KEY_F(4)) {
			rc = receive_again(s.r, &rev, &e);
		} else if (what == UI_JOB_KEY && ev.key == KEY_F(8)) {
			rc = receive_undo(s.r, &rev, &e);
		} else if (what == UI_JOB_KEY && ev.key == KEY_F(10)) {
			if (receive_finish(s.r, &e) != 0) {
				ui_say(u, UI_ERROR, "%s", e.msg);
				continue;
			}
			ui_recorded(u);
			ui_say(u, UI_GOOD, "%s", _("Receipt finished."));
			end = summary(u, s.r);
			break;
		} else {
			continue;
		}
		if (rc != 0)
			ui_say(u, UI_ERROR, "%s", e.msg);
		else
			show_event(u, &s, &rev);
		if (rc == 0 && s.r->pack.shortage[0]) { /* the pack step's shortage warning */
			ui_say(u, UI_WARN, "%s", s.r->pack.shortage);
			s.r->pack.shortage[0] = '\0';
		}
	}
	receive_free(s.r);
	return end;
}
