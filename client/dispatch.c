/*
 * dispatch.c — what the tally programs share: the global options, the
 * language, help, the set-up a command's entry asks for, and saying a
 * failure once.
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
#include "common/i18n.h"
#include "db/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define PROG     "tally"
#define MAN_PAGE "tally(1)"

static const struct command_doc global_doc = {
	.name = PROG,
	.usage = N_("[--db FILE] [--config FILE] [--lang nb|en] [--json] [--scanner SPEC] "
	            "COMMAND [ARGS...]\n--help | --version"),
	.summary = N_("record barcode scans on a handheld and sync them with the hub"),
};

static const struct command_doc help_doc = {
	.name = "help",
	.usage = N_("help [COMMAND]"),
	.summary = N_("the commands, or one command's usage"),
};

struct program {
	const struct cmd_entry *const *commands;
	size_t n;
};

static void print_list(FILE *out, const struct program *p)
{
	command_print_usage(out, PROG, &global_doc);
	fprintf(out, "\n%s\n", _("commands:"));
	for (size_t i = 0; i < p->n; i++)
		command_print_list_line(out, &p->commands[i]->doc);
	command_print_list_line(out, &help_doc);
	fprintf(out,
	        _("\n'tally help COMMAND' or 'tally COMMAND --help' shows one command's usage.\n"
	          "scanner SPEC: evdev:PATH | serial:PATH[@BAUD] | camera:DEV | file:PATH | "
	          "stdin\nSee tally(1) for details.\n"));
}

static const struct cmd_entry *find(const struct program *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->commands[i]->doc.name, name) == 0)
			return p->commands[i];
	return NULL;
}

static int not_a_command(const char *name)
{
	fprintf(stderr, _("tally: '%s' is not a command; see 'tally --help'\n"), name);
	return EX_USAGE;
}

int cmd_prepare(struct tally_ctx *ctx, struct tally_err *e)
{
	unsigned needs = ctx->entry->needs;
	if ((needs & CMD_NEEDS_CONFIG) && ctx->config == NULL) {
		ctx->config = config_load(ctx->config_path, e);
		if (ctx->config == NULL)
			return e->status;
	}
	if ((needs & CMD_NEEDS_STORE) && ctx->store == NULL) {
		char buf[4096];
		const char *path =
		    ctx->db_path != NULL ? ctx->db_path : store_default_path(buf, sizeof(buf));
		ctx->store = store_open(path, e);
		if (ctx->store == NULL)
			return e->status;
	}
	return 0;
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

/* `tally help [COMMAND]`. */
static int help(struct tally_ctx *ctx, const struct program *p, int argc, char **argv)
{
	if (command_asks_help(argc, argv)) {
		command_print_help(stdout, PROG, MAN_PAGE, &help_doc);
		return 0;
	}
	if (argc == 1) {
		print_list(stdout, p);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		command_print_usage(stderr, PROG, &help_doc);
		return EX_USAGE;
	}
	if (strcmp(argv[1], help_doc.name) == 0) {
		command_print_help(stdout, PROG, MAN_PAGE, &help_doc);
		return 0;
	}
	const struct cmd_entry *c = find(p, argv[1]);
	if (c == NULL)
		return not_a_command(argv[1]);
	if (c->needs & CMD_IN_TALLY_SYNC)
		return run(ctx, c, argc, argv); /* tally-sync answers */
	command_print_help(stdout, PROG, MAN_PAGE, &c->doc);
	return 0;
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
		{ NULL, 0, NULL, 0 },
	};
	const struct program p = { commands, n };
	struct tally_ctx ctx = { .argc = argc, .argv = argv };

	ctx.lang = command_find_lang(argc, argv, valued);
	if (!command_lang_known(ctx.lang)) {
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
			print_list(stdout, &p);
			return 0;
		case 'V':
			printf("tally %s\n", TALLY_VERSION);
			return 0;
		default:
			command_print_usage(stderr, PROG, &global_doc);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		command_print_usage(stderr, PROG, &global_doc);
		return EX_USAGE;
	}
	if (ctx.db_path == NULL)
		ctx.db_path = getenv("TALLY_DB");

	int first = optind;
	const char *name = argv[first];
	if (strcmp(name, help_doc.name) == 0)
		return help(&ctx, &p, argc - first, argv + first);
	const struct cmd_entry *cmd = find(&p, name);
	if (cmd == NULL)
		return not_a_command(name);
	if (!(cmd->needs & CMD_IN_TALLY_SYNC) && command_asks_help(argc - first, argv + first)) {
		command_print_help(stdout, PROG, MAN_PAGE, &cmd->doc);
		return 0;
	}
	return run(&ctx, cmd, argc - first, argv + first);
}
