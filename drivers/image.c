/*
 * image.c — the decoding core of image.h.
 */
#include "drivers/image.h"

#include <dmtx.h>
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

static void zbar_pass(const struct grey_frame *f, struct image_symbols *out)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 1);
	zbar_image_t *img = zbar_image_create();
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, f->width, f->height);
	zbar_image_set_data(img, f->pixels, (unsigned long)f->width * f->height, NULL);
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

static int dmtx_pass(const struct grey_frame *f, unsigned ms, struct image_symbols *out)
{
	int found = 0;
	DmtxImage *img = dmtxImageCreate(f->pixels, (int)f->width, (int)f->height, DmtxPack8bppK);
	if (img == NULL)
		return 0;
	DmtxDecode *dec = dmtxDecodeCreate(img, 1);
	/* Without this, FNC1 separators are dropped silently. */
	dmtxDecodeSetProp(dec, DmtxPropFnc1, GS);
	DmtxTime limit = dmtxTimeAdd(dmtxTimeNow(), ms);
	for (int i = 0; i < IMAGE_MAX_SYMBOLS; i++) {
		DmtxRegion *reg = dmtxRegionFindNext(dec, &limit);
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

void image_decode(const struct grey_frame *f, unsigned dmtx_ms, struct image_symbols *out)
{
	memset(out, 0, sizeof(*out));
	unsigned ms = dmtx_ms ? dmtx_ms : 2000;
	zbar_pass(f, out);
	/* libdmtx searches until its time limit when there is no DataMatrix.
	 * When zbar already found the label's barcode, a DataMatrix beside it
	 * is still looked for, but briefly, and without the retry below. */
	if (out->n > 0) {
		dmtx_pass(f, ms < 250 ? ms : 250, out);
		return;
	}
	if (dmtx_pass(f, ms, out) > 0)
		return;
	/* A DataMatrix touching the border has no quiet zone, and libdmtx does
	 * not find its L-shaped finder; put a white margin round it and look
	 * again. */
	struct grey_frame big = { f->width + 2 * QUIET_ZONE, f->height + 2 * QUIET_ZONE, NULL };
	big.pixels = malloc((size_t)big.width * big.height);
	if (big.pixels == NULL)
		return;
	memset(big.pixels, 255, (size_t)big.width * big.height);
	for (unsigned y = 0; y < f->height; y++)
		memcpy(big.pixels + (size_t)(y + QUIET_ZONE) * big.width + QUIET_ZONE,
		       f->pixels + (size_t)y * f->width, f->width);
	dmtx_pass(&big, ms, out);
	free(big.pixels);
}
