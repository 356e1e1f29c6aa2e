/*
 * account.c — the hub's accounts (see account.h).
 *
 * Passwords: yescrypt through libxcrypt, as the handhelds' PINs; checked
 * in constant time, and a login that does not exist costs the same hash,
 * so timing does not tell which logins exist.
 */
#include "hub/account.h"
#include "hub/account-audit.h"
#include "hub/hub-db.h"
#include "hub/hub-time.h"
#include "common/i18n.h"

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const roles_known[] = { "pharmacy", "warehouse", "drill-lead", "admin", NULL };

int account_has_role(const char *roles, const char *role)
{
	size_t n = strlen(role);
	for (const char *p = roles; p != NULL && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t len = strcspn(p, ", ");
		if (len == n && strncmp(p, role, n) == 0)
			return 1;
		p += len;
	}
	return 0;
}

int account_roles_valid(const char *roles)
{
	int any = 0;
	for (const char *p = roles; p != NULL && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t len = strcspn(p, ", ");
		if (len == 0)
			break;
		int known = 0;
		for (int i = 0; roles_known[i] != NULL; i++)
			known |=
			    strlen(roles_known[i]) == len && strncmp(p, roles_known[i], len) == 0;
		if (!known)
			return 0;
		any = 1;
		p += len;
	}
	return any;
}

static int login_valid(const char *login)
{
	size_t n = strlen(login);
	if (n == 0 || n > ACCOUNT_LOGIN_MAX)
		return 0;
	for (const char *c = login; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' ||
		      *c == '_' || *c == '-' || *c == '@'))
			return 0;
	return 1;
}

static int password_valid(const char *pw, struct tally_err *e)
{
	size_t n = strlen(pw);
	if (n < ACCOUNT_PASSWORD_MIN || n > ACCOUNT_PASSWORD_MAX)
		return err_set(e, EX_DATAERR,
		               _("a password needs %d to %d characters; this one has %zu"),
		               ACCOUNT_PASSWORD_MIN, ACCOUNT_PASSWORD_MAX, n);
	return 0;
}

/* yescrypt of pw into out (CRYPT_OUTPUT_SIZE), with setting, or a fresh
 * salt when setting is NULL.  0, or -1. */
static int hash_password(const char *pw, const char *setting, char *out)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	if (setting == NULL) {
		if (crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt)) == NULL)
			return -1;
		setting = salt;
	}
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	if (cd == NULL)
		return -1;
	const char *h = crypt_rn(pw, setting, cd, sizeof(*cd));
	int ok = h != NULL && h[0] != '*';
	if (ok)
		snprintf(out, CRYPT_OUTPUT_SIZE, "%s", h);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok ? 0 : -1;
}

static int same(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	unsigned char d = na != nb;
	for (size_t i = 0; i < na && i < nb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

static int step_done(struct hdb *db, struct hdb_stmt *st, const char *what, struct tally_err *e)
{
	int rc = hdb_step(st);
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, what);
}

int account_add(struct hdb *db, const char *login, const char *name, const char *roles,
                const char *password, const char *actor, struct tally_err *e)
{
	if (!login_valid(login))
		return err_set(e, EX_DATAERR,
		               _("a login is 1 to %d characters of a-z, 0-9 and . _ - @"),
		               ACCOUNT_LOGIN_MAX);
	if (name == NULL || *name == '\0' || strlen(name) > ACCOUNT_NAME_MAX)
		return err_set(e, EX_DATAERR, _("give the person's name (up to %d characters)"),
		               ACCOUNT_NAME_MAX);
	if (!account_roles_valid(roles))
		return err_set(e, EX_DATAERR, _("roles are one or more of: %s"), ACCOUNT_ROLES);
	if (password_valid(password, e) != 0)
		return e->status;
	char hash[CRYPT_OUTPUT_SIZE], now[32];
	if (hash_password(password, NULL, hash) != 0)
		return err_set(e, EX_SOFTWARE, _("cannot hash the password (libxcrypt)"));
	hub_time_now(now, 0);
	struct hdb_stmt *st = NULL;
	if (hub_db_begin(db, e) != 0)
		return e->status;
	int rc = hdb_prepare(db,
	                     "INSERT INTO account(login, name, password_hash, roles,"
	                     " created_at) VALUES(?, ?, ?, ?, ?)",
	                     &st);
	if (rc != HDB_OK) {
		hub_db_fail(e, db, rc, _("adding an account"));
		goto fail;
	}
	hdb_bind_text(st, 1, login);
	hdb_bind_text(st, 2, name);
	hdb_bind_text(st, 3, hash);
	hdb_bind_text(st, 4, roles);
	hdb_bind_text(st, 5, now);
	rc = hdb_step(st);
	hdb_finalize(st);
	if ((rc & 0xff) == HDB_CONSTRAINT) {
		err_set(e, EX_CANTCREAT, _("there is an account '%s' already"), login);
		goto fail;
	}
	if (rc != HDB_DONE) {
		hub_db_fail(e, db, rc, _("adding an account"));
		goto fail;
	}
	if (audit_log(db, actor, "account-add", login, roles, NULL, e) != 0 ||
	    hub_db_commit(db, e) != 0)
		goto fail;
	return 0;
fail:
	hdb_rollback(db);
	return e->status;
}

/* Run sql binding (?1 login, ?2 text) and count the rows changed. */
static int change_one(struct hdb *db, const char *sql, const char *login, const char *text,
                      const char *action, const char *actor, struct tally_err *e)
{
	if (hub_db_begin(db, e) != 0)
		return e->status;
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, sql, &st);
	if (rc != HDB_OK) {
		hub_db_fail(e, db, rc, _("changing an account"));
		goto fail;
	}
	hdb_bind_text(st, 1, login);
	if (text != NULL)
		hdb_bind_text(st, 2, text);
	if (step_done(db, st, _("changing an account"), e) != 0)
		goto fail;
	if (hdb_changes(db) == 0) {
		err_set(e, EX_NOUSER, _("there is no account '%s'"), login);
		goto fail;
	}
	if (audit_log(db, actor, action, login, NULL, NULL, e) != 0 || hub_db_commit(db, e) != 0)
		goto fail;
	return 0;
fail:
	hdb_rollback(db);
	return e->status;
}

