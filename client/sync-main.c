/*
 * sync-main.c — tally-sync: the part of tally that talks to the hub
 * (enroll, sync), a program of its own so that only it links libcurl.
 * `tally enroll|sync` exec it with the same command line.
 */
#include "client/cmd.h"
#include "common/i18n.h"

#include <stdio.h>

static const struct tally_cmd commands[] = {
	{ "enroll", cmd_enroll, N_("enroll URL CODE | QR-TEXT     join this handheld to a hub") },
	{ "sync", cmd_sync, N_("sync --once | --daemon        send records, fetch master data") },
};

static void usage(FILE *out)
{
	fprintf(out, _("usage: tally [--db FILE] [--config FILE] [--lang nb|en] [--json]\n"
	               "             [--scanner SPEC] COMMAND [ARGS...]\n\ncommands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %s\n", _(commands[i].synopsis));
}

int main(int argc, char **argv)
{
	return tally_dispatch(argc, argv, commands, sizeof(commands) / sizeof(commands[0]), usage);
}
