/*
 * camera-dedupe.h — a camera sees the same barcode in frame after frame;
 * the user means one scan.  A symbol becomes a scan when it comes into
 * view, and again only after it has left the view (unseen for gone_ms) or
 * has been held in view for repeat_ms (so a user can count two identical
 * packs by holding the second one up).  Pure: times come from the caller.
 */
#ifndef TALLY_DRIVERS_CAMERA_DEDUPE_H
#define TALLY_DRIVERS_CAMERA_DEDUPE_H

#include "drivers/framer.h"

#include <stdint.h>

#define CAMERA_GONE_MS_DEFAULT   300
#define CAMERA_REPEAT_MS_DEFAULT 3000
#define CAMERA_IN_VIEW_MAX       8

struct camera_dedupe {
	int64_t gone_ms, repeat_ms; /* repeat_ms 0: never while in view */
	struct camera_in_view {
		char text[FRAMER_MAX + 1];
		int64_t scanned_ms, last_seen_ms;
		int used;
	} in_view[CAMERA_IN_VIEW_MAX];
};

void camera_dedupe_init(struct camera_dedupe *d, long gone_ms, long repeat_ms);

/* A symbol decoded in the frame taken at now_ms: 1 when it is a new scan,
 * 0 when it is one already scanned and still in view.  Call for each symbol
 * of a frame, then camera_dedupe_frame_done() once. */
int camera_dedupe_seen(struct camera_dedupe *d, const char *text, int64_t now_ms);

/* Forget symbols unseen for gone_ms: they left the view. */
void camera_dedupe_frame_done(struct camera_dedupe *d, int64_t now_ms);

#endif
