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
#include "client/line-loop.h"
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
	case RECEIVE_RECEIVED_BEFORE:
		printf(_("ASK   line %ld: %s (a line AGAIN says yes)\n"), in ? in->lineno : 0L,
		       ev->message);
		break;
	default:
		break; /* an unknown code, an undo, an error: the loop says them */
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

/* The command's own, handed to each step of the loop. */
struct receive_cmd {
	struct receive *receive;
	struct receive_event ev; /* the last line's */
	json_t *lines, *parcels; /* --json: every line's outcome, the parcels opened */
	long asked;              /* the line of a parcel received before, not yet answered (-1: the
	                          * SSCC given on the command line), else 0 */
	char asked_why[256];
};

/* The same user's receipt left open within the shift: go on in it. */
static int find_open(void *state, struct linemode *lm, int hours, struct open_session *o,
                     struct tally_err *e)
{
	return session_find_open(lm->store, "receive", NULL, hours, o, e);
}

/* A line's outcome printed, or kept for the --json summary; in is NULL
 * for the SSCC given on the command line. */
static void show_outcome(struct receive_cmd *c, struct linemode *lm, const struct scanner_input *in)
{
	if (lm->json)
		json_event(c->lines, c->parcels, c->receive, in != NULL ? in->lineno : 0,
		           in != NULL ? in->text : lm->arg, &c->ev);
	else
		print_event(in, &c->ev);
}

/* The SSCC given on the command line, as if scanned first. */
static int open_given_parcel(struct receive_cmd *c, struct linemode *lm, struct tally_err *e)
{
	char text[64];
	snprintf(text, sizeof(text), "]C100%s", lm->arg);
	if (receive_scan(c->receive, text, strlen(text), -1, &lm->scan_cfg, &c->ev, e) != 0)
		return e->status;
	if (c->ev.outcome == RECEIVE_RECEIVED_BEFORE) {
		/* Asked; a first line AGAIN says yes. */
		show_outcome(c, lm, NULL);
		c->asked = -1;
		snprintf(c->asked_why, sizeof(c->asked_why), "%s", c->ev.message);
	} else if (c->ev.outcome != RECEIVE_PARCEL) {
		fprintf(stderr, _("tally: %s is not an SSCC: %s\n"), lm->arg, c->ev.message);
		return EX_DATAERR;
	} else
		show_outcome(c, lm, NULL);
	return 0;
}

static int begin(void *state, struct linemode *lm, const struct open_session *resumed,
                 struct pack_job **pack, struct tally_err *e)
{
	struct receive_cmd *c = state;
	if ((resumed != NULL
	         ? receive_resume(&c->receive, lm->store, lm->user, lm->today, resumed, e)
	         : receive_start(&c->receive, lm->store, lm->user, lm->today, e)) != 0)
		return e->status;
	*pack = &c->receive->pack;
	if (resumed != NULL && !lm->json) {
		char at[6];
		session_clock(resumed->started, at);
		if (c->receive->sscc[0])
			printf(_("Continuing the receipt from %s: parcel %s is open\n"), at,
			       c->receive->sscc);
		else
			printf(_("Continuing the receipt from %s\n"), at);
	}
	return lm->arg != NULL ? open_given_parcel(c, lm, e) : 0;
}

static int step(void *state, struct linemode *lm, const struct scanner_input *in,
                struct tally_err *e)
{
	struct receive_cmd *c = state;
	struct receive *r = c->receive;
	int again = strcmp(in->text, "AGAIN") == 0;
	if (c->asked && !again)
		linemode_bad(lm, c->asked > 0 ? c->asked : 0, c->asked_why); /* not again */
	if (c->asked && again) {
		c->asked = 0;
		return receive_again(r, &c->ev, e);
	}
	c->asked = 0;
	/* A line DAMAGED reports the pack scanned just before it. */
	int rc = strcmp(in->text, "DAMAGED") == 0 ? receive_damaged(r, &c->ev, e)
	         : linemode_is_undo(in->text)     ? line_loop_word(receive_undo(r, &c->ev, e))
	                                      : receive_scan(r, in->text, strlen(in->text), in->qty,
	                                                     &lm->scan_cfg, &c->ev, e);
	if (rc == 0 && c->ev.outcome == RECEIVE_RECEIVED_BEFORE) {
		c->asked = in->lineno;
		snprintf(c->asked_why, sizeof(c->asked_why), "%s", c->ev.message);
	}
	return rc;
}

static void show(void *state, struct linemode *lm, const struct scanner_input *in)
{
	show_outcome(state, lm, in);
}

static enum line_verdict verdict(const void *state, const char **why)
{
	const struct receive_cmd *c = state;
	const struct receive_event *ev = &c->ev;
	*why = ev->message;
	switch (ev->outcome) {
	case RECEIVE_PARCEL: /* also the answer AGAIN: the parcel opened */
	case RECEIVE_BIN:
	case RECEIVE_RECEIVED_BEFORE: /* asked */
		return LINE_NOTED;
	case RECEIVE_RECEIVED:
	case RECEIVE_DAMAGED:
		return LINE_RECORDED;
	case RECEIVE_UNKNOWN_CODE:
		return LINE_UNKNOWN_CODE;
	case RECEIVE_UNDONE:
		return LINE_UNDONE;
	default:
		return LINE_ERROR;
	}
}

static int finish(void *state, struct linemode *lm, struct tally_err *e)
{
	struct receive_cmd *c = state;
	if (c->asked)
		linemode_bad(lm, c->asked > 0 ? c->asked : 0, c->asked_why); /* never answered */
	if (receive_finish(c->receive, e) != 0)
		return e->status;
	const struct receive *r = c->receive;
	if (lm->json) {
		json_t *sum = json_object(), *said = json_array();
		for (size_t i = 0; i < r->n_said; i++)
			json_array_append_new(said, json_string(r->said[i]));
		json_object_set_new(sum, "session", json_string(r->session));
		json_object_set(sum, "parcels", c->parcels);
		json_object_set(sum, "lines", c->lines);
		json_object_set_new(sum, "deviations_recorded",
		                    json_integer((json_int_t)r->deviations));
		json_object_set_new(sum, "deviations", said);
		json_object_set_new(sum, "recorded", json_integer((json_int_t)lm->recorded));
		json_object_set_new(sum, "not_recorded", linemode_bad_lines(lm));
		json_object_set_new(sum, "shortages", linemode_shortages(lm));
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
	return 0;
}

static const struct line_job receive_job = {
	.linemode_flags = LINEMODE_ARG_OPTIONAL,
	.find_open = find_open,
	.begin = begin,
	.step = step,
	.show = show,
	.verdict = verdict,
	.finish = finish,
};

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	struct receive_cmd c = { .lines = json_array(), .parcels = json_array() };
	int status = line_loop_run(ctx, argc, argv, &receive_job, &c, e);
	receive_free(c.receive);
	json_decref(c.lines);
	json_decref(c.parcels);
	return status;
}

const struct cmd_entry cmd_receive_entry = {
	.doc = { "receive", N_("receive [SSCC] --user BADGE [--scanner SPEC] [--json] [--again]"),
	         N_("goods receipt (line mode; DAMAGED marks the last pack)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
