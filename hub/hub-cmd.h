/*
 * hub-cmd.h — the tally-hub commands, one file each (hub/cmd-*.c).
 *
 * Each gets the database path (from --db or the default) and its own
 * arguments (argv[0] is the command's name); returns a sysexits status.
 */
#ifndef TALLY_SYNC_HUB_HUB_CMD_H
#define TALLY_SYNC_HUB_HUB_CMD_H

int hub_cmd_init(const char *db_path, int argc, char **argv);
int hub_cmd_import(const char *db_path, int argc, char **argv);
int hub_cmd_enroll_code(const char *db_path, int argc, char **argv);
int hub_cmd_serve(const char *db_path, int argc, char **argv);
int hub_cmd_report(const char *db_path, int argc, char **argv);
int hub_cmd_scope(const char *db_path, int argc, char **argv);

#endif
