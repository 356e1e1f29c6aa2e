/*
 * main.c — tally-hub: the list of its commands; hub/dispatch.c does the rest.
 */
#include "hub/hub-cmd.h"

/* In the order of tally-hub(8). */
static const struct hub_cmd_entry *const commands[] = {
	&hub_cmd_init_entry,   &hub_cmd_import_entry,   &hub_cmd_enroll_code_entry,
	&hub_cmd_serve_entry,  &hub_cmd_report_entry,   &hub_cmd_user_entry,
	&hub_cmd_scope_entry,  &hub_cmd_devices_entry,  &hub_cmd_revoke_entry,
	&hub_cmd_backup_entry, &hub_cmd_hash_pin_entry, &hub_cmd_shortage_entry,
};

int main(int argc, char **argv)
{
	return hub_cmd_dispatch(argc, argv, commands, sizeof(commands) / sizeof(commands[0]));
}
