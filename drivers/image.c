/*
 * image.c — the decoding core of image.h: find where the frame holds
 * anything (a blank frame ends there), zbar on that region, and only when
 * zbar found nothing, libdmtx on the same region — halved first, then at
 * full size — within a time budget.
 */
#include "drivers/image.h"

#include <dmtx.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#define GS         0x1d
#define QUIET_ZONE 16

static void add(struct image_symbols *out, const char *aim, const char *data, size_t n)
{
	if (out->n == IMAGE_MAX_SYMBOLS)
		return;
	size_t a = strlen(aim);
	if (a + n > IMAGE_SCAN_MAX)
		n = IMAGE_SCAN_MAX - a;
	/* The same symbol found twice (e.g. by the quiet-zone retry) is one. */
	for (size_t i = 0; i < out->n; i++)
		if (out->len[i] == a + n && memcmp(out->text[i], aim, a) == 0 &&
		    memcmp(out->text[i] + a, data, n) == 0)
			return;
	memcpy(out->text[out->n], aim, a);
	memcpy(out->text[out->n] + a, data, n);
	out->text[out->n][a + n] = '\0';
	out->len[out->n++] = a + n;
}

/* The AIM identifier for a zbar symbol (ISO/IEC 15424). */
static const char *aim_of(zbar_symbol_type_t type, int gs1)
{
	switch (type) {
	case ZBAR_EAN13:
	case ZBAR_UPCA:
	case ZBAR_UPCE:
		return "]E0";
	case ZBAR_EAN8:
		return "]E4";
	case ZBAR_CODE128:
		return gs1 ? "]C1" : "]C0";
	case ZBAR_QRCODE:
		return gs1 ? "]Q3" : "]Q1";
	case ZBAR_DATABAR:
	case ZBAR_DATABAR_EXP:
		return "]e0";
	case ZBAR_I25:
		return "]I0";
	case ZBAR_CODE39:
		return "]A0";
	default:
		return "";
	}
}

/* What part of the frame holds anything: cells of CELL × CELL pixels whose
 * lightest and darkest sampled pixels differ by BUSY_CONTRAST or more. */
#define CELL          16
#define BUSY_CONTRAST 40
#define MAX_CELLS     (8192 / CELL + 1)

struct region {
	unsigned x0, y0, x1, y1; /* x1, y1 exclusive */
};

/* The bounding box of the busy cells, with a margin of two cells for the
 * quiet zone; 0 when the frame holds nothing (blank, or out of focus). */
static int busy_region(const struct grey_frame *f, struct region *r)
{
	unsigned char lo[MAX_CELLS], hi[MAX_CELLS];
	unsigned cw = (f->width + CELL - 1) / CELL;
	unsigned bx0 = cw, by0 = UINT_MAX, bx1 = 0, by1 = 0;
	if (cw > MAX_CELLS)
		return 0;
	for (unsigned cy = 0; cy * CELL < f->height; cy++) {
		memset(lo, 255, cw);
		memset(hi, 0, cw);
		unsigned yend = (cy + 1) * CELL < f->height ? (cy + 1) * CELL : f->height;
		for (unsigned y = cy * CELL; y < yend; y += 2) {
			const unsigned char *row = f->pixels + (size_t)y * f->width;
			for (unsigned x = 0; x < f->width; x += 2) {
				unsigned c = x / CELL;
				if (row[x] < lo[c])
					lo[c] = row[x];
				if (row[x] > hi[c])
					hi[c] = row[x];
			}
		}
		for (unsigned c = 0; c < cw; c++) {
			if (hi[c] - lo[c] < BUSY_CONTRAST)
				continue;
			bx0 = c < bx0 ? c : bx0;
			bx1 = c + 1 > bx1 ? c + 1 : bx1;
			by0 = cy < by0 ? cy : by0;
			by1 = cy + 1;
		}
	}
	if (bx1 == 0)
		return 0;
	r->x0 = bx0 >= 2 ? (bx0 - 2) * CELL : 0;
	r->y0 = by0 >= 2 ? (by0 - 2) * CELL : 0;
	r->x1 = (bx1 + 2) * CELL < f->width ? (bx1 + 2) * CELL : f->width;
	r->y1 = (by1 + 2) * CELL < f->height ? (by1 + 2) * CELL : f->height;
	return 1;
}

static void zbar_pass(const struct grey_frame *f, const struct region *r, struct image_symbols *out)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 1);
	zbar_image_t *img = zbar_image_create();
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, f->width, f->height);
	zbar_image_set_data(img, f->pixels, (unsigned long)f->width * f->height, NULL);
	if (r != NULL)
		zbar_image_set_crop(img, r->x0, r->y0, r->x1 - r->x0, r->y1 - r->y0);
	if (zbar_scan_image(sc, img) > 0) {
		for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s != NULL;
		     s = zbar_symbol_next(s)) {
			zbar_symbol_type_t t = zbar_symbol_get_type(s);
			int gs1 = (zbar_symbol_get_modifiers(s) & (1 << ZBAR_MOD_GS1)) != 0;
			const char *data = zbar_symbol_get_data(s);
			unsigned len = zbar_symbol_get_data_length(s);
			/* zbar gives UPC-A as its 12 digits; under ]E0 it travels
			 * as the 13 of its EAN-13 form, a leading 0 (ISO/IEC 15424). */
			if (t == ZBAR_UPCA && len == 12) {
				char ean13[14] = "0";
				memcpy(ean13 + 1, data, 12);
				add(out, "]E0", ean13, 13);
				continue;
			}
			add(out, aim_of(t, gs1), data, len);
		}
	}
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(sc);
}

