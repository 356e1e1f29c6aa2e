/*
 * camera.c — V4L2 through zbar_video: zbar negotiates the format and hands
 * over frames; each is turned into greyscale here and decoded by
 * camera-frame.c.
 */
#include "drivers/camera.h"
#include "drivers/camera-dedupe.h"
#include "drivers/device-error.h"
#include "common/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zbar.h>

struct camera {
	zbar_video_t *video;
	struct camera_dedupe dedupe;
	char path[256];
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct camera *camera_open(const char *dev, long gone_ms, long repeat_ms, struct tally_err *e)
{
	/* zbar says only "failed"; opening it first gives the cause. */
	int fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		device_error(e, dev, errno, "video");
		return NULL;
	}
	close(fd);

	struct camera *c = calloc(1, sizeof(*c));
	if (c == NULL) {
		err_set(e, EX_OSERR, _("out of memory opening the camera %s"), dev);
		return NULL;
	}
	snprintf(c->path, sizeof(c->path), "%s", dev);
	camera_dedupe_init(&c->dedupe, gone_ms, repeat_ms);
	c->video = zbar_video_create();
	if (c->video == NULL) {
		err_set(e, EX_OSERR, _("out of memory opening the camera %s"), dev);
		goto fail;
	}
	if (zbar_video_open(c->video, dev) != 0 ||
	    zbar_video_init(c->video, zbar_fourcc('Y', '8', '0', '0')) != 0 ||
	    zbar_video_enable(c->video, 1) != 0 || zbar_video_get_fd(c->video) < 0) {
		err_set(e, EX_UNAVAILABLE,
		        _("the camera %s cannot stream images tally can read (%s); check that it "
		          "is a V4L2 capture device"),
		        dev, zbar_video_error_string(c->video, 0));
		goto fail;
	}
	return c;
fail:
	camera_close(c);
	return NULL;
}

void camera_close(struct camera *c)
{
	if (c == NULL)
		return;
	if (c->video != NULL) {
		zbar_video_enable(c->video, 0);
		zbar_video_destroy(c->video);
	}
	free(c);
}

int camera_fd(const struct camera *c)
{
	return zbar_video_get_fd(c->video);
}

int camera_read(struct camera *c, struct camera_symbols *out, struct tally_err *e)
{
	out->n = 0;
	zbar_image_t *frame = zbar_video_next_image(c->video);
	if (frame == NULL) {
		err_set(e, EX_UNAVAILABLE,
		        _("the camera %s went away (%s); waiting for it to come back"), c->path,
		        zbar_video_error_string(c->video, 0));
		return -1;
	}
	zbar_image_t *gray = zbar_image_convert(frame, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_destroy(frame);
	if (gray == NULL)
		return 0; /* a frame zbar cannot convert: skip it */
	struct camera_symbols seen;
	int64_t t = now_ms();
	camera_frame_decode(zbar_image_get_data(gray), zbar_image_get_width(gray),
	                    zbar_image_get_height(gray), 0, &seen);
	zbar_image_destroy(gray);
	for (size_t i = 0; i < seen.n; i++)
		if (camera_dedupe_seen(&c->dedupe, seen.text[i], t))
			memcpy(out->text[out->n++], seen.text[i], sizeof(seen.text[i]));
	camera_dedupe_frame_done(&c->dedupe, t);
	return 0;
}
