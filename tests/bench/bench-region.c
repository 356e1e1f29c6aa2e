/*
 * bench-region.c — a health region on one hub (issue 18): 3 trusts, 4,500
 * articles, 300 wards with basis lists of 40–150 articles, 500 handhelds
 * enrolled into scopes (mostly wards; hospitals, trusts, the warehouse,
 * the region).  Each handheld speaks the real protocol through the
 * handheld's own HTTP client (sync/http.c: gzip both ways, its batch and
 * page sizes): it enrols, pushes its day (about 200 records) in batches of
 * tally-sync's size, and pulls what changed in its scope since the morning
 * (it pulled its master data before the day); 50 handhelds at a time,
 * each on a thread of its own.
 *
 * Figures, each with a baseline measured in the same run:
 *   - first pull, rows and seconds, per scope kind (region, trust,
 *     hospital, ward), a fresh handheld alone on the imported region, against
 *     the region's (ward: target ≤ 10 % of the region's rows);
 *   - push p50 and p99 per request at 50 at a time (target p99 ≤ 250 ms)
 *     against the same measured one handheld at a time (REGION_ALONE
 *     handhelds after the day, each pulling the whole day's changes of its
 *     circle: at least what a handheld of the day pulled);
 *   - records/s of the whole day at 50 at a time against one at a time,
 *     the rows each pulled, and the requests sent again (as tally-sync
 *     does: after a reset, a 5xx or a 429, with its pauses) — the push
 *     times count from the first try;
 *   - per engine: "sqlite" (one hub, --db FILE), "pg" (one hub on the
 *     PostgreSQL server TALLY_BENCH_PG, else TALLY_TEST_PG, names:
 *     tests/bench/run.sh starts a durable throwaway one), "pg×2" (two hub
 *     processes on it, the handhelds spread over both; target: ≥ 1.5 ×
 *     pg's records/s); each PostgreSQL configuration on a fresh database.
 *     A PostgreSQL row says why it was not measured when it cannot be.
 *
 * Knobs (environment): REGION_ENGINES (sqlite,pg,pg2), REGION_HANDHELDS
 * (500), REGION_CONCURRENT (50), REGION_RECORDS (200), REGION_WARDS (300),
 * REGION_ARTICLES (4500), REGION_TRUSTS (3), REGION_HOSPITALS (10),
 * REGION_ALONE (10: handhelds of the one-at-a-time baseline).
 * Every hub is started with PR_SET_PDEATHSIG: none outlives the benchmark,
 * however it ends.  The first pulls' rows per table go to stderr, with the
 * targets as PASS/FAIL.
 */
#include "tests/bench/bench.h"
#include "tests/bench/bench-serve.h"
#include "tests/bench/region-gen.h"
#include "sync/http.h"
#include "sync/sync-conf.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_HUBS 2

struct engine {
	const char *name; /* as the table says it */
	int pg;           /* on the PostgreSQL server */
	int hubs;
};

/* The targets, as they came out: "PASS", "FAIL" or why not. */
struct targets {
	char push_p99[80], ward_share[80], two_hubs[80];
};

struct bench {
	struct targets t;
	char hub_bin[4096];
	char dir[256];
	struct region region;
	int handhelds, concurrent, records, alone;
	unsigned run; /* in every uuid: engines' records never collide */
};

/* The tables of the change feed (docs/protocol.md), for the breakdown of
 * a first pull. */
static const char *const tables[] = { "article",  "code",          "location",  "basis",
	                              "stock",    "plan",          "plan_line", "plan_place",
	                              "delivery", "delivery_line", "user",      NULL };

/* One handheld's part of the figures. */
struct hh_stats {
	double push_ms[64];
	int pushes;
	long sent;
	long pulled;
	int retries;       /* requests sent again after a reset, 5xx or 429 */
	long by_table[12]; /* pulled rows per table, in `tables` order */
	double pull_s;
	int failed;
};

static int env_int(const char *name, int dflt)
{
	const char *v = getenv(name);
	return v != NULL && *v ? atoi(v) : dflt;
}

/* --- the hub's processes ------------------------------------------------- */

