/*
 * gs1-ai.h — the GS1 Application Identifier table (GS1 General
 * Specifications, section 3): how long each AI's data is, which characters
 * it may hold, and what else is checked.
 */
#ifndef TALLY_DRIVERS_GS1_AI_H
#define TALLY_DRIVERS_GS1_AI_H

#include <stddef.h>

enum gs1_charset {
	GS1_N,    /* digits */
	GS1_X,    /* CSET 82: GS1 AI encodable character set 82 */
	GS1_Y,    /* CSET 39 */
	GS1_Z,    /* CSET 64 (file-safe base64) */
	GS1_NONE, /* no variable part */
};

#define GS1_DATE  0x01 /* the fixed part is YYMMDD; day 00 means end of month */
#define GS1_CHECK 0x02 /* the fixed part ends in a mod-10 check digit */

struct gs1_ai {
	const char *ai;       /* "01"; for a 4-digit family like "310n", "310" + n below */
	unsigned char ai_len; /* digits of the AI itself: 2, 3 or 4 */
	unsigned char fixed;  /* numeric digits that always come first */
	unsigned char flags;  /* GS1_DATE, GS1_CHECK on the fixed part */
	enum gs1_charset var; /* then a variable part of this set */
	unsigned char var_min, var_max;
	unsigned char predefined; /* total length predefined: needs no FNC1 after it */
	const char *title;        /* GS1 data title, e.g. "BATCH/LOT" */
};

/*
 * Find the AI at the start of `s` (n bytes).  AIs are prefix-free, so at most
 * one matches.  NULL when none does; *ai_len gets its length.
 */
const struct gs1_ai *gs1_ai_find(const char *s, size_t n);

/* Is c in the set? */
int gs1_in_charset(enum gs1_charset set, unsigned char c);

/* mod-10 check digit over digits[0..n-1] (GTIN, SSCC, GLN): the digit that
 * should follow them. */
int gs1_check_digit(const char *digits, size_t n);

#endif
