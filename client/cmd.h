/*
 * cmd.h — the commands of tally and tally-sync.  One file per command
 * (client/cmd-*.c), as tmux's cmd-*.c: each exports one entry saying its
 * name, usage, summary, what it needs set up and its run function; main.c
 * and sync-main.c only list the entries; dispatch.c does the rest (global
 * options, help, set-up, printing an error once).
 */
#ifndef TALLY_CLIENT_CMD_H
#define TALLY_CLIENT_CMD_H

#include "common/command.h"
#include "common/err.h"

#include <stddef.h>

/* What a command needs set up before it can work; dispatch.c does it
 * when the command calls cmd_prepare(), and undoes it after the run. */
enum cmd_needs {
	CMD_NEEDS_CONFIG = 1 << 0, /* tally.conf loaded: ctx->config */
	CMD_NEEDS_STORE = 1 << 1   /* the handheld store open: ctx->store */
};

struct tally_ctx;
struct config;
struct store;

struct cmd_entry {
	struct command_doc doc;
	unsigned needs; /* enum cmd_needs */
	/* argv[0] is the command's name; getopt is ready for it.  Returns 0
	 * or a sysexits.h status with *e saying why (EX_USAGE with no message:
	 * the arguments were wrong; the dispatcher prints the usage). */
	int (*run)(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e);
};

/* Global options, parsed by the dispatcher before the command name, and
 * what cmd_prepare() set up. */
struct tally_ctx {
	const char *db_path;     /* --db, else $TALLY_DB, else NULL: the default */
	const char *config_path; /* --config, or NULL for the standard places */
	const char *lang;        /* --lang: "nb" (default) or "en" */
	const char *scanner;     /* --scanner SPEC, or NULL */
	int json;                /* --json: machine-readable output */
	int create;              /* --create: make the --db store when missing */
	int argc;                /* the whole command line, for exec-sync.c */
	char **argv;
	const struct cmd_entry *entry; /* the command being run */
	struct config *config;         /* CMD_NEEDS_CONFIG, after cmd_prepare() */
	struct store *store;           /* CMD_NEEDS_STORE, after cmd_prepare() */
};

/* Do the set-up the command's entry asks for: load tally.conf, open the
 * store.  A command calls it once its arguments are known to be right, so
 * that a usage error touches nothing.  0, or a status with *e filled. */
int cmd_prepare(struct tally_ctx *ctx, struct tally_err *e);

/* Only tally.conf, for a command that needs it before its store (enroll
 * reads the scanner's QR code first: a scan that never comes makes no
 * store).  0, or a status with *e filled. */
int cmd_prepare_config(struct tally_ctx *ctx, struct tally_err *e);

/* Parse the global options, then run the command named in `commands`
 * (tally's main.c and tally-sync's sync-main.c). */
int cmd_dispatch(int argc, char **argv, const struct cmd_entry *const *commands, size_t n);

/* The arguments of a command whose one option is --json and that takes no
 * other (antidotes, status): 0 with *json set (also by the global --json),
 * or EX_USAGE (with *e saying which option, when one was unknown). */
int cmd_json_only(const struct tally_ctx *ctx, int argc, char **argv, int *json,
                  struct tally_err *e);

/* Say a problem the command goes on after (a bad line from a scanner):
 * "tally: MESSAGE" on stderr. */
void cmd_warn(const struct tally_err *e);

/* The entries, one per file. */
extern const struct cmd_entry cmd_antidotes_entry;
extern const struct cmd_entry cmd_calc_entry;
extern const struct cmd_entry cmd_consume_entry;
extern const struct cmd_entry cmd_count_entry;
extern const struct cmd_entry cmd_decode_entry;
extern const struct cmd_entry cmd_drill_entry;
extern const struct cmd_entry cmd_enroll_entry; /* tally-sync */
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_login_entry;
extern const struct cmd_entry cmd_receive_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_round_entry;
extern const struct cmd_entry cmd_scan_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_sync_entry; /* tally-sync */
extern const struct cmd_entry cmd_ui_entry;
extern const struct cmd_entry cmd_where_entry;

/* tally's view of the commands tally-sync runs (exec-sync.c): their names
 * and summaries for the list, and no usage: their help, like the rest,
 * comes from tally-sync. */
extern const struct cmd_entry cmd_enroll_via_sync_entry;
extern const struct cmd_entry cmd_sync_via_sync_entry;

#endif
