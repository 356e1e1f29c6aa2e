#include "common/command.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const struct command_doc help_doc = {
	.name = "help",
	.usage = N_("help [COMMAND]"),
	.summary = N_("the commands, or one command's usage"),
};

void command_print_usage(FILE *out, const char *prog, const struct command_doc *d)
{
	const char *form = _(d->usage);
	/* TRANSLATORS: the start of a usage line, before "tally round ..."; the
	 * following lines are indented to match its length in the original. */
	const char *lead = _("usage:");
	int width = (int)strlen(lead);
	for (int first = 1; *form != '\0'; first = 0) {
		size_t n = strcspn(form, "\n");
		fprintf(out, "%-*s %s %.*s\n", width, first ? lead : "", prog, (int)n, form);
		form += n + (form[n] == '\n');
	}
}

void command_print_help(FILE *out, const char *prog, const char *man_page,
                        const struct command_doc *d)
{
	command_print_usage(out, prog, d);
	fprintf(out, "\n%s\n", _(d->summary));
	fprintf(out, _("See %s for details.\n"), man_page);
}

void command_print_list_line(FILE *out, const struct command_doc *d)
{
	fprintf(out, "  %-12s %s\n", d->name, _(d->summary));
}

static int quiet_getopt(int argc, char **argv, const char *shortopts, const struct option *opts,
                        struct tally_err *e)
{
	opterr = 0;
	int c = getopt_long(argc, argv, shortopts, opts, NULL);
	if (c != '?' && c != ':')
		return c;
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	if (c == ':')
		err_set(e, EX_USAGE, _("option '%s' needs a value"), arg);
	else if (optopt != 0)
		err_set(e, EX_USAGE, _("unknown option '-%c'"), optopt);
	else
		err_set(e, EX_USAGE, _("unknown option '%s'"), arg);
	return '?';
}

int command_getopt(int argc, char **argv, const struct option *opts, struct tally_err *e)
{
	return quiet_getopt(argc, argv, ":", opts, e);
}

int command_getopt_global(int argc, char **argv, const struct option *opts, struct tally_err *e)
{
	return quiet_getopt(argc, argv, "+:h", opts, e);
}

int command_asks_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

void command_print_error(const char *prog, const struct command_doc *d, const struct tally_err *e)
{
	if (e->status != 0 && e->msg[0] != '\0')
		fprintf(stderr, "%s: %s\n", prog, e->msg);
	if (e->status == EX_USAGE && d != NULL)
		command_print_usage(stderr, prog, d);
}

const char *command_find_lang(int argc, char **argv, const char *const *valued)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--lang=", 7) == 0)
			return argv[i] + 7;
		if (argv[i][0] != '-')
			break;
		/* Step over the value of a global option that takes one. */
		for (const char *const *v = valued; *v != NULL; v++)
			if (strcmp(argv[i], *v) == 0 && i + 1 < argc) {
				i++;
				break;
			}
	}
	return getenv("TALLY_LANG");
}

int command_lang_known(const char *lang)
{
	return lang == NULL || strcmp(lang, "nb") == 0 || strcmp(lang, "en") == 0;
}

void command_print_list(FILE *out, const struct command_set *set)
{
	command_print_usage(out, set->prog, set->synopsis);
	fprintf(out, "\n%s\n", _("commands:"));
	for (size_t i = 0; i < set->n; i++)
		command_print_list_line(out, set->doc(set, i));
	command_print_list_line(out, &help_doc);
	fputc('\n', out);
	fprintf(out, _("'%s help COMMAND' or '%s COMMAND --help' shows one command's usage.\n"),
	        set->prog, set->prog);
	if (set->more != NULL)
		fputs(_(set->more), out);
	fprintf(out, _("See %s for details.\n"), set->man_page);
}

static int find(const struct command_set *set, const char *name, size_t *index)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->doc(set, i)->name, name) == 0) {
			*index = i;
			return 0;
		}
	fprintf(stderr, _("%s: '%s' is not a command; see '%s --help'\n"), set->prog, name,
	        set->prog);
	command_print_usage(stderr, set->prog, set->synopsis);
	return EX_USAGE;
}

/* `PROG help [COMMAND]`. */
static int help(const struct command_set *set, int argc, char **argv, size_t *index)
{
	const struct command_doc *d = &help_doc;
	if (argc == 1) {
		command_print_list(stdout, set);
		return 0;
	}
	if (argc != 2 || (argv[1][0] == '-' && !command_asks_help(argc, argv))) {
		command_print_usage(stderr, set->prog, &help_doc);
		return EX_USAGE;
	}
	if (argv[1][0] != '-' && strcmp(argv[1], help_doc.name) != 0) {
		if (find(set, argv[1], index) != 0)
			return EX_USAGE;
		d = set->doc(set, *index);
		if (d->usage == NULL)
			return -1;
	}
	command_print_help(stdout, set->prog, set->man_page, d);
	return 0;
}

int command_front(const struct command_set *set, int argc, char **argv, size_t *index)
{
	if (strcmp(argv[0], help_doc.name) == 0)
		return help(set, argc, argv, index);
	if (find(set, argv[0], index) != 0)
		return EX_USAGE;
	const struct command_doc *d = set->doc(set, *index);
	if (d->usage == NULL || !command_asks_help(argc, argv))
		return -1;
	command_print_help(stdout, set->prog, set->man_page, d);
	return 0;
}
