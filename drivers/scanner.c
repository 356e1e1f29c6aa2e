/*
 * scanner.c — the scanner specs of scanner.h over the framing and decoding
 * pieces: framer.c (lines), evdev-decode.c (keys), serial.c, evdev.c,
 * camera.c (images).
 */
#include "drivers/scanner.h"
#include "drivers/camera-dedupe.h"
#include "drivers/camera.h"
#include "drivers/evdev-decode.h"
#include "drivers/evdev.h"
#include "drivers/scanline.h"
#include "drivers/serial.h"
#include "common/config.h"
#include "common/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <poll.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define QUEUE_MAX      16
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000

enum kind { K_EVDEV, K_SERIAL, K_CAMERA, K_FILE, K_STDIN };

struct scanner {
	enum kind kind;
	char path[512];
	long baud;
	int fd;
	struct libevdev *evdev;
	struct camera *camera;
	long camera_gone_ms, camera_repeat_ms;
	struct evdev_decoder keys;
	struct framer lines;
	/* bytes read but not yet framed: the queue filled before they were */
	char pend[4096];
	size_t pend_off, pend_len;
	long lineno;
	int eof;
	/* scans completed but not yet handed out, and bad lines in their place */
	struct queued {
		struct scanner_input in;
		struct tally_err bad; /* status 0 for a scan */
	} queue[QUEUE_MAX];
	int head, count;
	/* reopening a device that went away */
	int64_t retry_at_ms;
	int backoff_ms;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t realtime_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int device_open(struct scanner *s, struct tally_err *e)
{
	if (s->kind == K_EVDEV)
		s->fd = evdev_open(s->path, &s->evdev, e);
	else if (s->kind == K_CAMERA) {
		s->camera = camera_open(s->path, s->camera_gone_ms, s->camera_repeat_ms, e);
		s->fd = s->camera ? camera_fd(s->camera) : -1;
	} else
		s->fd = serial_open(s->path, s->baud, e);
	if (s->fd >= 0) {
		framer_init(&s->lines);
		s->backoff_ms = 0;
	}
	return s->fd >= 0 ? 0 : -1;
}

static void device_lost(struct scanner *s)
{
	if (s->kind == K_EVDEV)
		evdev_close(s->fd, s->evdev);
	else if (s->kind == K_CAMERA)
		camera_close(s->camera);
	else
		close(s->fd);
	s->fd = -1;
	s->camera = NULL;
	s->evdev = NULL;
	s->backoff_ms = s->backoff_ms ? s->backoff_ms * 2 : BACKOFF_MIN_MS;
	if (s->backoff_ms > BACKOFF_MAX_MS)
		s->backoff_ms = BACKOFF_MAX_MS;
	s->retry_at_ms = now_ms() + s->backoff_ms;
}

struct scanner *scanner_open(const char *spec, const struct config *cfg, struct tally_err *e)
{
	struct scanner *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		err_set(e, EX_OSERR, _("out of memory opening the scanner"));
		return NULL;
	}
	s->fd = -1;
	framer_init(&s->lines);
	const char *arg = strchr(spec, ':');
	size_t klen = arg ? (size_t)(arg - spec) : strlen(spec);
	arg = arg ? arg + 1 : "";

