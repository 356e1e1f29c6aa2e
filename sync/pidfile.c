/*
 * pidfile.c — the daemon's pid beside the store.
 */
#include "sync/pidfile.h"

#include "common/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void pid_path(const char *store_path, char *buf, size_t size)
{
	const char *slash = strrchr(store_path, '/');
	if (slash == NULL)
		snprintf(buf, size, "sync.pid");
	else
		snprintf(buf, size, "%.*s/sync.pid", (int)(slash - store_path), store_path);
}

int pidfile_write(const char *store_path, struct tally_err *e)
{
	char path[4096], tmp[4200], text[32];
	pid_path(store_path, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	int n = snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	/* Readable by the front ends, which may run as another user. */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return err_set(e, EX_CANTCREAT, _("cannot write %s: %s"), tmp, strerror(errno));
	int bad = write(fd, text, (size_t)n) != n;
	int err = errno;
	if (close(fd) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (bad || rename(tmp, path) != 0) {
		if (!bad)
			err = errno;
		unlink(tmp);
		return err_set(e, EX_IOERR, _("cannot write %s: %s"), path, strerror(err));
	}
	return 0;
}

void pidfile_remove(const char *store_path)
{
	char path[4096], buf[32] = "";
	pid_path(store_path, path, sizeof(path));
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return;
	int got = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	if (got && strtol(buf, NULL, 10) == (long)getpid())
		unlink(path);
}
