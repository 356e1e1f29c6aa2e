/*
 * qr-png.c — a QR code as PNG bytes (see qr-png.h): one 8-bit grey row at
 * a time into a growing buffer.
 */
#include "hub/qr-png.h"

#include <png.h>
#include <qrencode.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#define QUIET 4

struct out {
	unsigned char *buf;
	size_t len, cap;
	int oom;
};

static void write_fn(png_structp png, png_bytep data, png_size_t n)
{
	struct out *o = png_get_io_ptr(png);
	if (o->oom)
		return;
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4096;
		while (cap < o->len + n)
			cap *= 2;
		unsigned char *b = realloc(o->buf, cap);
		if (b == NULL) {
			o->oom = 1;
			return;
		}
		o->buf = b;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, data, n);
	o->len += n;
}

static void flush_fn(png_structp png)
{
	(void)png;
}

unsigned char *qr_png(const char *text, int scale, size_t *len)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return NULL;
	int modules = q->width + 2 * QUIET;
	png_uint_32 side = (png_uint_32)(modules * scale);
	struct out o = { 0 };
	unsigned char *row = malloc(side);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
	if (row == NULL || info == NULL)
		goto fail;
	if (setjmp(png_jmpbuf(png)))
		goto fail;
	png_set_write_fn(png, &o, write_fn, flush_fn);
	png_set_IHDR(png, info, side, side, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < modules; y++) {
		for (int x = 0; x < modules; x++) {
			int mx = x - QUIET, my = y - QUIET;
			int dark = mx >= 0 && my >= 0 && mx < q->width && my < q->width &&
			           (q->data[my * q->width + mx] & 1);
			memset(row + x * scale, dark ? 0 : 255, (size_t)scale);
		}
		for (int i = 0; i < scale; i++)
			png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	QRcode_free(q);
	if (o.oom) {
		free(o.buf);
		return NULL;
	}
	*len = o.len;
	return o.buf;
fail:
	png_destroy_write_struct(&png, info != NULL ? &info : NULL);
	free(row);
	free(o.buf);
	QRcode_free(q);
	return NULL;
}
