/*
 * test-hub-enroll-code.c — tally-hub enroll-code as the admin sees it: a
 * code, the tally://enroll text, and a QR code in the terminal that a
 * camera really reads back (drawn into a picture and decoded with the
 * handheld's own image decoder), in a UTF-8 terminal and a plain one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "drivers/image.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCALE 4
#define PAD   8 /* modules of white around it */

static struct tu_run enroll_code(const char *db, const char *lang, const char *url)
{
	char *where = hub_run_where(db);
	char *argv[] = { (char *)tu_hub_bin(), "--db",      where, "enroll-code", "MED1 handheld",
		         url ? "--url" : NULL, (char *)url, NULL };
	char *l = tu_strfmt("LANG=%s", lang);
	char *env[] = { l, "LC_ALL=", "LC_CTYPE=", "TALLY_LANG=en", NULL };
	struct tu_run r = tu_run(argv, NULL, env);
	free(l);
	free(where);
	return r;
}

/* Modules of the QR drawing in out (1 dark), as rows × cols; returns 0. */
static int modules(const char *text, int utf8, unsigned char *m, int *rows, int *cols)
{
	*rows = *cols = 0;
	/* The drawing starts after the second blank line (code, then text). */
	const char *p = strstr(text, "tally://enroll");
	p = strstr(p, "\n\n") + 2;
	for (; *p; p++) {
		int c = 0;
		while (*p && *p != '\n') {
			int top, bottom;
			if (!utf8) {
				top = bottom = p[0] == '#';
				p += 2;
			} else if (strncmp(p, "\u2588", 3) == 0) {
				top = bottom = 0; /* light drawn */
				p += 3;
			} else if (strncmp(p, "\u2580", 3) == 0) {
				top = 0, bottom = 1;
				p += 3;
			} else if (strncmp(p, "\u2584", 3) == 0) {
				top = 1, bottom = 0;
				p += 3;
			} else {
				top = bottom = 1;
				p++;
			}
			m[(*rows) * 512 + c] = (unsigned char)top;
			if (utf8)
				m[(*rows + 1) * 512 + c] = (unsigned char)bottom;
			c++;
		}
		*cols = c > *cols ? c : *cols;
		*rows += utf8 ? 2 : 1;
		if (!*p)
			break;
	}
	return 0;
}

static void assert_qr_reads_back(const char *out, int utf8)
{
	static unsigned char m[512 * 512];
	memset(m, 0, sizeof(m));
	int rows, cols;
	modules(out, utf8, m, &rows, &cols);
	assert_true(rows > 20 && cols > 20);
	struct grey_frame f = { (unsigned)(cols + 2 * PAD) * SCALE,
		                (unsigned)(rows + 2 * PAD) * SCALE, NULL };
	f.pixels = malloc((size_t)f.width * f.height);
	memset(f.pixels, 255, (size_t)f.width * f.height);
	for (int y = 0; y < rows; y++)
		for (int x = 0; x < cols; x++)
			if (m[y * 512 + x])
				for (int dy = 0; dy < SCALE; dy++)
					memset(f.pixels +
					           ((size_t)(y + PAD) * SCALE + (size_t)dy) *
					               f.width +
					           (size_t)(x + PAD) * SCALE,
					       0, SCALE);
	struct image_symbols s;
	memset(&s, 0, sizeof(s));
	image_decode(&f, 0, &s);
	free(f.pixels);
	assert_int_equal(s.n, 1);
	const char *line = strstr(out, "tally://enroll");
	char *want = tu_strfmt("%.*s", (int)strcspn(line, "\n"), line);
	tu_assert_contains(s.text[0], want);
	free(want);
}

static void code_text_and_a_readable_qr(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "hub.db");
	hub_run_init(db);

	/* No URL known yet: told what to give. */
	struct tu_run r = enroll_code(db, "C", NULL);
	assert_int_equal(r.status, 78);
	tu_assert_contains(r.err, "--url");
	tu_run_free(&r);

	r = enroll_code(db, "C", "https://hub.example.org:8443/x y");
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "tally://enroll?hub=https%3A%2F%2Fhub.example.org%3A8443%2Fx%20y"
	                          "&code=");
	const char *code = strstr(r.out, "&code=") + 6;
	assert_true(code[4] == '-' && code[9] == '-' && code[14] == '\n');
	for (int i = 0; i < 14; i++)
		if (i != 4 && i != 9)
			assert_non_null(strchr("23456789ABCDEFGHJKMNPQRSTUVWXYZ", code[i]));
	assert_qr_reads_back(r.out, 0);
	tu_run_free(&r);

	/* The URL is remembered; a UTF-8 terminal gets half blocks. */
	r = enroll_code(db, "nb_NO.UTF-8", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "hub=https%3A%2F%2Fhub.example.org");
	tu_assert_contains(r.out, "\u2580");
	assert_qr_reads_back(r.out, 1);
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(code_text_and_a_readable_qr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
