/*
 * dispatch.c — what the tally programs share: the global options, the
 * language, opening the store, and finding the command.
 *
 * There are two programs, as git keeps git-remote-https apart: `tally`
 * itself, and `tally-sync`, the one that links libcurl (and with it TLS,
 * HTTP/2, ...).  Keeping those libraries out of `tally` makes every scan
 * command start in a few milliseconds and a few MiB on a small handheld;
 * `tally enroll` and `tally sync` exec tally-sync (client/exec-sync.c).
 */
#include "client/cmd.h"
#include "common/i18n.h"
#include "db/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

struct store *cmd_open_store(const struct tally_ctx *ctx, int *status)
{
	struct tally_err e = { 0 };
	struct store *s = store_open_for(ctx->db_path, ctx->config_path, ctx->create, &e);
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

int tally_dispatch(int argc, char **argv, const struct tally_cmd *commands, size_t n,
                   void (*usage)(FILE *out))
{
	struct tally_ctx ctx = { .argc = argc, .argv = argv };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "scanner", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "create", no_argument, NULL, 'C' },
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
		case 'C':
			ctx.create = 1;
			break;
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
	for (size_t i = 0; i < n; i++) {
		if (strcmp(commands[i].name, name) == 0) {
			int first = optind;
			optind = 0; /* glibc: start getopt afresh for the command */
			return commands[i].run(&ctx, argc - first, argv + first);
		}
	}
	fprintf(stderr, _("tally: '%s' is not a command; see 'tally --help'\n"), name);
	return EX_USAGE;
}
