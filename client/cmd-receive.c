/*
 * cmd-receive.c — `tally receive [SSCC] --user BADGE`: goods receipt in
 * line mode.  Scan (or give) a parcel's SSCC, then its packs (one per scan,
 * AI (37)/(30) counts, or TAB and a quantity), and a bin label to put away
 * to; the next SSCC moves on to the next parcel.  A line DAMAGED records
 * the pack scanned just before it as damaged.  Deviations are shown as
 * they are found and recorded; at the end, the receipt's deviations.
 */
#include "client/cmd.h"
#include "jobs/receive.h"
#include "jobs/session.h"
#include "common/config.h"
#include "client/linemode.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

static void print_event(const struct scanner_input *in, const struct receive_event *ev)
{
	switch (ev->outcome) {
	case RECEIVE_PARCEL:
		if (ev->message[0])
			printf(_("PARCEL blind: %s\n"), ev->message);
		else if (ev->parcels > 1)
			printf(_("PARCEL %s (parcel %d of %d)\n"), ev->name, ev->parcel,
			       ev->parcels);
		else
			printf(_("PARCEL %s\n"), ev->name);
		break;
	case RECEIVE_BIN:
		printf(_("BIN   %s\n"), ev->name);
		break;
	case RECEIVE_RECEIVED:
		printf(_("OK    %-32s +%lld%s"), ev->name, (long long)ev->qty,
		       ev->sterile ? _("  [sterile]") : "");
		if (ev->deviations & RECEIVE_DEV_UNEXPECTED)
			printf(_("  [DEVIATION: not in this delivery]"));
		if (ev->deviations & RECEIVE_DEV_BATCH)
			printf(_("  [DEVIATION: another batch than expected]"));
		if (ev->deviations & RECEIVE_DEV_EXPIRED)
			printf(_("  [DEVIATION: expired %ld days ago]"), -ev->days_left);
		if (ev->deviations & RECEIVE_DEV_SHORT)
			printf(_("  [DEVIATION: expires in %ld days, shorter than required]"),
			       ev->days_left);
		putchar('\n');
		break;
	case RECEIVE_DAMAGED:
		printf(_("DAMAGED %-30s %lld  [DEVIATION: damaged, recorded]\n"), ev->name,
		       (long long)ev->qty);
		break;
	case RECEIVE_UNDONE:
		printf(_("UNDO  line %ld: %s\n"), in ? in->lineno : 0L, ev->message);
		break;
	case RECEIVE_RECEIVED_BEFORE:
		printf(_("ASK   line %ld: %s (a line AGAIN says yes)\n"), in ? in->lineno : 0L,
		       ev->message);
		break;
	case RECEIVE_UNKNOWN_CODE:
		printf(_("??    line %ld: %s\n"), in->lineno, ev->message);
		break;
	default:
		printf(_("ERROR line %ld: %s\n"), in->lineno, ev->message);
		break;
	}
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	struct linemode lm;
	struct receive *r = NULL;
	struct receive_event ev;
	int status = linemode_open(&lm, ctx, argc, argv, 1, e);
	if (status != 0)
		goto out;
	lm.json = 0; /* its output is text, --json or not: warnings in words */
	/* The same user's receipt left open within the shift: go on in it. */
	struct open_session o;
	long hours = config_get_long(lm.cfg, "jobs", "resume_hours", SESSION_RESUME_HOURS, NULL);
	int open = session_find_open(lm.store, "receive", NULL, (int)hours, &o, e);
	if (open != 0 && open != EX_DATAERR)
		goto fail;
	if (open == EX_DATAERR)
		err_clear(e);
	else if (strcmp(o.user, lm.user) != 0)
		open = EX_DATAERR; /* someone else's */
	if ((open == 0 ? receive_resume(&r, lm.store, lm.user, lm.today, &o, e)
	               : receive_start(&r, lm.store, lm.user, lm.today, e)) != 0)
		goto fail;
	if (open == 0) {
		char at[6];
		session_clock(o.started, at);
		if (r->sscc[0])
			printf(_("Continuing the receipt from %s: parcel %s is open\n"), at,
			       r->sscc);
		else
			printf(_("Continuing the receipt from %s\n"), at);
	}
	long asked = 0; /* the line of a parcel received before, not yet answered */
	char asked_why[256] = "";
	if (lm.arg != NULL) {
		char text[64];
		snprintf(text, sizeof(text), "]C100%s", lm.arg);
		if (receive_scan(r, text, strlen(text), -1, &lm.scan_cfg, &ev, e) != 0)
			goto fail;
		if (ev.outcome == RECEIVE_RECEIVED_BEFORE) {
			/* Asked; a first line AGAIN says yes. */
			print_event(NULL, &ev);
			asked = -1;
			snprintf(asked_why, sizeof(asked_why), "%s", ev.message);
		} else if (ev.outcome != RECEIVE_PARCEL) {
			fprintf(stderr, _("tally: %s is not an SSCC: %s\n"), lm.arg, ev.message);
			status = EX_DATAERR;
			goto out;
		} else
			print_event(NULL, &ev);
	}
	struct scanner_input in;
	while (linemode_next(&lm, &in)) {
		if (asked && strcmp(in.text, "AGAIN") != 0)
			linemode_bad(&lm, asked > 0 ? asked : 0, asked_why); /* not again */
		if (asked && strcmp(in.text, "AGAIN") == 0) {
			asked = 0;
			if (receive_again(r, &ev, e) != 0)
				goto fail;
			print_event(&in, &ev);
			continue;
		}
		asked = 0;
		/* A line DAMAGED reports the pack scanned just before it. */
		int rc = strcmp(in.text, "DAMAGED") == 0 ? receive_damaged(r, &ev, e)
		         : linemode_is_undo(in.text)     ? receive_undo(r, &ev, e)
		                                         : receive_scan(r, in.text, strlen(in.text),
		                                                        in.qty, &lm.scan_cfg, &ev, e);
		if (rc == EX_DATAERR && linemode_is_undo(in.text)) {
			linemode_bad(&lm, in.lineno, e->msg); /* nothing to undo */
			err_clear(e);
			continue;
		}
		if (rc != 0)
			goto fail;
		print_event(&in, &ev);
		linemode_shortage(&lm, in.lineno, &r->pack);
		if (ev.outcome == RECEIVE_RECEIVED_BEFORE) {
			asked = in.lineno;
			snprintf(asked_why, sizeof(asked_why), "%s", ev.message);
			continue;
		}
		if (ev.outcome == RECEIVE_RECEIVED || ev.outcome == RECEIVE_DAMAGED ||
		    ev.outcome == RECEIVE_UNKNOWN_CODE)
			lm.recorded++;
		else if (ev.outcome != RECEIVE_PARCEL && ev.outcome != RECEIVE_BIN &&
		         ev.outcome != RECEIVE_UNDONE)
			linemode_bad(&lm, in.lineno, ev.message);
	}
	if (asked)
		linemode_bad(&lm, asked > 0 ? asked : 0, asked_why);
	if (receive_finish(r, e) != 0)
		goto fail;
	printf(ngettext("\nReceipt done: %zu deviation recorded\n",
	                "\nReceipt done: %zu deviations recorded\n", r->deviations),
	       r->deviations);
	for (size_t i = 0; i < r->n_said; i++)
		printf("  %s\n", r->said[i]);
	status = linemode_end(&lm);
	goto out;
fail:
	status = e->status;
out:
	receive_free(r);
	linemode_close(&lm);
	return status;
}

const struct cmd_entry cmd_receive_entry = {
	.doc = { "receive", N_("receive [SSCC] --user BADGE [--scanner SPEC] [--json] [--again]"),
	         N_("goods receipt (line mode; DAMAGED marks the last pack)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
