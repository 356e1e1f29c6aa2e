/*
 * cmd-count.c — `tally count LOCATION --user BADGE`: a plain count in
 * line mode.  Each line is a pack scan, TAB and the count on the shelf; a
 * later count of the same article replaces the earlier one.  At the end,
 * the counts that stand.  No basis list, no refill: that is `tally round`.
 */
#include "client/cmd.h"
#include "jobs/count.h"
#include "jobs/session.h"
#include "client/line-loop.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

static void print_event(const struct scanner_input *in, const struct count_event *ev)
{
	switch (ev->outcome) {
	case COUNT_COUNTED:
		printf(_("OK    %-32s %lld\n"), ev->name, (long long)ev->count);
		break;
	case COUNT_RECOUNTED:
		printf(_("OK    %-32s %lld  (replaces %lld)\n"), ev->name, (long long)ev->count,
		       (long long)ev->previous);
		break;
	case COUNT_NEED_COUNT:
		printf(_("COUNT line %ld: %s: %s\n"), in->lineno, ev->name, ev->message);
		break;
	default:
		break; /* an unknown code, an undo, an error: the loop says them */
	}
}

/* The command's own, handed to each step of the loop. */
struct count_cmd {
	struct count *count;
	struct count_event ev; /* the last line's */
};

static int begin(void *state, struct linemode *lm, const struct open_session *resumed,
                 struct pack_job **pack, struct tally_err *e)
{
	struct count_cmd *c = state;
	if ((resumed != NULL ? count_resume(&c->count, lm->store, lm->arg, lm->user, resumed, e)
	                     : count_start(&c->count, lm->store, lm->arg, lm->user, e)) != 0)
		return e->status;
	*pack = &c->count->pack;
	printf(_("Count at %s\n"), c->count->location_name);
	if (resumed != NULL) {
		char at[6];
		session_clock(resumed->started, at);
		printf(ngettext("Continuing the count from %s (%zu article counted)\n",
		                "Continuing the count from %s (%zu articles counted)\n",
		                c->count->n),
		       at, c->count->n);
	}
	return 0;
}

static int step(void *state, struct linemode *lm, const struct scanner_input *in,
                struct tally_err *e)
{
	struct count_cmd *c = state;
	if (linemode_is_undo(in->text))
		return line_loop_word(count_undo(c->count, &c->ev, e));
	return count_scan(c->count, in->text, strlen(in->text), in->qty, &lm->scan_cfg, &c->ev, e);
}

static void show(void *state, struct linemode *lm, const struct scanner_input *in)
{
	print_event(in, &((struct count_cmd *)state)->ev);
}

static enum line_verdict verdict(const void *state, const char **why)
{
	const struct count_event *ev = &((const struct count_cmd *)state)->ev;
	*why = ev->message;
	switch (ev->outcome) {
	case COUNT_COUNTED:
	case COUNT_RECOUNTED:
		return LINE_RECORDED;
	case COUNT_NEED_COUNT:
		return LINE_REFUSED;
	case COUNT_UNKNOWN_CODE:
		return LINE_UNKNOWN_CODE;
	case COUNT_UNDONE:
		return LINE_UNDONE;
	default:
		return LINE_ERROR;
	}
}

static int finish(void *state, struct linemode *lm, struct tally_err *e)
{
	struct count *t = ((struct count_cmd *)state)->count;
	if (count_finish(t, e) != 0)
		return e->status;
	printf(ngettext("\nCount done: %zu article\n", "\nCount done: %zu articles\n", t->n), t->n);
	for (size_t i = 0; i < t->n; i++)
		printf("  %-36s %lld\n", t->lines[i].name, (long long)t->lines[i].count);
	return 0;
}

static const struct line_job count_job = {
	.linemode_flags = LINEMODE_TEXT_ONLY,
	.find_open = line_loop_open_at_place,
	.begin = begin,
	.step = step,
	.show = show,
	.verdict = verdict,
	.finish = finish,
};

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	struct count_cmd c = { 0 };
	int status = line_loop_run(ctx, argc, argv, &count_job, &c, e);
	count_free(c.count);
	return status;
}

const struct cmd_entry cmd_count_entry = {
	.doc = { "count", N_("count LOCATION --user BADGE [--scanner SPEC] [--again]"),
	         N_("count stock at a place (line mode)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
