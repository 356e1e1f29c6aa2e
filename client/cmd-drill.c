/*
 * cmd-drill.c — `tally drill PLAN --user BADGE`: an emergency-stock drill in
 * line mode.  Scan a storage place's label, then its packs (one per scan, or
 * TAB and a quantity); the next label moves on.  At the end of input the
 * drill ends and its report is printed: per article required, counted,
 * shortfall, expired, places below their minimum, and how long it took.
 */
#include "client/cmd.h"
#include "client/line-loop.h"
#include "jobs/drill.h"
#include "jobs/session.h"
#include "common/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_event(const struct scanner_input *in, const struct drill_event *ev)
{
	switch (ev->outcome) {
	case DRILL_PLACE:
		printf(_("PLACE %s\n"), ev->name);
		break;
	case DRILL_COUNTED:
		printf(_("OK    %-32s +%lld%s\n"), ev->name, (long long)ev->qty,
		       ev->expired ? _("  [EXPIRED: not counted towards cover]") : "");
		break;
	case DRILL_NOT_IN_PLAN:
		printf(_("NOTE  line %ld: %s\n"), in->lineno, ev->message);
		break;
	default:
		break; /* an unknown code, an undo, an error: the loop says them */
	}
}

static void print_report(const struct drill *d, struct linemode *lm)
{
	if (lm->json) {
		json_t *o = json_object(), *lines = json_array();
		json_object_set_new(o, "plan", json_string(d->plan_id));
		json_object_set_new(o, "session", json_string(d->session));
		json_object_set_new(o, "duration_s", json_real(drill_duration_s(d)));
		for (size_t i = 0; i < d->n; i++) {
			const struct drill_article *a = &d->articles[i];
			json_array_append_new(
			    lines,
			    json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:o}", "article_id",
			              a->article_id, "name", a->name, "required",
			              (json_int_t)a->required, "counted", (json_int_t)a->counted,
			              "shortfall", (json_int_t)drill_shortfall(a), "expired",
			              (json_int_t)a->expired, "places_below_min",
			              (json_int_t)drill_places_below_min(a), "tiers",
			              drill_tiers_json(a)));
		}
		json_object_set_new(o, "articles", lines);
		json_object_set_new(o, "shortages", linemode_shortages(lm));
		char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(o);
		return;
	}
	printf(_("\nDrill %s (%s): %lld patients for %lld days, %.0f s\n"), d->plan_name,
	       d->plan_id, (long long)d->patients, (long long)d->days, drill_duration_s(d));
	printf(_("%-32s %8s %8s %9s %7s %s\n"), _("article"), _("required"), _("counted"),
	       _("shortfall"), _("expired"), _("places below min"));
	for (size_t i = 0; i < d->n; i++) {
		const struct drill_article *a = &d->articles[i];
		printf("%-32s %8lld %8lld %9lld %7lld %zu\n", a->name, (long long)a->required,
		       (long long)a->counted, (long long)drill_shortfall(a), (long long)a->expired,
		       drill_places_below_min(a));
		/* Cover by time-criticality, when the plan gives its places tiers. */
		struct tier_cover c;
		char text[512];
		drill_tier_cover(a, &c);
		tier_cover_text(&c, a->required, text, sizeof(text));
		if (text[0])
			printf("  %s\n", text);
	}
}

/* The command's own, handed to each step of the loop. */
struct drill_cmd {
	struct drill *drill;
	struct drill_event ev; /* the last line's */
};

/* The same user's drill of this plan left open within the shift: go on. */
static int find_open(void *state, struct linemode *lm, int hours, struct open_session *o,
                     struct tally_err *e)
{
	return drill_find_open(lm->store, lm->arg, hours, o, e);
}

static int begin(void *state, struct linemode *lm, const struct open_session *resumed,
                 struct pack_job **pack, struct tally_err *e)
{
	struct drill_cmd *dc = state;
	if ((resumed != NULL
	         ? drill_resume(&dc->drill, lm->store, lm->arg, lm->user, lm->today, resumed, e)
	         : drill_start(&dc->drill, lm->store, lm->arg, lm->user, lm->today, e)) != 0)
		return e->status;
	*pack = &dc->drill->pack;
	if (!lm->json)
		printf(_("Drill %s: scan a storage place's label, then its packs\n"),
		       dc->drill->plan_name);
	if (resumed != NULL && !lm->json) {
		char at[6];
		session_clock(resumed->started, at);
		printf(_("Continuing the drill from %s\n"), at);
	}
	return 0;
}

static int step(void *state, struct linemode *lm, const struct scanner_input *in,
                struct tally_err *e)
{
	struct drill_cmd *dc = state;
	if (linemode_is_undo(in->text))
		return line_loop_word(drill_undo(dc->drill, &dc->ev, e));
	return drill_scan(dc->drill, in->text, strlen(in->text), in->qty, &lm->scan_cfg, &dc->ev,
	                  e);
}

static void show(void *state, struct linemode *lm, const struct scanner_input *in)
{
	if (!lm->json)
		print_event(in, &((struct drill_cmd *)state)->ev);
}

static enum line_verdict verdict(const void *state, const char **why)
{
	const struct drill_event *ev = &((const struct drill_cmd *)state)->ev;
	*why = ev->message;
	switch (ev->outcome) {
	case DRILL_PLACE:
		return LINE_NOTED;
	case DRILL_COUNTED:
	case DRILL_NOT_IN_PLAN:
		return LINE_RECORDED;
	case DRILL_UNKNOWN_CODE:
		return LINE_UNKNOWN_CODE;
	case DRILL_UNDONE:
		return LINE_UNDONE;
	default:
		return LINE_ERROR;
	}
}

static int finish(void *state, struct linemode *lm, struct tally_err *e)
{
	struct drill *d = ((struct drill_cmd *)state)->drill;
	if (drill_finish(d, e) != 0)
		return e->status;
	print_report(d, lm);
	return 0;
}

static const struct line_job drill_job = {
	.linemode_flags = 0,
	.find_open = find_open,
	.begin = begin,
	.step = step,
	.show = show,
	.verdict = verdict,
	.finish = finish,
};

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	struct drill_cmd dc = { 0 };
	int status = line_loop_run(ctx, argc, argv, &drill_job, &dc, e);
	drill_free(dc.drill);
	return status;
}

const struct cmd_entry cmd_drill_entry = {
	.doc = { "drill", N_("drill PLAN --user BADGE [--scanner SPEC] [--json] [--again]"),
	         N_("emergency-stock drill (line mode)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
