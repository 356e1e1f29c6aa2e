/*
 * bench-serve.h — a real `tally-hub serve` for a benchmark: on 127.0.0.1,
 * a port of its own choosing, its URL read from the line it prints.  The
 * hub is sent SIGTERM when the benchmark ends, however it ends
 * (PR_SET_PDEATHSIG): none is left serving.  Its stderr (a line per
 * request) goes to /dev/null.  Header-only, as bench.h: each benchmark is
 * one program of its own.
 */
#ifndef TALLY_TESTS_BENCH_SERVE_H
#define TALLY_TESTS_BENCH_SERVE_H

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* `hub_bin --db db serve --listen 127.0.0.1:0`; its pid, its URL into url
 * ("http://127.0.0.1:PORT"); -1 when it did not start within 20 s. */
static inline pid_t bench_serve(const char *hub_bin, const char *db, char *url, size_t size)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		execl(hub_bin, hub_bin, "--db", db, "serve", "--listen", "127.0.0.1:0",
		      (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	char buf[512];
	size_t n = 0;
	const char *at = NULL;
	while (n < sizeof(buf) - 1) {
		struct pollfd pf = { .fd = p[0], .events = POLLIN };
		if (poll(&pf, 1, 20000) <= 0)
			break;
		ssize_t r = read(p[0], buf + n, sizeof(buf) - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		if ((at = strstr(buf, "http://127.0.0.1:")) != NULL && strchr(at, '\n'))
			break;
		at = NULL;
	}
	close(p[0]);
	if (at == NULL) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	snprintf(url, size, "%.*s", (int)strcspn(at, " \r\n"), at);
	return pid;
}

#endif
