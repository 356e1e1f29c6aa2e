/*
 * camera-frame.c — libzbar over one frame held in memory.
 */
#include "drivers/camera-frame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

struct camera_frame_decoder {
	zbar_image_scanner_t *zs;
};

struct camera_frame_decoder *camera_frame_decoder_new(void)
{
	struct camera_frame_decoder *d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->zs = zbar_image_scanner_create();
	if (d->zs == NULL) {
		free(d);
		return NULL;
	}
	zbar_image_scanner_set_config(d->zs, 0, ZBAR_CFG_ENABLE, 1);
	return d;
}

void camera_frame_decoder_free(struct camera_frame_decoder *d)
{
	if (d == NULL)
		return;
	zbar_image_scanner_destroy(d->zs);
	free(d);
}

const char *camera_frame_aim(int type, int gs1)
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
	case ZBAR_CODE93:
		return "]G0";
	default:
		return "]X0";
	}
}

size_t camera_frame_decode(struct camera_frame_decoder *d, const unsigned char *gray,
                           unsigned width, unsigned height, struct camera_symbols *out)
{
	out->n = 0;
	zbar_image_t *img = zbar_image_create();
	if (img == NULL)
		return 0;
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, width, height);
	zbar_image_set_data(img, gray, (unsigned long)width * height, NULL);
	if (zbar_scan_image(d->zs, img) > 0) {
		for (const zbar_symbol_t *sym = zbar_image_first_symbol(img);
		     sym != NULL && out->n < CAMERA_FRAME_SYMBOLS_MAX;
		     sym = zbar_symbol_next(sym)) {
			int gs1 = (zbar_symbol_get_modifiers(sym) >> ZBAR_MOD_GS1) & 1;
			const char *data = zbar_symbol_get_data(sym);
			unsigned len = zbar_symbol_get_data_length(sym);
			if (len + 3 > FRAMER_MAX || memchr(data, '\0', len) != NULL)
				continue; /* not a scan tally can hold */
			snprintf(out->text[out->n++], FRAMER_MAX + 1, "%s%.*s",
			         camera_frame_aim(zbar_symbol_get_type(sym), gs1), (int)len, data);
		}
	}
	zbar_image_destroy(img);
	return out->n;
}
