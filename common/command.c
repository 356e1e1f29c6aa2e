#include "common/command.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

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
