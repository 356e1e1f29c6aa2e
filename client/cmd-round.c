/*
 * cmd-round.c — `tally round LOCATION --user BADGE`: a restocking round in
 * line mode.  Scans come from --scanner (default: tally.conf's, else stdin),
 * one per line with TAB and the count on the shelf; the same workflow as the
 * handheld UI (jobs/round.c).  At the end of input the round ends: what
 * was not counted is skipped explicitly and the refill order printed.
 */
#include "client/cmd.h"
#include "jobs/shortage.h"
#include "client/line-loop.h"
#include "jobs/round.h"
#include "jobs/session.h"
#include "common/i18n.h"
#include "db/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_event(const struct scanner_input *in, const struct round_event *ev)
{
	switch (ev->outcome) {
	case ROUND_COUNTED:
		printf(_("OK    %-32s counted %lld  (min %lld, max %lld)  refill %lld"),
		       ev->article_name, (long long)ev->count, (long long)ev->min,
		       (long long)ev->max, (long long)ev->refill);
		if (ev->off_list)
			printf(_("  [not on this ward's basis list]"));
		if (ev->expiry == EXPIRY_EXPIRED)
			printf(_("  [EXPIRED %ld days ago: not stock; a line DISCARD records them "
			         "discarded]"),
			       -ev->days_left);
		else if (ev->expiry == EXPIRY_SHORT)
			printf(_("  [short-dated: expires in %ld days]"), ev->days_left);
		putchar('\n');
		break;
	case ROUND_DISCARDED:
		printf(_("DISCARD line %ld: %s\n"), in->lineno, ev->message);
		break;
	default:
		break; /* an unknown code, an undo, an error: the loop says them */
	}
}

/* A line of the refill order under a shortage notice: marked, with the
 * alternatives the pharmacy chose. */
static void print_shortage_mark(const struct round *r, const char *article_id)
{
	json_t *list = NULL;
	struct tally_err e = { 0 };
	if (store_shortages(r->store, article_id, &list, &e) != 0 || json_array_size(list) == 0) {
		json_decref(list);
		return;
	}
	char alts[512];
	shortage_alternatives_text(json_array_get(list, 0), alts, sizeof(alts));
	printf(_("         SHORTAGE: %s\n"), alts[0] ? alts : _("no alternative named"));
	json_decref(list);
}

static void print_summary(const struct round *r, struct linemode *lm)
{
	if (lm->json) {
		json_t *o = json_object(), *lines = json_array();
		json_object_set_new(o, "location", json_string(r->location_id));
		json_object_set_new(o, "session", json_string(r->session));
		for (size_t i = 0; i < r->n; i++) {
			const struct round_line *l = &r->lines[i];
			json_array_append_new(
			    lines,
			    json_pack("{s:s,s:s,s:b,s:o,s:I,s:I,s:I,s:b}", "article_id",
			              l->article_id, "name", l->article_name, "counted", l->counted,
			              "count", l->counted ? json_integer(l->count) : json_null(),
			              "min", (json_int_t)l->min, "max", (json_int_t)l->max,
			              "refill", (json_int_t)l->refill, "off_list", l->off_list));
		}
		json_object_set_new(o, "lines", lines);
		json_object_set_new(o, "shortages", linemode_shortages(lm));
		char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(o);
	} else {
		size_t skipped = 0;
		printf(_("\nRefill order for %s:\n"), r->location_name);
		for (size_t i = 0; i < r->n; i++) {
			if (r->lines[i].refill <= 0)
				continue;
			printf("  %5lld  %s\n", (long long)r->lines[i].refill,
			       r->lines[i].article_name);
			print_shortage_mark(r, r->lines[i].article_id);
		}
		for (size_t i = 0; i < r->n; i++) {
			if (r->lines[i].counted || r->lines[i].off_list)
				continue;
			if (skipped++ == 0)
				printf(_("Not counted (recorded as skipped):\n"));
			printf("         %s\n", r->lines[i].article_name);
		}
	}
}

/* The command's own, handed to each step of the loop. */
struct round_cmd {
	struct round *round;
	struct round_event ev; /* the last line's */
	size_t last;           /* the basis line counted last: a DISCARD line means it */
};

static int begin(void *state, struct linemode *lm, const struct open_session *resumed,
                 struct pack_job **pack, struct tally_err *e)
{
	struct round_cmd *c = state;
	if ((resumed != NULL
	         ? round_resume(&c->round, lm->store, lm->arg, lm->user, lm->today, resumed, e)
	         : round_start(&c->round, lm->store, lm->arg, lm->user, lm->today, e)) != 0)
		return e->status;
	const struct round *r = c->round;
	*pack = &c->round->pack;
	if (!lm->json)
		printf(_("Round at %s (%s), %zu articles on the basis list\n"), r->location_name,
		       r->location_id, r->n);
	if (resumed != NULL && !lm->json) {
		char at[6];
		session_clock(resumed->started, at);
		printf(_("Continuing the round from %s (%zu of %zu counted)\n"), at,
		       round_counted(r), r->n_basis);
	}
	return 0;
}

static int step(void *state, struct linemode *lm, const struct scanner_input *in,
                struct tally_err *e)
{
	struct round_cmd *c = state;
	struct round *r = c->round;
	int rc;
	if (linemode_is_undo(in->text))
		rc = line_loop_word(round_undo(r, &c->ev, e));
	else if (strcmp(in->text, "DISCARD") == 0)
		rc = line_loop_word(round_discard_expired(r, c->last, &c->ev, e));
	else
		rc = round_scan(r, in->text, strlen(in->text), in->qty, &lm->scan_cfg, &c->ev, e);
	if (rc == 0 && c->ev.outcome == ROUND_COUNTED)
		for (size_t i = 0; i < r->n; i++)
			if (strcmp(r->lines[i].article_id, c->ev.article_id) == 0)
				c->last = i;
	return rc;
}

static void show(void *state, struct linemode *lm, const struct scanner_input *in)
{
	if (!lm->json)
		print_event(in, &((struct round_cmd *)state)->ev);
}

static enum line_verdict verdict(const void *state, const char **why)
{
	const struct round_event *ev = &((const struct round_cmd *)state)->ev;
	*why = ev->message;
	switch (ev->outcome) {
	case ROUND_COUNTED:
	case ROUND_DISCARDED:
		return LINE_RECORDED;
	case ROUND_UNKNOWN_CODE:
		return LINE_UNKNOWN_CODE;
	case ROUND_UNDONE:
		return LINE_UNDONE;
	default:
		return LINE_ERROR;
	}
}

static int finish(void *state, struct linemode *lm, struct tally_err *e)
{
	struct round *r = ((struct round_cmd *)state)->round;
	if (round_finish(r, e) != 0)
		return e->status;
	print_summary(r, lm);
	return 0;
}

static const struct line_job round_job = {
	.linemode_flags = 0,
	.find_open = line_loop_open_at_place,
	.begin = begin,
	.step = step,
	.show = show,
	.verdict = verdict,
	.finish = finish,
};

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	struct round_cmd c = { .round = NULL, .last = (size_t)-1 };
	int status = line_loop_run(ctx, argc, argv, &round_job, &c, e);
	round_free(c.round);
	return status;
}

const struct cmd_entry cmd_round_entry = {
	.doc = { "round", N_("round LOCATION --user BADGE [--scanner SPEC] [--json] [--again]"),
	         N_("restocking round (line mode)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
