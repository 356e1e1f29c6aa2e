/*
 * image.h — barcodes in a picture: the decoding core shared by
 * `tally decode --image` and the camera driver.  It takes a grey frame in
 * memory and gives the canonical scan text of every symbol found.
 *
 * libzbar reads 1D codes, QR and DataBar and tells the symbology and whether
 * FNC1 marked it GS1; libdmtx reads DataMatrix, with its FNC1 property set
 * to GS (without it separators vanish and a batch swallows the next field).
 */
#ifndef TALLY_DRIVERS_IMAGE_H
#define TALLY_DRIVERS_IMAGE_H

#include "common/err.h"

#include <stddef.h>

struct grey_frame {
	unsigned width, height;
	unsigned char *pixels; /* width × height bytes, 0 black .. 255 white */
};

#define IMAGE_MAX_SYMBOLS 16
#define IMAGE_SCAN_MAX    1024

struct image_symbols {
	size_t n;
	char text[IMAGE_MAX_SYMBOLS][IMAGE_SCAN_MAX + 1]; /* canonical scan text */
	size_t len[IMAGE_MAX_SYMBOLS];
};

/* Decode the symbols in the frame.  A frame with no contrast anywhere returns
 * at once; zbar reads the busy part of it; when zbar finds nothing, libdmtx
 * looks for DataMatrix there, stopping after dmtx_ms milliseconds (0: the
 * default, 2000).  A frame holding a 1D code or QR and a DataMatrix gives the
 * zbar symbols only. */
void image_decode(const struct grey_frame *f, unsigned dmtx_ms, struct image_symbols *out);

/* zbar alone over the whole frame: what decoding costs at the least (the
 * benchmark's baseline). */
void image_decode_zbar(const struct grey_frame *f, struct image_symbols *out);

/* Load a PNG or binary PGM (P5) file as grey.  Bounded: at most 8192 × 8192. */
int image_load(const char *path, struct grey_frame *f, struct tally_err *e);
void image_free(struct grey_frame *f);

#endif