/* The region, shrunk by `shrink` (1 or 2, the mean of each 2 × 2), inside a
 * white quiet zone: libdmtx does not find the L-shaped finder of a
 * DataMatrix that touches the border. */
static int crop_for_dmtx(const struct grey_frame *f, const struct region *r, unsigned shrink,
                         struct grey_frame *out)
{
	unsigned w = (r->x1 - r->x0) / shrink, h = (r->y1 - r->y0) / shrink;
	out->width = w + 2 * QUIET_ZONE;
	out->height = h + 2 * QUIET_ZONE;
	out->pixels = malloc((size_t)out->width * out->height);
	if (out->pixels == NULL)
		return -1;
	memset(out->pixels, 255, (size_t)out->width * out->height);
	for (unsigned y = 0; y < h; y++) {
		unsigned char *dst =
		    out->pixels + (size_t)(y + QUIET_ZONE) * out->width + QUIET_ZONE;
		const unsigned char *src =
		    f->pixels + (size_t)(r->y0 + y * shrink) * f->width + r->x0;
		if (shrink == 1) {
			memcpy(dst, src, w);
			continue;
		}
		const unsigned char *below = src + f->width;
		for (unsigned x = 0; x < w; x++)
			dst[x] = (unsigned char)((src[2 * x] + src[2 * x + 1] + below[2 * x] +
			                          below[2 * x + 1] + 2) /
			                         4);
	}
	return 0;
}

static int dmtx_pass(const struct grey_frame *f, DmtxTime *limit, struct image_symbols *out)
{
	int found = 0;
	DmtxImage *img = dmtxImageCreate(f->pixels, (int)f->width, (int)f->height, DmtxPack8bppK);
	if (img == NULL)
		return 0;
	DmtxDecode *dec = dmtxDecodeCreate(img, 1);
	/* Without this, FNC1 separators are dropped silently. */
	dmtxDecodeSetProp(dec, DmtxPropFnc1, GS);
	for (int i = 0; i < IMAGE_MAX_SYMBOLS; i++) {
		DmtxRegion *reg = dmtxRegionFindNext(dec, limit);
		if (reg == NULL)
			break;
		DmtxMessage *msg = dmtxDecodeMatrixRegion(dec, reg, DmtxUndefined);
		if (msg != NULL) {
			const char *d = (const char *)msg->output;
			size_t n = msg->outputIdx;
			/* A leading FNC1 makes it GS1 DataMatrix: ]d2 stands for it. */
			if (n > 0 && d[0] == GS)
				add(out, "]d2", d + 1, n - 1);
			else
				add(out, "]d1", d, n);
			found++;
			dmtxMessageDestroy(&msg);
		}
		dmtxRegionDestroy(&reg);
	}
	dmtxDecodeDestroy(&dec);
	dmtxImageDestroy(&img);
	return found;
}

/* libdmtx on the region: first shrunk to half (a quarter of the pixels,
 * enough for modules of 4 pixels and more) with a third of the budget, then
 * at full size with what is left. */
static void dmtx_search(const struct grey_frame *f, const struct region *r, unsigned ms,
                        struct image_symbols *out)
{
	DmtxTime end = dmtxTimeAdd(dmtxTimeNow(), ms);
	DmtxTime first = dmtxTimeAdd(dmtxTimeNow(), ms / 3 > 10 ? ms / 3 : (ms < 10 ? ms : 10));
	static const unsigned shrinks[2] = { 2, 1 };
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0 && (r->x1 - r->x0 < 64 || r->y1 - r->y0 < 64))
			continue; /* too small to halve */
		if (dmtxTimeExceeded(end))
			return;
		struct grey_frame crop;
		if (crop_for_dmtx(f, r, shrinks[pass], &crop) != 0)
			return;
		int found = dmtx_pass(&crop, pass == 0 ? &first : &end, out);
		free(crop.pixels);
		if (found > 0)
			return;
	}
}

void image_decode_zbar(const struct grey_frame *f, struct image_symbols *out)
{
	out->n = 0;
	zbar_pass(f, NULL, out);
}

void image_decode(const struct grey_frame *f, unsigned dmtx_ms, struct image_symbols *out)
{
	out->n = 0;
	struct region r;
	if (f->width == 0 || f->height == 0 || !busy_region(f, &r))
		return; /* nothing in the frame: no decoder can find anything */
	/* What zbar finds is taken first: 1D codes, QR, DataBar. */
	zbar_pass(f, &r, out);
	if (out->n > 0)
		return;
	/* Then DataMatrix, which zbar does not read, within the budget. */
	dmtx_search(f, &r, dmtx_ms ? dmtx_ms : 2000, out);
}
