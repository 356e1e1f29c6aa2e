/*
 * main.c — global options, language, and dispatch to one command.
 */
#include "client/cmd.h"
#include "common/i18n.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static int cmd_help(struct tally_ctx *ctx, int argc, char **argv);

/* Keep in the order of tally(1). */
static const struct tally_cmd commands[] = {
	{ "antidotes", cmd_antidotes,
	  N_("antidotes [--json]           where the antidotes are, offline") },
	{ "calc", cmd_calc,
	  N_("calc --dose D --strength S --units U --patients P --days N  emergency stock") },
	{ "consume", cmd_consume,
	  N_("consume LOCATION --user BADGE packs used, wasted or lent (line mode)") },
	{ "count", cmd_count,
	  N_("count LOCATION --user BADGE   count stock at a place (line mode)") },
	{ "decode", cmd_decode,
	  N_("decode [--json] [TEXT...] | --image FILE...  what a scan means") },
	{ "drill", cmd_drill,
	  N_("drill PLAN --user BADGE       emergency-stock drill (line mode)") },
	{ "enroll", cmd_exec_sync,
	  N_("enroll URL CODE | QR-TEXT     join this handheld to a hub") },
	{ "import", cmd_import, N_("import FILE                  load master data from a file") },
	{ "login", cmd_login, N_("login BADGE | --hash-pin     sign in (PIN on stdin)") },
	{ "receive", cmd_receive, N_("receive [SSCC] --user BADGE   goods receipt (line mode)") },
	{ "report", cmd_report, N_("report SESSION|last [--json|--csv]  a session read back") },
	{ "round", cmd_round, N_("round LOCATION --user BADGE   restocking round (line mode)") },
	{ "sync", cmd_exec_sync,
	  N_("sync --once | --daemon        send records, fetch master data") },
	{ "status", cmd_status,
	  N_("status [--json]              the store, records waiting to sync") },
	{ "scan", cmd_scan,
	  N_("scan --scanner SPEC [--json] show each scan as it arrives (scanner check)") },
	{ "ui", cmd_ui, N_("ui [--scanner SPEC]           the full-screen handheld UI") },
	{ "where", cmd_where,
	  N_("where ARTICLE|CODE            which wards hold it: where to borrow") },
	{ "help", cmd_help, N_("help                         this list") },
};

static void usage(FILE *out)
{
	fprintf(out, _("usage: tally [--db FILE [--create]] [--config FILE] [--lang nb|en]\n"
	               "             [--json] [--scanner SPEC] COMMAND [ARGS...]\n\ncommands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %s\n", _(commands[i].synopsis));
	fprintf(out, _("\nscanner SPEC: evdev:PATH | serial:PATH[@BAUD] | camera:DEV | file:PATH | "
	               "stdin\nSee tally(1) for details.\n"));
}

static int cmd_help(struct tally_ctx *ctx, int argc, char **argv)
{
	usage(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	return tally_dispatch(argc, argv, commands, sizeof(commands) / sizeof(commands[0]), usage);
}
