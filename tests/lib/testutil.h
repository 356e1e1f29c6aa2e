/*
 * testutil.h — what every test program needs: a scratch directory that is
 * removed afterwards, the paths of the programs under test, and a way to run
 * one of them and look at what it printed and how it exited.
 *
 * Include after <cmocka.h>'s prerequisites (stdarg.h, stddef.h, setjmp.h,
 * stdint.h), as cmocka requires.
 */
#ifndef TALLY_TESTS_TESTUTIL_H
#define TALLY_TESTS_TESTUTIL_H

#include <stddef.h>

/* A fresh directory under $TMPDIR; returns a malloc'd path.  tu_rmtree()
 * removes it and everything in it. */
char *tu_mkdtemp(void);
void tu_rmtree(const char *path);

/* malloc'd printf result. */
char *tu_strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* malloc'd "dir/name". */
char *tu_path(const char *dir, const char *name);

/* $TALLY_BIN / $TALLY_HUB_BIN / $TALLY_HELPERS/NAME / $TALLY_SRCDIR/REL,
 * with build-tree fallbacks so a test binary can be run by hand. */
const char *tu_tally_bin(void);
const char *tu_hub_bin(void);
char *tu_helper(const char *name);
char *tu_srcfile(const char *rel);

/* The result of running a program: exit status (or 128+signal), and all it
 * wrote to stdout and stderr, NUL-terminated. */
struct tu_run {
	int status;
	char *out;
	char *err;
};

/* Run argv (argv[0] a path) with `input` (may be NULL) on stdin and wait.
 * Extra environment "K=V" strings in env (NULL-terminated, may be NULL). */
struct tu_run tu_run(char *const argv[], const char *input, char *const env[]);
void tu_run_free(struct tu_run *r);

/* Convenience: run tally with the given arguments (NULL-terminated). */
struct tu_run tu_tally(const char *input, ...);

/* Read what a child prints on fd into buf (size bytes, NUL-terminated)
 * until it contains needle -- and, with whole_line, a newline after it --
 * or until end of file, a full buf or timeout_ms without output.  Returns
 * where needle starts in buf, or NULL. */
const char *tu_await_text(int fd, const char *needle, int whole_line, int timeout_ms, char *buf,
                          size_t size);

/* Write / read a whole file; read returns malloc'd NUL-terminated text. */
void tu_write_file(const char *path, const char *text);
char *tu_read_file(const char *path, size_t *len);

/* Does haystack contain needle?  For assert_true with a readable failure,
 * prefer tu_assert_contains. */
#define tu_assert_contains(hay, needle)                                                      \
	do {                                                                                 \
		const char *h_ = (hay), *n_ = (needle);                                      \
		if (h_ == NULL || strstr(h_, n_) == NULL)                                    \
			fail_msg("expected to find \"%s\" in:\n%s", n_, h_ ? h_ : "(null)"); \
	} while (0)

/* The opposite: haystack does not contain needle. */
#define tu_assert_lacks(hay, needle)                                       \
	do {                                                               \
		const char *h_ = (hay), *n_ = (needle);                    \
		if (strstr(h_, n_) != NULL)                                \
			fail_msg("did not expect \"%s\" in:\n%s", n_, h_); \
	} while (0)

#endif
