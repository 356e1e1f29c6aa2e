/*
 * test-sync-pid.c — after new records the front end pokes the sync
 * daemon: a byte into the wake-up FIFO beside the store when the daemon
 * holds it open (never blocking when nobody does, never writing into
 * something there that is not a FIFO); else a real child process with the
 * pid in sync.pid gets SIGUSR1; with no pid file, or garbage in it, nothing
 * is signalled and nothing fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "client/sync-pid.h"
#include "tests/lib/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void pokes_the_daemon(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "tally.db"),
	     *pidf = tu_path(dir, "tally.db.sync.pid");
	assert_int_equal(sync_pid_poke(db), 0); /* no daemon: nothing to tell */

	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* The "daemon": exit 0 only when SIGUSR1 arrives within 10 s. */
		struct timespec t = { 10, 0 };
		_exit(sigtimedwait(&set, NULL, &t) == SIGUSR1 ? 0 : 1);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	char *text = tu_strfmt("%ld\n", (long)child);
	tu_write_file(pidf, text);
	assert_int_equal(sync_pid_poke(db), 1);
	int status;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	tu_write_file(pidf, "not a pid\n");
	assert_int_equal(sync_pid_poke(db), 0);
	tu_write_file(pidf, "-1\n"); /* never "every process" */
	assert_int_equal(sync_pid_poke(db), 0);
	tu_rmtree(dir);
	free(dir), free(db), free(pidf), free(text);
}

/* A line-mode job pokes the daemon when it ends: the records go up now. */
static void a_line_mode_job_pokes_it(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "tally.db"),
	     *pidf = tu_path(dir, "tally.db.sync.pid");
	char *ward = tu_srcfile("tests/fixtures/ward.json");
	struct tu_run run = tu_tally(NULL, "--create", "--db", db, "import", ward, NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);

	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct timespec t = { 20, 0 };
		_exit(sigtimedwait(&set, NULL, &t) == SIGUSR1 ? 0 : 1);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	char *text = tu_strfmt("%ld\n", (long)child);
	tu_write_file(pidf, text);
	run = tu_tally("]E09521234543213\t3\n", "--lang", "en", "--db", db, "round", "W-MED1",
	               "--user", "1001", "--scanner", "stdin", NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);
	int status;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	tu_rmtree(dir);
	free(dir), free(db), free(pidf), free(ward), free(text);
}

/* The FIFO: a byte when the daemon holds it open; nothing, at once, when
 * nobody does; and a file there that is not a FIFO is never written. */
static void pokes_through_the_fifo(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "tally.db"),
	     *fifo = tu_path(dir, "tally.db.wake");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* Nobody reads it: the open fails (ENXIO) rather than block. */
	assert_int_equal(sync_pid_poke(db), 0);

	int fd = open(fifo, O_RDWR | O_NONBLOCK); /* as the daemon holds it */
	assert_true(fd >= 0);
	assert_int_equal(sync_pid_poke(db), 1);
	assert_int_equal(sync_pid_poke(db), 1);
	char buf[16];
	assert_int_equal(read(fd, buf, sizeof(buf)), 2);
	/* A full pipe already holds a poke: still told, never blocked. */
	int n = 0;
	while (write(fd, "x", 1) == 1)
		n++;
	assert_int_equal(errno, EAGAIN);
	assert_true(n > 0);
	assert_int_equal(sync_pid_poke(db), 1);
	close(fd);

	/* A regular file in its place is left as it is. */
	assert_int_equal(unlink(fifo), 0);
	tu_write_file(fifo, "");
	assert_int_equal(sync_pid_poke(db), 0);
	struct stat st;
	assert_int_equal(stat(fifo, &st), 0);
	assert_int_equal(st.st_size, 0);
	tu_rmtree(dir);
	free(dir), free(db), free(fifo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pokes_the_daemon),
		cmocka_unit_test(pokes_through_the_fifo),
		cmocka_unit_test(a_line_mode_job_pokes_it),
	};
	return cmocka_run_group_tests_name("sync-pid", tests, NULL, NULL);
}
