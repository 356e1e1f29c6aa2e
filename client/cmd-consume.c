/*
 * cmd-consume.c — `tally consume LOCATION --user BADGE`: packs taken from a
 * ward's stock, in line mode.  Each scan is one pack used for a patient, or
 * TAB and a quantity; a second TAB and a reason says why when it is not a
 * patient: "waste", or "loan:WARD" for a pack lent to another ward.
 */
#include "client/cmd.h"
#include "jobs/consume.h"
#include "jobs/session.h"
#include "client/linemode.h"
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
	case CONSUME_UNKNOWN_CODE:
		printf(_("??    line %ld: %s\n"), in->lineno, ev->message);
		break;
	case CONSUME_UNDONE:
		printf(_("UNDO  line %ld: %s\n"), in->lineno, ev->message);
		break;
	default:
		printf(_("ERROR line %ld: %s\n"), in->lineno, ev->message);
		break;
	}
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	struct linemode lm;
	struct consume *c = NULL;
	struct consume_event ev;
	int status = linemode_open(&lm, ctx, argc, argv, LINEMODE_TEXT_ONLY, e);
	if (status != 0)
		goto out;
	lm.json = 0; /* its output is text, tally's own --json too: warnings in words */
	struct open_session o;
	int open = linemode_find_open(&lm, "consume", &o, e);
	if (open != 0 && open != EX_DATAERR)
		goto fail;
	if ((open == 0 ? consume_resume(&c, lm.store, lm.arg, lm.user, &o, e)
	               : consume_start(&c, lm.store, lm.arg, lm.user, e)) != 0)
		goto fail;
	printf(_("Consumption at %s\n"), c->location_name);
	if (open == 0) {
		char at[6];
		session_clock(o.started, at);
		printf(_("Continuing the consumption from %s: %lld used, %lld wasted, %lld lent so "
		         "far\n"),
		       at, (long long)c->used, (long long)c->wasted, (long long)c->lent);
	}
	struct scanner_input in;
	while (linemode_next(&lm, &in)) {
		int rc = linemode_is_undo(in.text)
		             ? consume_undo(c, &ev, e)
		             : consume_scan(c, in.text, strlen(in.text), in.qty, in.note,
		                            &lm.scan_cfg, &ev, e);
		if (rc == EX_DATAERR && linemode_is_undo(in.text)) {
			linemode_bad(&lm, in.lineno, e->msg); /* nothing to undo */
			err_clear(e);
			continue;
		}
		if (rc != 0)
			goto fail;
		print_event(&in, &ev);
		linemode_shortage(&lm, in.lineno, &c->pack);
		if (ev.outcome == CONSUME_USED || ev.outcome == CONSUME_WASTED ||
		    ev.outcome == CONSUME_LENT || ev.outcome == CONSUME_DISCARDED ||
		    ev.outcome == CONSUME_UNKNOWN_CODE)
			lm.recorded++;
		else if (ev.outcome != CONSUME_UNDONE)
			linemode_bad(&lm, in.lineno, ev.message);
	}
	if (consume_finish(c, e) != 0)
		goto fail;
	printf(_("\nDone: %lld used, %lld wasted, %lld lent; %zu unknown codes\n"),
	       (long long)c->used, (long long)c->wasted, (long long)c->lent, c->unknown);
	status = linemode_end(&lm);
	goto out;
fail:
	status = e->status;
out:
	consume_free(c);
	linemode_close(&lm);
	return status;
}

const struct cmd_entry cmd_consume_entry = {
	.doc = { "consume", N_("consume LOCATION --user BADGE [--scanner SPEC] [--again]"),
	         N_("packs used, wasted or lent (line mode)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
