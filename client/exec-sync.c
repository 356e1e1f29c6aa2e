/*
 * exec-sync.c — `tally enroll` and `tally sync` are carried out by the
 * tally-sync program (see dispatch.c for why it is a program of its own).
 *
 * It is looked for beside the running tally first (a build tree, or a
 * package that installs both in one directory), then in LIBEXECDIR;
 * $TALLY_SYNC_BIN overrides both.  exec keeps the process id, so a
 * service that started `tally sync --daemon` still supervises the daemon.
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

int cmd_exec_sync(struct tally_ctx *ctx, int argc, char **argv)
{
	char path[PATH_MAX];
	const char *env = getenv("TALLY_SYNC_BIN");
	if (env != NULL && *env)
		snprintf(path, sizeof(path), "%s", env);
	else if (beside_self(path, sizeof(path)) != 0)
		snprintf(path, sizeof(path), "%s/tally-sync", LIBEXECDIR);
	fflush(NULL);
	execv(path, ctx->argv);
	fprintf(stderr, _("tally: cannot run %s (%s), which '%s' needs: reinstall tally\n"), path,
	        strerror(errno), argv[0]);
	return errno == ENOENT ? EX_UNAVAILABLE : EX_OSERR;
}
