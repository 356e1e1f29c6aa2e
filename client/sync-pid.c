/*
 * sync-pid.c — the sync daemon's pid beside the store, and the poke: a
 * byte into its wake-up FIFO, else SIGUSR1 (see sync-pid.h).
 */
#include "client/sync-pid.h"

#include "common/i18n.h"
#include "db/store.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* <directory of store_path>/sync.pid; 0 when it does not fit. */
static int pid_path(const char *store_path, char *buf, size_t size)
{
	return store_sidecar_path(store_path, "sync.pid", buf, size) != NULL;
}

/* The pid sync.pid names, or 0. */
static long pid_read(const char *path)
{
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return 0;
	char buf[32] = "";
	int got = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	if (!got)
		return 0;
	char *end;
	long pid = strtol(buf, &end, 10);
	/* Never a process group or every process: only one real pid. */
	if (end == buf || pid <= 1 || (*end != '\0' && *end != '\n'))
		return 0;
	return pid;
}

int sync_pid_write(const char *store_path, struct tally_err *e)
{
	char path[4096], tmp[4200], text[32];
	if (!pid_path(store_path, path, sizeof(path)))
		return err_set(e, EX_CANTCREAT, _("cannot write %s: %s"), store_path,
		               strerror(ENAMETOOLONG));
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

void sync_pid_remove(const char *store_path)
{
	char path[4096];
	if (pid_path(store_path, path, sizeof(path)) && pid_read(path) == (long)getpid())
		unlink(path);
}

/*
 * One byte into <store>.wake, never blocking: with no daemon holding it open
 * the open fails (ENXIO); a full pipe (EAGAIN) already holds a poke; and
 * anything there that is not a FIFO is left untouched.  1 when the daemon
 * has it.
 */
static int fifo_poke(const char *store_path)
{
	char path[4096];
	if (store_sidecar_path(store_path, "wake", path, sizeof(path)) == NULL)
		return 0;
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return 0;
	struct stat st;
	int ok = fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	         (write(fd, "!", 1) == 1 || errno == EAGAIN);
	close(fd);
	return ok;
}

int sync_pid_poke(const char *store_path)
{
	if (fifo_poke(store_path))
		return 1;
	char path[4096];
	if (!pid_path(store_path, path, sizeof(path)))
		return 0;
	long pid = pid_read(path);
	return pid != 0 && kill((pid_t)pid, SIGUSR1) == 0;
}
