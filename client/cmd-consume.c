/*
 * cmd-consume.c — `tally consume LOCATION --user BADGE`: packs taken from a
 * ward's stock, in line mode.  Each scan is one pack used for a patient, or
 * TAB and a quantity; a second TAB and a reason says why when it is not a
 * patient: "waste", or "loan:WARD" for a pack lent to another ward.
 */
#include "client/cmd.h"
#include "jobs/consume.h"
#include "jobs/session.h"
#include "client/line-loop.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

static void print_event(const struct scanner_input *in, const struct consume_event *ev)
{
	switch (ev->outcome) {
	case CONSUME_USED:
		printf(_("USED  %-32s -%lld\n"), ev->name, (long long)ev->qty);
		if (ev->message[0]) /* two scans read as one label */
			printf("      %s\n", ev->message);
		break;
	case CONSUME_WASTED:
		printf(_("WASTE %-32s -%lld\n"), ev->name, (long long)ev->qty);
		break;
	case CONSUME_LENT:
		printf(_("LOAN  %-32s -%lld  to %s\n"), ev->name, (long long)ev->qty, ev->to);
		break;
	case CONSUME_DISCARDED:
		printf(_("DISCARD %-30s -%lld  [expired]\n"), ev->name, (long long)ev->qty);
		break;
	default:
		break; /* an unknown code, an undo, an error: the loop says them */
	}
}

/* The command's own, handed to each step of the loop. */
struct consume_cmd {
	struct consume *consume;
	struct consume_event ev; /* the last line's */
};

static int begin(void *state, struct linemode *lm, const struct open_session *resumed,
                 struct pack_job **pack, struct tally_err *e)
{
	struct consume_cmd *cc = state;
	if ((resumed != NULL
	         ? consume_resume(&cc->consume, lm->store, lm->arg, lm->user, resumed, e)
	         : consume_start(&cc->consume, lm->store, lm->arg, lm->user, e)) != 0)
		return e->status;
	const struct consume *c = cc->consume;
	*pack = &cc->consume->pack;
	printf(_("Consumption at %s\n"), c->location_name);
	if (resumed != NULL) {
		char at[6];
		session_clock(resumed->started, at);
		printf(_("Continuing the consumption from %s: %lld used, %lld wasted, %lld lent so "
		         "far\n"),
		       at, (long long)c->used, (long long)c->wasted, (long long)c->lent);
	}
	return 0;
}

static int step(void *state, struct linemode *lm, const struct scanner_input *in,
                struct tally_err *e)
{
	struct consume_cmd *cc = state;
	if (linemode_is_undo(in->text))
		return line_loop_word(consume_undo(cc->consume, &cc->ev, e));
	return consume_scan(cc->consume, in->text, strlen(in->text), in->qty, in->note,
	                    &lm->scan_cfg, &cc->ev, e);
}

static void show(void *state, struct linemode *lm, const struct scanner_input *in)
{
	print_event(in, &((struct consume_cmd *)state)->ev);
}

static enum line_verdict verdict(const void *state, const char **why)
{
	const struct consume_event *ev = &((const struct consume_cmd *)state)->ev;
	*why = ev->message;
	switch (ev->outcome) {
	case CONSUME_USED:
	case CONSUME_WASTED:
	case CONSUME_LENT:
	case CONSUME_DISCARDED:
		return LINE_RECORDED;
	case CONSUME_UNKNOWN_CODE:
		return LINE_UNKNOWN_CODE;
	case CONSUME_UNDONE:
		return LINE_UNDONE;
	default:
		return LINE_ERROR;
	}
}

static int finish(void *state, struct linemode *lm, struct tally_err *e)
{
	struct consume *c = ((struct consume_cmd *)state)->consume;
	if (consume_finish(c, e) != 0)
		return e->status;
	printf(_("\nDone: %lld used, %lld wasted, %lld lent; %zu unknown codes\n"),
	       (long long)c->used, (long long)c->wasted, (long long)c->lent, c->unknown);
	return 0;
}

static const struct line_job consume_job = {
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
	struct consume_cmd cc = { 0 };
	int status = line_loop_run(ctx, argc, argv, &consume_job, &cc, e);
	consume_free(cc.consume);
	return status;
}

const struct cmd_entry cmd_consume_entry = {
	.doc = { "consume", N_("consume LOCATION --user BADGE [--scanner SPEC] [--again]"),
	         N_("packs used, wasted or lent (line mode)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
