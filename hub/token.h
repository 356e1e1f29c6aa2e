/*
 * token.h — device tokens and enrolment codes, and the hashes the hub keeps
 * of them (never the secrets themselves).
 */
#ifndef TALLY_SYNC_HUB_TOKEN_H
#define TALLY_SYNC_HUB_TOKEN_H

#include "common/err.h"

#define TOKEN_HEX_LEN   64 /* 32 random bytes */
#define ENROLL_CODE_LEN 12 /* without the dashes */

/* A fresh device token: 64 lowercase hex characters. */
int token_new(char out[TOKEN_HEX_LEN + 1], struct tally_err *e);

/* SHA-256 of text, as 64 lowercase hex characters. */
void token_hash(const char *text, char out[TOKEN_HEX_LEN + 1]);

/* A fresh enrolment code shown as "XXXX-XXXX-XXXX", from an alphabet
 * without look-alikes (no 0/O, 1/I/L). */
int enroll_code_new(char out[ENROLL_CODE_LEN + 3], struct tally_err *e);

/* A typed code in its canonical form (upper case, no dashes or spaces):
 * 0, or -1 when it cannot be a code. */
int enroll_code_normalize(const char *in, char out[ENROLL_CODE_LEN + 1]);

#endif
