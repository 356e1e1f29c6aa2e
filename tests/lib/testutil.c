#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *tu_strfmt(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = malloc((size_t)n + 1);
	if (s == NULL)
		abort();
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

char *tu_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path = tu_strfmt("%s/tally-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(path) == NULL)
		fail_msg("mkdtemp %s: %s", path, strerror(errno));
	return path;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

void tu_rmtree(const char *path)
{
	if (path != NULL)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *tu_path(const char *dir, const char *name)
{
	return tu_strfmt("%s/%s", dir, name);
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v != NULL && *v ? v : fallback;
}

const char *tu_tally_bin(void)
{
	return env_or("TALLY_BIN", "build/tally");
}

const char *tu_hub_bin(void)
{
	return env_or("TALLY_HUB_BIN", "build/tally-hub");
}

char *tu_helper(const char *name)
{
	return tu_path(env_or("TALLY_HELPERS", "build/tests/helpers"), name);
}

char *tu_srcfile(const char *rel)
{
	return tu_path(env_or("TALLY_SRCDIR", "."), rel);
}

/* Read everything from two pipes at once, so a chatty child never blocks. */
static void drain(int outfd, int errfd, char **out, char **err)
{
	char *buf[2] = { NULL, NULL };
	size_t len[2] = { 0, 0 }, cap[2] = { 0, 0 };
	struct pollfd p[2] = { { outfd, POLLIN, 0 }, { errfd, POLLIN, 0 } };
	int open_fds = 2;

	while (open_fds > 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (cap[i] - len[i] < 4096) {
				cap[i] = cap[i] * 2 + 8192;
				buf[i] = realloc(buf[i], cap[i]);
			}
			ssize_t n = read(p[i].fd, buf[i] + len[i], cap[i] - len[i] - 1);
			if (n <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				open_fds--;
			} else {
				len[i] += (size_t)n;
			}
		}
	}
	for (int i = 0; i < 2; i++) {
		if (buf[i] == NULL)
			buf[i] = malloc(1);
		buf[i][len[i]] = '\0';
	}
	*out = buf[0];
	*err = buf[1];
}

struct tu_run tu_run(char *const argv[], const char *input, char *const env[])
{
	int in[2], out[2], err[2];
	struct tu_run r = { -1, NULL, NULL };
	char tmpl[] = "/tmp/tally-stdin-XXXXXX";

	/* stdin from a file, so large inputs cannot deadlock against our reads. */
	int infd = mkstemp(tmpl);
	if (infd < 0)
		fail_msg("mkstemp: %s", strerror(errno));
	unlink(tmpl);
	if (input != NULL && write(infd, input, strlen(input)) != (ssize_t)strlen(input))
		fail_msg("write stdin: %s", strerror(errno));
	lseek(infd, 0, SEEK_SET);
	(void)in;

	if (pipe(out) < 0 || pipe(err) < 0)
		fail_msg("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(infd, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		for (size_t i = 0; env != NULL && env[i] != NULL; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(infd);
	close(out[1]);
	close(err[1]);
	drain(out[0], err[0], &r.out, &r.err);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return r;
}

void tu_run_free(struct tu_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

struct tu_run tu_tally(const char *input, ...)
{
	char *argv[64];
	size_t n = 0;
	va_list ap;

	argv[n++] = (char *)tu_tally_bin();
	va_start(ap, input);
	for (const char *a; (a = va_arg(ap, const char *)) != NULL && n < 63;)
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	return tu_run(argv, input, NULL);
}

void tu_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		fail_msg("open %s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n < 2)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

const char *tu_await_text(int fd, const char *needle, int whole_line, int timeout_ms, char *buf,
                          size_t size)
{
	size_t n = 0;
	const char *at = NULL;
	buf[0] = '\0';
	while (n < size - 1) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (poll(&pf, 1, timeout_ms) <= 0)
			break;
		ssize_t r = read(fd, buf + n, size - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		if ((at = strstr(buf, needle)) != NULL && (!whole_line || strchr(at, '\n') != NULL))
			return at;
	}
	return whole_line || at == NULL ? NULL : at;
}
