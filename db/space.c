/*
 * space.c — a full disk that is freed recovers, and marking records sent
 * can always run.
 *
 * Beside the store lies "<store>.reserve", STORE_RESERVE_BYTES allocated
 * while there was room.  When the disk fills, scans fail ("nothing was
 * recorded") but the sync daemon still has to mark what the hub took —
 * else it sends the same records for ever: marking releases the reserve
 * and tries once more, and a checkpoint then gives the log's space back.
 * Every open makes the reserve again when the disk has room for it twice,
 * and checkpoints a log left large, so after space is freed the next
 * command of any kind recovers.
 */
#include "db/store-internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static const char *reserve_path(const struct store *s, char *buf, size_t size)
{
	return store_sidecar_path(s->path, "reserve", buf, size);
}

int64_t store_free_bytes(const struct store *s)
{
	char dir[4096];
	const char *slash = strrchr(s->path, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash != NULL ? (int)(slash - s->path) : 1,
	         slash != NULL ? s->path : ".");
	if (dir[0] == '\0')
		snprintf(dir, sizeof(dir), "/");
	struct statvfs v;
	if (statvfs(dir, &v) != 0)
		return -1;
	return (int64_t)v.f_bavail * (int64_t)v.f_frsize;
}

void space_on_open(struct store *s)
{
	char path[4200], wal[4200];
	struct stat st;
	snprintf(wal, sizeof(wal), "%s-wal", s->path);
	/* A log left large (a crash, a full disk) is given back now. */
	if (stat(wal, &st) == 0 && st.st_size > STORE_WAL_LIMIT_BYTES)
		sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (reserve_path(s, path, sizeof(path)) == NULL || stat(path, &st) == 0)
		return;
	int64_t free_bytes = store_free_bytes(s);
	if (free_bytes < 2 * STORE_RESERVE_BYTES)
		return;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return;
	int ok = posix_fallocate(fd, 0, STORE_RESERVE_BYTES) == 0;
	close(fd);
	if (!ok)
		unlink(path);
}

int space_release(struct store *s)
{
	char path[4200];
	return reserve_path(s, path, sizeof(path)) != NULL && unlink(path) == 0;
}
