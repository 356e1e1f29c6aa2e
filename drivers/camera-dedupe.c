/*
 * camera-dedupe.c — one scan per appearance of a symbol in view.
 */
#include "drivers/camera-dedupe.h"

#include <stdio.h>
#include <string.h>

void camera_dedupe_init(struct camera_dedupe *d, long gone_ms, long repeat_ms)
{
	memset(d, 0, sizeof(*d));
	d->gone_ms = gone_ms;
	d->repeat_ms = repeat_ms;
}

int camera_dedupe_seen(struct camera_dedupe *d, const char *text, int64_t now_ms)
{
	struct camera_in_view *free_slot = NULL, *oldest = NULL;
	for (int i = 0; i < CAMERA_IN_VIEW_MAX; i++) {
		struct camera_in_view *v = &d->in_view[i];
		if (!v->used) {
			if (free_slot == NULL)
				free_slot = v;
			continue;
		}
		if (strcmp(v->text, text) == 0) {
			v->last_seen_ms = now_ms;
			if (d->repeat_ms > 0 && now_ms - v->scanned_ms >= d->repeat_ms) {
				v->scanned_ms = now_ms;
				return 1;
			}
			return 0;
		}
		if (oldest == NULL || v->last_seen_ms < oldest->last_seen_ms)
			oldest = v;
	}
	/* More symbols in view than slots: the one seen longest ago makes room;
	 * at worst it is scanned again when it comes back. */
	struct camera_in_view *v = free_slot ? free_slot : oldest;
	snprintf(v->text, sizeof(v->text), "%s", text);
	v->scanned_ms = v->last_seen_ms = now_ms;
	v->used = 1;
	return 1;
}

void camera_dedupe_frame_done(struct camera_dedupe *d, int64_t now_ms)
{
	for (int i = 0; i < CAMERA_IN_VIEW_MAX; i++)
		if (d->in_view[i].used && now_ms - d->in_view[i].last_seen_ms >= d->gone_ms)
			d->in_view[i].used = 0;
}
