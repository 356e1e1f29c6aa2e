/*
 * sync-main.c — tally-sync: the part of tally that talks to the hub
 * (enroll, sync), a program of its own so that only it links libcurl.
 * `tally enroll|sync` exec it with the same command line, and so does
 * their help.
 */
#include "client/cmd.h"

static const struct cmd_entry *const commands[] = {
	&cmd_enroll_entry,
	&cmd_sync_entry,
};

int main(int argc, char **argv)
{
	return cmd_dispatch(argc, argv, commands, sizeof(commands) / sizeof(commands[0]));
}
