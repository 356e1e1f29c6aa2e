/*
 * cmd-report.c — tally-hub report.
 * PLACEHOLDER: the reconcile branch replaces this file.
 */
#include "sync/hub/hub-cmd.h"

#include <stdio.h>
#include <sysexits.h>

int hub_cmd_report(const char *db_path, int argc, char **argv)
{
	fprintf(stderr, "tally-hub: report: not yet\n");
	return EX_UNAVAILABLE;
}
