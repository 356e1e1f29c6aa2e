/*
 * evdev-decode.h — from the key events a keyboard-wedge scan engine sends to
 * the canonical scan text.
 *
 * Kept apart from the device (drivers/evdev.c) so it is tested with real
 * struct input_event streams.  What it understands:
 *   - the us and no layouts, Shift and AltGr (keymap.h);
 *   - control characters from Ctrl + key, by key position as on a terminal:
 *     Ctrl+] (the key right of P) sends GS, Ctrl+A..Z 0x01..0x1A;
 *   - Alt + numeric-pad decimal codes: Alt held, 0 2 9 on the pad, Alt
 *     released gives GS;
 *   - a configured substitute character the scanner sends in place of GS;
 *   - end of scan on Enter or Tab, or when the next key comes later than the
 *     inter-key gap (scanners type far faster than people);
 *   - key repeats (value 2) are ignored: a scan engine never holds a key.
 */
#ifndef TALLY_DRIVERS_EVDEV_DECODE_H
#define TALLY_DRIVERS_EVDEV_DECODE_H

#include "common/err.h"
#include "drivers/keymap.h"

#include <linux/input.h>
#include <stddef.h>
#include <stdint.h>

#define EVDEV_SCAN_MAX       1024
#define EVDEV_GAP_MS_DEFAULT 50

struct evdev_decoder {
	const struct keymap *km;
	int gs_substitute; /* a byte, or 0 for none */
	int64_t gap_us;
	int shift, ctrl, alt, altgr; /* held modifier keys, as bit sets */
	int alt_code, alt_digits;
	char buf[EVDEV_SCAN_MAX + 1];
	size_t len;
	int overlong;
	int64_t last_us; /* time of the last key press in buf */
};

/* keymap "us" or "no"; gs_substitute 0 for none; gap_ms 0 for the default.
 * EX_CONFIG for an unknown keymap. */
int evdev_decoder_init(struct evdev_decoder *d, const char *keymap, int gs_substitute, long gap_ms,
                       struct tally_err *e);

/*
 * Feed one event.  Returns the length of a scan completed by it (copied to
 * out, NUL-terminated) or 0.  A scan over EVDEV_SCAN_MAX bytes is dropped
 * whole (returns 0) rather than cut into a different barcode.
 */
size_t evdev_decoder_feed(struct evdev_decoder *d, const struct input_event *ev,
                          char out[EVDEV_SCAN_MAX + 1]);

/* When no key has come for the gap: the scan in progress is complete.
 * now_us on the same clock as the events' timestamps. */
size_t evdev_decoder_expire(struct evdev_decoder *d, int64_t now_us, char out[EVDEV_SCAN_MAX + 1]);

/* When evdev_decoder_expire should be called (µs), or -1 when idle. */
int64_t evdev_decoder_deadline(const struct evdev_decoder *d);

#endif
