/*
 * ui/round.c — the restocking round on the handheld (jobs/round.h):
 * choose the ward (an unfinished round there is offered to continue), then
 * the basis list in shelf order with count, min-max and refill filling in
 * as packs are scanned and counts typed.  A line is counted without a
 * scan by picking it — its number typed, or the arrows and Enter — and
 * typing the count (0: the shelf is empty): a number is a line's number
 * while no pack or line waits for its count, and a count while one does;
 * letters typed look the article up by name (a pack without a readable
 * code); a count far above plausible is taken when typed a second time; F2
 * skips the highlighted line, F8 undoes the last scan or count, F10
 * finishes (asking first while lines are uncounted) and shows the refill
 * order.
 */
#include "jobs/round.h"
#include "jobs/where.h"
#include "client/ui/jobs.h"
#include "client/ui/resume.h"
#include "common/i18n.h"
#include "common/name-fit.h"
#include "db/store.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct screen {
	struct round *r;
	size_t sel, top;
	char pending[FRAMER_MAX + 1]; /* a pack scanned, its count not typed yet */
	int counting;                 /* the highlighted line picked: its count typed next */
	char count_label[64];         /* the count field's label: its min-max */
	int esc;                      /* Esc once: asked whether to leave */
	int end_asked;                /* F10 once with lines uncounted: asked */
	/* A count far above plausible, waiting to be typed again: the scan
	 * (or "" for the line `doubt_line`) and the count. */
	char doubt[FRAMER_MAX + 1];
	size_t doubt_line;
	long doubt_count;
};

static void draw(struct ui *u, struct screen *s)
{
	char nm[512];
	char title[200];
	snprintf(title, sizeof(title), _("Round %s"), s->r->location_name);
	ui_frame(u, title, _("F2 skip F8 undo F10 end"));
	/* Each line with its number, the one typed to pick it. */
	int digits = s->r->n >= 100 ? 3 : s->r->n >= 10 ? 2 : 1;
	int w = ui_cols() - 17 - digits - 1;
	if (w < 8)
		w = 8;
	ui_row(u, 1, UI_INFO, 0, "%*s %s %4s %6s %4s", digits, "",
	       ui_fit(nm, sizeof(nm), _("Article"), w), _("Cnt"), _("Min-Max"), _("Ref"));
	size_t rows = ui_body_rows(u) > 1 ? (size_t)ui_body_rows(u) - 1 : 0;
	if (s->sel < s->top)
		s->top = s->sel;
	if (rows > 0 && s->sel >= s->top + rows)
		s->top = s->sel - rows + 1;
	/* Names told apart from each other in the narrow column. */
	const char **names = calloc(s->r->n + 1, sizeof(*names));
	for (size_t i = 0; names != NULL && i < s->r->n; i++)
		names[i] = s->r->lines[i].article_name;
	for (size_t i = s->top; i < s->r->n && i - s->top < rows; i++) {
		const struct round_line *l = &s->r->lines[i];
		char fitted[512];
		if (names != NULL)
			name_fit(names, s->r->n, i, w, fitted, sizeof(fitted));
		else
			snprintf(fitted, sizeof(fitted), "%s", l->article_name);
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
		ui_row(u, (int)(i - s->top) + 2, k, i == s->sel, "%*zu %s %4s %6s %4s", digits,
		       i + 1, ui_fit(nm, sizeof(nm), fitted, w), cnt, mm, ref);
	}
	free(names);
}

/* The count field's label: what the line holds at least and at most. */
static void count_label(struct screen *s, int off_list, int64_t min, int64_t max)
{
	if (off_list)
		snprintf(s->count_label, sizeof(s->count_label), "%s", _("Count"));
	else
		snprintf(s->count_label, sizeof(s->count_label), _("Count (%lld-%lld)"),
		         (long long)min, (long long)max);
}

/* Line i picked (by its number, or the arrows and Enter): its count next. */
static void pick_line(struct ui *u, struct screen *s, size_t i)
{
	const struct round_line *l = &s->r->lines[i];
	s->sel = i;
	s->counting = 1;
	s->pending[0] = '\0';
	count_label(s, l->off_list, l->min, l->max);
	ui_say(u, UI_INFO, _("%s: type how many packs are on the shelf (0: empty)."),
	       l->article_name);
}

