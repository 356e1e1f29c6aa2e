/*
 * dispatch.c — tally-hub's global options (--db, --lang, --timezone: the
 * zone every report and page shows its times in), opening the hub
 * database an entry asks for, and saying a failure once; help comes from
 * the entries (common/command.c), as for the handheld (client/dispatch.c).
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "common/i18n.h"
#include "common/local-time.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define PROG "tally-hub"

static const struct command_doc synopsis = {
	.name = PROG,
	.usage = N_("[--db FILE] [--lang nb|en] [--timezone ZONE] COMMAND [ARGS...]\n"
	            "--help | --version"),
	.summary = N_("central server for tally handhelds"),
};

static const struct command_doc *entry_doc(const struct command_set *set, size_t i)
{
	const struct hub_cmd_entry *const *entries = set->entries;
	return &entries[i]->doc;
}

int hub_cmd_prepare(struct hub_ctx *ctx, struct tally_err *e)
{
	if (!(ctx->entry->needs & HUB_NEEDS_DB) || ctx->db != NULL)
		return 0;
	ctx->db = hub_db_open(ctx->db_path, (ctx->entry->needs & HUB_CREATES_DB) != 0, e);
	return ctx->db != NULL ? 0 : e->status;
}

/* The command's run, then the database closed and a failure said. */
static int run(struct hub_ctx *ctx, int argc, char **argv)
{
	struct tally_err e = { 0 };
	optind = 0; /* glibc: the command parses its own options afresh */
	int status = ctx->entry->run(ctx, argc, argv, &e);
	hdb_close(ctx->db);
	ctx->db = NULL;
	if (status != 0) {
		e.status = status; /* the run's word counts, not a step it recovered from */
		command_print_error(PROG, &ctx->entry->doc, &e);
	}
	return status;
}

int hub_cmd_dispatch(int argc, char **argv, const struct hub_cmd_entry *const *commands, size_t n)
{
	static const char *const valued[] = { "--db", "--timezone", NULL };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "timezone", required_argument, NULL, 'z' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command_set set = {
		.prog = PROG,
		.man_page = "tally-hub(8)",
		.synopsis = &synopsis,
		.entries = commands,
		.n = n,
		.doc = entry_doc,
	};
	struct hub_ctx ctx = { 0 };

	const char *lang = command_find_lang(argc, argv, valued);
	if (!command_lang_known(lang)) {
		i18n_init_domain(I18N_HUB_DOMAIN, "en");
		fprintf(stderr, _("tally-hub: unknown language '%s': use nb or en\n"), lang);
		return EX_USAGE;
	}
	i18n_init_domain(I18N_HUB_DOMAIN, lang);

	struct tally_err e = { 0 };
	const char *zone = getenv("TZ");
	int c;
	while ((c = command_getopt_global(argc, argv, opts, &e)) != -1) {
		if (c == 'd') {
			ctx.db_path = optarg;
		} else if (c == 'z') {
			zone = optarg;
		} else if (c == 'h') {
			command_print_list(stdout, &set);
			return 0;
		} else if (c == 'V') {
			printf("tally-hub %s\n", TALLY_VERSION);
			return 0;
		} else if (c != 'l') { /* --lang was taken above, before anything was printed */
			command_print_error(PROG, &synopsis, &e);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		command_print_usage(stderr, PROG, &synopsis);
		return EX_USAGE;
	}
	if (ctx.db_path == NULL)
		ctx.db_path = hub_db_default_path();
	/* Local time for the people who read the reports and pages:
	 * --timezone, else $TZ, else Europe/Oslo (as the handheld's [ui]
	 * timezone).  A name the system does not know would be UTC unsaid. */
	if (zone != NULL && zone[0] != '\0' && !local_time_zone_known(zone)) {
		fprintf(stderr,
		        _("tally-hub: unknown time zone '%s': give a name such as Europe/Oslo "
		          "(timedatectl list-timezones lists them)\n"),
		        zone);
		return EX_USAGE;
	}
	local_time_zone(zone);

	size_t i;
	int status = command_front(&set, argc - optind, argv + optind, &i);
	if (status >= 0)
		return status;
	ctx.entry = commands[i];
	return run(&ctx, argc - optind, argv + optind);
}
