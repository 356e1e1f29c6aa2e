/*
 * main.c — global options, language, and dispatch to one command.
 */
#include "client/cmd.h"
#include "common/i18n.h"
#include "db/store.h"

#include <getopt.h>
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
	{ "count", cmd_count, N_("count LOCATION --user BADGE   plain stocktake (line mode)") },
	{ "decode", cmd_decode,
	  N_("decode [--json] [TEXT...] | --image FILE...  what a scan means") },
	{ "drill", cmd_drill,
	  N_("drill PLAN --user BADGE       emergency-stock drill (line mode)") },
	{ "enroll", cmd_enroll, N_("enroll URL CODE | QR-TEXT     join this handheld to a hub") },
	{ "import", cmd_import, N_("import FILE                  load master data from a file") },
	{ "login", cmd_login, N_("login BADGE | --hash-pin     sign in (PIN on stdin)") },
	{ "receive", cmd_receive, N_("receive [SSCC] --user BADGE   goods receipt (line mode)") },
	{ "report", cmd_report, N_("report SESSION|last [--json|--csv]  a session read back") },
	{ "round", cmd_round, N_("round LOCATION --user BADGE   restocking round (line mode)") },
	{ "sync", cmd_sync, N_("sync --once | --daemon        send records, fetch master data") },
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
	fprintf(out, _("usage: tally [--db FILE] [--config FILE] [--lang nb|en] [--json]\n"
	               "             [--scanner SPEC] COMMAND [ARGS...]\n\ncommands:\n"));
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

struct store *cmd_open_store(const struct tally_ctx *ctx, int *status)
{
	char buf[4096];
	struct tally_err e = { 0 };
	const char *path =
	    ctx->db_path != NULL ? ctx->db_path : store_default_path(buf, sizeof(buf));
	struct store *s = store_open(path, &e);
	if (s == NULL) {
		fprintf(stderr, "tally: %s\n", e.msg);
		*status = e.status;
	}
	return s;
}

/* The language must be known before any message is printed, so look ahead. */
static const char *find_lang(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--lang=", 7) == 0)
			return argv[i] + 7;
		if (argv[i][0] != '-')
			break;
		/* Step over the value of a global option that takes one. */
		if ((strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--config") == 0 ||
		     strcmp(argv[i], "--scanner") == 0) &&
		    i + 1 < argc)
			i++;
	}
	return getenv("TALLY_LANG");
}

int main(int argc, char **argv)
{
	struct tally_ctx ctx = { 0 };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "scanner", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};

	ctx.lang = find_lang(argc, argv);
	if (ctx.lang != NULL && strcmp(ctx.lang, "nb") != 0 && strcmp(ctx.lang, "en") != 0) {
		i18n_init("en");
		fprintf(stderr, _("tally: unknown language '%s': use nb or en\n"), ctx.lang);
		return EX_USAGE;
	}
	i18n_init(ctx.lang);

	int c;
	/* '+': stop at the command name; its options are its own. */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx.db_path = optarg;
			break;
		case 'c':
			ctx.config_path = optarg;
			break;
		case 'l':
			ctx.lang = optarg;
			break;
		case 'j':
			ctx.json = 1;
			break;
		case 's':
			ctx.scanner = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("tally %s\n", TALLY_VERSION);
			return 0;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	if (ctx.db_path == NULL)
		ctx.db_path = getenv("TALLY_DB");

	const char *name = argv[optind];
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name) == 0) {
			int first = optind;
			optind = 0; /* glibc: start getopt afresh for the command */
			return commands[i].run(&ctx, argc - first, argv + first);
		}
	}
	fprintf(stderr, _("tally: '%s' is not a command; see 'tally --help'\n"), name);
	return EX_USAGE;
}
