/*
 * test-sync-garbage.c — a hub that answers nonsense.  A tiny server of our
 * own (a thread on 127.0.0.1) gives fixed bytes to each request; whatever it
 * says that is not the protocol, the handheld marks nothing as sent, says
 * what went wrong, and asks to be retried later.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "sync/enroll.h"
#include "sync/sync-conf.h"
#include "sync/sync.h"
#include "sync/token.h"
#include "tests/lib/testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ANSWERS 8

/* The canned server: answers[i] goes to the i-th request, then 503s. */
struct canned {
	int fd;
	int port;
	pthread_t thread;
	char *answers[MAX_ANSWERS];
	size_t answer_len[MAX_ANSWERS];
	int n_answers, served;
	char first_request[4096];
};

static void read_request(int c, char *keep, size_t keep_size)
{
	char buf[65536];
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(buf) - 1 && (r = recv(c, buf + n, sizeof(buf) - 1 - n, 0)) > 0) {
		n += (size_t)r;
		buf[n] = '\0';
		char *end = strstr(buf, "\r\n\r\n");
		if (end == NULL)
			continue;
		size_t clen = 0;
		char *cl = strstr(buf, "\r\nContent-Length:");
		if (cl != NULL)
			clen = strtoul(cl + 17, NULL, 10);
		if (n >= (size_t)(end + 4 - buf) + clen)
			break;
	}
	if (keep != NULL && keep[0] == '\0') {
		size_t k = n < keep_size - 1 ? n : keep_size - 1;
		memcpy(keep, buf, k);
		keep[k] = '\0';
	}
}

