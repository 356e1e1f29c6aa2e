/*
 * main.c — tally-hub: global options and dispatch to one command.
 */
#include "sync/hub/hub-cmd.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static void usage(FILE *out)
{
	fprintf(out, _("usage: tally-hub [--db FILE] COMMAND [ARGS...]\n"
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
	if (strcmp(argv[optind], "report") == 0)
		return hub_cmd_report(db_path, argc - optind, argv + optind);
	fprintf(stderr, _("tally-hub: '%s' is not a command; see 'tally-hub --help'\n"),
		argv[optind]);
	return EX_USAGE;
}
