/*
 * cmd-enroll-code.c — tally-hub enroll-code NAME [--scope LOCATION] [--url URL]
 * [--ttl HOURS]: a one-time code for enrolling one handheld into a scope
 * (hub/scope.h; none: the whole region), as text and as a QR code.
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "hub/hub-meta.h"
#include "hub/hub-time.h"
#include "hub/qr-term.h"
#include "hub/scope.h"
#include "hub/token.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 3986: everything but the unreserved characters percent-encoded. */
static char *percent_encode(const char *s)
{
	char *out = malloc(strlen(s) * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return out;
}

static int store_code(sqlite3 *db, const char *code, const char *name, const char *scope,
                      long hours, struct tally_err *e)
{
	char canon[ENROLL_CODE_LEN + 1], hash[TOKEN_HEX_LEN + 1], now[32], expires[32];
	enroll_code_normalize(code, canon);
	token_hash(canon, hash);
	long long ms = hub_time_ms();
	hub_time_format(ms, now);
	hub_time_format(ms + hours * 3600000LL, expires);
	sqlite3_stmt *st = NULL;
	int rc =
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO enroll_code(code_hash, name, created_at, expires_at,"
	                       " scope_id) VALUES(?, ?, ?, ?, ?)",
	                       -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, expires, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, scope, -1, SQLITE_STATIC); /* NULL: the region */
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : hub_db_fail(e, db, rc, _("storing the enrolment code"));
}

int hub_cmd_enroll_code(const char *db_path, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "ttl", required_argument, NULL, 't' },
		{ "scope", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *scope = NULL;
	long hours = 24;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		if (c == 'u')
			url = optarg;
		else if (c == 's' && *optarg != '\0' && strlen(optarg) <= 100)
			scope = optarg;
		else if (c == 't' && (hours = strtol(optarg, &end, 10)) > 0 && hours <= 24 * 365 &&
		         *end == '\0')
			continue;
		else
			goto usage;
	}
	if (optind + 1 != argc || strlen(argv[optind]) == 0 || strlen(argv[optind]) > 100)
		goto usage;
	const char *name = argv[optind];

	struct tally_err e = { 0 };
	sqlite3 *db = hub_db_open(db_path, 0, &e);
	if (db == NULL)
		goto fail;
	char *known = NULL;
	int exists = scope != NULL ? scope_location_exists(db, scope, &e) : 1;
	if (exists < 0)
		goto fail;
	if (!exists) {
		err_set(&e, EX_DATAERR,
		        _("there is no location '%s' to be the handheld's scope: import it first, "
		          "or leave out --scope for the whole region"),
		        scope);
		goto fail;
	}
	if (url != NULL) {
		if (hub_meta_set(db, "url", url, &e) != 0)
			goto fail;
	} else if ((known = hub_meta_get(db, "url", &e)) == NULL) {
		if (e.status == 0)
			err_set(&e, EX_CONFIG,
			        _("the hub does not know its own address yet: give --url "
			          "https://HOST:PORT (or start serve with --public-url)"));
		goto fail;
	}
	char code[ENROLL_CODE_LEN + 3];
	if (enroll_code_new(code, &e) != 0 || store_code(db, code, name, scope, hours, &e) != 0) {
		free(known);
		goto fail;
	}
	sqlite3_close(db);
	char *enc = percent_encode(url != NULL ? url : known);
	printf(_("Enrolment code for %s (valid %ld hours, once):\n\n    %s\n\n"), name, hours,
	       code);
	if (scope != NULL)
		printf(_("The handheld will hold what %s needs.\n\n"), scope);
	printf("tally://enroll?hub=%s&code=%s\n\n", enc, code);
	char *qr = malloc(strlen(enc) + 64);
	sprintf(qr, "tally://enroll?hub=%s&code=%s", enc, code);
	qr_term_print(stdout, qr, qr_term_utf8());
	free(qr);
	free(enc);
	free(known);
	return 0;
fail:
	fprintf(stderr, "tally-hub: %s\n", e.msg);
	sqlite3_close(db);
	return e.status;
usage:
	fprintf(stderr,
	        _("usage: tally-hub [--db FILE] enroll-code NAME [--scope LOCATION] [--url URL] "
	          "[--ttl HOURS]\n"));
	return EX_USAGE;
}