	if (klen == 5 && strncmp(spec, "evdev", 5) == 0) {
		s->kind = K_EVDEV;
		const char *sub = config_get(cfg, "scanner", "gs_substitute", "");
		struct tally_err ce = { 0 };
		long gap = config_get_long(cfg, "scanner", "gap_ms", EVDEV_GAP_MS_DEFAULT, &ce);
		if (ce.status != 0) {
			*e = ce;
			goto fail;
		}
		if (evdev_decoder_init(&s->keys, config_get(cfg, "scanner", "keymap", "us"),
		                       (unsigned char)sub[0], gap, e) != 0)
			goto fail;
		snprintf(s->path, sizeof(s->path), "%s", arg);
	} else if (klen == 6 && strncmp(spec, "serial", 6) == 0) {
		s->kind = K_SERIAL;
		if (serial_parse_spec(arg, s->path, sizeof(s->path), &s->baud, e) != 0)
			goto fail;
	} else if (klen == 6 && strncmp(spec, "camera", 6) == 0) {
		s->kind = K_CAMERA;
		struct tally_err ce = { 0 };
		s->camera_gone_ms =
		    config_get_long(cfg, "scanner", "camera_gone_ms", CAMERA_GONE_MS_DEFAULT, &ce);
		s->camera_repeat_ms = config_get_long(cfg, "scanner", "camera_repeat_ms",
		                                      CAMERA_REPEAT_MS_DEFAULT, &ce);
		if (ce.status != 0) {
			*e = ce;
			goto fail;
		}
		snprintf(s->path, sizeof(s->path), "%s", arg);
	} else if (klen == 4 && strncmp(spec, "file", 4) == 0) {
		s->kind = K_FILE;
		snprintf(s->path, sizeof(s->path), "%s", arg);
		s->fd = open(arg, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0) {
			err_set(e, EX_NOINPUT, _("cannot read the scan file %s: %s"), arg,
			        strerror(errno));
			goto fail;
		}
		struct stat fst;
		if (fstat(s->fd, &fst) == 0 && S_ISDIR(fst.st_mode)) {
			err_set(e, EX_NOINPUT,
			        _("%s is a directory, not a file of scans: name the file the batch "
			          "scanner wrote"),
			        arg);
			close(s->fd);
			goto fail;
		}
		return s;
	} else if (strcmp(spec, "stdin") == 0) {
		s->kind = K_STDIN;
		snprintf(s->path, sizeof(s->path), "stdin");
		s->fd = 0;
		return s;
	} else {
		err_set(e, EX_USAGE,
		        _("unknown scanner '%s': use evdev:PATH, serial:PATH[@BAUD], camera:DEV, "
		          "file:PATH or stdin"),
		        spec);
		goto fail;
	}
	if (s->path[0] == '\0') {
		err_set(e, EX_USAGE, _("scanner '%s' names no device"), spec);
		goto fail;
	}
	if (device_open(s, e) != 0)
		goto fail;
	return s;
fail:
	free(s);
	return NULL;
}

void scanner_close(struct scanner *s)
{
	if (s == NULL)
		return;
	if (s->kind == K_EVDEV)
		evdev_close(s->fd, s->evdev);
	else if (s->kind == K_CAMERA)
		camera_close(s->camera);
	else if (s->kind != K_STDIN && s->fd >= 0)
		close(s->fd);
	free(s);
}

int scanner_fd(const struct scanner *s)
{
	return s->eof ? -1 : s->fd;
}

const char *scanner_name(const struct scanner *s)
{
	return s->path;
}

int scanner_timeout_ms(const struct scanner *s)
{
	if (s->count > 0 || s->pend_len > 0)
		return 0;
	if (s->fd < 0 && !s->eof) {
		int64_t left = s->retry_at_ms - now_ms();
		return left > 0 ? (int)left : 0;
	}
	if (s->kind == K_EVDEV) {
		int64_t deadline = evdev_decoder_deadline(&s->keys);
		if (deadline >= 0) {
			int64_t left = (deadline - realtime_us()) / 1000 + 1;
			return left > 0 ? (int)left : 0;
		}
	}
	return -1;
}

/* The caller keeps the queue from filling: take_lines stops one short. */
static void push(struct scanner *s, const char *text, long qty, const char *note,
                 const struct tally_err *bad)
{
	struct queued *q = &s->queue[(s->head + s->count) % QUEUE_MAX];
	snprintf(q->in.text, sizeof(q->in.text), "%s", text);
	snprintf(q->in.note, sizeof(q->in.note), "%s", note != NULL ? note : "");
	q->in.qty = qty;
	q->in.lineno = s->lineno;
	q->bad.status = 0;
	if (bad != NULL)
		q->bad = *bad;
	s->count++;
}

static enum scanner_result pop(struct scanner *s, struct scanner_input *in, struct tally_err *e)
{
	struct queued *q = &s->queue[s->head];
	s->head = (s->head + 1) % QUEUE_MAX;
	s->count--;
	*in = q->in;
	if (q->bad.status != 0) {
		if (e != NULL)
			*e = q->bad;
		return SCANNER_BAD;
	}
	return SCANNER_SCAN;
}

/* Lines from a file, stdin or serial; with quantities for file/stdin.
 * What does not fit in the queue stays pending for the next call. */
