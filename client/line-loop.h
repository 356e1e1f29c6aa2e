/*
 * line-loop.h — the one loop of the line-mode jobs (round, count, consume,
 * drill, receive), over the line-mode session of linemode.h.  It promises
 * every job the same frame:
 *
 *  - the job's session left open by the same user within [jobs]
 *    resume_hours is gone on in, not a second one started; someone else's
 *    is left for them to continue;
 *  - each line of input is the job's step: a scan with its typed quantity,
 *    or one of the job's words (UNDO, DISCARD, ...); its outcome is printed
 *    (or kept for a --json summary), then the shortage warning of the pack
 *    it scanned;
 *  - a line that recorded something counts among the scans recorded; one
 *    refused, or a word with nothing to act on (UNDO with nothing to undo),
 *    is listed again at the end by its number and the exit status is 65;
 *  - the store failing stops the job at once with the store's status:
 *    what was recorded before stays, nothing more is;
 *  - at the end of input the session ends and the job's summary is
 *    printed.
 *
 * What is a job's own (its prompts, its step, its outcome words, its
 * summary) it gives in a struct line_job; the loop knows nothing of what a
 * scan means.
 */
#ifndef TALLY_CLIENT_LINE_LOOP_H
#define TALLY_CLIENT_LINE_LOOP_H

#include "client/linemode.h"

struct open_session;
struct pack_job;

/* What a line came to: for the closing tally, and who says it.  The job
 * says its own outcomes (show); the loop says those every job shares, as
 * "??    line N: why", "UNDO  line N: why", "ERROR line N: why". */
enum line_verdict {
	LINE_RECORDED,     /* a record written: counted among the scans recorded */
	LINE_NOTED,        /* nothing recorded, nothing wrong: a place, a bin, a question */
	LINE_REFUSED,      /* nothing recorded, the job says why in its own words ("COUNT
	                    * line N: ..."): listed again at the end */
	LINE_UNKNOWN_CODE, /* kept as an unknown code: recorded; the loop says it */
	LINE_UNDONE,       /* the last record undone; the loop says it */
	LINE_ERROR         /* nothing recorded: the loop says "ERROR line N: why"; listed
	                    * again at the end */
};

/* A step's answer for one of the job's words that had nothing to act on
 * (UNDO with nothing to undo, DISCARD on a line without expired packs):
 * *e says why; the line is listed as not recorded, nothing printed. */
#define LINE_WORD_REFUSED (-1)

/* A word's status as a step answers it: EX_DATAERR (nothing to act on)
 * becomes LINE_WORD_REFUSED, the rest stays. */
int line_loop_word(int status);

/* A job in line mode.  `state` is the command's own, handed back to each
 * callback as it was given to line_loop_run(). */
struct line_job {
	int linemode_flags; /* LINEMODE_ARG_OPTIONAL, LINEMODE_TEXT_ONLY (linemode.h) */
	/* The job's newest session left open within `hours`: 0 with *o
	 * filled, EX_DATAERR when there is none, else the store failed.  Whose
	 * it is the loop checks. */
	int (*find_open)(void *state, struct linemode *lm, int hours, struct open_session *o,
	                 struct tally_err *e);
	/* Start the job's session, or go on in `resumed` when it is not NULL,
	 * and say so; *pack is then the job's pack-scan step, whose shortage
	 * warning is said after each line's outcome.  0, or the exit status
	 * (*e saying why, when it says). */
	int (*begin)(void *state, struct linemode *lm, const struct open_session *resumed,
	             struct pack_job **pack, struct tally_err *e);
	/* One line: the job's step on it, the outcome kept for show() and
	 * verdict().  0; LINE_WORD_REFUSED; else the store failed (*e). */
	int (*step)(void *state, struct linemode *lm, const struct scanner_input *in,
	            struct tally_err *e);
	/* Print the step's outcome when it is the job's own (not an unknown
	 * code, an undo or an invalid line: the loop says those), or keep any
	 * outcome for the --json summary. */
	void (*show)(void *state, struct linemode *lm, const struct scanner_input *in);
	/* What the step came to; *why is the step's message (the reason
	 * listed for a line not recorded). */
	enum line_verdict (*verdict)(const void *state, const char **why);
	/* The end of input: end the session, then print what the job came to
	 * (or its --json summary).  0, or the store's status (*e). */
	int (*finish)(void *state, struct linemode *lm, struct tally_err *e);
};

/* Run the command line's job: open line mode (linemode_open), go on in or
 * start the session, every line through the job's step, finish, the
 * summary and the closing tally (linemode_end); line mode closed again.
 * The exit status, *e saying why when it failed.  What `state` holds the
 * caller frees afterwards. */
int line_loop_run(struct tally_ctx *ctx, int argc, char **argv, const struct line_job *job,
                  void *state, struct tally_err *e);

/* find_open for a job at a place (the command's argument): its session
 * there (job named as the command), EX_DATAERR when the place is unknown
 * (the job's start says so). */
int line_loop_open_at_place(void *state, struct linemode *lm, int hours, struct open_session *o,
                            struct tally_err *e);

#endif
