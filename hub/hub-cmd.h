/*
 * hub-cmd.h — the tally-hub commands, one file each (hub/cmd-*.c), each
 * exporting one entry: name, usage, summary, what it needs set up and its
 * run function (as client/cmd.h for the handheld).  hub/main.c lists the
 * entries; hub/dispatch.c parses the global options, prints help, opens
 * the hub database the entry asks for and says a failure once.
 */
#ifndef TALLY_HUB_HUB_CMD_H
#define TALLY_HUB_HUB_CMD_H

#include "common/command.h"
#include "common/err.h"

#include "hub/hdb.h"
#include <stddef.h>

enum hub_cmd_needs {
	HUB_NEEDS_DB = 1 << 0,   /* the hub database open: ctx->db */
	HUB_CREATES_DB = 1 << 1, /* ... created when missing (init) */
};

struct hub_ctx {
	const char *db_path; /* --db, else $TALLY_HUB_DB, else the default */
	const struct hub_cmd_entry *entry;
	struct hdb *db; /* HUB_NEEDS_DB, after hub_cmd_prepare() */
};

struct hub_cmd_entry {
	struct command_doc doc;
	unsigned needs; /* enum hub_cmd_needs */
	/* argv[0] is the command's name; getopt is ready for it.  0, or a
	 * sysexits.h status with *e saying why (EX_USAGE and no message: the
	 * arguments were wrong, and the usage is printed). */
	int (*run)(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e);
};

/* Open the hub database as the entry asks, once the command's arguments
 * are known to be right.  0, or a status with *e filled. */
int hub_cmd_prepare(struct hub_ctx *ctx, struct tally_err *e);

/* tally-hub's main: global options, help, then the command. */
int hub_cmd_dispatch(int argc, char **argv, const struct hub_cmd_entry *const *commands, size_t n);

extern const struct hub_cmd_entry hub_cmd_init_entry;
extern const struct hub_cmd_entry hub_cmd_import_entry;
extern const struct hub_cmd_entry hub_cmd_enroll_code_entry;
extern const struct hub_cmd_entry hub_cmd_serve_entry;
extern const struct hub_cmd_entry hub_cmd_report_entry;
extern const struct hub_cmd_entry hub_cmd_user_entry;
extern const struct hub_cmd_entry hub_cmd_scope_entry;
extern const struct hub_cmd_entry hub_cmd_devices_entry;
extern const struct hub_cmd_entry hub_cmd_revoke_entry;
extern const struct hub_cmd_entry hub_cmd_backup_entry;
extern const struct hub_cmd_entry hub_cmd_hash_pin_entry;
extern const struct hub_cmd_entry hub_cmd_shortage_entry;

#endif