static void *serve(void *arg)
{
	struct canned *cs = arg;
	int c;
	while ((c = accept(cs->fd, NULL, NULL)) >= 0) {
		read_request(c, cs->first_request, sizeof(cs->first_request));
		const char *a = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
		                "Connection: close\r\n\r\n";
		size_t len = strlen(a);
		if (cs->served < cs->n_answers) {
			a = cs->answers[cs->served];
			len = cs->answer_len[cs->served];
		}
		cs->served++;
		for (size_t off = 0; off < len;) {
			ssize_t w = send(c, a + off, len - off, MSG_NOSIGNAL);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		shutdown(c, SHUT_WR);
		char sink[4096];
		while (recv(c, sink, sizeof(sink), 0) > 0)
			;
		close(c);
	}
	return NULL;
}

static void canned_start(struct canned *cs)
{
	cs->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET,
		                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(bind(cs->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(cs->fd, 8), 0);
	socklen_t sl = sizeof(sa);
	getsockname(cs->fd, (struct sockaddr *)&sa, &sl);
	cs->port = ntohs(sa.sin_port);
	assert_int_equal(pthread_create(&cs->thread, NULL, serve, cs), 0);
}

static void canned_stop(struct canned *cs)
{
	shutdown(cs->fd, SHUT_RDWR);
	pthread_join(cs->thread, NULL);
	close(cs->fd);
	for (int i = 0; i < cs->n_answers; i++)
		free(cs->answers[i]);
}

/* Queue an answer: status line, extra headers, body. */
static void canned_add(struct canned *cs, const char *status, const char *headers, const char *body,
                       size_t body_len)
{
	char head[512];
	int h = snprintf(head, sizeof(head),
	                 "HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: "
	                 "%zu\r\nConnection: close\r\n%s\r\n",
	                 status, body_len, headers);
	char *a = malloc((size_t)h + body_len);
	memcpy(a, head, (size_t)h);
	memcpy(a + h, body, body_len);
	cs->answers[cs->n_answers] = a;
	cs->answer_len[cs->n_answers++] = (size_t)h + body_len;
}

struct fx {
	char *dir, *path;
	struct store *s;
	int64_t seq[3];
	struct canned cs;
	struct sync_conf conf;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct tally_err e = { 0 };
	f->dir = tu_mkdtemp();
	f->path = tu_path(f->dir, "tally.db");
	f->s = store_open(f->path, &e);
	assert_non_null(f->s);
	for (int i = 0; i < 3; i++) {
		struct record_in in = { .kind = REC_COUNT,
			                .location_id = "MED1",
			                .article_id = "A001",
			                .code = "]E09520000010008",
			                .qty = i + 1 };
		assert_int_equal(store_append(f->s, &in, &f->seq[i], NULL, &e), 0);
	}
	canned_start(&f->cs);
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", f->cs.port);
	assert_int_equal(store_meta_set(f->s, "hub_url", url, &e), 0);
	assert_int_equal(token_save(store_path(f->s), "0123456789abcdef0123456789abcdef", &e), 0);
	sync_conf_load(NULL, &f->conf, &e);
	f->conf.http.timeout_s = 10;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	canned_stop(&f->cs);
	store_close(f->s);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* One round against whatever was queued; returns its status. */
static int round_once(struct fx *f, struct sync_outcome *o, struct tally_err *e)
{
	struct sync_session *ss = sync_session_new(f->s, &f->conf);
	int rc = sync_round(ss, o, e);
	sync_session_free(ss);
	return rc;
}

static void assert_all_pending(struct fx *f)
{
	struct store_counts n;
	struct tally_err e = { 0 };
	assert_int_equal(store_count_states(f->s, &n, &e), 0);
	assert_int_equal(n.pending, 3);
	assert_int_equal(n.sent + n.rejected, 0);
}

static void expect_retry(struct fx *f, const char *needle)
{
	struct sync_outcome o;
	struct tally_err e = { 0 };
	assert_int_equal(round_once(f, &o, &e), EX_TEMPFAIL);
	tu_assert_contains(e.msg, needle);
	assert_int_equal(o.sent, 0);
	assert_all_pending(f);
}

static void not_json(void **state)
{
	struct fx *f = *state;
	canned_add(&f->cs, "200 OK", "", "<html>captive portal</html>", 27);
	expect_retry(f, "malformed");
	/* What was sent: compressed, with the token as a bearer header. */
	tu_assert_contains(f->cs.first_request, "POST /v1/events");
	tu_assert_contains(f->cs.first_request, "Content-Encoding: gzip");
	tu_assert_contains(f->cs.first_request,
	                   "Authorization: Bearer 0123456789abcdef0123456789abcdef");
}

static void truncated_json(void **state)
{
	struct fx *f = *state;
	const char *b = "{\"results\": [{\"seq\": 1, \"status\": \"acc";
	canned_add(&f->cs, "200 OK", "", b, strlen(b));
	expect_retry(f, "malformed");
}

static void wrong_types(void **state)
{
	struct fx *f = *state;
	const char *b = "{\"results\": [{\"seq\": \"1\", \"status\": 7}], \"server_time\": 5}";
	canned_add(&f->cs, "200 OK", "", b, strlen(b));
	expect_retry(f, "malformed");
}

static void results_for_unknown_seqs(void **state)
{
	struct fx *f = *state;
	char b[256];
	/* The first is real; one unknown seq spoils the whole answer. */
	snprintf(b, sizeof(b),
	         "{\"results\": [{\"seq\": %lld, \"status\": \"accepted\"}, {\"seq\": 9999, "
	         "\"status\": \"accepted\"}], \"server_time\": \"2026-11-23T09:30:00.412Z\"}",
	         (long long)f->seq[0]);
	canned_add(&f->cs, "200 OK", "", b, strlen(b));
	expect_retry(f, "not sent");
}

static void huge_body(void **state)
{
	struct fx *f = *state;
	size_t len = 9u * 1024u * 1024u;
	char *b = malloc(len);
	memset(b, ' ', len);
	b[0] = '{';
	canned_add(&f->cs, "200 OK", "", b, len);
	free(b);
	expect_retry(f, "larger than 8 MiB");
}

static void server_error_with_retry_after(void **state)
{
	struct fx *f = *state;
	const char *b = "{\"error\": \"unavailable\", \"message\": \"the hub is busy\"}";
	canned_add(&f->cs, "503 Service Unavailable", "Retry-After: 7\r\n", b, strlen(b));
	struct sync_outcome o;
	struct tally_err e = { 0 };
	assert_int_equal(round_once(f, &o, &e), EX_TEMPFAIL);
	assert_int_equal(o.retry_after_s, 7);
	tu_assert_contains(e.msg, "503");
	assert_all_pending(f);
}

/* The daemon waits as long as the hub asks, and stops on SIGTERM. */
static void the_daemon_honours_retry_after(void **state)
{
	struct fx *f = *state;
	const char *b = "{\"error\": \"unavailable\", \"message\": \"maintenance\"}";
	canned_add(&f->cs, "503 Service Unavailable", "Retry-After: 120\r\n", b, strlen(b));
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		execl(tu_tally_bin(), tu_tally_bin(), "--lang", "en", "--db", f->path, "sync",
		      "--daemon", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	char buf[2048];
	const char *at = tu_await_text(p[0], "next try in ", 0, 10000, buf, sizeof(buf));
	kill(pid, SIGTERM);
	int st;
	waitpid(pid, &st, 0);
	close(p[0]);
	if (at == NULL)
		fail_msg("the daemon did not say when it tries again: %s", buf);
	tu_assert_contains(buf, "maintenance");
	long secs = strtol(at + strlen("next try in "), NULL, 10);
	assert_true(secs >= 120);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(f->cs.served, 1);
	assert_all_pending(f);
}

static void unauthorized_and_conflict_stop(void **state)
{
	struct fx *f = *state;
	const char *b401 = "{\"error\": \"unauthorized\", \"message\": \"no\"}";
	const char *b409 = "{\"error\": \"db-id-changed\", \"message\": \"no\"}";
	canned_add(&f->cs, "401 Unauthorized", "", b401, strlen(b401));
	canned_add(&f->cs, "409 Conflict", "", b409, strlen(b409));
	struct sync_outcome o;
	struct tally_err e = { 0 };
	assert_int_equal(round_once(f, &o, &e), EX_NOPERM);
	tu_assert_contains(e.msg, "enrol this handheld again");
	err_clear(&e);
	assert_int_equal(round_once(f, &o, &e), EX_NOPERM);
	tu_assert_contains(e.msg, "not the one that was enrolled");
	assert_all_pending(f);
}

/* The same server, answering properly: everything marked, the pull applied,
 * the clock offset kept; and the round does not end as a success while a
 * record was rejected (exit 65, saying so). */
static void good_answers_are_marked(void **state)
{
	struct fx *f = *state;
	char b[512];
	snprintf(
	    b, sizeof(b),
	    "{\"results\": [{\"seq\": %lld, \"status\": \"accepted\"}, {\"seq\": %lld, "
	    "\"status\": \"duplicate\"}, {\"seq\": %lld, \"status\": \"rejected\", \"reason\": "
	    "\"invalid: test\"}], \"server_time\": \"2026-11-23T09:30:00.412Z\"}",
	    (long long)f->seq[0], (long long)f->seq[1], (long long)f->seq[2]);
	canned_add(&f->cs, "200 OK", "", b, strlen(b));
	const char *pull = "{\"changes\": [{\"cursor\": 4, \"table\": \"article\", \"op\": "
	                   "\"upsert\", \"row\": {\"id\": \"A9\", \"name\": \"Test\"}}], "
	                   "\"next\": 4, \"more\": false}";
	canned_add(&f->cs, "200 OK", "", pull, strlen(pull));
	struct sync_outcome o;
	struct tally_err e = { 0 };
	assert_int_equal(round_once(f, &o, &e), EX_DATAERR);
	tu_assert_contains(e.msg, "rejected records (1)");
	assert_int_equal(o.sent, 2);
	assert_int_equal(o.rejected, 1);
	assert_int_equal(o.pulled, 1);
	struct store_counts n;
	assert_int_equal(store_count_states(f->s, &n, &e), 0);
	assert_int_equal(n.pending, 0);
	char *cur = store_meta_get(f->s, "cursor");
	assert_string_equal(cur, "4");
	free(cur);
	char *off = store_meta_get(f->s, "clock_offset_ms");
	assert_non_null(off);
	free(off);
	struct article a;
	assert_int_equal(store_article_get(f->s, "A9", &a, &e), 0);
	assert_string_equal(a.name, "Test");
	article_free(&a);
}

static void qr_text_is_decoded(void **state)
{
	char url[256], code[64];
	struct tally_err e = { 0 };
	assert_int_equal(enroll_parse_qr("tally://enroll?hub=https%3A%2F%2Fhub.example.org%2Fx&"
	                                 "code=K7QF-M2XD-9PTA",
	                                 url, sizeof(url), code, sizeof(code), &e),
	                 0);
	assert_string_equal(url, "https://hub.example.org/x");
	assert_string_equal(code, "K7QF-M2XD-9PTA");
	assert_int_equal(enroll_parse_qr("tally://enroll?hub=%4&code=x", url, sizeof(url), code,
	                                 sizeof(code), &e),
	                 EX_USAGE);
	assert_int_equal(
	    enroll_parse_qr("https://example.org", url, sizeof(url), code, sizeof(code), &e),
	    EX_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(not_json, setup, teardown),
		cmocka_unit_test_setup_teardown(truncated_json, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_types, setup, teardown),
		cmocka_unit_test_setup_teardown(results_for_unknown_seqs, setup, teardown),
		cmocka_unit_test_setup_teardown(huge_body, setup, teardown),
		cmocka_unit_test_setup_teardown(server_error_with_retry_after, setup, teardown),
		cmocka_unit_test_setup_teardown(the_daemon_honours_retry_after, setup, teardown),
		cmocka_unit_test_setup_teardown(unauthorized_and_conflict_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(good_answers_are_marked, setup, teardown),
		cmocka_unit_test(qr_text_is_decoded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
