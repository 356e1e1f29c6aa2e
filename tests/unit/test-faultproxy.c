/*
 * test-faultproxy.c — the fault proxy the sync tests rely on does what each
 * mode says, against a tiny HTTP server in this test: where a connection is
 * reset or cut, what the server got, what the client got and how it ended,
 * and the byte counts the proxy reports.  If the proxy lied, the sync fault
 * tests would prove nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/faultproxy-run.h"
#include "tests/lib/testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BODY_LEN 100
static const char req_head[] = "POST /v1/events HTTP/1.1\r\nHost: hub\r\n"
                               "Content-Length: 100\r\nConnection: close\r\n\r\n";
/* The first of two requests on one connection. */
static const char keep_head[] = "POST /v1/events HTTP/1.1\r\nHost: hub\r\n"
                                "Content-Length: 100\r\n\r\n";
#define KEEP_LEN     ((int)sizeof keep_head - 1 + BODY_LEN)
#define REQ_HEAD_LEN ((int)sizeof req_head - 1)
#define REQ_LEN      (REQ_HEAD_LEN + BODY_LEN)
static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n"
                               "01234567890123456789";
#define RESP_LEN      ((int)sizeof response - 1)
#define RESP_HEAD_LEN (RESP_LEN - 20)

/* What the server saw of one connection. */
struct seen {
	int bytes;
	int complete;
};

struct server {
	int lfd, port;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop, nseen;
	struct seen seen[64];
};

struct fixture {
	char *dir;
	struct server srv;
	struct faultproxy proxy;
	unsigned conn; /* the proxy's id of the last connection made */
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read requests (headers, then Content-Length bytes) and answer each whole
 * one, until one says "Connection: close" or the peer stops. */
static void serve_one(struct server *s, int fd)
{
	char buf[8192] = "";
	int len = 0, closing = 0;
	struct seen r = { 0, 0 };
	while (!closing) {
		char *blank = strstr(buf, "\r\n\r\n");
		if (len > 0 && blank != NULL) {
			const char *cl = strstr(buf, "Content-Length: ");
			int want = (int)(blank - buf) + 4 + (cl && cl < blank ? atoi(cl + 16) : 0);
			if (len >= want) {
				char *conn_close = strstr(buf, "Connection: close");
				closing = conn_close != NULL && conn_close < blank;
				r.complete++;
				ssize_t w = write(fd, response, RESP_LEN);
				(void)w;
				memmove(buf, buf + want, (size_t)(len - want));
				len -= want;
				buf[len] = '\0';
				continue;
			}
		}
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 3000) <= 0)
			break;
		ssize_t n = read(fd, buf + len, sizeof buf - 1 - (size_t)len);
		if (n <= 0)
			break;
		len += (int)n;
		r.bytes += (int)n;
		buf[len] = '\0';
	}
	if (r.complete > 0) {
		shutdown(fd, SHUT_WR);
		struct pollfd p = { fd, POLLIN, 0 };
		while (poll(&p, 1, 2000) > 0 && read(fd, buf, sizeof buf) > 0)
			;
	}
	close(fd);
	pthread_mutex_lock(&s->mu);
	s->seen[s->nseen++ % 64] = r;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	for (;;) {
		pthread_mutex_lock(&s->mu);
		int stop = s->stop;
		pthread_mutex_unlock(&s->mu);
		if (stop)
			return NULL;
		struct pollfd p = { s->lfd, POLLIN, 0 };
		if (poll(&p, 1, 50) > 0) {
			int fd = accept(s->lfd, NULL, NULL);
			if (fd >= 0)
				serve_one(s, fd);
		}
	}
}

/* The server's record of connection number `n` (0-based), waiting up to ms;
 * 0 when it never came. */
static int server_seen(struct server *s, int n, int ms, struct seen *out)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L)
		until.tv_sec++, until.tv_nsec -= 1000000000L;
	pthread_mutex_lock(&s->mu);
	while (s->nseen <= n)
		if (pthread_cond_timedwait(&s->cv, &s->mu, &until) != 0)
			break;
	int got = s->nseen > n;
	if (got)
		*out = s->seen[n];
	pthread_mutex_unlock(&s->mu);
	return got;
}

/* What the client saw. */
struct got {
	char data[4096];
	int bytes, reads;
	int reset; /* ended by ECONNRESET rather than a clean end of stream */
	long long ms;
};

