/*
 * cmd-report.c — `tally report SESSION|last [--json|--csv]`: a session read
 * back from this handheld's records, with or without network.
 */
#include "client/cmd.h"
#include "jobs/session-report.h"
#include "common/i18n.h"
#include "common/local-time.h"
#include "db/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

/* One CSV field, quoted when it must be (RFC 4180). */
static void csv_field(const char *s, int last)
{
	s = s ? s : "";
	if (strpbrk(s, ",\"\n\r") != NULL) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else {
		fputs(s, stdout);
	}
	putchar(last ? '\n' : ',');
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
		                              { "csv", no_argument, NULL, 'c' },
		                              { NULL, 0, NULL, 0 } };
	int c, json = ctx->json, csv = 0;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 'j')
			json = 1;
		else if (c == 'c')
			csv = 1;
		else
			return EX_USAGE;
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	json_t *rep;
	if (report_session(ctx->store, argv[optind], &rep, e) != 0)
		return e->status;
	json_t *recs = json_object_get(rep, "records");
	size_t i;
	json_t *r;
	if (json) {
		char *t = json_dumps(rep, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
	} else if (csv) {
		puts("seq,device_time,kind,location_id,article_id,qty,batch,expiry,code");
		json_array_foreach(recs, i, r)
		{
			char seq[32], qty[32];
			snprintf(seq, sizeof(seq), "%lld",
			         (long long)json_integer_value(json_object_get(r, "seq")));
			snprintf(qty, sizeof(qty), "%lld",
			         (long long)json_integer_value(json_object_get(r, "qty")));
			csv_field(seq, 0);
			csv_field(str(r, "device_time"), 0);
			csv_field(str(r, "kind"), 0);
			csv_field(str(r, "location_id"), 0);
			csv_field(str(r, "article_id"), 0);
			csv_field(qty, 0);
			csv_field(str(r, "batch"), 0);
			csv_field(str(r, "expiry"), 0);
			csv_field(str(r, "code"), 1);
		}
	} else {
		printf(_("session %s: %s by %s at %s\n"), str(rep, "session"),
		       str(rep, "job") ? str(rep, "job") : "?",
		       str(rep, "user") ? str(rep, "user") : "?",
		       str(rep, "location") ? str(rep, "location") : "-");
		char started[64], ended[64];
		local_time_full_utc(str(rep, "started"), started, sizeof(started));
		if (str(rep, "ended") != NULL)
			local_time_full_utc(str(rep, "ended"), ended, sizeof(ended));
		else
			snprintf(ended, sizeof(ended), "%s", _("(not ended)"));
		printf(_("started %s, ended %s\n"), started, ended); /* local time */
		const char *kind;
		json_t *n;
		json_object_foreach(json_object_get(rep, "counts"), kind, n)
		{
			printf("  %-14s %lld\n", kind, (long long)json_integer_value(n));
		}
		json_t *sum = json_object_get(rep, "summary");
		if (json_is_object(sum)) {
			char *t = json_dumps(sum, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			printf(_("summary: %s\n"), t);
			free(t);
		}
	}
	json_decref(rep);
	return 0;
}

const struct cmd_entry cmd_report_entry = {
	.doc = { "report", N_("report SESSION|last [--json|--csv]"), N_("a session read back") },
	.needs = CMD_NEEDS_STORE,
	.run = run,
};
