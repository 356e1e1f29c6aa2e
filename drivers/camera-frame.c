/*
 * camera-frame.c — one camera frame through the image decoding core.
 */
#include "drivers/camera-frame.h"
#include "drivers/image.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t camera_frame_decode(const unsigned char *gray, unsigned width, unsigned height,
                           unsigned dmtx_ms, struct camera_symbols *out)
{
	out->n = 0;
	struct image_symbols *syms = malloc(sizeof(*syms)); /* 16 KiB: not on the stack */
	if (syms == NULL)
		return 0;
	/* image_decode only reads the pixels; grey_frame has no const member. */
	struct grey_frame f = { width, height, (unsigned char *)(uintptr_t)gray };
	image_decode(&f, dmtx_ms ? dmtx_ms : CAMERA_DMTX_MS, syms);
	for (size_t i = 0; i < syms->n && out->n < CAMERA_FRAME_SYMBOLS_MAX; i++) {
		/* a symbol holding NUL or longer than a scan is not one tally can keep */
		if (syms->len[i] > FRAMER_MAX || strlen(syms->text[i]) != syms->len[i])
			continue;
		memcpy(out->text[out->n++], syms->text[i], syms->len[i] + 1);
	}
	free(syms);
	return out->n;
}
