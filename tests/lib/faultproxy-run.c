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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

void faultproxy_start(struct faultproxy *p, int target_port, const char *dir)
{
	char *bin = tu_helper("faultproxy");
	char *target = tu_strfmt("127.0.0.1:%d", target_port);
	p->control = tu_path(dir, "faultproxy.control");
	p->log = tu_path(dir, "faultproxy.log");
	tu_write_file(p->control, "");
	int fd = open(p->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fail_msg("open %s: %s", p->log, strerror(errno));
	p->pid = fork();
	if (p->pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (p->pid == 0) {
		dup2(fd, 1);
		execl(bin, bin, "--listen", "127.0.0.1:0", "--target", target, "--control",
		      p->control, (char *)NULL);
		_exit(127);
	}
	close(fd);
	free(bin);
	free(target);
	p->port = 0;
	for (int i = 0; i < 500 && p->port == 0; i++) {
		char *log = tu_read_file(p->log, NULL);
		const char *at = log ? strstr(log, "listening on ") : NULL;
		if (at != NULL && strchr(at, '\n') != NULL)
			p->port = atoi(at + 13);
		free(log);
		if (p->port == 0)
			sleep_ms(10);
	}
	if (p->port == 0)
		fail_msg("faultproxy did not start (is %s built?)", tu_helper("faultproxy"));
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
	p->pid = 0;
	p->control = p->log = NULL;
}
