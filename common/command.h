/*
 * command.h — what a command of tally, tally-sync or tally-hub says about
 * itself, and the help and errors printed from that, the same way in all
 * three programs (as tmux's cmd_entry and git's commands[]).
 *
 * A command's usage is one line per form, without the program's name
 * ("round LOCATION --user BADGE [--scanner SPEC] [--json]"); forms are
 * separated by '\n'.  Usage and summary are marked N_() where they are
 * written and translated here when printed.  Each program's dispatcher
 * (client/dispatch.c, hub/dispatch.c) holds its own entries and set-up;
 * this module only prints and looks.
 */
#ifndef TALLY_COMMON_COMMAND_H
#define TALLY_COMMON_COMMAND_H

#include "common/err.h"

#include <stdio.h>

struct command_doc {
	const char *name;    /* as typed: "round", "enroll-code" */
	const char *usage;   /* N_(): the forms, '\n' between them; NULL: the
	                        command answers its own help (tally's view of a
	                        command that tally-sync runs) */
	const char *summary; /* N_(): one line, no full stop */
};

/* A program's commands, for help and for finding one by name.  The
 * entries are each program's own type (struct cmd_entry, struct
 * hub_cmd_entry); `doc` gives the i-th one's description. */
struct command_set {
	const char *prog;                   /* "tally", "tally-hub" */
	const char *man_page;               /* "tally(1)" */
	const struct command_doc *synopsis; /* the program's own usage */
	const char *more;                   /* N_(): printed after the list */
	const void *entries;
	size_t n;
	const struct command_doc *(*doc)(const struct command_set *set, size_t i);
};

/* What the program does with the words from the command name on:
 * `help [COMMAND]`, `COMMAND --help` and an unknown COMMAND are answered
 * here (the status to exit with is returned); otherwise -1 with *index
 * set to the command to run. */
int command_front(const struct command_set *set, int argc, char **argv, size_t *index);

/* The list `PROG --help` and `PROG help` print. */
void command_print_list(FILE *out, const struct command_set *set);

/* "usage: PROG FORM" for the first form, "       PROG FORM" for the rest. */
void command_print_usage(FILE *out, const char *prog, const struct command_doc *d);

/* What `PROG help NAME` and `PROG NAME --help` print: the usage, the
 * summary, and where to read more (`man_page`, e.g. "tally(1)"). */
void command_print_help(FILE *out, const char *prog, const char *man_page,
                        const struct command_doc *d);

/* One line of the command list: "  NAME  SUMMARY". */
void command_print_list_line(FILE *out, const struct command_doc *d);

struct option;

/* getopt_long over a command's own options (long ones only), quiet: an
 * unknown option or one missing its value returns '?' with *e saying which
 * (status EX_USAGE, translated), instead of getopt's own English line. */
int command_getopt(int argc, char **argv, const struct option *opts, struct tally_err *e);

/* The same for a program's global options, which stop at the command's
 * name and take -h for --help. */
int command_getopt_global(int argc, char **argv, const struct option *opts, struct tally_err *e);

/* Whether a command's arguments ask for its help: --help or -h before a
 * "--" (after it, they are the command's data). */
int command_asks_help(int argc, char **argv);

/* Say a failure once, on stderr: "PROG: MESSAGE".  A usage error (64)
 * also gets the command's usage; nothing is printed for a status the
 * command has already shown (0, or no message). */
void command_print_error(const char *prog, const struct command_doc *d, const struct tally_err *e);

/* The value of --lang among the global options before the command name
 * (`valued` lists the other global options that take a value, NULL-ended),
 * else $TALLY_LANG, else NULL: the language must be known before anything
 * is printed, so this looks ahead of getopt. */
const char *command_find_lang(int argc, char **argv, const char *const *valued);

/* Whether `lang` is one the programs speak (NULL is: the default). */
int command_lang_known(const char *lang);

#endif
