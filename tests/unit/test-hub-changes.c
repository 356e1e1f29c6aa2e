/*
 * test-hub-changes.c — a handheld pulling /v1/changes while the admin
 * imports never skips a change: one thread imports round after round of
 * master data (new rows and changed ones) while this one pages through the
 * feed; at the end, the latest cursor it saw for every row is exactly the
 * hub's final change log.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-http.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 12
#define ROWS   150

struct importer {
	const char *dir, *db;
	int done, failed;
	pthread_mutex_t mu;
};

static void *import_rounds(void *arg)
{
	struct importer *im = arg;
	for (int k = 0; k < ROUNDS; k++) {
		json_t *rows = json_array();
		for (int i = 0; i < ROWS; i++) {
			char id[32], name[64];
			/* Half the rows are changed every round, half are new. */
			if (i % 2)
				snprintf(id, sizeof(id), "B%03d", i);
			else
				snprintf(id, sizeof(id), "N%02d-%03d", k, i);
			snprintf(name, sizeof(name), "round %d row %d", k, i);
			json_array_append_new(rows, json_pack("{s:s,s:s}", "id", id, "name", name));
		}
		json_t *doc = json_pack("{s:o}", "article", rows);
		char *path = tu_strfmt("%s/round-%d.json", im->dir, k);
		json_dump_file(doc, path, 0);
		json_decref(doc);
		if (hub_run_import(im->db, path) != 0)
			im->failed++;
		free(path);
	}
	pthread_mutex_lock(&im->mu);
	im->done = 1;
	pthread_mutex_unlock(&im->mu);
	return NULL;
}

/* Pull one page after *since into seen (key → cursor); more? */
static int pull_page(const char *base, const char *token, long long *since, json_t *seen,
                     long long *last)
{
	char *u = tu_strfmt("%s/v1/changes?since=%lld&limit=37", base, *since);
	struct tu_http r = tu_http("GET", u, token, NULL, 0, 0, NULL);
	free(u);
	if (r.status != 200)
		fail_msg("changes: %ld %s", r.status, r.body);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(j, "changes"), i, c)
	{
		long long cur = json_integer_value(json_object_get(c, "cursor"));
		/* Cursors only ever go up. */
		assert_true(cur > *last);
		*last = cur;
		json_object_set_new(
		    seen, json_string_value(json_object_get(json_object_get(c, "row"), "id")),
		    json_integer(cur));
	}
	*since = json_integer_value(json_object_get(j, "next"));
	int more = json_is_true(json_object_get(j, "more"));
	json_decref(j);
	tu_http_free(&r);
	return more;
}

static void a_reader_never_skips_a_change_committed_late(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "hub.db");
	hub_run_init(db);
	struct hub_run h;
	hub_run_start(&h, db, NULL);
	char *code = hub_run_code(db, "reader", h.url);
	char *body = tu_strfmt("{\"code\":\"%s\",\"db_id\":\"r1\"}", code);
	char *u = tu_strfmt("%s/v1/enroll", h.url);
	struct tu_http r = tu_http("POST", u, NULL, body, strlen(body), 0, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	char *token = tu_strfmt("%s", json_string_value(json_object_get(j, "token")));
	json_decref(j);
	tu_http_free(&r);

	struct importer im = { .dir = dir, .db = db };
	pthread_mutex_init(&im.mu, NULL);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, import_rounds, &im), 0);
	json_t *seen = json_object();
	long long since = 0, last = 0;
	int pages = 0;
	for (;;) {
		pthread_mutex_lock(&im.mu);
		int done = im.done;
		pthread_mutex_unlock(&im.mu);
		while (pull_page(h.url, token, &since, seen, &last))
			pages++;
		pages++;
		if (done)
			break;
	}
	pthread_join(t, NULL);
	assert_int_equal(im.failed, 0);
	assert_true(pages > ROUNDS); /* it really did read while the imports ran */

	char *rows = hub_run_query(db, "SELECT key, cursor FROM change"), *save = NULL;
	size_t n = 0;
	for (char *line = strtok_r(rows, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *bar = strchr(line, '|');
		assert_non_null(bar);
		*bar = '\0';
		json_t *c = json_object_get(seen, line);
		if (c == NULL)
			fail_msg("the reader never saw %s", line);
		assert_int_equal(json_integer_value(c), atoll(bar + 1));
		n++;
	}
	free(rows);
	assert_int_equal(n, json_object_size(seen));
	assert_int_equal(n, ROWS / 2 + ROUNDS * ROWS / 2);
	json_decref(seen);
	assert_int_equal(hub_run_stop(&h), 0);
	pthread_mutex_destroy(&im.mu);
	tu_rmtree(dir);
	free(dir);
	free(db);
	free(code);
	free(body);
	free(u);
	free(token);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_reader_never_skips_a_change_committed_late),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
