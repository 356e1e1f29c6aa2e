/*
 * enroll.h — issuing a one-time enrolment code: stored as its SHA-256
 * with the handheld's name and when it expires, handed out as the code
 * and as the text a handheld scans (tally://enroll?hub=URL&code=CODE).
 * Used by the enrolment page (web-enroll.c).
 */
#ifndef TALLY_HUB_ENROLL_H
#define TALLY_HUB_ENROLL_H

#include "hub/token.h"

#include "hub/hdb.h"

#define ENROLL_TEXT_MAX 1024

/* A code for the handheld called name (1 to 100 characters), valid
 * `hours`; url is where handhelds reach the hub (NULL: the one the hub
 * remembers).  code and text filled; EX_CONFIG when no URL is known,
 * EX_DATAERR for a bad name or hours. */
int enroll_issue(struct hdb *db, const char *name, long hours, const char *url,
                 char code[ENROLL_CODE_LEN + 3], char text[ENROLL_TEXT_MAX], struct tally_err *e);

#endif
