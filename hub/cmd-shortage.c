/*
 * cmd-shortage.c — `tally-hub shortage add|end|list`: the pharmacy's
 * shortage notices (hub/shortage.h), which every handheld pulls.
 *
 *   shortage add ARTICLE --status upcoming|ongoing|ended --message TEXT
 *                --alternative ARTICLE[=NOTE] ... [--from DATE] [--to DATE]
 *   shortage end ARTICLE [--to DATE]
 *   shortage list [--all] [--json]
 */
#include "hub/hub-cmd.h"
#include "hub/shortage.h"
#include "common/i18n.h"

#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ARTICLE=NOTE: the note split off in place. */
/* "cli:USER", who ran the command, for the audit log. */
static void cli_actor(char *out, size_t size)
{
	struct passwd *pw = getpwuid(getuid());
	snprintf(out, size, "cli:%s", pw != NULL ? pw->pw_name : "?");
}

static void split_note(char *arg, struct shortage_alternative *a)
{
	char *eq = strchr(arg, '=');
	a->article_id = arg;
	a->note = NULL;
	if (eq != NULL) {
		*eq = '\0';
		a->note = eq[1] ? eq + 1 : NULL;
	}
}

static int add(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "alternative", required_argument, NULL, 'a' },
		{ "message", required_argument, NULL, 'm' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct shortage_notice n = { 0 };
	int c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		switch (c) {
		case 's':
			n.status = optarg;
			break;
		case 'a':
			if (n.n_alt == SHORTAGE_MAX_ALTERNATIVES)
				return err_set(e, EX_USAGE,
				               _("at most %d alternatives to a notice"),
				               SHORTAGE_MAX_ALTERNATIVES);
			split_note(optarg, &n.alt[n.n_alt++]);
			break;
		case 'm':
			n.message = optarg;
			break;
		case 'f':
			n.from_date = optarg;
			break;
		case 't':
			n.to_date = optarg;
			break;
		default:
			return EX_USAGE;
		}
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	n.article_id = argv[optind];
	if (n.status == NULL || n.message == NULL)
		return err_set(e, EX_USAGE,
		               _("a shortage notice needs --status (upcoming, ongoing or ended) "
		                 "and --message"));
	if (strlen(n.message) > 1000)
		return err_set(e, EX_USAGE, _("--message is too long: at most 1000 characters"));
	char actor[96];
	cli_actor(actor, sizeof(actor));
	if (hub_cmd_prepare(ctx, e) != 0 || shortage_put(ctx->db, &n, actor, NULL, e) != 0)
		return e->status;
	printf(_("shortage notice for %s: %s, %zu alternatives; handhelds get it at their next "
	         "sync\n"),
	       n.article_id, n.status, n.n_alt);
	return 0;
}

static int end(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *to = NULL;
	int c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c != 't')
			return EX_USAGE;
		to = optarg;
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	char actor[96];
	cli_actor(actor, sizeof(actor));
	if (hub_cmd_prepare(ctx, e) != 0 ||
	    shortage_end(ctx->db, argv[optind], to, actor, NULL, e) != 0)
		return e->status;
	printf(_("shortage notice for %s ended\n"), argv[optind]);
	return 0;
}

static const char *status_words(const char *s)
{
	if (s != NULL && strcmp(s, SHORTAGE_ONGOING) == 0)
		return _("ongoing");
	if (s != NULL && strcmp(s, SHORTAGE_UPCOMING) == 0)
		return _("upcoming");
	return _("ended");
}

static int list(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int all = 0, json = 0, c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 'a')
			all = 1;
		else if (c == 'j')
			json = 1;
		else
			return EX_USAGE;
	}
	if (optind != argc)
		return EX_USAGE;
	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	json_t *l = shortage_list(ctx->db, all, e);
	if (l == NULL)
		return e->status;
	if (json) {
		json_dumpf(l, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else if (json_array_size(l) == 0) {
		printf("%s\n", _("No shortage notices."));
	}
	size_t i, k;
	json_t *n, *a;
	json_array_foreach(json ? NULL : l, i, n)
	{
		const char *name = json_string_value(json_object_get(n, "article_name"));
		const char *from = json_string_value(json_object_get(n, "from_date"));
		const char *to = json_string_value(json_object_get(n, "to_date"));
		printf(_("%s (%s): %s, from %s to %s\n  %s\n"),
		       name ? name : json_string_value(json_object_get(n, "article_id")),
		       json_string_value(json_object_get(n, "article_id")),
		       status_words(json_string_value(json_object_get(n, "status"))),
		       from ? from : "-", to ? to : "-",
		       json_string_value(json_object_get(n, "message")));
		json_array_foreach(json_object_get(n, "alternatives"), k, a)
		{
			const char *an = json_string_value(json_object_get(a, "article_name"));
			const char *note = json_string_value(json_object_get(a, "note"));
			printf(_("  alternative: %s (%s)%s%s\n"),
			       an ? an : json_string_value(json_object_get(a, "article_id")),
			       json_string_value(json_object_get(a, "article_id")),
			       note ? ": " : "", note ? note : "");
		}
	}
	json_decref(l);
	return 0;
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	if (argc < 2)
		return EX_USAGE;
	const char *what = argv[1];
	/* The subcommand's own options start after it. */
	argc--;
	argv++;
	if (strcmp(what, "add") == 0)
		return add(ctx, argc, argv, e);
	if (strcmp(what, "end") == 0)
		return end(ctx, argc, argv, e);
	if (strcmp(what, "list") == 0)
		return list(ctx, argc, argv, e);
	return err_set(e, EX_USAGE, _("'%s': use shortage add, end or list"), what);
}

const struct hub_cmd_entry hub_cmd_shortage_entry = {
	.doc = { "shortage",
	         N_("shortage add ARTICLE --status upcoming|ongoing|ended --message TEXT "
	            "[--alternative ARTICLE[=NOTE]]... [--from DATE] [--to DATE]\n"
	            "shortage end ARTICLE [--to DATE]\n"
	            "shortage list [--all] [--json]"),
	         N_("shortage notices: register, end, list (handhelds get them at sync)") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
