/*
 * cmd.h — the tally command table.  One file per command (client/cmd-*.c),
 * as git's builtin/ and tmux's cmd-*.c: each exports one function that takes
 * the global options and its own argv (argv[0] is the command name) and
 * returns a sysexits.h status.
 */
#ifndef TALLY_CLIENT_CMD_H
#define TALLY_CLIENT_CMD_H

/* Global options, parsed by main before the command name. */
struct tally_ctx {
	const char *db_path;     /* --db, else $TALLY_DB, else the default */
	const char *config_path; /* --config, or NULL for the standard places */
	const char *lang;        /* --lang: "nb" (default) or "en" */
	const char *scanner;     /* --scanner SPEC, or NULL */
	int json;                /* --json: machine-readable output */
	int create;              /* --create: make the --db store when missing */
	int argc;                /* the whole command line, for exec-sync.c */
	char **argv;
};

struct tally_cmd {
	const char *name;
	int (*run)(struct tally_ctx *ctx, int argc, char **argv);
	const char *synopsis; /* untranslated; shown through _() */
};

/* Open the store named by --db / $TALLY_DB (made only with --create), else
 * the default store (tally.conf [store] path, made on first use); prints
 * the failure and returns NULL (with *status set) when it cannot. */
struct store;
struct store *cmd_open_store(const struct tally_ctx *ctx, int *status);

/* Parse the global options, then run the command named in `commands`
 * (dispatch.c; both programs' main). */
#include <stddef.h>
#include <stdio.h>
int tally_dispatch(int argc, char **argv, const struct tally_cmd *commands, size_t n,
                   void (*usage)(FILE *out));

/* `tally enroll` and `tally sync`: exec tally-sync with the same command
 * line (exec-sync.c). */
int cmd_exec_sync(struct tally_ctx *ctx, int argc, char **argv);

/* One declaration per command, in the order of the table in main.c. */
int cmd_antidotes(struct tally_ctx *ctx, int argc, char **argv);
int cmd_calc(struct tally_ctx *ctx, int argc, char **argv);
int cmd_consume(struct tally_ctx *ctx, int argc, char **argv);
int cmd_count(struct tally_ctx *ctx, int argc, char **argv);
int cmd_decode(struct tally_ctx *ctx, int argc, char **argv);
int cmd_drill(struct tally_ctx *ctx, int argc, char **argv);
int cmd_enroll(struct tally_ctx *ctx, int argc, char **argv);
int cmd_import(struct tally_ctx *ctx, int argc, char **argv);
int cmd_login(struct tally_ctx *ctx, int argc, char **argv);
int cmd_receive(struct tally_ctx *ctx, int argc, char **argv);
int cmd_report(struct tally_ctx *ctx, int argc, char **argv);
int cmd_round(struct tally_ctx *ctx, int argc, char **argv);
int cmd_where(struct tally_ctx *ctx, int argc, char **argv);
int cmd_sync(struct tally_ctx *ctx, int argc, char **argv);
int cmd_status(struct tally_ctx *ctx, int argc, char **argv);
int cmd_scan(struct tally_ctx *ctx, int argc, char **argv);
int cmd_ui(struct tally_ctx *ctx, int argc, char **argv);

#endif