/* argv run to its end; its stdout into out (may be NULL). */
static int run_cmd(char *const argv[], char *out, size_t size)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		setenv("TALLY_LANG", "en", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	size_t n = 0;
	ssize_t r;
	char sink[4096];
	while ((r = read(p[0], out != NULL && n < size - 1 ? out + n : sink,
	                 out != NULL && n < size - 1 ? size - 1 - n : sizeof(sink))) > 0)
		if (out != NULL && n < size - 1)
			n += (size_t)r;
	if (out != NULL)
		out[n] = '\0';
	close(p[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int hub(const struct bench *b, const char *db, const char *a1, const char *a2,
               const char *a3)
{
	char *argv[] = { (char *)b->hub_bin, "--db",     (char *)db, (char *)a1,
		         (char *)a2,         (char *)a3, NULL };
	return run_cmd(argv, NULL, 0);
}

static void stop(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		if (pids[i] > 0) {
			kill(pids[i], SIGTERM);
			waitpid(pids[i], NULL, 0);
			pids[i] = 0;
		}
}

/* Enrolment codes for handhelds [0, n) of scopes[], made by `tally-hub
 * enroll-code` (16 at a time: each is a process and a commit). */
static int make_codes(const struct bench *b, const char *db, const char *url,
                      const struct region_handheld *scopes, int n, char (*codes)[16])
{
	int next = 0, running = 0, failed = 0;
	struct child {
		pid_t pid;
		int fd, i;
		char out[2048];
		size_t len;
	} kids[16];
	memset(kids, 0, sizeof(kids));
	while (next < n || running > 0) {
		for (int k = 0; k < 16 && next < n; k++) {
			if (kids[k].pid > 0)
				continue;
			int p[2];
			if (pipe(p) != 0)
				return -1;
			char name[64];
			snprintf(name, sizeof(name), "handheld %d %s", next,
			         region_kind_name(scopes[next].kind));
			pid_t pid = fork();
			if (pid == 0) {
				dup2(p[1], 1);
				close(p[0]);
				close(p[1]);
				int null = open("/dev/null", O_WRONLY);
				dup2(null, 2);
				setenv("TALLY_LANG", "en", 1);
				if (scopes[next].scope[0])
					execl(b->hub_bin, b->hub_bin, "--db", db, "enroll-code",
					      name, "--scope", scopes[next].scope, "--url", url,
					      (char *)NULL);
				else
					execl(b->hub_bin, b->hub_bin, "--db", db, "enroll-code",
					      name, "--url", url, (char *)NULL);
				_exit(127);
			}
			close(p[1]);
			kids[k] = (struct child){ .pid = pid, .fd = p[0], .i = next++ };
			running++;
		}
		for (int k = 0; k < 16; k++) {
			if (kids[k].pid <= 0)
				continue;
			ssize_t r = read(kids[k].fd, kids[k].out + kids[k].len,
			                 sizeof(kids[k].out) - 1 - kids[k].len);
			if (r > 0) {
				kids[k].len += (size_t)r;
				continue;
			}
			kids[k].out[kids[k].len] = '\0';
			close(kids[k].fd);
			int st;
			waitpid(kids[k].pid, &st, 0);
			const char *c = strstr(kids[k].out, "code=");
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || c == NULL)
				failed = 1;
			else
				snprintf(codes[kids[k].i], 16, "%.14s", c + 5);
			kids[k].pid = 0;
			running--;
		}
	}
	return failed ? -1 : 0;
}

/* --- a handheld ---------------------------------------------------------- */

struct handheld_job {
	const struct bench *b;
	const struct region_handheld *h;
	const char *url, *code;
	unsigned device;
	int records;     /* 0: pull only */
	long long since; /* where its pull starts */
	long long next;  /* where it ended */
	struct hh_stats *st;
};

static size_t collect(char *d, size_t size, size_t n, void *u)
{
	json_t **out = u;
	char *text = malloc(size * n + 1);
	if (text == NULL)
		return 0;
	memcpy(text, d, size * n);
	text[size * n] = '\0';
	json_decref(*out);
	*out = json_loads(text, 0, NULL); /* one small reply: one piece */
	free(text);
	return size * n;
}

/* POST /v1/enroll from an address of the handheld's own (127.1.x.y): the
 * hub allows 5 enrolments a minute per address, and a region's handhelds
 * enrol from as many.  The token (malloc'd), or NULL. */
static char *enrol(const char *url, const char *code, const char *db_id, unsigned device)
{
	CURL *c = curl_easy_init();
	if (c == NULL)
		return NULL;
	char u[256], iface[64];
	snprintf(u, sizeof(u), "%s/v1/enroll", url);
	snprintf(iface, sizeof(iface), "host!127.1.%u.%u", (device / 250) % 250, device % 250 + 1);
	json_t *req = json_pack("{s:s,s:s,s:s,s:s}", "code", code, "name", "bench", "hw_id",
	                        "bench", "db_id", db_id);
	char *body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	json_t *reply = NULL;
	struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, u);
	curl_easy_setopt(c, CURLOPT_INTERFACE, iface);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	const char *token = json_string_value(json_object_get(reply, "token"));
	char *out = status == 200 && token != NULL ? strdup(token) : NULL;
	if (out == NULL)
		fprintf(stderr, "bench-region: handheld %u: enrolment answered %ld\n", device,
		        status);
	json_decref(reply);
	curl_slist_free_all(hdr);
	free(body);
	curl_easy_cleanup(c);
	return out;
}

/* One request as tally-sync makes it: after a transport failure, a 5xx or
 * a 429 it is sent again after a pause (1 s, doubling; Retry-After when
 * the hub gives one), up to 5 times; each retry is counted. */
static int request(struct http *h, const char *method, const char *path, const json_t *body,
                   struct http_result *r, int *retries)
{
	unsigned pause = 1;
	for (int attempt = 0;; attempt++) {
		int rc = http_request(h, method, path, body, r);
		int again = rc != 0 || r->status >= 500 || r->status == 429;
		if (!again || attempt == 5)
			return rc;
		unsigned wait = r->retry_after_s > 0 ? r->retry_after_s : pause;
		http_result_release(r);
		(*retries)++;
		sleep(wait);
		pause *= 2;
	}
}

static int handheld_run(struct handheld_job *j)
{
	struct tally_err e = { 0 };
	struct http_opts o = { .connect_timeout_s = 10, .timeout_s = 120 };
	struct http *h = http_new(j->url, &o, &e);
	if (h == NULL)
		return -1;
	int ok = 0;
	struct http_result r = { 0 };
	char db_id[40];
	snprintf(db_id, sizeof(db_id), "%08x-%04x-4000-9000-000000000000", j->b->run,
	         j->device & 0xffff);
	char *token = enrol(j->url, j->code, db_id, j->device);
	if (token == NULL)
		goto out;
	http_set_token(h, token);
	free(token);
	json_t *req;
	int rc;

	/* Push the day in tally-sync's batches. */
	json_t *day = j->records > 0
	                  ? region_day(&j->b->region, j->h, j->b->run, j->device, j->records)
	                  : json_array();
	for (size_t at = 0; at < json_array_size(day);) {
		json_t *batch = json_array();
		for (size_t k = 0; k < SYNC_BATCH_RECORDS && at < json_array_size(day); k++)
			json_array_append(batch, json_array_get(day, at++));
		size_t n = json_array_size(batch);
		req = json_pack("{s:s,s:s,s:o}", "db_id", db_id, "device_time",
		                "2026-11-23T15:00:00.000Z", "events", batch);
		double t0 = bench_now();
		rc = request(h, "POST", "/v1/events", req, &r, &j->st->retries);
		double ms = (bench_now() - t0) * 1000.0;
		json_decref(req);
		if (rc != 0 || r.status != 200)
			goto out_day;
		json_t *res = json_object_get(r.body, "results");
		size_t i;
		json_t *x;
		json_array_foreach(res, i, x)
		{
			const char *s = json_string_value(json_object_get(x, "status"));
			if (s == NULL || strcmp(s, "rejected") == 0)
				goto out_day;
		}
		if (json_array_size(res) != n)
			goto out_day;
		http_result_release(&r);
		if (j->st->pushes < 64)
			j->st->push_ms[j->st->pushes++] = ms;
		j->st->sent += (long)n;
	}

	/* Pull its scope, page by page, as tally-sync does. */
	double t0 = bench_now();
	long long since = j->since;
	for (int more = 1; more;) {
		char path[128];
		snprintf(path, sizeof(path), "/v1/changes?since=%lld&limit=%d", since,
		         SYNC_PULL_LIMIT);
		rc = request(h, "GET", path, NULL, &r, &j->st->retries);
		if (rc != 0 || r.status != 200)
			goto out_day;
		json_t *changes = json_object_get(r.body, "changes");
		j->st->pulled += (long)json_array_size(changes);
		size_t i;
		json_t *c;
		json_array_foreach(changes, i, c)
		{
			const char *t = json_string_value(json_object_get(c, "table"));
			for (int k = 0; t != NULL && tables[k] != NULL; k++)
				if (strcmp(t, tables[k]) == 0)
					j->st->by_table[k]++;
		}
		since = json_integer_value(json_object_get(r.body, "next"));
		more = json_is_true(json_object_get(r.body, "more"));
		http_result_release(&r);
	}
	j->st->pull_s = bench_now() - t0;
	j->next = since;
	ok = 1;
	json_decref(day);
	goto out;
out_day:
	json_decref(day);
	fprintf(stderr, "bench-region: handheld %u: %s %ld %s\n", j->device, r.transport_msg,
	        r.status, r.status == 200 ? "a record was rejected" : r.message);
	http_result_release(&r);
out:
	http_free(h);
	j->st->failed = !ok;
	return ok ? 0 : -1;
}

/* Handhelds [0, n) of jobs, `concurrent` at a time, each on its thread. */
struct pool {
	struct handheld_job *jobs;
	int n;
	atomic_int next;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (int i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
		handheld_run(&p->jobs[i]);
	return NULL;
}

static double run_pool(struct handheld_job *jobs, int n, int concurrent)
{
	struct pool p = { .jobs = jobs, .n = n };
	atomic_init(&p.next, 0);
	pthread_t *t = calloc((size_t)concurrent, sizeof(*t));
	double t0 = bench_now();
	int started = 0;
	for (int i = 0; i < concurrent; i++)
		started += pthread_create(&t[started], NULL, worker, &p) == 0;
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
	return bench_now() - t0;
}

/* --- figures ------------------------------------------------------------- */

struct day_figures {
	double p50, p99, rec_s, wall;
	long sent, pulled;
	int failed, retries;
};

static struct day_figures figures(const struct handheld_job *jobs, int n, double wall)
{
	struct day_figures f = { .wall = wall };
	size_t cap = 0;
	for (int i = 0; i < n; i++)
		cap += (size_t)jobs[i].st->pushes;
	double *lat = calloc(cap + 1, sizeof(double));
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		for (int q = 0; q < jobs[i].st->pushes; q++)
			lat[k++] = jobs[i].st->push_ms[q];
		f.sent += jobs[i].st->sent;
		f.pulled += jobs[i].st->pulled;
		f.failed += jobs[i].st->failed;
		f.retries += jobs[i].st->retries;
	}
	f.p50 = k ? bench_quantile(lat, k, 0.50) : 0;
	f.p99 = k ? bench_quantile(lat, k, 0.99) : 0;
	f.rec_s = wall > 0 ? (double)f.sent / wall : 0;
	free(lat);
	return f;
}

/* A row that could not be measured, and why. */
static void not_measured(const char *what, const char *why)
{
	printf("%s: not measured: %s\t0\t-\t0\t-\t-\n", what, why);
	fflush(stdout);
}

/* The PostgreSQL server's URL: TALLY_BENCH_PG, else the throwaway
 * cluster's that tests/run-all.sh exports for the tests (TALLY_TEST_PG);
 * NULL when neither is set. */
static const char *pg_url(void)
{
	const char *url = getenv("TALLY_BENCH_PG");
	if (url == NULL || *url == '\0')
		url = getenv("TALLY_TEST_PG");
	return url != NULL && *url != '\0' ? url : NULL;
}

/* A fresh, empty database `name` on the PostgreSQL server (dropped first
 * when a run before left it), made with psql (TALLY_BENCH_PG_BINDIR, else
 * on PATH); its URL into out: the server's URL with the database part
 * replaced.  0, or -1 when psql could not make it. */
static int pg_fresh_db(const char *name, char *out, size_t size)
{
	const char *url = pg_url();
	const char *path = strstr(url, "://");
	path = path != NULL ? strchr(path + 3, '/') : NULL;
	if (path == NULL)
		return -1;
	size_t tail = strcspn(path + 1, "?");
	snprintf(out, size, "%.*s/%s%s", (int)(path - url), url, name, path + 1 + tail);
	const char *bindir = getenv("TALLY_BENCH_PG_BINDIR");
	char psql[4096], drop[128], create[128];
	snprintf(psql, sizeof(psql), "%s%spsql", bindir != NULL ? bindir : "",
	         bindir != NULL ? "/" : "");
	snprintf(drop, sizeof(drop), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	snprintf(create, sizeof(create), "CREATE DATABASE %s", name);
	char *argv[] = { "/usr/bin/env", psql, "-X", "-q", "-v",   "ON_ERROR_STOP=1",
		         (char *)url,    "-c", drop, "-c", create, NULL };
	return run_cmd(argv, NULL, 0) == 0 ? 0 : -1;
}

/* Why engine e cannot run here, or NULL. */
static const char *unavailable(const struct bench *b, const struct engine *e)
{
	if (!e->pg)
		return NULL;
	char *argv[] = { "/usr/bin/env", "readelf", "-d", (char *)b->hub_bin, NULL };
	char out[16384];
	if (run_cmd(argv, out, sizeof(out)) != 0 || strstr(out, "libpq") == NULL)
		return "no PostgreSQL driver yet (tally-hub links no libpq)";
	if (pg_url() == NULL)
		return "no PostgreSQL server (neither TALLY_BENCH_PG nor TALLY_TEST_PG is set)";
	return NULL;
}

/* The whole run on one engine; its day's records/s into *rec_s (0 when not
 * measured).  0, or -1 when it failed. */
static int run_engine(struct bench *b, const struct engine *e, double *rec_s)
{
	*rec_s = 0;
	char label[64], row[200];
	snprintf(label, sizeof(label), "region %s", e->name);
	const char *why = unavailable(b, e);
	if (why != NULL) {
		not_measured(label, why);
		return 0;
	}
	char db[4096];
	if (e->pg) {
		/* Each configuration on a database of its own: the second would
		 * otherwise start on the first's day. */
		char name[64];
		snprintf(name, sizeof(name), "bench_region_%s", e->hubs > 1 ? "pg2" : "pg");
		if (pg_fresh_db(name, db, sizeof(db)) != 0) {
			not_measured(label, "psql could not make a fresh database on the "
			                    "PostgreSQL server");
			return 0;
		}
	} else
		snprintf(db, sizeof(db), "%s/hub-%s.db", b->dir, e->name);
	if (hub(b, db, "init", NULL, NULL) != 0) {
		/* A PostgreSQL server the hub cannot use is said, not a failure
		 * of the benchmark. */
		not_measured(label, e->pg ? "tally-hub init on the PostgreSQL URL failed"
		                          : "tally-hub init failed");
		return e->pg ? 0 : -1;
	}
	double t0 = bench_now();
	double kb_s[16] = { 0 }; /* each file's import, KB of the file a second */
	for (int i = 0; i < b->region.n_files; i++) {
		double t1 = bench_now();
		if (hub(b, db, "import", b->region.files[i], NULL) != 0) {
			not_measured(label, "tally-hub import failed");
			return -1;
		}
		struct stat sb;
		double s = bench_now() - t1;
		if (stat(b->region.files[i], &sb) == 0 && s > 0)
			kb_s[i] = (double)sb.st_size / 1024.0 / s;
	}
	double import_s = bench_now() - t0;
	/* A trust joining a running hub (the last file) imports as fast as the
	 * first trust did: a cost per row that grew with the hub's change log
	 * would make each trust slower than the one before. */
	if (b->region.n_files >= 3) {
		snprintf(row, sizeof(row), "%s: import of the last trust, KB/s (vs the first)",
		         label);
		double last = kb_s[b->region.n_files - 1], first = kb_s[1];
		bench_row(row, last, "KB/s", first, ">=0.5x", last >= 0.5 * first);
	}

	pid_t pids[MAX_HUBS] = { 0 };
	char urls[MAX_HUBS][128];
	for (int i = 0; i < e->hubs; i++)
		if ((pids[i] = bench_serve(b->hub_bin, db, urls[i], sizeof(urls[i]))) < 0) {
			stop(pids, i);
			not_measured(label, "tally-hub serve did not start");
			return -1;
		}

	/* Who enrols: one fresh handheld per scope kind, the one-at-a-time
	 * baseline (wards), then the day's handhelds. */
	const enum region_kind kinds[] = { REGION_KIND_REGION,   REGION_KIND_TRUST,
		                           REGION_KIND_HOSPITAL, REGION_KIND_WARD,
		                           REGION_KIND_WARD,     REGION_KIND_WARD };
	/* The where-to-borrow circle of each first pull (NULL: the default,
	 * trust): a ward's pull with the hospital's and with the region's. */
	const char *const circle[] = { NULL, NULL, NULL, NULL, "hospital", "region" };
	int nk = 6, total = nk + b->alone + b->handhelds;
	struct region_handheld *who = calloc((size_t)total, sizeof(*who));
	char(*codes)[16] = calloc((size_t)total, sizeof(*codes));
	struct handheld_job *jobs = calloc((size_t)total, sizeof(*jobs));
	struct hh_stats *st = calloc((size_t)total, sizeof(*st));
	for (int i = 0; i < nk; i++)
		who[i] = region_handheld_of(&b->region, kinds[i], 0);
	for (int i = 0; i < b->alone; i++)
		who[nk + i] = region_handheld_of(&b->region, REGION_KIND_WARD, 7 * i + 3);
	for (int i = 0; i < b->handhelds; i++)
		who[nk + b->alone + i] = b->region.handhelds[i];
	int rc = -1;
	t0 = bench_now();
	if (make_codes(b, db, urls[0], who, total, codes) != 0) {
		not_measured(label, "tally-hub enroll-code failed");
		goto out;
	}
	fprintf(stderr, "bench-region: %s: %d enrolment codes in %.1f s, import %.1f s\n", e->name,
	        total, bench_now() - t0, import_s);
	for (int i = 0; i < total; i++)
		jobs[i] = (struct handheld_job){ .b = b,
			                         .h = &who[i],
			                         .url = urls[i % e->hubs],
			                         .code = codes[i],
			                         .device = (unsigned)i + 1,
			                         .records = i < nk ? 0 : b->records,
			                         .st = &st[i] };

	/* First pulls, each alone on the imported region. */
	long rows[6];
	double secs[6];
	for (int i = 0; i < nk; i++) {
		if (circle[i] != NULL && hub(b, db, "scope", "--circle", circle[i]) != 0) {
			not_measured(label, "tally-hub scope --circle failed");
			goto out;
		}
		if (handheld_run(&jobs[i]) != 0) {
			not_measured(label, "a first pull failed");
			goto out;
		}
		if (circle[i] != NULL && hub(b, db, "scope", "--circle", "trust") != 0) {
			not_measured(label, "tally-hub scope --circle failed");
			goto out;
		}
		rows[i] = st[i].pulled;
		secs[i] = st[i].pull_s;
		fprintf(stderr, "bench-region: %s: first pull of a %s handheld%s%s:", e->name,
		        region_kind_name(kinds[i]), circle[i] ? ", circle " : "",
		        circle[i] ? circle[i] : "");
		for (int k = 0; tables[k] != NULL; k++)
			fprintf(stderr, " %s %ld", tables[k], st[i].by_table[k]);
		fprintf(stderr, "\n");
	}
	long long morning = jobs[0].next; /* the region's newest cursor */
	for (int i = 0; i < nk; i++) {
		char who_[64];
		snprintf(who_, sizeof(who_), "%s handheld%s%s%s", region_kind_name(kinds[i]),
		         circle[i] ? " (" : "", circle[i] ? circle[i] : "",
		         circle[i] ? " circle)" : "");
		int ward = kinds[i] == REGION_KIND_WARD;
		snprintf(row, sizeof(row), "%s: first pull, %s, rows / region's", label, who_);
		bench_row(row, (double)rows[i], "rows", (double)rows[0], ward ? "<=0.10" : "-",
		          !ward || rows[i] <= rows[0] / 10);
		snprintf(row, sizeof(row), "%s: first pull, %s, seconds", label, who_);
		bench_row(row, secs[i], "s", secs[0], "-", 1);
	}
	if (!e->pg || b->t.ward_share[0] == '\0')
		snprintf(b->t.ward_share, sizeof(b->t.ward_share),
		         "%s (%s: %.1f %%; hospital circle %.1f %%)",
		         rows[3] <= rows[0] / 10 ? "PASS" : "FAIL", e->name,
		         100.0 * (double)rows[3] / (double)rows[0],
		         100.0 * (double)rows[4] / (double)rows[0]);
	/* The same share counting the records a day brings as rows too. */
	snprintf(row, sizeof(row), "%s: ward first pull / (region + a day's records), rows", label);
	long with_day = rows[0] + (long)b->handhelds * b->records;
	bench_row(row, (double)rows[3], "rows", (double)with_day, "(info)", 1);

	/* The day: everyone already pulled its master data this morning.
	 * Then the baseline, one handheld at a time at the end of the day:
	 * each of them pulls the whole day's changes of its circle, the most
	 * a handheld of the day pulled. */
	for (int i = nk; i < total; i++)
		jobs[i].since = morning;
	double wall = run_pool(jobs + nk + b->alone, b->handhelds, b->concurrent);
	struct day_figures day = figures(jobs + nk + b->alone, b->handhelds, wall);
	double wall_alone = run_pool(jobs + nk, b->alone, 1);
	struct day_figures alone = figures(jobs + nk, b->alone, wall_alone);
	fprintf(stderr,
	        "bench-region: %s: the day: %d handhelds, %ld records, %ld rows pulled since the"
	        " morning, %.1f s, %d requests sent again, %d failed; alone: %ld records in %.2f"
	        " s\n",
	        e->name, b->handhelds, day.sent, day.pulled, wall, day.retries,
	        day.failed + alone.failed, alone.sent, wall_alone);
	if (day.failed + alone.failed > 0) {
		not_measured(label, "handhelds failed (see above)");
		goto out;
	}
	snprintf(row, sizeof(row), "%s: push p50 per request, %d at a time, ms", label,
	         b->concurrent);
	bench_row(row, day.p50, "ms", alone.p50, "-", 1);
	snprintf(row, sizeof(row), "%s: push p99 per request, %d at a time, ms", label,
	         b->concurrent);
	bench_row(row, day.p99, "ms", alone.p99, "<=250ms", day.p99 <= 250.0);
	snprintf(row, sizeof(row), "%s: records/s, %d handhelds %d at a time", label, b->handhelds,
	         b->concurrent);
	bench_row(row, day.rec_s, "rec/s", alone.rec_s, "-", 1);
	snprintf(row, sizeof(row), "%s: requests sent again (reset or 5xx under load)", label);
	bench_row(row, day.retries, "req", alone.retries, "(info)", 1);
	snprintf(row, sizeof(row), "%s: rows a handheld pulled since the morning (mean)", label);
	bench_row(row, (double)day.pulled / b->handhelds, "rows", (double)alone.pulled / b->alone,
	          "(info)", 1);
	*rec_s = day.rec_s;
	if (!e->pg || b->t.push_p99[0] == '\0' || strncmp(b->t.push_p99, "FAIL", 4) != 0)
		snprintf(b->t.push_p99, sizeof(b->t.push_p99), "%s (%s: %.0f ms)",
		         day.p99 <= 250.0 ? "PASS" : "FAIL", e->name, day.p99);
	rc = 0;
out:
	stop(pids, e->hubs);
	free(who);
	free(codes);
	free(jobs);
	free(st);
	return rc;
}

int main(void)
{
	struct bench b = { .run = (unsigned)getpid() };
	const char *tb = getenv("TALLY_HUB_BIN");
	if (tb != NULL) {
		snprintf(b.hub_bin, sizeof(b.hub_bin), "%s", tb);
	} else if ((tb = getenv("TALLY_BIN")) != NULL) {
		const char *slash = strrchr(tb, '/');
		snprintf(b.hub_bin, sizeof(b.hub_bin), "%.*stally-hub",
		         slash ? (int)(slash - tb + 1) : 0, tb);
	} else {
		snprintf(b.hub_bin, sizeof(b.hub_bin), "build/tally-hub");
	}
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	b.handhelds = env_int("REGION_HANDHELDS", 500);
	b.concurrent = env_int("REGION_CONCURRENT", 50);
	b.records = env_int("REGION_RECORDS", 200);
	b.alone = env_int("REGION_ALONE", 10);
	struct region_sizes z = { .trusts = env_int("REGION_TRUSTS", 3),
		                  .hospitals = env_int("REGION_HOSPITALS", 10),
		                  .wards = env_int("REGION_WARDS", 300),
		                  .articles = env_int("REGION_ARTICLES", 4500),
		                  .basis_min = 40,
		                  .basis_max = 150,
		                  .handhelds = b.handhelds };
	if (b.handhelds < 1 || b.concurrent < 1 || b.alone < 1 || b.records < 1) {
		fprintf(stderr, "bench-region: the REGION_* sizes must be positive\n");
		return 1;
	}
	snprintf(b.dir, sizeof(b.dir), "/tmp/bench-region-XXXXXX");
	if (mkdtemp(b.dir) == NULL)
		return 1;
	int rc = 0;
	if (region_generate(b.dir, &z, &b.region) != 0) {
		perror("bench-region: generating the region");
		rc = 1;
	}
	fprintf(stderr, "bench-region: the region: %ld master rows in %d import files\n",
	        b.region.rows, b.region.n_files);

	const struct engine engines[] = { { "sqlite", 0, 1 }, { "pg", 1, 1 }, { "pg×2", 1, 2 } };
	const char *want = getenv("REGION_ENGINES");
	double rate[3] = { 0 };
	for (size_t i = 0; b.region.rows > 0 && i < 3; i++) {
		char key[16];
		snprintf(key, sizeof(key), "%s", i == 2 ? "pg2" : engines[i].name);
		if (want != NULL && *want) {
			char list[256];
			snprintf(list, sizeof(list), ",%s,", want);
			char needle[20];
			snprintf(needle, sizeof(needle), ",%s,", key);
			if (strstr(list, needle) == NULL)
				continue;
		}
		b.run = (unsigned)getpid() * 4u + (unsigned)i;
		if (run_engine(&b, &engines[i], &rate[i]) != 0)
			rc = 1;
	}
	if (rate[1] > 0 && rate[2] > 0) {
		bench_row("region: two hubs on PostgreSQL vs one, records/s", rate[2], "rec/s",
		          rate[1], ">=1.5x", rate[2] >= 1.5 * rate[1]);
		snprintf(b.t.two_hubs, sizeof(b.t.two_hubs), "%s (%.2f x)",
		         rate[2] >= 1.5 * rate[1] ? "PASS" : "FAIL", rate[2] / rate[1]);
	} else {
		not_measured("region: two hubs on PostgreSQL vs one, records/s",
		             "needs both PostgreSQL rows");
	}
	fprintf(stderr,
	        "bench-region: targets (measured while the machine was shared):\n"
	        "  p99 push <= 250 ms at %d at a time: %s\n"
	        "  ward first pull <= 10 %% of the region's rows: %s\n"
	        "  two hubs >= 1.5 x one on PostgreSQL: %s\n",
	        b.concurrent, b.t.push_p99[0] ? b.t.push_p99 : "not measured",
	        b.t.ward_share[0] ? b.t.ward_share : "not measured",
	        b.t.two_hubs[0] ? b.t.two_hubs : "not measured");
	region_release(&b.region);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", b.dir);
	if (system(cmd) != 0)
		rc = 1;
	curl_global_cleanup();
	return rc;
}