static void take_lines(struct scanner *s)
{
	const char *buf = s->pend + s->pend_off;
	size_t n = s->pend_len;
	char frame[FRAMER_MAX + 1];
	enum framer_status st;
	struct tally_err bad;

	while (s->count < QUEUE_MAX - 1 && (st = n > 0 ? framer_next(&s->lines, &buf, &n, frame)
	                                               : (s->eof ? framer_finish(&s->lines, frame)
	                                                         : FRAME_NONE)) != FRAME_NONE) {
		s->lineno = s->lines.line;
		if (st == FRAME_OVERLONG) {
			err_set(&bad, EX_DATAERR,
			        _("%s, line %ld: longer than %d characters; not a scan, skipped"),
			        s->path, s->lineno, FRAMER_MAX);
			push(s, "", -1, NULL, &bad);
			continue;
		}
		long at = scanline_unprintable(frame);
		if (at >= 0) {
			err_set(
			    &bad, EX_DATAERR,
			    _("%s, line %ld: a byte at position %ld is not barcode text (binary "
			      "data or a wrong baud rate?); not a scan, skipped"),
			    s->path, s->lineno, at + 1);
			push(s, "", -1, NULL, &bad);
			continue;
		}
		long qty = -1;
		char note[SCANLINE_NOTE_MAX + 1] = "";
		if (s->kind != K_SERIAL &&
		    scanline_split_note(frame, s->lineno, &qty, note, &bad) != 0) {
			push(s, frame, -1, NULL, &bad);
			continue;
		}
		push(s, frame, qty, note, NULL);
	}
	s->pend_off = (size_t)(buf - s->pend);
	s->pend_len = n;
}

enum scanner_result scanner_read(struct scanner *s, struct scanner_input *in, struct tally_err *e)
{
	if (s->count > 0)
		return pop(s, in, e);
	if (s->eof)
		return SCANNER_END;

	if (s->fd < 0) {
		if (now_ms() < s->retry_at_ms)
			return SCANNER_NONE;
		struct tally_err quiet = { 0 };
		if (device_open(s, &quiet) != 0) {
			device_lost(s); /* longer backoff */
			return SCANNER_NONE;
		}
	}

	if (s->kind == K_EVDEV) {
		struct input_event ev;
		char text[EVDEV_SCAN_MAX + 1];
		int rc;
		while ((rc = libevdev_next_event(s->evdev, LIBEVDEV_READ_FLAG_NORMAL, &ev)) >= 0) {
			if (rc == LIBEVDEV_READ_STATUS_SYNC)
				continue; /* events were dropped: keep going with the next */
			if (evdev_decoder_feed(&s->keys, &ev, text) > 0)
				push(s, text, -1, NULL, NULL);
		}
		if (rc != -EAGAIN) {
			err_set(e, EX_UNAVAILABLE,
			        _("the scanner %s went away (%s); waiting for it to come back"),
			        s->path, strerror(-rc));
			device_lost(s);
			return SCANNER_GONE;
		}
		if (s->count == 0 && evdev_decoder_expire(&s->keys, realtime_us(), text) > 0)
			push(s, text, -1, NULL, NULL);
		return s->count > 0 ? pop(s, in, e) : SCANNER_NONE;
	}

	if (s->kind == K_CAMERA) {
		struct camera_symbols got;
		if (camera_read(s->camera, &got, e) != 0) {
			device_lost(s);
			return SCANNER_GONE;
		}
		for (size_t i = 0; i < got.n && s->count < QUEUE_MAX; i++)
			push(s, got.text[i], -1, NULL, NULL);
		return s->count > 0 ? pop(s, in, e) : SCANNER_NONE;
	}

	if (s->pend_len > 0) {
		take_lines(s);
		return s->count > 0 ? pop(s, in, e) : SCANNER_NONE;
	}
	char *buf = s->pend;
	ssize_t n = read(s->fd, buf, sizeof(s->pend));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return SCANNER_NONE;
	/* A tty in raw mode reads 0 when it simply has no data (VMIN=0); only a
	 * hang-up or an error means the device went away. */
	if (n == 0 && s->kind == K_SERIAL) {
		struct pollfd p = { s->fd, POLLIN, 0 };
		if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLHUP | POLLERR)))
			return SCANNER_NONE;
	}
	if (n < 0 || (n == 0 && s->kind == K_SERIAL)) {
		if (s->kind == K_SERIAL) {
			err_set(e, EX_UNAVAILABLE,
			        _("the scanner %s went away (%s); waiting for it to come back"),
			        s->path, n < 0 ? strerror(errno) : _("end of file"));
			device_lost(s);
			return SCANNER_GONE;
		}
		err_set(e, EX_IOERR, _("cannot read %s: %s"), s->path, strerror(errno));
		s->eof = 1;
		return SCANNER_BAD;
	}
	if (n == 0)
		s->eof = 1;
	s->pend_off = 0;
	s->pend_len = (size_t)n;
	take_lines(s);
	if (s->count > 0)
		return pop(s, in, e);
	return s->eof ? SCANNER_END : SCANNER_NONE;
}
