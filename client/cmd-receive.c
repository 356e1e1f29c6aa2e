/*
 * cmd-receive.c — `tally receive [SSCC] --user BADGE`: goods receipt in
 * line mode.  Scan (or give) a parcel's SSCC, then its packs (one per scan,
 * AI (37)/(30) counts, or TAB and a quantity), and a bin label to put away
 * to; the next SSCC moves on to the next parcel.  A line DAMAGED records
 * the pack scanned just before it as damaged.  Deviations are shown as
 * they are found and recorded; at the end, the receipt's deviations.
 * With --json, one object at the end instead (see tally(1)).
 */
#include "client/cmd.h"
#include "jobs/receive.h"
#include "jobs/session.h"
#include "common/config.h"
#include "client/linemode.h"
#include "common/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The stable word for a line's outcome in the JSON summary. */
static const char *outcome_word(enum receive_outcome o)
{
	switch (o) {
	case RECEIVE_PARCEL:
		return "parcel";
	case RECEIVE_BIN:
		return "bin";
	case RECEIVE_RECEIVED:
		return "received";
	case RECEIVE_UNKNOWN_CODE:
		return "unknown-code";
	case RECEIVE_NEED_PARCEL:
		return "need-parcel";
	case RECEIVE_DAMAGED:
		return "damaged";
	case RECEIVE_NO_PACK:
		return "no-pack";
	case RECEIVE_ALREADY:
		return "already";
	case RECEIVE_UNDONE:
		return "undone";
	case RECEIVE_RECEIVED_BEFORE:
		return "received-before";
	default:
		return "invalid";
	}
}

/* --json: a line's outcome, kept for the summary (line 0: the SSCC given
 * on the command line, null in the JSON). */
static void json_event(json_t *lines, json_t *parcels, const struct receive *r, long lineno,
                       const char *text, const struct receive_event *ev)
{
	json_t *o = json_object();
	json_object_set_new(o, "line", lineno > 0 ? json_integer(lineno) : json_null());
	json_object_set_new(o, "outcome", json_string(outcome_word(ev->outcome)));
	if (ev->outcome == RECEIVE_RECEIVED || ev->outcome == RECEIVE_DAMAGED) {
		json_t *devs = json_array();
		if (ev->deviations & RECEIVE_DEV_UNEXPECTED)
			json_array_append_new(devs, json_string("unexpected"));
		if (ev->deviations & RECEIVE_DEV_BATCH)
			json_array_append_new(devs, json_string("batch-mismatch"));
		if (ev->deviations & RECEIVE_DEV_EXPIRED)
			json_array_append_new(devs, json_string("expired"));
		if (ev->deviations & RECEIVE_DEV_SHORT)
			json_array_append_new(devs, json_string("short-expiry"));
		if (ev->outcome == RECEIVE_DAMAGED)
			json_array_append_new(devs, json_string("damaged"));
		json_object_set_new(o, "article_id", json_string(ev->article_id));
		json_object_set_new(o, "name", json_string(ev->name));
		json_object_set_new(o, "qty", json_integer(ev->qty));
		json_object_set_new(o, "batch",
		                    ev->batch[0] ? json_string(ev->batch) : json_null());
		json_object_set_new(o, "expiry",
		                    ev->expiry[0] ? json_string(ev->expiry) : json_null());
		if (ev->deviations & (RECEIVE_DEV_EXPIRED | RECEIVE_DEV_SHORT))
			json_object_set_new(o, "days_left", json_integer(ev->days_left));
		if (ev->outcome == RECEIVE_RECEIVED) {
			json_object_set_new(o, "bin", r->bin ? json_string(r->bin) : json_null());
			json_object_set_new(o, "sterile", json_boolean(ev->sterile));
		}
		json_object_set_new(o, "deviations", devs);
	} else if (ev->outcome == RECEIVE_PARCEL) {
		json_object_set_new(o, "sscc", json_string(r->sscc));
		json_array_append_new(
		    parcels,
		    json_pack("{s:o,s:s,s:s?,s:b,s:o,s:o}", "line",
		              lineno > 0 ? json_integer(lineno) : json_null(), "sscc", r->sscc,
		              "delivery", r->blind ? NULL : ev->name, "blind", r->blind, "parcel",
		              ev->parcels > 0 ? json_integer(ev->parcel) : json_null(), "of",
		              ev->parcels > 0 ? json_integer(ev->parcels) : json_null()));
	} else if (ev->outcome == RECEIVE_BIN) {
		json_object_set_new(o, "bin", r->bin ? json_string(r->bin) : json_null());
		json_object_set_new(o, "name", json_string(ev->name));
	} else if (text != NULL && ev->outcome != RECEIVE_UNDONE) {
		json_object_set_new(o, "code", json_string(text));
	}
	if (ev->message[0])
		json_object_set_new(o, "message", json_string(ev->message));
	json_array_append_new(lines, o);
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	struct linemode lm;
	struct receive *r = NULL;
	struct receive_event ev;
	json_t *lines = json_array(), *parcels = json_array();
	int status = linemode_open(&lm, ctx, argc, argv, LINEMODE_ARG_OPTIONAL, e);
	if (status != 0)
		goto out;
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
	if (open == 0 && !lm.json) {
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
			if (lm.json)
				json_event(lines, parcels, r, 0, lm.arg, &ev);
			else
				print_event(NULL, &ev);
			asked = -1;
			snprintf(asked_why, sizeof(asked_why), "%s", ev.message);
		} else if (ev.outcome != RECEIVE_PARCEL) {
			fprintf(stderr, _("tally: %s is not an SSCC: %s\n"), lm.arg, ev.message);
			status = EX_DATAERR;
			goto out;
		} else if (lm.json)
			json_event(lines, parcels, r, 0, lm.arg, &ev);
		else
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
			if (lm.json)
				json_event(lines, parcels, r, in.lineno, in.text, &ev);
			else
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
		if (lm.json)
			json_event(lines, parcels, r, in.lineno, in.text, &ev);
		else
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
	if (lm.json) {
		json_t *sum = json_object(), *said = json_array();
		for (size_t i = 0; i < r->n_said; i++)
			json_array_append_new(said, json_string(r->said[i]));
		json_object_set_new(sum, "session", json_string(r->session));
		json_object_set(sum, "parcels", parcels);
		json_object_set(sum, "lines", lines);
		json_object_set_new(sum, "deviations_recorded",
		                    json_integer((json_int_t)r->deviations));
		json_object_set_new(sum, "deviations", said);
		json_object_set_new(sum, "recorded", json_integer((json_int_t)lm.recorded));
		json_object_set_new(sum, "not_recorded", linemode_bad_lines(&lm));
		json_object_set_new(sum, "shortages", linemode_shortages(&lm));
		char *t = json_dumps(sum, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(sum);
	} else {
		printf(ngettext("\nReceipt done: %zu deviation recorded\n",
		                "\nReceipt done: %zu deviations recorded\n", r->deviations),
		       r->deviations);
		for (size_t i = 0; i < r->n_said; i++)
			printf("  %s\n", r->said[i]);
	}
	status = linemode_end(&lm);
	goto out;
fail:
	status = e->status;
out:
	receive_free(r);
	linemode_close(&lm);
	json_decref(lines);
	json_decref(parcels);
	return status;
}

const struct cmd_entry cmd_receive_entry = {
	.doc = { "receive", N_("receive [SSCC] --user BADGE [--scanner SPEC] [--json] [--again]"),
	         N_("goods receipt (line mode; DAMAGED marks the last pack)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
