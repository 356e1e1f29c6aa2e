/*
 * dispatch.c — tally-hub's global options (--db, --lang), help from the
 * commands' entries, opening the hub database an entry asks for, and
 * saying a failure once.  The handheld's counterpart is client/dispatch.c;
 * what both print comes from common/command.c.
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define PROG     "tally-hub"
#define MAN_PAGE "tally-hub(8)"

static const struct command_doc global_doc = {
	.name = PROG,
	.usage = N_("[--db FILE] [--lang nb|en] COMMAND [ARGS...]\n--help | --version"),
	.summary = N_("central server for tally handhelds"),
};

static const struct command_doc help_doc = {
	.name = "help",
	.usage = N_("help [COMMAND]"),
	.summary = N_("the commands, or one command's usage"),
};

struct hub_program {
	const struct hub_cmd_entry *const *commands;
	size_t n;
};

static void print_commands(FILE *out, const struct hub_program *p)
{
	command_print_usage(out, PROG, &global_doc);
	fprintf(out, "\n%s\n", _("commands:"));
	for (size_t i = 0; i < p->n; i++)
		command_print_list_line(out, &p->commands[i]->doc);
	command_print_list_line(out, &help_doc);
	fprintf(out, _("\n'tally-hub help COMMAND' or 'tally-hub COMMAND --help' shows one "
	               "command's usage.\nSee tally-hub(8) for details.\n"));
}

static const struct hub_cmd_entry *lookup(const struct hub_program *p, const char *name)
{
	size_t i = 0;
	while (i < p->n && strcmp(p->commands[i]->doc.name, name) != 0)
		i++;
	return i < p->n ? p->commands[i] : NULL;
}

static int unknown(const char *name)
{
	fprintf(stderr, _("tally-hub: '%s' is not a command; see 'tally-hub --help'\n"), name);
	return EX_USAGE;
}

int hub_cmd_prepare(struct hub_ctx *ctx, struct tally_err *e)
{
	if (!(ctx->entry->needs & HUB_NEEDS_DB) || ctx->db != NULL)
		return 0;
	ctx->db = hub_db_open(ctx->db_path, (ctx->entry->needs & HUB_CREATES_DB) != 0, e);
	return ctx->db != NULL ? 0 : e->status;
}

/* `tally-hub help [COMMAND]`. */
static int help(const struct hub_program *p, int argc, char **argv)
{
	if (command_asks_help(argc, argv)) {
		command_print_help(stdout, PROG, MAN_PAGE, &help_doc);
		return 0;
	}
	if (argc == 1) {
		print_commands(stdout, p);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		command_print_usage(stderr, PROG, &help_doc);
		return EX_USAGE;
	}
	const struct hub_cmd_entry *c = lookup(p, argv[1]);
	if (strcmp(argv[1], help_doc.name) == 0)
		command_print_help(stdout, PROG, MAN_PAGE, &help_doc);
	else if (c != NULL)
		command_print_help(stdout, PROG, MAN_PAGE, &c->doc);
	else
		return unknown(argv[1]);
	return 0;
}

int hub_cmd_dispatch(int argc, char **argv, const struct hub_cmd_entry *const *commands, size_t n)
{
	static const char *const valued[] = { "--db", NULL };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct hub_program p = { commands, n };
	struct hub_ctx ctx = { 0 };

	const char *lang = command_find_lang(argc, argv, valued);
	if (!command_lang_known(lang)) {
		i18n_init("en");
		fprintf(stderr, _("tally-hub: unknown language '%s': use nb or en\n"), lang);
		return EX_USAGE;
	}
	i18n_init(lang);

	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx.db_path = optarg;
			break;
		case 'l':
			break; /* found above, before anything was printed */
		case 'h':
			print_commands(stdout, &p);
			return 0;
		case 'V':
			printf("tally-hub %s\n", TALLY_VERSION);
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
		ctx.db_path = hub_db_default_path();

	char **sub = argv + optind;
	int subc = argc - optind;
	if (strcmp(sub[0], help_doc.name) == 0)
		return help(&p, subc, sub);
	ctx.entry = lookup(&p, sub[0]);
	if (ctx.entry == NULL)
		return unknown(sub[0]);
	if (command_asks_help(subc, sub)) {
		command_print_help(stdout, PROG, MAN_PAGE, &ctx.entry->doc);
		return 0;
	}
	struct tally_err e = { 0 };
	optind = 0; /* glibc: the command parses its own options afresh */
	int status = ctx.entry->run(&ctx, subc, sub, &e);
	sqlite3_close(ctx.db);
	if (status != 0) {
		e.status = status; /* the run's word counts, not a step it recovered from */
		command_print_error(PROG, &ctx.entry->doc, &e);
	}
	return status;
}
