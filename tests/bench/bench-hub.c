/*
 * bench-hub.c — the hub's figures:
 *   - 10,000 records pushed through POST /v1/events in batches of 500
 *     (target ≤ 1 s), against the same number of bare requests
 *     (GET /v1/health) as baseline;
 *   - 100,000 master rows pulled through GET /v1/changes in pages of 5000
 *     (target ≤ 3 s), against the same number of bare requests.
 * A real tally-hub on 127.0.0.1, a real database file, libcurl as client.
 */
#include "tests/bench/bench.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RECORDS 10000
#define BATCH   500
#define MASTER  100000
#define PAGE    5000

static const char *hub_bin(void)
{
	const char *v = getenv("TALLY_HUB_BIN");
	return v != NULL && *v ? v : "build/tally-hub";
}

static int run(const char *db, const char *a, const char *b, char *out, size_t size)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "LANG=C '%s' --db '%s' %s %s 2>&1", hub_bin(), db, a, b);
	FILE *p = popen(cmd, "r");
	size_t n = p != NULL ? fread(out, 1, size - 1, p) : 0;
	out[n] = '\0';
	return p != NULL ? pclose(p) : -1;
}

struct buf {
	char *p;
	size_t len;
};

static size_t collect(char *d, size_t s, size_t n, void *u)
{
	struct buf *b = u;
	b->p = realloc(b->p, b->len + s * n + 1);
	memcpy(b->p + b->len, d, s * n);
	b->len += s * n;
	b->p[b->len] = '\0';
	return s * n;
}

/* One request on a reused handle; the body (malloc'd) or NULL. */
static char *request(CURL *c, const char *url, const char *auth, const char *body)
{
	struct buf b = { NULL, 0 };
	struct curl_slist *h = curl_slist_append(NULL, auth);
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	if (body != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	if (status != 200) {
		fprintf(stderr, "bench-hub: %s: %ld %s\n", url, status, b.p ? b.p : "");
		free(b.p);
		return NULL;
	}
	return b.p;
}

static double bare_requests(CURL *c, const char *base, const char *auth, int n)
{
	char url[128];
	snprintf(url, sizeof(url), "%s/v1/health", base);
	double t0 = bench_now();
	for (int i = 0; i < n; i++)
		free(request(c, url, auth, NULL));
	return bench_now() - t0;
}

int main(void)
{
	char dir[] = "/tmp/tally-bench-hub-XXXXXX", db[128], out[8192], url[128];
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(db, sizeof(db), "%s/hub.db", dir);
	if (run(db, "init", "", out, sizeof(out)) != 0)
		return 1;
	/* Master data: 100,000 codes. */
	char master[160];
	snprintf(master, sizeof(master), "%s/master.json", dir);
	json_t *codes = json_array();
	for (int i = 0; i < MASTER; i++) {
		char code[32], art[16];
		snprintf(code, sizeof(code), "0952%010d", i);
		snprintf(art, sizeof(art), "A%05d", i % 5000);
		json_array_append_new(codes, json_pack("{s:s,s:s,s:i}", "code", code, "article_id",
		                                       art, "multiplier", 1));
	}
	json_t *doc = json_pack("{s:o}", "code", codes);
	json_dump_file(doc, master, JSON_COMPACT);
	json_decref(doc);
	if (run(db, "import", master, out, sizeof(out)) != 0) {
		fprintf(stderr, "%s", out);
		return 1;
	}

	int pipefd[2];
	if (pipe(pipefd) != 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		execl(hub_bin(), hub_bin(), "--db", db, "serve", "--listen", "127.0.0.1:0", NULL);
		_exit(127);
	}
	close(pipefd[1]);
	size_t n = 0;
	while (n < sizeof(url) - 1 && read(pipefd[0], url + n, 1) == 1 && url[n] != '\n')
		n++;
	url[n] = '\0';
	if (strncmp(url, "listening on ", 13) != 0)
		return 1;
	memmove(url, url + 13, strlen(url + 13) + 1);

	char arg[256];
	snprintf(arg, sizeof(arg), "bench --url %s", url);
	run(db, "enroll-code", arg, out, sizeof(out));
	const char *code = strstr(out, "code=");
	CURL *c = curl_easy_init();
	char body[256], path[256], auth[128];
	snprintf(body, sizeof(body), "{\"code\":\"%.14s\",\"db_id\":\"bench\"}",
	         code ? code + 5 : "");
	snprintf(path, sizeof(path), "%s/v1/enroll", url);
	char *reply = request(c, path, "X-None: 1", body);
	json_t *j = reply ? json_loads(reply, 0, NULL) : NULL;
	free(reply);
	if (j == NULL)
		return 1;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
	         json_string_value(json_object_get(j, "token")));
	json_decref(j);

	/* Push. */
	char **bodies = calloc(RECORDS / BATCH, sizeof(char *));
	for (int b = 0; b < RECORDS / BATCH; b++) {
		json_t *evs = json_array();
		for (int i = 0; i < BATCH; i++) {
			int seq = b * BATCH + i + 1;
			char uuid[40];
			snprintf(uuid, sizeof(uuid), "00000000-0000-4000-8000-%012d", seq);
			json_array_append_new(
			    evs, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:{}}", "seq", seq,
			                   "uuid", uuid, "kind", "count", "device_time",
			                   "2026-11-23T08:15:02.123Z", "location_id", "MED1",
			                   "article_id", "A00001", "code", "]d20109520000000011",
			                   "qty", seq % 20, "data"));
		}
		json_t *req = json_pack("{s:s,s:s,s:o}", "db_id", "bench", "device_time",
		                        "2026-11-23T09:30:00.250Z", "events", evs);
		bodies[b] = json_dumps(req, JSON_COMPACT);
		json_decref(req);
	}
	snprintf(path, sizeof(path), "%s/v1/events", url);
	double t0 = bench_now();
	int ok = 1;
	for (int b = 0; b < RECORDS / BATCH; b++) {
		char *r = request(c, path, auth, bodies[b]);
		ok &= r != NULL && strstr(r, "rejected") == NULL;
		free(r);
		free(bodies[b]);
	}
	double push = bench_now() - t0;
	free(bodies);
	double base = bare_requests(c, url, auth, RECORDS / BATCH);
	bench_row("hub: push 10,000 records (batches of 500)", push, "s", base, "<=1s",
	          ok && push <= 1.0);

	/* Pull. */
	t0 = bench_now();
	long long since = 0;
	size_t rows = 0;
	int pages = 0;
	for (int more = 1; more && ok; pages++) {
		snprintf(path, sizeof(path), "%s/v1/changes?since=%lld&limit=%d", url, since, PAGE);
		char *r = request(c, path, auth, NULL);
		json_t *page = r ? json_loads(r, 0, NULL) : NULL;
		free(r);
		if (page == NULL) {
			ok = 0;
			break;
		}
		rows += json_array_size(json_object_get(page, "changes"));
		since = json_integer_value(json_object_get(page, "next"));
		more = json_is_true(json_object_get(page, "more"));
		json_decref(page);
	}
	double pull = bench_now() - t0;
	base = bare_requests(c, url, auth, pages);
	bench_row("hub: pull 100,000 master rows (pages of 5000)", pull, "s", base, "<=3s",
	          /* the pushed records' stock rows come on top */
	          ok && rows >= MASTER && pull <= 3.0);

	curl_easy_cleanup(c);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	snprintf(out, sizeof(out), "rm -rf '%s'", dir);
	return system(out) == 0 && ok ? 0 : 1;
}
