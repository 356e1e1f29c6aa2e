#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/faultproxy-run.h"
#include "tests/lib/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Start the proxy on `port` (0: any), appending to its log. */
static void spawn(struct faultproxy *p, int port, int target_port)
{
	char *bin = tu_helper("faultproxy");
	char *target = tu_strfmt("127.0.0.1:%d", target_port);
	char *listen = tu_strfmt("127.0.0.1:%d", port);
	free(p->capture);
	p->capture = tu_strfmt("%s/capture-%d", p->dir, ++p->starts);
	if (mkdir(p->capture, 0700) < 0)
		fail_msg("mkdir %s: %s", p->capture, strerror(errno));
	size_t from = 0;
	char *old = tu_read_file(p->log, &from);
	free(old);
	int fd = open(p->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0)
		fail_msg("open %s: %s", p->log, strerror(errno));
	p->pid = fork();
	if (p->pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (p->pid == 0) {
		dup2(fd, 1);
		execl(bin, bin, "--listen", listen, "--target", target, "--control", p->control,
		      "--capture", p->capture, (char *)NULL);
		_exit(127);
	}
	close(fd);
	p->port = 0;
	for (int i = 0; i < 500 && p->port == 0; i++) {
		char *log = tu_read_file(p->log, NULL);
		const char *at = log ? strstr(log + from, "listening on ") : NULL;
		if (at != NULL && strchr(at, '\n') != NULL)
			p->port = atoi(at + 13);
		free(log);
		if (p->port == 0)
			sleep_ms(10);
	}
	if (p->port == 0)
		fail_msg("faultproxy did not start on %s (is %s built?)", listen, bin);
	free(bin);
	free(target);
	free(listen);
}

void faultproxy_start(struct faultproxy *p, int target_port, const char *dir)
{
	memset(p, 0, sizeof *p);
	p->dir = strdup(dir);
	p->control = tu_path(dir, "faultproxy.control");
	p->log = tu_path(dir, "faultproxy.log");
	tu_write_file(p->control, "");
	tu_write_file(p->log, "");
	spawn(p, 0, target_port);
}

void faultproxy_restart(struct faultproxy *p, int target_port)
{
	int port = p->port;
	kill(p->pid, SIGTERM);
	while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
		;
	spawn(p, port, target_port);
}

unsigned faultproxy_last_conn(const struct faultproxy *p)
{
	char *log = faultproxy_log(p);
	unsigned id = 0;
	/* After the last start: ids begin again at each. */
	const char *from = log, *at;
	while ((at = strstr(from, "listening on ")) != NULL)
		from = at + 1;
	for (const char *line = from; (line = strstr(line, "conn ")) != NULL; line++) {
		unsigned n;
		char word[16];
		if (sscanf(line, "conn %u %15s", &n, word) == 2 && strcmp(word, "accept") == 0)
			id = n;
	}
	free(log);
	return id;
}

char *faultproxy_captured(const struct faultproxy *p, unsigned id, const char *way, size_t *len)
{
	char *path = tu_strfmt("%s/%u.%s", p->capture, id, way);
	char *data = tu_read_file(path, len);
	free(path);
	return data;
}

void faultproxy_set(struct faultproxy *p, const char *lines)
{
	char *tmp = tu_strfmt("%s.test-tmp", p->control);
	tu_write_file(tmp, lines);
	if (rename(tmp, p->control) < 0)
		fail_msg("rename %s: %s", tmp, strerror(errno));
	free(tmp);
}

char *faultproxy_log(const struct faultproxy *p)
{
	char *log = tu_read_file(p->log, NULL);
	return log != NULL ? log : calloc(1, 1);
}

int faultproxy_wait_log(const struct faultproxy *p, const char *needle, size_t from, int ms)
{
	for (int waited = 0;; waited += 10) {
		size_t len;
		char *log = tu_read_file(p->log, &len);
		int found = log != NULL && len >= from && strstr(log + from, needle) != NULL;
		free(log);
		if (found)
			return 1;
		if (waited >= ms)
			return 0;
		sleep_ms(10);
	}
}

void faultproxy_stop(struct faultproxy *p)
{
	if (p->pid > 0) {
		kill(p->pid, SIGTERM);
		while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	free(p->control);
	free(p->log);
	free(p->dir);
	free(p->capture);
	memset(p, 0, sizeof *p);
}
