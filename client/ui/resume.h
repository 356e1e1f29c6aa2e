/*
 * ui/resume.h — the one question every job screen asks when the same job
 * was left unfinished (idle sign-out, Esc Esc, a killed screen, a flat
 * battery) within [jobs] resume_hours: the job's own sentence saying from
 * when and what was counted so far, then "Yes, continue" or "No, new (the
 * old is closed)".  The screen does what the answer says: go on in the
 * session read back (jobs/session.h), or close it as abandoned and start
 * anew.
 */
#ifndef TALLY_CLIENT_UI_RESUME_H
#define TALLY_CLIENT_UI_RESUME_H

#include "client/ui/screen.h"

enum ui_resume {
	UI_RESUME_CONTINUE,   /* go on in the old session */
	UI_RESUME_NEW,        /* close the old one as abandoned, start anew */
	UI_RESUME_BACK,       /* Esc (or a scan): nothing decided, asked again next time */
	UI_RESUME_SIGNED_OUT, /* signed out for being idle while asked */
};

/* Ask under title; question is the job's sentence, e.g. "Continue the
 * round from 05:02 (2 of 40 counted)?". */
enum ui_resume ui_ask_resume(struct ui *u, const char *title, const char *question);

/* How many hours back a session is offered to resume ([jobs] resume_hours). */
int ui_resume_hours(const struct ui *u);

#endif
