/*
 * linemode.h — the line-mode front end shared by the workflow commands
 * (round, drill, ...): scans from a batch scanner's dump, a pipe or any
 * scanner spec, one per line with an optional TAB and quantity, fed to the
 * same workflow code the handheld UI uses.
 *
 *   tally COMMAND ARG --user BADGE [--scanner SPEC] [--json] [--again]
 *
 * Honest about what it did: the user needs the job's role; a line that
 * could not be recorded is listed by its number at the end and the exit
 * status is 65, the good lines being recorded all the same; a dump file
 * read before is refused (its scans are in already) unless --again says
 * it is meant; a line UNDO undoes the scan or count before it.
 *
 * This is the session's set-up and bookkeeping; the one loop that runs a
 * job over it is line-loop.h.
 */
#ifndef TALLY_CLIENT_UI_LINEMODE_H
#define TALLY_CLIENT_UI_LINEMODE_H

#include "client/cmd.h"
#include "barcode/scan.h"
#include "drivers/scanner.h"

#include <jansson.h>

struct linemode {
	struct config *cfg;  /* the dispatcher's: not closed here */
	struct store *store; /* the dispatcher's: not closed here */
	struct scanner *scanner;
	struct scan_config scan_cfg;
	char today[11];
	const char *user; /* the badge, checked against the store's users */
	const char
	    *arg; /* the command's argument: LOCATION, PLAN, ...; NULL when optional and absent */
	int json;
	int again;         /* --again: read a dump file read before */
	const char *job;   /* the command: "round", "count", ... */
	json_t *shortages; /* --json: the shortage warnings given, for the summary */
	json_t *bad_lines; /* --json: the lines not recorded, [{line, why}] */
	char *bad;         /* the lines not recorded, one "line N: why" per line */
	size_t n_bad, bad_len, recorded;
};

/* Parse the arguments, have tally.conf loaded and the store opened
 * (cmd_prepare: the command's entry needs both), check the badge and open
 * the scanner.  0, or the exit status with *e saying why (EX_USAGE and no
 * message for wrong arguments).  With LINEMODE_ARG_OPTIONAL in flags the
 * argument may be left out; with LINEMODE_TEXT_ONLY the command's output is
 * text only (tally's --json too) and its own --json is a usage error. */
#define LINEMODE_ARG_OPTIONAL 0x1
#define LINEMODE_TEXT_ONLY    0x2
int linemode_open(struct linemode *lm, struct tally_ctx *ctx, int argc, char **argv, int flags,
                  struct tally_err *e);

/* The next scan: 1 with *in filled, 0 at the end of input.  Unusable lines
 * and a scanner going away are reported on stderr and passed over. */
int linemode_next(struct linemode *lm, struct scanner_input *in);

/* Is this line the word UNDO (any case): undo the last scan or count? */
int linemode_is_undo(const char *text);

/* The shortage warning the pack-scan step left for the last scan
 * (jobs/pack.h), if any: "SHORTAGE line N: ..." (text mode), or with
 * --json kept in lm->shortages as {line, article_id, article_name,
 * generic_name, status, from_date, to_date, message, alternatives:
 * [{article_id, article_name, note}], warning (the words)} for the job's
 * JSON summary ("shortages"); then cleared so that it is said once.  The
 * scan is recorded all the same. */
struct pack_job;
void linemode_shortage(struct linemode *lm, long lineno, struct pack_job *j);

/* The shortage warnings kept (--json), for the summary: a new reference,
 * an empty array when none. */
json_t *linemode_shortages(struct linemode *lm);

/* A line that was not recorded, and why; listed again at the end. */
void linemode_bad(struct linemode *lm, long lineno, const char *why);

/* The lines not recorded, for a --json summary: a new reference to
 * [{line (null when no line is named), why}], empty when none. */
json_t *linemode_bad_lines(struct linemode *lm);

/* At the end of input: what was recorded, the lines that were not, and the
 * exit status (0, or EX_DATAERR when a line was not recorded). */
int linemode_end(struct linemode *lm);

void linemode_close(struct linemode *lm);

#endif
