/*
 * camera-frame.h — the symbols in one greyscale camera frame, as canonical
 * scan text, through the decoding core shared with `tally decode --image`
 * (drivers/image.h: libzbar for 1D/QR/DataBar, libdmtx for DataMatrix).
 */
#ifndef TALLY_DRIVERS_CAMERA_FRAME_H
#define TALLY_DRIVERS_CAMERA_FRAME_H

#include "drivers/framer.h"

#include <stddef.h>

#define CAMERA_FRAME_SYMBOLS_MAX 8
/* The DataMatrix search's share of one frame (default for dmtx_ms): a
 * camera frame is not worth the seconds a still image may take, the next
 * frame comes soon. */
#define CAMERA_DMTX_MS 50

struct camera_symbols {
	size_t n;
	char text[CAMERA_FRAME_SYMBOLS_MAX][FRAMER_MAX + 1];
};

/* Decode a width x height 8-bit greyscale frame (one byte a pixel, rows
 * without padding; not modified), searching for DataMatrix at most dmtx_ms
 * (0: CAMERA_DMTX_MS).  Returns the number of symbols in out. */
size_t camera_frame_decode(const unsigned char *gray, unsigned width, unsigned height,
                           unsigned dmtx_ms, struct camera_symbols *out);

#endif
