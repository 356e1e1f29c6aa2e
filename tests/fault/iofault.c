/*
 * iofault.c — an LD_PRELOAD library that fails exactly the Nth fsync, read
 * or write of one file, the way a failing flash chip or a full disk does,
 * under a real program that does not know it is being tested.
 *
 * The environment says what to fail:
 *   IOFAULT_FILE    a file name (e.g. "tally.db"): that file and SQLite's files
 *                   beside it (tally.db-wal, -shm, -journal), in any
 *                   directory; only descriptors opened on those count (a
 *                   flash block gone bad under the store, not the whole disk)
 *   IOFAULT_OP      fsync (fsync, fdatasync) | read (pread, pread64, read) |
 *                   write (pwrite, pwrite64, write)
 *   IOFAULT_NTH     the first call to fail, counting from 1
 *   IOFAULT_COUNT   how many calls fail from there (default 1; 0: every one)
 *   IOFAULT_ERRNO   the errno of a failed call (default EIO; 28 is ENOSPC)
 *   IOFAULT_KILL    1: once a fault has fired, the process is killed
 *                   (SIGKILL) right after its next write to stderr — the
 *                   battery dying just after the message was shown
 *   IOFAULT_REPORT  a file that gets one line per fault fired, so that a
 *                   test knows whether the Nth call was reached at all
 * A failed write or sync does nothing; a failed read reads nothing.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

enum op { OP_NONE, OP_FSYNC, OP_READ, OP_WRITE };

#define FD_MAX 4096

struct plan {
	int ready;
	const char *file;
	enum op op;
	long nth, count, seen;
	int err, kill_after, fired;
	const char *report;
	unsigned char watched[FD_MAX];
};

/* The one piece of state an LD_PRELOAD library cannot avoid: it lives in
 * the program under test, between its calls into libc. */
static struct plan plan;

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

static void load_plan(void)
{
	if (plan.ready)
		return;
	plan.ready = 1;
	plan.file = getenv("IOFAULT_FILE");
	const char *op = getenv("IOFAULT_OP"), *v;
	plan.op = op == NULL                 ? OP_NONE
	          : strcmp(op, "fsync") == 0 ? OP_FSYNC
	          : strcmp(op, "read") == 0  ? OP_READ
	          : strcmp(op, "write") == 0 ? OP_WRITE
	                                     : OP_NONE;
	plan.nth = (v = getenv("IOFAULT_NTH")) != NULL ? atol(v) : 0;
	plan.count = (v = getenv("IOFAULT_COUNT")) != NULL ? atol(v) : 1;
	plan.err = (v = getenv("IOFAULT_ERRNO")) != NULL ? atoi(v) : EIO;
	plan.kill_after = (v = getenv("IOFAULT_KILL")) != NULL && strcmp(v, "1") == 0;
	plan.report = getenv("IOFAULT_REPORT");
}

static void note(const char *what, long n)
{
	if (plan.report == NULL)
		return;
	int (*real_open)(const char *, int, ...) = next("open");
	ssize_t (*real_write)(int, const void *, size_t) = next("write");
	int fd = real_open(plan.report, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	char line[64];
	int len = snprintf(line, sizeof(line), "%s %ld\n", what, n);
	if (real_write(fd, line, (size_t)len) < 0)
		line[0] = '\0';
	close(fd);
}

static int names_the_file(const char *path)
{
	if (plan.file == NULL || path == NULL)
		return 0;
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	size_t n = strlen(plan.file);
	return strncmp(base, plan.file, n) == 0 && (base[n] == '\0' || base[n] == '-');
}

static void watch(int fd, const char *path)
{
	load_plan();
	if (fd >= 0 && fd < FD_MAX)
		plan.watched[fd] = names_the_file(path);
}

/* 1 when this call is to fail (errno set). */
static int fails(int fd, enum op op)
{
	load_plan();
	if (plan.op != op || fd < 0 || fd >= FD_MAX || !plan.watched[fd] || plan.nth <= 0)
		return 0;
	long n = ++plan.seen;
	if (n < plan.nth || (plan.count > 0 && n >= plan.nth + plan.count))
		return 0;
	static const char *const names[] = { "", "fsync", "read", "write" };
	note(names[op], n);
	plan.fired = 1;
	errno = plan.err;
	return 1;
}

#define OPEN_MODE(flags, mode)                          \
	do {                                            \
		if ((flags) & (O_CREAT | O_TMPFILE)) {  \
			va_list ap;                     \
			va_start(ap, flags);            \
			mode = (mode_t)va_arg(ap, int); \
			va_end(ap);                     \
		}                                       \
	} while (0)

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	OPEN_MODE(flags, mode);
	int (*real)(const char *, int, ...) = next("open");
	int fd = real(path, flags, mode);
	watch(fd, path);
	return fd;
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	OPEN_MODE(flags, mode);
	int (*real)(const char *, int, ...) = next("open64");
	int fd = real(path, flags, mode);
	watch(fd, path);
	return fd;
}

int openat(int dir, const char *path, int flags, ...)
{
	mode_t mode = 0;
	OPEN_MODE(flags, mode);
	int (*real)(int, const char *, int, ...) = next("openat");
	int fd = real(dir, path, flags, mode);
	watch(fd, path);
	return fd;
}

int close(int fd)
{
	int (*real)(int) = next("close");
	if (fd >= 0 && fd < FD_MAX)
		plan.watched[fd] = 0;
	return real(fd);
}

int fsync(int fd)
{
	int (*real)(int) = next("fsync");
	return fails(fd, OP_FSYNC) ? -1 : real(fd);
}

int fdatasync(int fd)
{
	int (*real)(int) = next("fdatasync");
	return fails(fd, OP_FSYNC) ? -1 : real(fd);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	ssize_t (*real)(int, void *, size_t, off_t) = next("pread");
	return fails(fd, OP_READ) ? -1 : real(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
	ssize_t (*real)(int, void *, size_t, off_t) = next("pread64");
	return fails(fd, OP_READ) ? -1 : real(fd, buf, n, off);
}

ssize_t read(int fd, void *buf, size_t n)
{
	ssize_t (*real)(int, void *, size_t) = next("read");
	return fails(fd, OP_READ) ? -1 : real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	ssize_t (*real)(int, const void *, size_t, off_t) = next("pwrite");
	return fails(fd, OP_WRITE) ? -1 : real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	ssize_t (*real)(int, const void *, size_t, off_t) = next("pwrite64");
	return fails(fd, OP_WRITE) ? -1 : real(fd, buf, n, off);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	ssize_t (*real)(int, const void *, size_t) = next("write");
	if (fails(fd, OP_WRITE))
		return -1;
	ssize_t w = real(fd, buf, n);
	if (fd == 2 && plan.fired && plan.kill_after)
		kill(getpid(), SIGKILL);
	return w;
}