int account_passwd(struct hdb *db, const char *login, const char *password, const char *actor,
                   struct tally_err *e)
{
	if (password_valid(password, e) != 0)
		return e->status;
	char hash[CRYPT_OUTPUT_SIZE];
	if (hash_password(password, NULL, hash) != 0)
		return err_set(e, EX_SOFTWARE, _("cannot hash the password (libxcrypt)"));
	/* A new password also lifts a lock and ends the sessions. */
	int rc = change_one(db,
	                    "UPDATE account SET password_hash = ?2, failed = 0, locked_until = NULL"
	                    " WHERE login = ?1",
	                    login, hash, "account-passwd", actor, e);
	if (rc == 0) {
		struct hdb_stmt *st = NULL;
		if (hdb_prepare(db,
		                "DELETE FROM web_session WHERE account_id ="
		                " (SELECT id FROM account WHERE login = ?)",
		                &st) == HDB_OK) {
			hdb_bind_text(st, 1, login);
			rc = step_done(db, st, _("ending the account's sessions"), e);
		} else {
			hdb_finalize(st);
		}
	}
	return rc;
}

int account_remove(struct hdb *db, const char *login, const char *actor, struct tally_err *e)
{
	return change_one(db, "DELETE FROM account WHERE login = ?1", login, NULL, "account-remove",
	                  actor, e);
}

