#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-run.h"
#include "tests/lib/pg-db.h"
#include "tests/lib/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int hub_run_pg(void)
{
	const char *engine = getenv("TALLY_TEST_HUB_ENGINE");
	return engine != NULL && strcmp(engine, "postgresql") == 0;
}

/* The PostgreSQL database for file db: named by a hash of its path (the
 * test's temporary directory makes it unique in the run). */
static char *pg_where(const char *db, int fresh)
{
	unsigned long long h = 1469598103934665603ULL;
	for (const char *p = db; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	char name[32];
	snprintf(name, sizeof(name), "hub_%016llx", h);
	return pg_test_db_named(name, fresh);
}

char *hub_run_where(const char *db)
{
	return hub_run_pg() ? pg_where(db, 0) : tu_strfmt("%s", db);
}

char *hub_run_query(const char *db, const char *sql)
{
	if (hub_run_pg()) {
		char *where = pg_where(db, 0);
		struct tu_run r = pg_test_sql(where, sql, 0);
		if (r.status != 0)
			fail_msg("%s: psql exit %d: %s", sql, r.status, r.err);
		char *out = tu_strfmt("%s", r.out);
		tu_run_free(&r);
		free(where);
		return out;
	}
	sqlite3 *lite;
	if (sqlite3_open_v2(db, &lite, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("open %s: %s", db, sqlite3_errmsg(lite));
	sqlite3_busy_timeout(lite, 2000);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(lite, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(lite));
	char *out = tu_strfmt("%s", "");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			char *more = tu_strfmt("%s%s%s", out, i ? "|" : "", v != NULL ? v : "");
			free(out);
			out = more;
		}
		char *more = tu_strfmt("%s\n", out);
		free(out);
		out = more;
	}
	if (rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(lite));
	sqlite3_finalize(st);
	sqlite3_close(lite);
	return out;
}

void hub_run_exec(const char *db, const char *sql)
{
	if (hub_run_pg()) {
		char *where = pg_where(db, 0);
		struct tu_run r = pg_test_sql(where, sql, 1);
		if (r.status != 0)
			fail_msg("%s: psql exit %d: %s", sql, r.status, r.err);
		tu_run_free(&r);
		free(where);
		return;
	}
	sqlite3 *lite;
	if (sqlite3_open_v2(db, &lite, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("open %s: %s", db, sqlite3_errmsg(lite));
	sqlite3_busy_timeout(lite, 5000);
	if (sqlite3_exec(lite, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(lite));
	sqlite3_close(lite);
}

long long hub_run_count(const char *db, const char *sql)
{
	char *out = hub_run_query(db, sql);
	if (*out == '\0')
		fail_msg("%s: no row", sql);
	long long n = atoll(out);
	free(out);
	return n;
}

void hub_run_init(const char *db)
{
	char *where = hub_run_pg() ? pg_where(db, 1) : tu_strfmt("%s", db);
	char *argv[] = { (char *)tu_hub_bin(), "--db", where, "init", NULL };
	struct tu_run r = tu_run(argv, NULL, NULL);
	if (r.status != 0)
		fail_msg("tally-hub init: status %d: %s", r.status, r.err);
	tu_run_free(&r);
	free(where);
}

int hub_run_import(const char *db, const char *file)
{
	char *where = hub_run_where(db);
	char *argv[] = { (char *)tu_hub_bin(), "--db", where, "import", (char *)file, NULL };
	struct tu_run r = tu_run(argv, NULL, NULL);
	free(where);
	if (r.status != 0)
		fprintf(stderr, "tally-hub import %s: %s", file, r.err);
	int status = r.status;
	tu_run_free(&r);
	return status;
}

char *hub_run_code(const char *db, const char *name, const char *url)
{
	char *where = hub_run_where(db);
	char *argv[] = { (char *)tu_hub_bin(), "--db",  where,       "enroll-code",
		         (char *)name,         "--url", (char *)url, NULL };
	char *env[] = { "LANG=C", "LC_ALL=C", NULL };
	struct tu_run r = tu_run(argv, NULL, env);
	free(where);
	if (r.status != 0)
		fail_msg("tally-hub enroll-code: status %d: %s", r.status, r.err);
	const char *p = strstr(r.out, "code=");
	if (p == NULL || strlen(p) < 5 + 14)
		fail_msg("no code in enroll-code's output:\n%s", r.out);
	char *code = tu_strfmt("%.14s", p + 5);
	tu_run_free(&r);
	return code;
}

void hub_run_start(struct hub_run *h, const char *db, const char *const extra[])
{
	memset(h, 0, sizeof(*h));
	h->db = tu_strfmt("%s", db);
	h->where = hub_run_where(db);
	h->log = tu_strfmt("%s.log", db);
	int out[2];
	if (pipe(out) < 0)
		fail_msg("pipe: %s", strerror(errno));
	int logfd = open(h->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (logfd < 0)
		fail_msg("open %s: %s", h->log, strerror(errno));
	char *argv[32];
	size_t n = 0;
	argv[n++] = (char *)tu_hub_bin();
	argv[n++] = "--db";
	argv[n++] = h->where;
	argv[n++] = "serve";
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 31; i++)
		argv[n++] = (char *)extra[i];
	argv[n] = NULL;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		/* A test that fails mid-way jumps past its hub_run_stop: the hub
		 * goes with the test program all the same, never left serving. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		dup2(out[1], 1);
		dup2(logfd, 2);
		close(out[0]);
		close(out[1]);
		close(logfd);
		putenv("TALLY_LANG=en");
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(logfd);
	h->pid = pid;

	/* The one line it prints once it listens; 20 s covers a sanitizer build. */
	char line[256];
	size_t len = 0;
	struct pollfd p = { out[0], POLLIN, 0 };
	time_t deadline = time(NULL) + 20;
	while (len < sizeof(line) - 1 && (len == 0 || line[len - 1] != '\n')) {
		if (time(NULL) > deadline || poll(&p, 1, 1000) < 0)
			break;
		if (!(p.revents & (POLLIN | POLLHUP)))
			continue;
		ssize_t r = read(out[0], line + len, 1);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	line[len] = '\0';
	/* Its stdout stays open: a hub writing to a closed pipe would die of it. */
	int flags = fcntl(out[0], F_GETFL);
	fcntl(out[0], F_SETFL, flags | O_NONBLOCK);
	const char *colon = strrchr(line, ':');
	if (strncmp(line, "listening on ", 13) != 0 || colon == NULL || atoi(colon + 1) <= 0) {
		char *log = tu_read_file(h->log, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("tally-hub serve did not start: stdout \"%s\", stderr:\n%s", line,
		         log ? log : "");
	}
	h->out_fd = out[0];
	h->port = atoi(colon + 1);
	snprintf(h->url, sizeof(h->url), "%.*s", (int)strcspn(line + 13, "\n"), line + 13);
}

int hub_run_stop(struct hub_run *h)
{
	int st = 0;
	if (h->pid > 0) {
		kill(h->pid, SIGTERM);
		while (waitpid(h->pid, &st, 0) < 0 && errno == EINTR)
			;
		st = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
	h->pid = 0;
	if (h->out_fd > 0)
		close(h->out_fd);
	h->out_fd = -1;
	free(h->db);
	free(h->where);
	free(h->log);
	h->db = h->where = h->log = NULL;
	return st;
}
