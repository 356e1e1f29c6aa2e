/*
 * camera-frame.h — the symbols in one greyscale camera frame, as canonical
 * scan text (AIM id from the zbar symbol type and its GS1 modifier).
 *
 * Interim: the shared in-memory decoding core (drivers/image.h: libzbar +
 * libdmtx, also behind `tally decode --image`) is built on another branch;
 * when it lands, camera_frame_decode() should call it so that cameras also
 * read GS1 DataMatrix.  Until then cameras read what libzbar reads.
 */
#ifndef TALLY_DRIVERS_CAMERA_FRAME_H
#define TALLY_DRIVERS_CAMERA_FRAME_H

#include "drivers/framer.h"

#include <stddef.h>

#define CAMERA_FRAME_SYMBOLS_MAX 8

struct camera_frame_decoder;

struct camera_symbols {
	size_t n;
	char text[CAMERA_FRAME_SYMBOLS_MAX][FRAMER_MAX + 1];
};

struct camera_frame_decoder *camera_frame_decoder_new(void);
void camera_frame_decoder_free(struct camera_frame_decoder *d);

/* Decode a width x height 8-bit greyscale frame (one byte a pixel, rows
 * without padding).  Returns the number of symbols put in out. */
size_t camera_frame_decode(struct camera_frame_decoder *d, const unsigned char *gray,
                           unsigned width, unsigned height, struct camera_symbols *out);

/* The AIM id for a zbar symbol type and its GS1 modifier ("]E0"...). */
const char *camera_frame_aim(int zbar_type, int gs1);

#endif