static struct got exchange_bytes(struct fixture *f, const char *req, size_t req_len)
{
	struct got g;
	memset(&g, 0, sizeof g);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { 0 };
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)f->proxy.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	long long t0 = now_ms();
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	f->conn++;
	ssize_t w = send(fd, req, req_len, MSG_NOSIGNAL);
	(void)w;
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 5000) <= 0)
			fail_msg("the client waited 5 s for the proxy");
		ssize_t n = read(fd, g.data + g.bytes, sizeof g.data - 1 - (size_t)g.bytes);
		if (n < 0) {
			g.reset = errno == ECONNRESET;
			break;
		}
		if (n == 0)
			break;
		g.bytes += (int)n;
		g.reads++;
	}
	g.ms = now_ms() - t0;
	close(fd);
	return g;
}

static struct got exchange(struct fixture *f)
{
	char req[REQ_LEN + 1];
	memcpy(req, req_head, REQ_HEAD_LEN);
	memset(req + REQ_HEAD_LEN, 'a', BODY_LEN);
	return exchange_bytes(f, req, REQ_LEN);
}

/* Two requests on one connection, sent at once. */
static struct got exchange_two(struct fixture *f)
{
	char req[KEEP_LEN + REQ_LEN + 1];
	memcpy(req, keep_head, KEEP_LEN - BODY_LEN);
	memset(req + KEEP_LEN - BODY_LEN, 'a', BODY_LEN);
	memcpy(req + KEEP_LEN, req_head, REQ_HEAD_LEN);
	memset(req + KEEP_LEN + REQ_HEAD_LEN, 'b', BODY_LEN);
	return exchange_bytes(f, req, KEEP_LEN + REQ_LEN);
}

static void expect_close(struct fixture *f, int up, int down, const char *how)
{
	char *line = tu_strfmt("conn %u close up=%d down=%d how=%s\n", f->conn, up, down, how);
	if (!faultproxy_wait_log(&f->proxy, line, 0, 2000)) {
		char *log = faultproxy_log(&f->proxy);
		fail_msg("expected \"%s\" in the proxy's log:\n%s", line, log);
	}
	free(line);
}

