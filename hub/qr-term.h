/*
 * qr-term.h — a QR code drawn with characters, for an enrolment code the
 * handheld's camera can read off the admin's screen.
 */
#ifndef TALLY_SYNC_HUB_QR_TERM_H
#define TALLY_SYNC_HUB_QR_TERM_H

#include <stdio.h>

/* Draw text as a QR code: two module rows per line with Unicode half blocks
 * when utf8, else "##" per dark module.  0, or -1 when it cannot be
 * encoded. */
int qr_term_print(FILE *out, const char *text, int utf8);

/* Does the locale of the environment (LC_ALL, LC_CTYPE, LANG) speak UTF-8? */
int qr_term_utf8(void);

#endif
