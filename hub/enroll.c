/*
 * enroll.c — issuing enrolment codes (see enroll.h).  The same rows and
 * text as `tally-hub enroll-code` makes.
 */
#include "hub/enroll.h"
#include "hub/hub-db.h"
#include "hub/hub-meta.h"
#include "hub/hub-time.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 3986: all but the unreserved characters percent-encoded, into out
 * (size); -1 when it does not fit. */
static int percent_encode(const char *s, char *out, size_t size)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (o + 4 > size)
			return -1;
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, size - o, "%%%02X", *p);
	}
	out[o] = '\0';
	return 0;
}

int enroll_issue(struct hdb *db, const char *name, long hours, const char *url,
                 char code[ENROLL_CODE_LEN + 3], char text[ENROLL_TEXT_MAX], struct tally_err *e)
{
	if (name == NULL || *name == '\0' || strlen(name) > 100)
		return err_set(e, EX_DATAERR, _("give the handheld a name of 1 to 100 characters"));
	if (hours < 1 || hours > 24 * 365)
		return err_set(e, EX_DATAERR, _("a code is valid from 1 hour to a year"));
	char *known = url == NULL ? hub_meta_get(db, "url", e) : NULL;
	if (url == NULL && known == NULL) {
		if (e->status == 0)
			err_set(e, EX_CONFIG,
			        _("the hub does not know its own address yet: give --url "
			          "https://HOST:PORT (or start serve with --public-url)"));
		return e->status;
	}
	char enc[ENROLL_TEXT_MAX - 64];
	int fits = percent_encode(url != NULL ? url : known, enc, sizeof(enc)) == 0;
	free(known);
	if (!fits)
		return err_set(e, EX_DATAERR, _("the hub's address is too long"));
	char canon[ENROLL_CODE_LEN + 1], hash[TOKEN_HEX_LEN + 1], now[32], expires[32];
	if (enroll_code_new(code, e) != 0)
		return e->status;
	enroll_code_normalize(code, canon);
	token_hash(canon, hash);
	long long ms = hub_time_ms();
	hub_time_format(ms, now);
	hub_time_format(ms + hours * 3600000LL, expires);
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "INSERT INTO enroll_code(code_hash, name, created_at, expires_at)"
	                     " VALUES(?, ?, ?, ?)",
	                     &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, hash);
		hdb_bind_text(st, 2, name);
		hdb_bind_text(st, 3, now);
		hdb_bind_text(st, 4, expires);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("storing the enrolment code"));
	snprintf(text, ENROLL_TEXT_MAX, "tally://enroll?hub=%s&code=%s", enc, code);
	return 0;
}
