/*
 * scanner.h — one interface over every way scans reach the handheld.
 *
 *   evdev:PATH          keyboard-wedge scan engine (grabbed exclusively)
 *   serial:PATH[@BAUD]  USB-CDC or RS-232 scan engine, CR/LF/CRLF framed
 *   camera:DEV          an imager (/dev/videoN): one scan per appearance of
 *                       a symbol in view (camera_gone_ms, camera_repeat_ms)
 *   file:PATH           a batch scanner's memory dump: a scan per line,
 *                       optionally TAB and a quantity
 *   stdin               the same, from standard input
 *
 * The caller poll()s scanner_fd() with scanner_timeout_ms() and calls
 * scanner_read() when it is readable or the timeout passed.  A device that
 * goes away is reopened with backoff; files end.
 */
#ifndef TALLY_DRIVERS_SCANNER_H
#define TALLY_DRIVERS_SCANNER_H

#include "common/err.h"
#include "drivers/framer.h"
#include "drivers/scanline.h"

struct config;
struct scanner;

struct scanner_input {
	char text[FRAMER_MAX + 1];        /* canonical scan text */
	long qty;                         /* from "TEXT<TAB>qty" lines; -1 when none */
	char note[SCANLINE_NOTE_MAX + 1]; /* from "TEXT<TAB>qty<TAB>note": consume's reason */
	long lineno;                      /* file/stdin: the line it came from */
};

enum scanner_result {
	SCANNER_SCAN = 1,  /* *in holds a scan */
	SCANNER_NONE = 0,  /* nothing complete yet: poll again */
	SCANNER_END = -1,  /* file or stdin ended */
	SCANNER_GONE = -2, /* the device went away (e says why); reopening */
	SCANNER_BAD = -3,  /* a line was unusable (e says which and why); go on */
};

/* Options from tally.conf [scanner]: keymap, gs_substitute, gap_ms. */
struct scanner *scanner_open(const char *spec, const struct config *cfg, struct tally_err *e);
void scanner_close(struct scanner *s);

/* The fd to poll for input, or -1 while the device is being reopened. */
int scanner_fd(const struct scanner *s);
/* How long poll() may wait before scanner_read must be called (-1: forever). */
int scanner_timeout_ms(const struct scanner *s);

enum scanner_result scanner_read(struct scanner *s, struct scanner_input *in, struct tally_err *e);

/* The spec's device path, for messages. */
const char *scanner_name(const struct scanner *s);

#endif
