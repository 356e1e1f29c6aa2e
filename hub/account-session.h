/*
 * account-session.h — signed-in sessions of the staff pages.  The browser
 * holds a random token in an HttpOnly cookie; the hub keeps only its
 * SHA-256, the account, a CSRF token for the session's forms, and when it
 * ends (ACCOUNT_SESSION_S after signing in: a working shift).
 */
#ifndef TALLY_HUB_ACCOUNT_SESSION_H
#define TALLY_HUB_ACCOUNT_SESSION_H

#include "hub/account.h"
#include "hub/token.h"

#define ACCOUNT_SESSION_S (12 * 3600)

struct session {
	struct account who; /* id, login, name, roles */
	char csrf[TOKEN_HEX_LEN + 1];
};

/* A new session for account id: the cookie's token and the CSRF token. */
int session_create(struct hdb *db, int64_t account_id, char token[TOKEN_HEX_LEN + 1],
                   char csrf[TOKEN_HEX_LEN + 1], struct tally_err *e);

/* The live session of a cookie's token: 0 with out filled, 1 when there is
 * none (unknown, ended or expired), -1 with e set. */
int session_find(struct hdb *db, const char *token, struct session *out, struct tally_err *e);

/* End the session of token (signing out). */
int session_end(struct hdb *db, const char *token, struct tally_err *e);

/* Are two tokens equal?  In constant time. */
int session_token_equal(const char *a, const char *b);

#endif