enum account_check account_check(struct hdb *db, const char *login, const char *password,
                                 const char *client_addr, struct account *out, struct tally_err *e)
{
	memset(out, 0, sizeof(*out));
	char now[32], stored[CRYPT_OUTPUT_SIZE] = "", hash[CRYPT_OUTPUT_SIZE];
	hub_time_now(now, 0);
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT id, name, roles, password_hash, locked_until FROM"
	                     " account WHERE login = ?",
	                     &st);
	if (rc != HDB_OK) {
		hub_db_fail(e, db, rc, _("checking a sign-in"));
		return ACCOUNT_ERROR;
	}
	hdb_bind_text(st, 1, login);
	rc = hdb_step(st);
	if (rc == HDB_ROW) {
		out->id = hdb_column_int64(st, 0);
		snprintf(out->login, sizeof(out->login), "%s", login);
		snprintf(out->name, sizeof(out->name), "%s", hdb_column_text(st, 1));
		snprintf(out->roles, sizeof(out->roles), "%s", hdb_column_text(st, 2));
		snprintf(stored, sizeof(stored), "%s", hdb_column_text(st, 3));
		const char *lu = hdb_column_text(st, 4);
		if (lu != NULL)
			snprintf(out->locked_until, sizeof(out->locked_until), "%s", lu);
	}
	hdb_finalize(st);
	if (rc != HDB_ROW && rc != HDB_DONE) {
		hub_db_fail(e, db, rc, _("checking a sign-in"));
		return ACCOUNT_ERROR;
	}
	const char *audit_login = strlen(login) <= ACCOUNT_LOGIN_MAX ? login : "(too long)";
	if (out->id != 0 && out->locked_until[0] && strcmp(out->locked_until, now) > 0) {
		audit_log(db, audit_login, "signin-locked", audit_login, NULL, client_addr, e);
		return ACCOUNT_LOCKED;
	}
	/* The same work whether or not the login exists. */
	int ok = hash_password(password, out->id != 0 ? stored : NULL, hash) == 0 && out->id != 0 &&
	         same(hash, stored);
	if (ok) {
		if (hub_db_begin(db, e) != 0)
			return ACCOUNT_ERROR;
		rc = hdb_prepare(db,
		                 "UPDATE account SET failed = 0, locked_until = NULL"
		                 " WHERE id = ?",
		                 &st);
		if (rc == HDB_OK)
			hdb_bind_int64(st, 1, out->id);
		if (rc != HDB_OK ? hub_db_fail(e, db, rc, _("checking a sign-in"))
		                 : step_done(db, st, _("checking a sign-in"), e)) {
			hdb_rollback(db);
			return ACCOUNT_ERROR;
		}
		if (audit_log(db, login, "signin", login, NULL, client_addr, e) != 0 ||
		    hub_db_commit(db, e) != 0) {
			hdb_rollback(db);
			return ACCOUNT_ERROR;
		}
		out->locked_until[0] = '\0';
		return ACCOUNT_OK;
	}
	if (out->id == 0) {
		audit_log(db, audit_login, "signin-failed", audit_login, "no-such-login",
		          client_addr, e);
		memset(out, 0, sizeof(*out));
		return ACCOUNT_WRONG;
	}
	/* One more wrong password; the last allowed one locks the account. */
	char until[32];
	hub_time_format(hub_time_ms() + ACCOUNT_LOCK_S * 1000LL, until);
	int locked = 0;
	if (hub_db_begin(db, e) != 0)
		return ACCOUNT_ERROR;
	rc = hdb_prepare(db,
	                 "UPDATE account SET failed = failed + 1,"
	                 " locked_until = CASE WHEN failed + 1 >= ?2 THEN ?3 END"
	                 " WHERE id = ?1 RETURNING locked_until IS NOT NULL",
	                 &st);
	if (rc == HDB_OK) {
		hdb_bind_int64(st, 1, out->id);
		hdb_bind_int(st, 2, ACCOUNT_FAILS_MAX);
		hdb_bind_text(st, 3, until);
		rc = hdb_step(st);
		if (rc == HDB_ROW) {
			locked = hdb_column_int(st, 0);
			rc = hdb_step(st);
		}
	}
	hdb_finalize(st);
	if (locked) {
		/* The count starts again once the lock is over. */
		rc = hdb_prepare(db, "UPDATE account SET failed = 0 WHERE id = ?", &st);
		if (rc == HDB_OK) {
			hdb_bind_int64(st, 1, out->id);
			rc = hdb_step(st);
		}
		hdb_finalize(st);
	}
	if (rc != HDB_DONE ||
	    audit_log(db, login, locked ? "account-locked" : "signin-failed", login,
	              locked ? until : "wrong-password", client_addr, e) != 0 ||
	    hub_db_commit(db, e) != 0) {
		if (e->status == 0)
			hub_db_fail(e, db, rc, _("checking a sign-in"));
		hdb_rollback(db);
		return ACCOUNT_ERROR;
	}
	if (locked) {
		snprintf(out->locked_until, sizeof(out->locked_until), "%s", until);
		return ACCOUNT_LOCKED;
	}
	return ACCOUNT_WRONG;
}

int account_find(struct hdb *db, const char *login, struct account *out, struct tally_err *e)
{
	memset(out, 0, sizeof(*out));
	if (!login_valid(login))
		return 1;
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "SELECT id, name, roles FROM account WHERE login = ?", &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, login);
		rc = hdb_step(st);
	}
	if (rc == HDB_ROW) {
		out->id = hdb_column_int64(st, 0);
		snprintf(out->login, sizeof(out->login), "%s", login);
		snprintf(out->name, sizeof(out->name), "%s", hdb_column_text(st, 1));
		snprintf(out->roles, sizeof(out->roles), "%s", hdb_column_text(st, 2));
	}
	hdb_finalize(st);
	if (rc == HDB_ROW)
		return 0;
	if (rc == HDB_DONE)
		return 1;
	hub_db_fail(e, db, rc, _("checking a sign-in"));
	return -1;
}
