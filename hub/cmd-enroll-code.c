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

static int store_code(struct hdb *db, const char *code, const char *name, const char *scope,
                      long hours, struct tally_err *e)
{
	char canon[ENROLL_CODE_LEN + 1], hash[TOKEN_HEX_LEN + 1], now[32], expires[32];
	enroll_code_normalize(code, canon);
	token_hash(canon, hash);
	long long ms = hub_time_ms();
	hub_time_format(ms, now);
	hub_time_format(ms + hours * 3600000LL, expires);
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "INSERT INTO enroll_code(code_hash, name, created_at, expires_at,"
	                     " scope_id) VALUES(?, ?, ?, ?, ?)",
	                     &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, hash);
		hdb_bind_text(st, 2, name);
		hdb_bind_text(st, 3, now);
		hdb_bind_text(st, 4, expires);
		hdb_bind_text(st, 5, scope); /* NULL: the region */
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("storing the enrolment code"));
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
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
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		char *end;
		if (c == 'u') {
			url = optarg;
		} else if (c == 's' && *optarg != '\0' && strlen(optarg) <= 100) {
			scope = optarg;
		} else if (c != 't') {
			return EX_USAGE;
		} else if ((hours = strtol(optarg, &end, 10)) <= 0 || hours > 24 * 365 ||
		           *end != '\0') {
			return err_set(e, EX_USAGE, _("--ttl takes whole hours, 1 to %d"),
			               24 * 365);
		}
	}
	if (optind + 1 != argc || strlen(argv[optind]) == 0 || strlen(argv[optind]) > 100)
		return EX_USAGE;
	const char *name = argv[optind];

	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	char *known = NULL;
	int exists = scope != NULL ? scope_location_exists(ctx->db, scope, e) : 1;
	if (exists < 0)
		return e->status;
	if (!exists)
		return err_set(e, EX_DATAERR,
		               _("there is no location '%s' to be the handheld's scope: import it "
		                 "first, or leave out --scope for the whole region"),
		               scope);
	if (url != NULL) {
		if (hub_meta_set(ctx->db, "url", url, e) != 0)
			return e->status;
	} else if ((known = hub_meta_get(ctx->db, "url", e)) == NULL) {
		if (e->status == 0)
			err_set(e, EX_CONFIG,
			        _("the hub does not know its own address yet: give --url "
			          "https://HOST:PORT (or start serve with --public-url)"));
		return e->status;
	}
	char code[ENROLL_CODE_LEN + 3];
	if (enroll_code_new(code, e) != 0 ||
	    store_code(ctx->db, code, name, scope, hours, e) != 0) {
		free(known);
		return e->status;
	}
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
}

const struct hub_cmd_entry hub_cmd_enroll_code_entry = {
	.doc = { "enroll-code", N_("enroll-code NAME [--scope LOCATION] [--url URL] [--ttl HOURS]"),
	         N_("a one-time enrolment code, as text and QR") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
