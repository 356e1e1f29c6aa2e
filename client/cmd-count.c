/*
 * cmd-count.c — `tally count LOCATION --user BADGE`: a plain count in
 * line mode.  Each line is a pack scan, TAB and the count on the shelf; a
 * later count of the same article replaces the earlier one.  At the end,
 * the counts that stand.  No basis list, no refill: that is `tally round`.
 */
#include "client/cmd.h"
#include "jobs/count.h"
#include "jobs/session.h"
#include "client/linemode.h"
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
	case COUNT_UNKNOWN_CODE:
		printf(_("??    line %ld: %s\n"), in->lineno, ev->message);
		break;
	case COUNT_UNDONE:
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
	struct count *t = NULL;
	struct count_event ev;
	int status = linemode_open(&lm, ctx, argc, argv, LINEMODE_TEXT_ONLY, e);
	if (status != 0)
		goto out;
	lm.json = 0; /* its output is text, tally's own --json too: warnings in words */
	struct open_session o;
	int open = linemode_find_open(&lm, "count", &o, e);
	if (open != 0 && open != EX_DATAERR)
		goto fail;
	if ((open == 0 ? count_resume(&t, lm.store, lm.arg, lm.user, &o, e)
	               : count_start(&t, lm.store, lm.arg, lm.user, e)) != 0)
		goto fail;
	printf(_("Count at %s\n"), t->location_name);
	if (open == 0) {
		char at[6];
		session_clock(o.started, at);
		printf(ngettext("Continuing the count from %s (%zu article counted)\n",
		                "Continuing the count from %s (%zu articles counted)\n", t->n),
		       at, t->n);
	}
	struct scanner_input in;
	while (linemode_next(&lm, &in)) {
		int rc = linemode_is_undo(in.text) ? count_undo(t, &ev, e)
		                                   : count_scan(t, in.text, strlen(in.text), in.qty,
		                                                &lm.scan_cfg, &ev, e);
		if (rc == EX_DATAERR && linemode_is_undo(in.text)) {
			linemode_bad(&lm, in.lineno, e->msg); /* nothing to undo */
			err_clear(e);
			continue;
		}
		if (rc != 0)
			goto fail;
		print_event(&in, &ev);
		linemode_shortage(&lm, in.lineno, &t->pack);
		if (ev.outcome == COUNT_COUNTED || ev.outcome == COUNT_RECOUNTED ||
		    ev.outcome == COUNT_UNKNOWN_CODE)
			lm.recorded++;
		else if (ev.outcome != COUNT_UNDONE)
			linemode_bad(&lm, in.lineno, ev.message);
	}
	if (count_finish(t, e) != 0)
		goto fail;
	printf(ngettext("\nCount done: %zu article\n", "\nCount done: %zu articles\n", t->n), t->n);
	for (size_t i = 0; i < t->n; i++)
		printf("  %-36s %lld\n", t->lines[i].name, (long long)t->lines[i].count);
	status = linemode_end(&lm);
	goto out;
fail:
	status = e->status;
out:
	count_free(t);
	linemode_close(&lm);
	return status;
}

const struct cmd_entry cmd_count_entry = {
	.doc = { "count", N_("count LOCATION --user BADGE [--scanner SPEC] [--again]"),
	         N_("count stock at a place (line mode)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
