#include "client/line-loop.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"
#include "jobs/session.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

int line_loop_word(int status)
{
	return status == EX_DATAERR ? LINE_WORD_REFUSED : status;
}

int line_loop_open_at_place(void *state, struct linemode *lm, int hours, struct open_session *o,
                            struct tally_err *e)
{
	struct location loc;
	if (lm->arg == NULL || store_location_get(lm->store, lm->arg, &loc, NULL) != 0)
		return EX_DATAERR; /* the job says what is wrong with the place */
	int rc = session_find_open(lm->store, lm->job, loc.id, hours, o, e);
	location_free(&loc);
	return rc;
}

/* The job's session this user left open: 0 with *o filled, EX_DATAERR
 * when there is none of theirs, else the store failed. */
static int find_own_open(struct linemode *lm, const struct line_job *job, void *state,
                         struct open_session *o, struct tally_err *e)
{
	long hours = config_get_long(lm->cfg, "jobs", "resume_hours", SESSION_RESUME_HOURS, NULL);
	int rc = job->find_open(state, lm, (int)hours, o, e);
	if (rc == EX_DATAERR) {
		err_clear(e);
		return EX_DATAERR;
	}
	if (rc == 0 && strcmp(o->user, lm->user) != 0)
		return EX_DATAERR; /* someone else's: theirs to continue on the screen */
	return rc;
}

/* Is this an outcome every job shares, said in the same words? */
static int shared(enum line_verdict v)
{
	return v == LINE_UNKNOWN_CODE || v == LINE_UNDONE || v == LINE_ERROR;
}

static void say_shared(enum line_verdict v, long lineno, const char *why)
{
	if (v == LINE_UNKNOWN_CODE)
		printf(_("??    line %ld: %s\n"), lineno, why);
	else if (v == LINE_UNDONE)
		printf(_("UNDO  line %ld: %s\n"), lineno, why);
	else
		printf(_("ERROR line %ld: %s\n"), lineno, why);
}

static int run_job(struct linemode *lm, const struct line_job *job, void *state,
                   struct tally_err *e)
{
	struct open_session o;
	int open = find_own_open(lm, job, state, &o, e);
	if (open != 0 && open != EX_DATAERR)
		return e->status;
	struct pack_job *pack = NULL;
	int status = job->begin(state, lm, open == 0 ? &o : NULL, &pack, e);
	if (status != 0)
		return status;
	struct scanner_input in;
	while (linemode_next(lm, &in)) {
		int rc = job->step(state, lm, &in, e);
		if (rc == LINE_WORD_REFUSED) {
			linemode_bad(lm, in.lineno, e->msg); /* nothing to undo, say */
			err_clear(e);
			continue;
		}
		if (rc != 0)
			return e->status; /* the store failed: nothing more can be recorded */
		const char *why = "";
		enum line_verdict v = job->verdict(state, &why);
		if (lm->json || !shared(v))
			job->show(state, lm, &in);
		else
			say_shared(v, in.lineno, why);
		linemode_shortage(lm, in.lineno, pack);
		if (v == LINE_RECORDED || v == LINE_UNKNOWN_CODE)
			lm->recorded++;
		else if (v == LINE_REFUSED || v == LINE_ERROR)
			linemode_bad(lm, in.lineno, why);
	}
	if (job->finish(state, lm, e) != 0)
		return e->status;
	return linemode_end(lm);
}

int line_loop_run(struct tally_ctx *ctx, int argc, char **argv, const struct line_job *job,
                  void *state, struct tally_err *e)
{
	struct linemode lm;
	int status = linemode_open(&lm, ctx, argc, argv, job->linemode_flags, e);
	if (status == 0)
		status = run_job(&lm, job, state, e);
	linemode_close(&lm);
	return status;
}
