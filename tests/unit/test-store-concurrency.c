/*
 * test-store-concurrency.c — the handheld UI appends scans while the sync
 * daemon marks records sent, in two processes at once.  Neither loses a
 * record, and the writer never waits past the busy timeout (an append that
 * did would fail, and is counted).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "common/i18n.h"
#include "tests/lib/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RECORDS 1000

static int writer(const char *path)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	if (s == NULL) {
		fprintf(stderr, "writer open: %s\n", e.msg);
		return 1;
	}
	int failed = 0;
	for (int i = 0; i < RECORDS; i++) {
		char code[32];
		snprintf(code, sizeof(code), "]E0%013d", i);
		struct record_in in = { .kind = REC_COUNT,
			                .location_id = "W-MED1",
			                .article_id = "A-PARA",
			                .code = code,
			                .qty = i };
		if (store_append(s, &in, NULL, NULL, &e) != 0) {
			fprintf(stderr, "append %d: %s\n", i, e.msg);
			failed++;
		}
	}
	store_close(s);
	return failed == 0 ? 0 : 1;
}

static void writer_and_sync_marker_at_once(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "tally.db");
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e); /* create it before both start */
	assert_non_null(s);

	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(writer(path));

	int child_done = 0, status = 0, rounds = 0;
	int64_t marked = 0;
	for (;;) {
		if (!child_done && waitpid(pid, &status, WNOHANG) == pid)
			child_done = 1;
		struct record *r;
		size_t n;
		assert_int_equal(store_records(s, 0, 1, 50, &r, &n, &e), 0);
		struct sync_result res[50];
		for (size_t i = 0; i < n; i++)
			res[i] = (struct sync_result){ r[i].seq, SYNC_SENT, NULL };
		if (n > 0) {
			if (store_mark(s, res, n, &e) != 0)
				fail_msg("mark: %s", e.msg);
			marked += (int64_t)n;
			rounds++;
		}
		records_free(r, n);
		if (child_done && n == 0)
			break;
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	struct store_counts c;
	assert_int_equal(store_count_states(s, &c, &e), 0);
	assert_int_equal(c.sent, RECORDS);
	assert_int_equal(c.pending, 0);
	assert_int_equal(marked, RECORDS);
	assert_true(rounds > 1); /* they really did overlap */

	/* Every one of the writer's records, once, in order. */
	struct record *r;
	size_t n;
	assert_int_equal(store_records(s, 0, 0, 0, &r, &n, &e), 0);
	assert_int_equal(n, RECORDS);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(r[i].qty, (int64_t)i);
	records_free(r, n);
	store_close(s);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writer_and_sync_marker_at_once),
	};
	return cmocka_run_group_tests_name("store-concurrency", tests, NULL, NULL);
}
