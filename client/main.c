/*
 * main.c — tally: the list of its commands; client/dispatch.c does the rest.
 */
#include "client/cmd.h"

/* Alphabetical, as `tally help` lists them. */
static const struct cmd_entry *const commands[] = {
	&cmd_antidotes_entry, &cmd_calc_entry,    &cmd_consume_entry,         &cmd_count_entry,
	&cmd_decode_entry,    &cmd_drill_entry,   &cmd_enroll_via_sync_entry, &cmd_import_entry,
	&cmd_login_entry,     &cmd_receive_entry, &cmd_report_entry,          &cmd_round_entry,
	&cmd_scan_entry,      &cmd_status_entry,  &cmd_sync_via_sync_entry,   &cmd_ui_entry,
	&cmd_where_entry,
};

int main(int argc, char **argv)
{
	return cmd_dispatch(argc, argv, commands, sizeof(commands) / sizeof(commands[0]));
}
