#include "drivers/evdev-decode.h"
#include "common/i18n.h"

#include <string.h>

#define GS 0x1d

int evdev_decoder_init(struct evdev_decoder *d, const char *keymap, int gs_substitute, long gap_ms,
                       struct tally_err *e)
{
	memset(d, 0, sizeof(*d));
	d->km = keymap_find(keymap != NULL ? keymap : "us");
	if (d->km == NULL)
		return err_set(e, EX_CONFIG, _("unknown scanner keymap '%s': use us or no"),
		               keymap);
	d->gs_substitute = gs_substitute;
	d->gap_us = (gap_ms > 0 ? gap_ms : EVDEV_GAP_MS_DEFAULT) * 1000;
	return 0;
}

static int64_t event_us(const struct input_event *ev)
{
	return (int64_t)ev->input_event_sec * 1000000 + ev->input_event_usec;
}

static size_t complete(struct evdev_decoder *d, char out[EVDEV_SCAN_MAX + 1])
{
	size_t n = d->overlong ? 0 : d->len;
	memcpy(out, d->buf, n);
	out[n] = '\0';
	d->len = 0;
	d->overlong = 0;
	return n;
}

static void append(struct evdev_decoder *d, const char *text, size_t n)
{
	if (d->len + n > EVDEV_SCAN_MAX) {
		d->overlong = 1;
		return;
	}
	memcpy(d->buf + d->len, text, n);
	d->len += n;
}

/* The control character of Ctrl + key, by key position; 0 when none. */
static int control_char(unsigned code)
{
	static const unsigned letters[26] = {
		KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I,
		KEY_J, KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R,
		KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z,
	};
	for (int i = 0; i < 26; i++)
		if (letters[i] == code)
			return i + 1;
	switch (code) {
	case KEY_LEFTBRACE:
		return 0x1b;
	case KEY_BACKSLASH:
		return 0x1c;
	case KEY_RIGHTBRACE:
		return GS;
	case KEY_6:
		return 0x1e;
	case KEY_MINUS:
		return 0x1f;
	}
	return 0;
}

static int keypad_digit(unsigned code)
{
	static const unsigned pad[10] = { KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
		                          KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9 };
	for (int i = 0; i < 10; i++)
		if (pad[i] == code)
			return i;
	return -1;
}

/* Modifier bookkeeping; returns 1 when the key was a modifier. */
static int modifier(struct evdev_decoder *d, unsigned code, int down)
{
	int *set, bit;
	switch (code) {
	case KEY_LEFTSHIFT:
		set = &d->shift, bit = 1;
		break;
	case KEY_RIGHTSHIFT:
		set = &d->shift, bit = 2;
		break;
	case KEY_LEFTCTRL:
		set = &d->ctrl, bit = 1;
		break;
	case KEY_RIGHTCTRL:
		set = &d->ctrl, bit = 2;
		break;
	case KEY_LEFTALT:
		set = &d->alt, bit = 1;
		break;
	case KEY_RIGHTALT:
		set = &d->altgr, bit = 1;
		break;
	case KEY_CAPSLOCK:
	case KEY_NUMLOCK:
	case KEY_LEFTMETA:
	case KEY_RIGHTMETA:
		return 1;
	default:
		return 0;
	}
	if (down) {
		*set |= bit;
	} else {
		*set &= ~bit;
		/* Releasing Alt types the character of the digits entered. */
		if (set == &d->alt && d->alt == 0 && d->alt_digits > 0) {
			char c = (char)(d->alt_code & 0xff);
			append(d, &c, 1);
			d->alt_code = d->alt_digits = 0;
		}
	}
	return 1;
}

size_t evdev_decoder_feed(struct evdev_decoder *d, const struct input_event *ev,
                          char out[EVDEV_SCAN_MAX + 1])
{
	if (ev->type != EV_KEY || ev->value == 2)
		return 0;
	int down = ev->value == 1;
	unsigned code = ev->code;
	int64_t t = event_us(ev);
	size_t done = 0;

	/* A key after a long pause starts a new scan: the last one is complete. */
	if (down && d->len > 0 && t - d->last_us > d->gap_us)
		done = complete(d, out);

	if (modifier(d, code, down) || !down)
		return done;
	d->last_us = t;

	if (code == KEY_ENTER || code == KEY_KPENTER || code == KEY_TAB) {
		if (done == 0 && (d->len > 0 || d->overlong))
			done = complete(d, out);
		return done;
	}
	if (d->alt != 0) {
		int digit = keypad_digit(code);
		if (digit >= 0) {
			d->alt_code = d->alt_code * 10 + digit;
			d->alt_digits++;
		}
		return done;
	}
	if (d->ctrl != 0) {
		int c = control_char(code);
		if (c != 0) {
			char ch = (char)c;
			append(d, &ch, 1);
		}
		return done;
	}
	enum keymap_level level = d->altgr ? KM_ALTGR : d->shift ? KM_SHIFT : KM_PLAIN;
	const char *text = keymap_text(d->km, code, level);
	if (text == NULL)
		return done;
	if (d->gs_substitute != 0 && text[0] == (char)d->gs_substitute && text[1] == '\0') {
		char gs = GS;
		append(d, &gs, 1);
	} else {
		append(d, text, strlen(text));
	}
	return done;
}

size_t evdev_decoder_expire(struct evdev_decoder *d, int64_t now_us, char out[EVDEV_SCAN_MAX + 1])
{
	if ((d->len == 0 && !d->overlong) || now_us - d->last_us <= d->gap_us)
		return 0;
	return complete(d, out);
}

int64_t evdev_decoder_deadline(const struct evdev_decoder *d)
{
	if (d->len == 0 && !d->overlong)
		return -1;
	return d->last_us + d->gap_us + 1;
}
