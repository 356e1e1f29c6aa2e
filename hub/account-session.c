/*
 * account-session.c — the staff pages' sessions (see account-session.h).
 */
#include "hub/account-session.h"
#include "hub/hub-db.h"
#include "hub/hub-time.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

int session_token_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return 0;
	size_t na = strlen(a), nb = strlen(b);
	unsigned char d = na != nb || na == 0;
	for (size_t i = 0; i < na && i < nb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

int session_create(struct hdb *db, int64_t account_id, char token[TOKEN_HEX_LEN + 1],
                   char csrf[TOKEN_HEX_LEN + 1], struct tally_err *e)
{
	char hash[TOKEN_HEX_LEN + 1], now[32], until[32];
	if (token_new(token, e) != 0 || token_new(csrf, e) != 0)
		return e->status;
	token_hash(token, hash);
	long long ms = hub_time_ms();
	hub_time_format(ms, now);
	hub_time_format(ms + ACCOUNT_SESSION_S * 1000LL, until);
	struct hdb_stmt *st = NULL;
	/* Ended sessions go as new ones come. */
	int rc = hdb_prepare(db, "DELETE FROM web_session WHERE expires_at <= ?", &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, now);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	st = NULL;
	if (rc == HDB_DONE)
		rc = hdb_prepare(db,
		                 "INSERT INTO web_session(token_hash, account_id, csrf,"
		                 " created_at, expires_at) VALUES(?, ?, ?, ?, ?)",
		                 &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, hash);
		hdb_bind_int64(st, 2, account_id);
		hdb_bind_text(st, 3, csrf);
		hdb_bind_text(st, 4, now);
		hdb_bind_text(st, 5, until);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("starting a session"));
}

int session_find(struct hdb *db, const char *token, struct session *out, struct tally_err *e)
{
	memset(out, 0, sizeof(*out));
	if (token == NULL || strlen(token) != TOKEN_HEX_LEN)
		return 1;
	char hash[TOKEN_HEX_LEN + 1], now[32];
	token_hash(token, hash);
	hub_time_now(now, 0);
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT a.id, a.login, a.name, a.roles, s.csrf FROM web_session s"
	                     " JOIN account a ON a.id = s.account_id"
	                     " WHERE s.token_hash = ? AND s.expires_at > ?",
	                     &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, hash);
		hdb_bind_text(st, 2, now);
		rc = hdb_step(st);
	}
	if (rc == HDB_ROW) {
		out->who.id = hdb_column_int64(st, 0);
		snprintf(out->who.login, sizeof(out->who.login), "%s", hdb_column_text(st, 1));
		snprintf(out->who.name, sizeof(out->who.name), "%s", hdb_column_text(st, 2));
		snprintf(out->who.roles, sizeof(out->who.roles), "%s", hdb_column_text(st, 3));
		snprintf(out->csrf, sizeof(out->csrf), "%s", hdb_column_text(st, 4));
	}
	hdb_finalize(st);
	if (rc == HDB_ROW)
		return 0;
	if (rc == HDB_DONE)
		return 1;
	hub_db_fail(e, db, rc, _("reading a session"));
	return -1;
}

int session_end(struct hdb *db, const char *token, struct tally_err *e)
{
	char hash[TOKEN_HEX_LEN + 1];
	token_hash(token, hash);
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "DELETE FROM web_session WHERE token_hash = ?", &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, hash);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("ending a session"));
}
