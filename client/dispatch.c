/*
 * dispatch.c — what the tally programs share: the global options, the
 * language, the set-up a command's entry asks for, and saying a failure
 * once; help comes from the entries (common/command.c).
 *
 * There are two programs, as git keeps git-remote-https apart: `tally`
 * itself, and `tally-sync`, the one that links libcurl (and with it TLS,
 * HTTP/2, ...).  Keeping those libraries out of `tally` makes every scan
 * command start in a few milliseconds and a few MiB on a small handheld;
 * `tally enroll` and `tally sync` exec tally-sync (client/exec-sync.c),
 * help included.  Both speak as "tally".
 */
#include "client/cmd.h"
#include "common/config.h"
#include "common/local-time.h"
#include "common/i18n.h"
#include "db/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define PROG "tally"

static const struct command_doc synopsis = {
	.name = PROG,
	.usage =
	    N_("[--db FILE [--create]] [--config FILE] [--lang nb|en] [--json] [--scanner SPEC] "
	       "COMMAND [ARGS...]\n--help | --version"),
	.summary = N_("record barcode scans on a handheld and sync them with the hub"),
};

static const struct command_doc *entry_doc(const struct command_set *set, size_t i)
{
	const struct cmd_entry *const *entries = set->entries;
	return &entries[i]->doc;
}

int cmd_prepare_config(struct tally_ctx *ctx, struct tally_err *e)
{
	if (ctx->config == NULL) {
		ctx->config = config_load(ctx->config_path, e);
		/* Times shown to staff are local: the device's zone. */
		if (ctx->config != NULL)
			local_time_zone(config_get(ctx->config, "ui", "timezone", NULL));
	}
	return ctx->config != NULL ? 0 : e->status;
}

int cmd_prepare(struct tally_ctx *ctx, struct tally_err *e)
{
	unsigned needs = ctx->entry->needs;
	if ((needs & CMD_NEEDS_CONFIG) && cmd_prepare_config(ctx, e) != 0)
		return e->status;
	if ((needs & CMD_NEEDS_STORE) && ctx->store == NULL) {
		/* --db names a store made only with --create; the default one
		 * (tally.conf [store] path) is made on first use. */
		ctx->store = store_open_for(ctx->db_path, ctx->config_path, ctx->create, e);
		if (ctx->store == NULL)
			return e->status;
		/* What became of a scan whose outcome was not known. */
		if (store_notice(ctx->store) != NULL)
			fprintf(stderr, PROG ": %s\n", store_notice(ctx->store));
	}
	return 0;
}

int cmd_json_only(const struct tally_ctx *ctx, int argc, char **argv, int *json,
                  struct tally_err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
		                              { NULL, 0, NULL, 0 } };
	int c;
	*json = ctx->json;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c != 'j')
			return EX_USAGE;
		*json = 1;
	}
	return optind == argc ? 0 : EX_USAGE;
}

void cmd_warn(const struct tally_err *e)
{
	fprintf(stderr, PROG ": %s\n", e->msg);
}

/* Run one command, then undo its set-up and say its failure. */
static int run(struct tally_ctx *ctx, const struct cmd_entry *c, int argc, char **argv)
{
	struct tally_err e = { 0 };
	ctx->entry = c;
	optind = 0; /* glibc: start getopt afresh for the command */
	int status = c->run(ctx, argc, argv, &e);
	store_close(ctx->store);
	config_free(ctx->config);
	ctx->store = NULL;
	ctx->config = NULL;
	if (status != 0) {
		e.status = status; /* the run's word counts, not a step it recovered from */
		command_print_error(PROG, &c->doc, &e);
	}
	return status;
}

int cmd_dispatch(int argc, char **argv, const struct cmd_entry *const *commands, size_t n)
{
	static const char *const valued[] = { "--db", "--config", "--scanner", NULL };
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
	const struct command_set set = {
		.prog = PROG,
		.man_page = "tally(1)",
		.synopsis = &synopsis,
		.more =
		    N_("scanner SPEC: evdev:PATH | serial:PATH[@BAUD] | camera:DEV | file:PATH | "
		       "stdin\n"),
		.entries = commands,
		.n = n,
		.doc = entry_doc,
	};
	struct tally_ctx ctx = { .argc = argc, .argv = argv };

	ctx.lang = command_find_lang(argc, argv, valued);
	if (!command_lang_known(ctx.lang)) {
		i18n_init("en");
		fprintf(stderr, _("tally: unknown language '%s': use nb or en\n"), ctx.lang);
		return EX_USAGE;
	}
	i18n_init(ctx.lang);

	struct tally_err e = { 0 };
	int c;
	/* Global options stop at the command name; its options are its own. */
	while ((c = command_getopt_global(argc, argv, opts, &e)) != -1) {
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
			command_print_list(stdout, &set);
			return 0;
		case 'C':
			ctx.create = 1;
			break;
		case 'V':
			printf("tally %s\n", TALLY_VERSION);
			return 0;
		default:
			command_print_error(PROG, &synopsis, &e);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		command_print_usage(stderr, PROG, &synopsis);
		return EX_USAGE;
	}
	if (ctx.db_path == NULL)
		ctx.db_path = getenv("TALLY_DB");

	size_t i;
	int first = optind;
	int status = command_front(&set, argc - first, argv + first, &i);
	return status >= 0 ? status : run(&ctx, commands[i], argc - first, argv + first);
}