static void expect_server(struct fixture *f, int bytes, int complete)
{
	struct seen s;
	if (!server_seen(&f->srv, (int)f->conn - 1, 3000, &s))
		fail_msg("the server never saw connection %u", f->conn);
	assert_int_equal(s.bytes, bytes);
	assert_int_equal(s.complete, complete);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = tu_mkdtemp();
	struct server *s = &f->srv;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { 0 };
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof sa;
	if (bind(s->lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s->lfd, 16) < 0 ||
	    getsockname(s->lfd, (struct sockaddr *)&sa, &sl) < 0)
		fail_msg("test server: %s", strerror(errno));
	s->port = ntohs(sa.sin_port);
	pthread_create(&s->thread, NULL, server_main, s);
	faultproxy_start(&f->proxy, s->port, f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	faultproxy_stop(&f->proxy);
	pthread_mutex_lock(&f->srv.mu);
	f->srv.stop = 1;
	pthread_mutex_unlock(&f->srv.mu);
	pthread_join(f->srv.thread, NULL);
	close(f->srv.lfd);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void pass_relays_both_ways_and_counts(void **state)
{
	struct fixture *f = *state;
	struct got g = exchange(f);
	assert_int_equal(g.bytes, RESP_LEN);
	assert_memory_equal(g.data, response, RESP_LEN);
	assert_false(g.reset);
	expect_server(f, REQ_LEN, 1);
	expect_close(f, REQ_LEN, RESP_LEN, "fin");
	char *want = tu_strfmt("conn %u request-end %d\n", f->conn, REQ_LEN);
	char *log = faultproxy_log(&f->proxy);
	tu_assert_contains(log, want);
	free(log);
	free(want);
	assert_int_equal(faultproxy_last_conn(&f->proxy), f->conn);
	size_t len;
	char *up = faultproxy_captured(&f->proxy, f->conn, "up", &len);
	assert_non_null(up);
	assert_int_equal(len, REQ_LEN);
	assert_memory_equal(up, req_head, REQ_HEAD_LEN);
	char *down = faultproxy_captured(&f->proxy, f->conn, "down", &len);
	assert_int_equal(len, RESP_LEN);
	assert_memory_equal(down, response, RESP_LEN);
	free(up);
	free(down);
}

static void restart_keeps_the_port(void **state)
{
	struct fixture *f = *state;
	int port = f->proxy.port;
	struct got g = exchange(f);
	assert_int_equal(g.bytes, RESP_LEN);
	faultproxy_restart(&f->proxy, f->srv.port);
	assert_int_equal(f->proxy.port, port);
	f->conn = 0;
	g = exchange(f);
	assert_int_equal(g.bytes, RESP_LEN);
	assert_int_equal(faultproxy_last_conn(&f->proxy), 1);
}

static void reset_request_at(struct fixture *f, const char *place, int at)
{
	char *line = tu_strfmt("reset-request %s\n", place);
	faultproxy_set(&f->proxy, line);
	struct got g = exchange(f);
	assert_int_equal(g.bytes, 0);
	assert_true(g.reset);
	expect_server(f, at, 0);
	expect_close(f, at, 0, "reset");
	free(line);
}

static void reset_request_at_each_place(void **state)
{
	struct fixture *f = *state;
	reset_request_at(f, "0", 0);
	reset_request_at(f, "1", 1);
	reset_request_at(f, "header-end", REQ_HEAD_LEN);
	reset_request_at(f, "body-middle", REQ_HEAD_LEN + BODY_LEN / 2);
	reset_request_at(f, "last", REQ_LEN - 1);
}

static void reset_response_at(struct fixture *f, const char *place, int at)
{
	char *line = tu_strfmt("reset-response %s\n", place);
	faultproxy_set(&f->proxy, line);
	struct got g = exchange(f);
	assert_int_equal(g.bytes, at);
	assert_memory_equal(g.data, response, (size_t)at);
	assert_true(g.reset);
	expect_server(f, REQ_LEN, 1);
	expect_close(f, REQ_LEN, at, "reset");
	free(line);
}

static void reset_response_after_the_server_answered(void **state)
{
	struct fixture *f = *state;
	reset_response_at(f, "0", 0);
	reset_response_at(f, "header-end", RESP_HEAD_LEN);
	reset_response_at(f, "body-middle", RESP_HEAD_LEN + 10);
	reset_response_at(f, "last", RESP_LEN - 1);
}

static void truncate_ends_cleanly(void **state)
{
	struct fixture *f = *state;
	faultproxy_set(&f->proxy, "truncate body-middle\n");
	struct got g = exchange(f);
	assert_int_equal(g.bytes, RESP_HEAD_LEN + 10);
	assert_false(g.reset);
	expect_server(f, REQ_LEN, 1);
	expect_close(f, REQ_LEN, RESP_HEAD_LEN + 10, "fin");
}

static void delays_hold_the_exchange(void **state)
{
	struct fixture *f = *state;
	faultproxy_set(&f->proxy, "delay 300\n");
	struct got g = exchange(f);
	assert_int_equal(g.bytes, RESP_LEN);
	assert_true(g.ms >= 300);
	expect_server(f, REQ_LEN, 1);

	faultproxy_set(&f->proxy, "delay-response 300\n");
	g = exchange(f);
	assert_int_equal(g.bytes, RESP_LEN);
	assert_true(g.ms >= 300);
	expect_server(f, REQ_LEN, 1);
	expect_close(f, REQ_LEN, RESP_LEN, "fin");
}

static void garbage_replaces_the_response(void **state)
{
	struct fixture *f = *state;
	faultproxy_set(&f->proxy, "garbage 64\n");
	struct got g = exchange(f);
	assert_int_equal(g.bytes, 64);
	assert_false(g.reset);
	assert_true(g.data[0] != 'H');
	assert_null(strstr(g.data, "0123456789"));
	expect_server(f, REQ_LEN, 1);
	expect_close(f, REQ_LEN, 64, "fin");

	faultproxy_set(&f->proxy, "garbage-200\n");
	g = exchange(f);
	tu_assert_contains(g.data, "HTTP/1.1 200 OK\r\n");
	tu_assert_contains(g.data, "not JSON");
	assert_null(strstr(g.data, "0123456789"));
	expect_server(f, REQ_LEN, 1);
}

static void trickle_sends_one_byte_at_a_time(void **state)
{
	struct fixture *f = *state;
	faultproxy_set(&f->proxy, "trickle 5\n");
	struct got g = exchange(f);
	assert_int_equal(g.bytes, RESP_LEN);
	assert_memory_equal(g.data, response, RESP_LEN);
	assert_true(g.reads >= RESP_LEN / 2);
	assert_true(g.ms >= (RESP_LEN - 1) * 5);
	expect_close(f, REQ_LEN, RESP_LEN, "fin");
}

static void drop_never_reaches_the_server(void **state)
{
	struct fixture *f = *state;
	faultproxy_set(&f->proxy, "drop\n");
	struct got g = exchange(f);
	assert_int_equal(g.bytes, 0);
	struct seen s;
	assert_false(server_seen(&f->srv, (int)f->conn - 1, 300, &s));
	expect_close(f, 0, 0, "drop");
	/* The next connection passes again, and is the server's first. */
	faultproxy_set(&f->proxy, "");
	g = exchange(f);
	assert_int_equal(g.bytes, RESP_LEN);
	assert_true(server_seen(&f->srv, 0, 2000, &s));
	assert_int_equal(s.complete, 1);
}

static pid_t victim(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	assert_true(pid > 0);
	return pid;
}

static void expect_killed(pid_t pid)
{
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGKILL);
}

static void kill_modes_signal_at_their_moment(void **state)
{
	struct fixture *f = *state;
	pid_t pid = victim();
	char *line = tu_strfmt("kill-after-request %d\n", (int)pid);
	faultproxy_set(&f->proxy, line);
	struct got g = exchange(f);
	expect_killed(pid);
	assert_int_equal(g.bytes, RESP_LEN); /* the test server lives on */
	expect_server(f, REQ_LEN, 1);
	free(line);

	pid = victim();
	line = tu_strfmt("kill-on-response %d\n", (int)pid);
	faultproxy_set(&f->proxy, line);
	g = exchange(f);
	expect_killed(pid);
	assert_int_equal(g.bytes, 0);
	assert_true(g.reset);
	expect_server(f, REQ_LEN, 1);
	expect_close(f, REQ_LEN, 0, "reset");
	free(line);
}

/* request=2 puts the places in the second exchange of a kept-alive
 * connection: the first goes through whole. */
static void second_request_of_a_connection(void **state)
{
	struct fixture *f = *state;
	faultproxy_set(&f->proxy, "reset-response last request=2\n");
	struct got g = exchange_two(f);
	assert_int_equal(g.bytes, 2 * RESP_LEN - 1);
	assert_true(g.reset);
	expect_server(f, KEEP_LEN + REQ_LEN, 2);
	expect_close(f, KEEP_LEN + REQ_LEN, 2 * RESP_LEN - 1, "reset");

	faultproxy_set(&f->proxy, "reset-response start request=2\n");
	g = exchange_two(f);
	assert_int_equal(g.bytes, RESP_LEN);
	assert_true(g.reset);
	expect_close(f, KEEP_LEN + REQ_LEN, RESP_LEN, "reset");

	faultproxy_set(&f->proxy, "reset-request body-middle request=2\n");
	g = exchange_two(f);
	assert_true(g.reset);
	assert_true(g.bytes <= RESP_LEN);
	expect_server(f, KEEP_LEN + REQ_HEAD_LEN + BODY_LEN / 2, 1);

	pid_t pid = victim();
	char *line = tu_strfmt("kill-after-request %d request=2\n", (int)pid);
	faultproxy_set(&f->proxy, line);
	g = exchange_two(f);
	expect_killed(pid);
	assert_int_equal(g.bytes, 2 * RESP_LEN);
	char *want = tu_strfmt("conn %u request-end %d\n", f->conn, KEEP_LEN + REQ_LEN);
	char *log = faultproxy_log(&f->proxy);
	tu_assert_contains(log, want);
	free(log);
	free(want);
	free(line);
}

static void once_faults_only_the_next_connections(void **state)
{
	struct fixture *f = *state;
	faultproxy_set(&f->proxy, "once reset-request 0\nonce truncate 5\n");
	struct got g = exchange(f);
	assert_true(g.reset);
	assert_int_equal(g.bytes, 0);
	g = exchange(f);
	assert_false(g.reset);
	assert_int_equal(g.bytes, 5);
	g = exchange(f);
	assert_int_equal(g.bytes, RESP_LEN);
	char *control = tu_read_file(f->proxy.control, NULL);
	assert_string_equal(control, "");
	free(control);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pass_relays_both_ways_and_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(restart_keeps_the_port, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_request_at_each_place, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_response_after_the_server_answered, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(truncate_ends_cleanly, setup, teardown),
		cmocka_unit_test_setup_teardown(delays_hold_the_exchange, setup, teardown),
		cmocka_unit_test_setup_teardown(garbage_replaces_the_response, setup, teardown),
		cmocka_unit_test_setup_teardown(trickle_sends_one_byte_at_a_time, setup, teardown),
		cmocka_unit_test_setup_teardown(drop_never_reaches_the_server, setup, teardown),
		cmocka_unit_test_setup_teardown(kill_modes_signal_at_their_moment, setup, teardown),
		cmocka_unit_test_setup_teardown(second_request_of_a_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(once_faults_only_the_next_connections, setup,
		                                teardown),
	};
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
