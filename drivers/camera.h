/*
 * camera.h — a scanner with only an imager: V4L2 frames through libzbar's
 * video API, decoded by camera-frame.h, one scan per appearance of a symbol
 * (camera-dedupe.h).
 */
#ifndef TALLY_DRIVERS_CAMERA_H
#define TALLY_DRIVERS_CAMERA_H

#include "common/err.h"
#include "drivers/camera-frame.h"

struct camera;

/* Open and start streaming /dev/videoN; NULL with e naming the device and
 * the cause (for a permission error, group 'video' or 'tally'). */
struct camera *camera_open(const char *dev, long gone_ms, long repeat_ms, struct tally_err *e);
void camera_close(struct camera *c);

/* The fd to poll for the next frame. */
int camera_fd(const struct camera *c);

/* Take the next frame: the new scans in it into out (out->n may be 0).
 * Returns 0, or -1 with e set when the device went away. */
int camera_read(struct camera *c, struct camera_symbols *out, struct tally_err *e);

#endif
