/*
 * account.h — the hub's own accounts for the staff pages: a login, a name,
 * roles, a password hashed with libxcrypt (yescrypt), and the lock-out
 * after too many wrong passwords.  The commands (`tally-hub user`) and the
 * sign-in page both go through here; every change is written to the audit
 * log (account-audit.h).
 */
#ifndef TALLY_HUB_ACCOUNT_H
#define TALLY_HUB_ACCOUNT_H

#include "common/err.h"

#include "hub/hdb.h"
#include <stdint.h>

#define ACCOUNT_LOGIN_MAX    64
#define ACCOUNT_NAME_MAX     100
#define ACCOUNT_PASSWORD_MIN 10
#define ACCOUNT_PASSWORD_MAX 200
#define ACCOUNT_FAILS_MAX    5         /* wrong passwords in a row before the lock */
#define ACCOUNT_LOCK_S       (15 * 60) /* how long the lock lasts */

/* The roles, comma-separated in `roles`. */
#define ACCOUNT_ROLES "pharmacy, warehouse, drill-lead, admin"

/* Is `roles` a comma-separated list of known roles (at least one)? */
int account_roles_valid(const char *roles);

/* Does the comma-separated list `roles` hold `role`? */
int account_has_role(const char *roles, const char *role);

/* A new account; EX_DATAERR for a bad login, name, roles or password,
 * EX_CANTCREAT when the login is taken.  actor: who did it (audit). */
int account_add(struct hdb *db, const char *login, const char *name, const char *roles,
                const char *password, const char *actor, struct tally_err *e);
int account_passwd(struct hdb *db, const char *login, const char *password, const char *actor,
                   struct tally_err *e);
int account_remove(struct hdb *db, const char *login, const char *actor, struct tally_err *e);

enum account_check {
	ACCOUNT_OK,
	ACCOUNT_WRONG,  /* no such login, or the wrong password (not told apart) */
	ACCOUNT_LOCKED, /* too many wrong passwords: until `locked_until` */
	ACCOUNT_ERROR,  /* e set */
};

struct account {
	int64_t id;
	char login[ACCOUNT_LOGIN_MAX + 1];
	char name[ACCOUNT_NAME_MAX + 1];
	char roles[128];
	char locked_until[32]; /* ISO UTC, when ACCOUNT_LOCKED */
};

/* Check a sign-in: counts a wrong password against the account (the
 * ACCOUNT_FAILS_MAX-th locks it), clears the count on success; audited. */
enum account_check account_check(struct hdb *db, const char *login, const char *password,
                                 const char *client_addr, struct account *out, struct tally_err *e);

/* The account of login, for a sign-in vouched for by the hospital's
 * single sign-on (a trusted proxy's header): 0 with out filled, 1 when
 * there is no such account, -1 with e set. */
int account_find(struct hdb *db, const char *login, struct account *out, struct tally_err *e);

#endif