static void show_event(struct ui *u, struct screen *s, const char *text,
                       const struct round_event *ev)
{
	switch (ev->outcome) {
	case ROUND_COUNTED:
		s->pending[0] = '\0';
		s->counting = 0;
		for (size_t i = 0; i < s->r->n; i++)
			if (strcmp(s->r->lines[i].article_id, ev->article_id) == 0)
				s->sel = i;
		ui_recorded(u);
		if (ev->expiry == EXPIRY_EXPIRED)
			ui_say(u, UI_WARN,
			       _("%s: %lld EXPIRED (%ld days ago), not stock. Refill %lld. F5 "
			         "discards them."),
			       ev->article_name, (long long)ev->count, -ev->days_left,
			       (long long)ev->refill);
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
		/* The line being counted highlighted, its min-max by the field. */
		for (size_t i = 0; i < s->r->n; i++)
			if (strcmp(s->r->lines[i].article_id, ev->article_id) == 0)
				s->sel = i;
		s->counting = 0;
		count_label(s, ev->off_list, ev->min, ev->max);
		ui_say(u, UI_INFO, "%s", ev->message);
		break;
	case ROUND_IMPLAUSIBLE:
		ui_say(u, UI_WARN, _("%s Type %ld again to confirm it."), ev->message, ev->count);
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

/* A scan with its count, or a count for the highlighted line; a count far
 * above plausible is taken when the same is typed again. */
static void count(struct ui *u, struct screen *s, const char *text, long n)
{
	struct round_event ev;
	struct tally_err e = { 0 };
	int confirmed = s->doubt_count == n && n >= 0 &&
	                (text != NULL ? strcmp(s->doubt, text) == 0
	                              : s->doubt[0] == '\0' && s->doubt_line == s->sel);
	s->doubt_count = -1;
	int rc = text == NULL ? round_count_line(s->r, s->sel, n, confirmed, &ev, &e)
	         : confirmed
	             ? round_scan_confirmed(s->r, text, strlen(text), n, &u->scan_cfg, &ev, &e)
	             : round_scan(s->r, text, strlen(text), n, &u->scan_cfg, &ev, &e);
	if (rc != 0) {
		ui_say(u, UI_ERROR, "%s", e.msg); /* the store failed: not recorded */
		return;
	}
	if (ev.outcome == ROUND_IMPLAUSIBLE) {
		snprintf(s->doubt, sizeof(s->doubt), "%s", text != NULL ? text : "");
		s->doubt_line = s->sel;
		s->doubt_count = n;
		ev.count = n;
	}
	show_event(u, s, text != NULL ? text : "", &ev);
	if (s->r->pack.shortage[0]) { /* the pack step's shortage warning */
		ui_say(u, UI_WARN, "%s", s->r->pack.shortage);
		s->r->pack.shortage[0] = '\0';
	}
}

static void undo(struct ui *u, struct screen *s)
{
	struct round_event ev;
	struct tally_err e = { 0 };
	s->pending[0] = '\0';
	if (round_undo(s->r, &ev, &e) != 0) {
		ui_say(u, e.status == EX_DATAERR ? UI_WARN : UI_ERROR, "%s", e.msg);
		return;
	}
	ui_recorded(u);
	ui_say(u, UI_WARN, "%s", ev.message);
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

/* Start the round at loc, or continue an unfinished one there (the user
 * chooses; declined, it is closed as abandoned).  0; -1 when signed out
 * while asked, 1 when the user went back; else the failure's status with
 * e set. */
static int start(struct ui *u, struct screen *s, const char *loc, struct tally_err *e)
{
	struct location l;
	if (store_location_get(u->store, loc, &l, e) != 0)
		return e->status;
	struct open_session o;
	int rc = session_find_open(u->store, "round", l.id, ui_resume_hours(u), &o, e);
	if (rc == EX_DATAERR) {
		err_clear(e);
		rc = round_start(&s->r, u->store, l.id, u->sess.badge, u->today, e);
		location_free(&l);
		return rc;
	}
	if (rc == 0)
		rc = round_resume(&s->r, u->store, l.id, u->sess.badge, u->today, &o, e);
	if (rc != 0) {
		location_free(&l);
		return rc;
	}
	char at[6], question[200];
	session_clock(o.started, at);
	snprintf(question, sizeof(question), _("Continue the round from %s (%zu of %zu counted)?"),
	         at, round_counted(s->r), s->r->n_basis);
	enum ui_resume answer = ui_ask_resume(u, _("An unfinished round"), question);
	if (answer == UI_RESUME_CONTINUE) {
		location_free(&l);
		return 0;
	}
	round_free(s->r);
	s->r = NULL;
	if (answer != UI_RESUME_NEW) {
		/* Signed out or Esc: nothing decided, asked again next time. */
		location_free(&l);
		return answer == UI_RESUME_SIGNED_OUT ? -1 : 1;
	}
	rc = session_abandon(u->store, &o, "round", l.id, u->sess.badge, e);
	if (rc == 0)
		rc = round_start(&s->r, u->store, l.id, u->sess.badge, u->today, e);
	location_free(&l);
	return rc;
}

enum ui_end ui_round(struct ui *u)
{
	char *loc = NULL;
	struct tally_err e = { 0 };
	struct screen s = { .doubt_count = -1 };
	for (;;) {
		int got = ui_choose_location(u, _("Round: which ward?"), &loc);
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
	ui_say(u, UI_INFO,
	       ngettext("%zu article on the basis list: scan a pack.",
	                "%zu articles on the basis list: scan a pack.", s.r->n),
	       s.r->n);
	struct ui_field scan_f = { .label = _("Scan/No.") }, count_f = { .label = s.count_label };
	struct ui_ev ev;
	enum ui_end end = UI_BACK;
	for (;;) {
		draw(u, &s);
		ui_read(u, s.pending[0] || s.counting ? &count_f : &scan_f, &ev);
		if (ev.type == UI_EV_IDLE) {
			end = UI_SIGNED_OUT; /* left unfinished: what was counted is kept */
			break;
		}
		if (ev.type != UI_EV_KEY || ev.key != UI_KEY_ESC)
			s.esc = 0;
		if (ev.type != UI_EV_KEY || ev.key != KEY_F(10))
			s.end_asked = 0;
		long n;
		if (ev.type == UI_EV_TEXT && s.pending[0] && ui_is_count(ev.text, &n)) {
			char text[FRAMER_MAX + 1];
			snprintf(text, sizeof(text), "%s", s.pending);
			count(u, &s, text, n);
		} else if (ev.type == UI_EV_TEXT && s.counting && ui_is_count(ev.text, &n)) {
			count(u, &s, NULL, n); /* the line picked, without a scan */
		} else if (ev.type == UI_EV_TEXT && ui_is_count(ev.text, &n) && s.r->n > 0) {
			/* No count awaited: a line's number picks it. */
			if (n >= 1 && (size_t)n <= s.r->n)
				pick_line(u, &s, (size_t)n - 1);
			else
				ui_say(
				    u, UI_ERROR,
				    ngettext("No line %ld: the list has %zu line. Scan a pack, "
				             "or type a line's number.",
				             "No line %ld: the list has lines 1-%zu. Scan a pack, "
				             "or type a line's number.",
				             s.r->n),
				    n, s.r->n);
		} else if (ev.type == UI_EV_TEXT && where_is_name(ev.text)) {
			s.counting = 0;
			/* Letters typed: a pack without a readable code, by name. */
			struct article a = { 0 };
			int got = ui_choose_article(u, ev.text, s.r->location_id, &a);
			if (got < 0) {
				end = UI_SIGNED_OUT;
				break;
			}
			if (got > 0) {
				s.pending[0] = '\0';
				count(u, &s, a.id, -1);
				article_free(&a);
			}
		} else if (ev.type == UI_EV_TEXT || ev.type == UI_EV_SCAN) {
			s.counting = 0; /* a scan takes over from a line picked */
			count(u, &s, ev.text, ev.qty);
		} else if (ev.type == UI_EV_KEY) {
			if (ev.key != KEY_UP && ev.key != KEY_DOWN && ev.key != UI_KEY_ESC)
				s.counting = 0;
			if (ev.key == KEY_UP && s.sel > 0) {
				s.sel--;
				if (s.counting) /* the count goes to the line highlighted */
					pick_line(u, &s, s.sel);
			} else if (ev.key == KEY_DOWN && s.sel + 1 < s.r->n) {
				s.sel++;
				if (s.counting)
					pick_line(u, &s, s.sel);
			} else if (ev.key == '\n' && !s.pending[0] && s.r->n > 0)
				pick_line(u, &s, s.sel); /* the highlighted line: its count next */
			else if (ev.key == KEY_F(8))
				undo(u, &s);
			else if (ev.key == KEY_F(5) && s.r->n > 0) {
				struct round_event dev;
				if (round_discard_expired(s.r, s.sel, &dev, &e) != 0) {
					ui_say(u, UI_WARN, "%s", e.msg);
				} else {
					ui_recorded(u);
					ui_say(u, UI_GOOD, "%s", dev.message);
				}
			} else if (ev.key == KEY_F(2) && s.r->n > 0) {
				if (round_skip(s.r, s.sel, &e) != 0) {
					ui_say(u, UI_ERROR, "%s", e.msg);
				} else {
					ui_recorded(u);
					ui_say(u, UI_INFO, _("Skipped: %s"),
					       s.r->lines[s.sel].article_name);
					if (s.sel + 1 < s.r->n)
						s.sel++;
				}
			} else if (ev.key == KEY_F(10) && round_uncounted(s.r) > 0 &&
			           !s.end_asked) {
				s.end_asked = 1;
				size_t left = round_uncounted(s.r);
				ui_say(u, UI_WARN,
				       ngettext("%zu not counted: end the round? F10 = yes",
				                "%zu not counted: end the round? F10 = yes", left),
				       left);
			} else if (ev.key == KEY_F(10)) {
				if (round_finish(s.r, &e) != 0) {
					ui_say(u, UI_ERROR, "%s", e.msg);
					continue;
				}
				ui_recorded(u);
				ui_say(u, UI_GOOD, "%s", _("Round finished."));
				end = summary(u, s.r);
				break;
			} else if (ev.key == UI_KEY_ESC && (s.pending[0] || s.counting)) {
				s.pending[0] = '\0';
				s.counting = 0;
				ui_say(u, UI_INFO, "%s", _("Count not typed: nothing recorded."));
			} else if (ev.key == UI_KEY_ESC && !s.esc) {
				s.esc = 1;
				ui_say(u, UI_WARN, "%s",
				       _("Esc again leaves the round unfinished (it can be "
				         "continued); "
				         "F10 finishes it."));
			} else if (ev.key == UI_KEY_ESC) {
				u->msg[0] = '\0';
				break;
			}
		}
	}
	round_free(s.r);
	return end;
}
