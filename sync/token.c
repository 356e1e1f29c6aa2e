/*
 * token.c — the device token on disk.
 */
#include "sync/token.h"

#include "common/i18n.h"
#include "db/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *token_path(const char *store_path, char *buf, size_t size)
{
	if (store_sidecar_path(store_path, "token", buf, size) == NULL && size > 0)
		buf[0] = '\0';
	return buf;
}

int token_save(const char *store_path, const char *token, struct tally_err *e)
{
	char path[4096], tmp[4200];
	token_path(store_path, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return err_set(e, EX_CANTCREAT, _("cannot write the device token %s: %s"), tmp,
		               strerror(errno));
	/* An existing file keeps its old mode through O_TRUNC. */
	size_t n = strlen(token);
	int bad = fchmod(fd, 0600) != 0 || write(fd, token, n) != (ssize_t)n ||
	          write(fd, "\n", 1) != 1 || fsync(fd) != 0;
	int err = errno;
	if (close(fd) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (bad || rename(tmp, path) != 0) {
		if (!bad)
			err = errno;
		unlink(tmp);
		return err_set(e, EX_IOERR, _("cannot write the device token %s: %s"), path,
		               strerror(err));
	}
	/* The directory's entry for the new name must be durable too. */
	char dir[4096];
	const char *slash = strrchr(path, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash != NULL ? (int)(slash - path) : 1,
	         slash != NULL ? path : ".");
	if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

/* Before tokens were named after their store, one "token" file sat in the
 * store's directory.  The first store of that directory to sync takes it
 * as its own; enrolling another store no longer overwrites it. */
static void claim_shared_token(const char *path)
{
	char old[4096];
	const char *slash = strrchr(path, '/');
	snprintf(old, sizeof(old), "%.*stoken", slash != NULL ? (int)(slash - path + 1) : 0, path);
	if (access(path, F_OK) != 0 && errno == ENOENT && link(old, path) == 0)
		unlink(old);
}

int token_load(const char *store_path, char *buf, struct tally_err *e)
{
	char path[4096];
	token_path(store_path, path, sizeof(path));
	claim_shared_token(path);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT)
		return err_set(
		    e, EX_NOPERM,
		    _("this handheld is not enrolled: run 'tally enroll URL CODE' first"));
	if (fd < 0)
		return err_set(e, EX_IOERR, _("cannot read the device token %s: %s"), path,
		               strerror(errno));
	ssize_t n = read(fd, buf, TOKEN_MAX);
	close(fd);
	if (n < 0)
		return err_set(e, EX_IOERR, _("cannot read the device token %s: %s"), path,
		               strerror(errno));
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	if (n == 0)
		return err_set(e, EX_NOPERM,
		               _("the device token %s is empty: enrol this handheld again"), path);
	return 0;
}
