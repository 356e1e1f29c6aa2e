/*
 * test-sync-poke.c — after new records the front end pokes the sync
 * daemon: a real child process with the pid in sync.pid gets SIGUSR1; with
 * no pid file, or garbage in it, nothing is signalled and nothing fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "client/sync-poke.h"
#include "tests/lib/testutil.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void pokes_the_daemon(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "tally.db"), *pidf = tu_path(dir, "sync.pid");
	assert_int_equal(sync_poke(db), 0); /* no daemon: nothing to tell */

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
	assert_int_equal(sync_poke(db), 1);
	int status;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	tu_write_file(pidf, "not a pid\n");
	assert_int_equal(sync_poke(db), 0);
	tu_write_file(pidf, "-1\n"); /* never "every process" */
	assert_int_equal(sync_poke(db), 0);
	tu_rmtree(dir);
	free(dir), free(db), free(pidf), free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pokes_the_daemon),
	};
	return cmocka_run_group_tests_name("sync-poke", tests, NULL, NULL);
}
