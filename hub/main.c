/*
 * main.c — tally-hub: global options and dispatch to one command.
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

/* One entry per command, git builtin style: hub/cmd-NAME.c. */
static const struct {
	const char *name;
	int (*run)(const char *db_path, int argc, char **argv);
} commands[] = {
	{ "init", hub_cmd_init },
	{ "import", hub_cmd_import },
	{ "enroll-code", hub_cmd_enroll_code },
	{ "serve", hub_cmd_serve },
	{ "report", hub_cmd_report },
	{ "scope", hub_cmd_scope },
};

static void usage(FILE *out)
{
	fprintf(out, _("usage: tally-hub [--db FILE] COMMAND [ARGS...]\n"
	               "  init                       create the hub database\n"
	               "  import FILE [--table NAME] master data from JSON or CSV\n"
	               "  enroll-code NAME [--scope LOCATION] [--url URL] [--ttl HOURS]\n"
	               "                             a one-time enrolment code, as text and QR\n"
	               "  scope [DEVICE LOCATION|--region] [--circle hospital|trust|region]\n"
	               "                             devices' scopes; move one\n"
	               "  serve --listen ADDR:PORT [--tls-cert F --tls-key F] [--threads N]\n"
	               "        [--public-url URL]   answer the handhelds\n"
	               "  report stock|refill|drill|variance|antidotes [--json|--csv]\n"
	               "See tally-hub(8) for details.\n"));
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_path = NULL;
	int c;

	i18n_init(getenv("TALLY_LANG"));
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("tally-hub %s\n", TALLY_VERSION);
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
	if (db_path == NULL)
		db_path = hub_db_default_path();
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, argv[optind]) == 0) {
			char **sub = argv + optind;
			int subc = argc - optind;
			optind = 0; /* the command parses its own options afresh */
			return commands[i].run(db_path, subc, sub);
		}
	fprintf(stderr, _("tally-hub: '%s' is not a command; see 'tally-hub --help'\n"),
	        argv[optind]);
	return EX_USAGE;
}
