/*
 * exec-sync.c — `tally enroll` and `tally sync` are carried out by the
 * tally-sync program (see dispatch.c for why it is a program of its own).
 *
 * It is looked for beside the running tally first (a build tree, or a
 * package that installs both in one directory), then in LIBEXECDIR;
 * $TALLY_SYNC_BIN overrides both.  exec keeps the process id, so a
 * service that started `tally sync --daemon` still supervises the daemon.
 * `tally help enroll` and `tally enroll --help` go there too: tally knows
 * these two commands by name and summary only.
 */
#include "client/cmd.h"
#include "common/i18n.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static int beside_self(char *out, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -1;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (slash == NULL)
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(out, size, "%s/tally-sync", self) >= size)
		return -1;
	return access(out, X_OK);
}

static int exec_sync(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	char path[PATH_MAX];
	const char *env = getenv("TALLY_SYNC_BIN");
	if (env != NULL && *env)
		snprintf(path, sizeof(path), "%s", env);
	else if (beside_self(path, sizeof(path)) != 0)
		snprintf(path, sizeof(path), "%s/tally-sync", LIBEXECDIR);
	fflush(NULL);
	execv(path, ctx->argv);
	int why = errno; /* before gettext may change it */
	return err_set(e, why == ENOENT ? EX_UNAVAILABLE : EX_OSERR,
	               _("cannot run %s (%s), which '%s' needs: reinstall tally"), path,
	               strerror(why), ctx->entry->doc.name);
}

/* The summaries are tally-sync's own (cmd-enroll.c, cmd-sync.c), word for
 * word: tests/integration/commands.sh compares the two lists. */
const struct cmd_entry cmd_enroll_via_sync_entry = {
	.doc = { .name = "enroll", .summary = N_("join this handheld to a hub") },
	.run = exec_sync,
};

const struct cmd_entry cmd_sync_via_sync_entry = {
	.doc = { .name = "sync", .summary = N_("send records, fetch master data") },
	.run = exec_sync,
};
