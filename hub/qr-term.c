/*
 * qr-term.c — QR codes in the terminal (see qr-term.h).
 *
 * In UTF-8 the light modules are drawn (as `qrencode -t UTF8` does): a
 * terminal shows light text on a dark background, so the code comes out
 * dark-on-light, which is what cameras read.  In ASCII the dark modules are
 * "##" for a terminal with dark text on light.
 */
#include "hub/qr-term.h"

#include "common/str.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define QUIET 2

static int dark(const QRcode *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->data[y * q->width + x] & 1;
}

int qr_term_utf8(void)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v != NULL && *v)
			return str_icontains(v, "utf-8") || str_icontains(v, "utf8");
	}
	return 0;
}

int qr_term_print(FILE *out, const char *text, int utf8)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return -1;
	int lo = -QUIET, hi = q->width + QUIET;
	if (utf8) {
		for (int y = lo; y < hi; y += 2) {
			for (int x = lo; x < hi; x++) {
				int top = !dark(q, x, y), bottom = y + 1 < hi && !dark(q, x, y + 1);
				fputs(top && bottom ? "\u2588"
				      : top         ? "\u2580"
				      : bottom      ? "\u2584"
				                    : " ",
				      out);
			}
			fputc('\n', out);
		}
	} else {
		for (int y = lo; y < hi; y++) {
			for (int x = lo; x < hi; x++)
				fputs(dark(q, x, y) ? "##" : "  ", out);
			fputc('\n', out);
		}
	}
	QRcode_free(q);
	return 0;
}
