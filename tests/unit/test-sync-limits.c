/*
 * test-sync-limits.c — the hub's limits against a real tally-hub over
 * loopback: 1,100 half-open connections (slowloris, from 127.0.0.2) while a
 * real `tally sync` from 127.0.0.1 goes through; `/v1/health%00` is no
 * endpoint.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "common/i18n.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define HALF_OPEN 1100

/* A connection from `from` to the hub that sends `text` and then nothing;
 * -1 when it cannot be made. */
static int half_open(const char *from, int port, const char *text)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in src = { .sin_family = AF_INET }, dst = { .sin_family = AF_INET };
	inet_pton(AF_INET, from, &src.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	dst.sin_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) != 0 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof(dst)) != 0) {
		close(fd);
		return -1;
	}
	if (text != NULL && write(fd, text, strlen(text)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

struct fx {
	char *dir, *hubdb;
	struct hub_run h;
};

static int setup(void **state)
{
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < HALF_OPEN + 200) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl); /* the hub, started below, inherits it */
	}
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->hubdb = tu_path(f->dir, "hub.db");
	hub_run_init(f->hubdb);
	hub_run_start(&f->h, f->hubdb, NULL);
	*state = f;
	return 0;
}

/* The hub is stopped here, whatever the test found. */
static int teardown(void **state)
{
	struct fx *f = *state;
	hub_run_stop(&f->h);
	tu_rmtree(f->dir);
	free(f->dir), free(f->hubdb), free(f);
	return 0;
}

static void real_sync_passes_a_slowloris(void **state)
{
	struct fx *f = *state;
	struct hub_run h = f->h;
	char *hubdb = f->hubdb, *store = tu_path(f->dir, "t.db");
	char *code = hub_run_code(hubdb, "MED1", h.url);
	struct tu_run r =
	    tu_tally(NULL, "--lang", "en", "--create", "--db", store, "enroll", h.url, code, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	free(code);
	struct tally_err e = { 0 };
	struct store *s = store_open(store, &e);
	assert_non_null(s);
	struct record_in in = { .kind = REC_COUNT, .location_id = "MED1", .qty = 3 };
	for (int i = 0; i < 3; i++)
		assert_int_equal(store_append(s, &in, NULL, NULL, &e), 0);
	store_close(s);

	int *fds = calloc(HALF_OPEN, sizeof(int)), made = 0;
	for (int i = 0; i < HALF_OPEN; i++) {
		fds[i] =
		    half_open("127.0.0.2", h.port,
		              "POST /v1/events HTTP/1.1\r\nHost: hub\r\nContent-Length: 100\r\n");
		made += fds[i] >= 0;
	}
	printf("# %d of %d half-open connections made\n", made, HALF_OPEN);
	assert_true(made > 1000);

	r = tu_tally(NULL, "--lang", "en", "--db", store, "sync", "--once", NULL);
	if (r.status != 0)
		fail_msg("sync under slowloris: exit %d\n%s%s", r.status, r.out, r.err);
	tu_assert_contains(r.out, "sent 3, rejected 0");
	tu_run_free(&r);

	/* The hub holds few of one address's connections: the rest were
	 * closed at once, not kept until a limit shuts everyone out. */
	int held = 0;
	for (int i = 0; i < HALF_OPEN; i++) {
		if (fds[i] < 0)
			continue;
		struct pollfd p = { fds[i], POLLIN, 0 };
		char c;
		if (poll(&p, 1, 0) == 0 ||
		    (recv(fds[i], &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN))
			held++;
		close(fds[i]);
	}
	free(fds);
	printf("# the hub held %d of them\n", held);
	assert_true(held <= 64);

	/* A NUL in the path ends no comparison early. */
	int fd = half_open("127.0.0.1", h.port, "GET /v1/health%00 HTTP/1.1\r\nHost: hub\r\n\r\n");
	assert_true(fd >= 0);
	char reply[256] = "";
	ssize_t n = read(fd, reply, sizeof(reply) - 1);
	close(fd);
	assert_true(n > 12);
	reply[n] = '\0';
	tu_assert_contains(reply, "HTTP/1.1 404");

	free(store);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(real_sync_passes_a_slowloris, setup, teardown),
	};
	return cmocka_run_group_tests_name("sync-limits", tests, NULL, NULL);
}
