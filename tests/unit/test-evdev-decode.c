/*
 * test-evdev-decode.c — keyboard-wedge scanners: real struct input_event
 * streams, as the kernel delivers them, decoded to the scan text a user's
 * barcode holds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "drivers/evdev-decode.h"
#include "common/i18n.h"
#include "tests/lib/testutil.h"

#include <string.h>

/* An event stream under construction, with a clock advancing 2 ms a key —
 * the pace of a real scan engine. */
struct stream {
	struct input_event ev[8192];
	size_t n;
	int64_t t_us;
};

static void emit(struct stream *s, unsigned type, unsigned code, int value)
{
	struct input_event *e = &s->ev[s->n++];
	memset(e, 0, sizeof(*e));
	e->input_event_sec = s->t_us / 1000000;
	e->input_event_usec = s->t_us % 1000000;
	e->type = (unsigned short)type;
	e->code = (unsigned short)code;
	e->value = value;
	/* Every key event is followed by a SYN_REPORT, as from a real device. */
	e = &s->ev[s->n++];
	memset(e, 0, sizeof(*e));
	e->input_event_sec = s->t_us / 1000000;
	e->input_event_usec = s->t_us % 1000000;
	e->type = EV_SYN;
}

static void press(struct stream *s, unsigned code)
{
	s->t_us += 1000;
	emit(s, EV_KEY, code, 1);
}

static void release(struct stream *s, unsigned code)
{
	s->t_us += 1000;
	emit(s, EV_KEY, code, 0);
}

static void key(struct stream *s, unsigned code)
{
	press(s, code);
	release(s, code);
}

static void with(struct stream *s, unsigned mod, unsigned code)
{
	press(s, mod);
	key(s, code);
	release(s, mod);
}

static void digits(struct stream *s, const char *d)
{
	static const unsigned row[10] = { KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
		                          KEY_5, KEY_6, KEY_7, KEY_8, KEY_9 };
	for (; *d; d++)
		key(s, row[*d - '0']);
}

/* Feed the stream; collect completed scans separated by '\n'. */
static void decode_all(struct evdev_decoder *d, const struct stream *s, char *out, size_t size)
{
	char scan[EVDEV_SCAN_MAX + 1];
	out[0] = '\0';
	for (size_t i = 0; i < s->n; i++) {
		if (evdev_decoder_feed(d, &s->ev[i], scan) > 0) {
			strncat(out, scan, size - strlen(out) - 2);
			strcat(out, "\n");
		}
	}
}

static void aim_prefix(struct stream *s, unsigned letter, const char *mod)
{
	/* "]d2": ] is KEY_RIGHTBRACE on us */
	key(s, KEY_RIGHTBRACE);
	key(s, letter);
	digits(s, mod);
}

static void us_gs1_datamatrix_with_ctrl_bracket_as_gs(void **state)
{
	struct evdev_decoder d;
	struct stream s = { .n = 0, .t_us = 1000000 };
	char out[4096];

	assert_int_equal(evdev_decoder_init(&d, "us", 0, 0, NULL), 0);
	aim_prefix(&s, KEY_D, "2");
	digits(&s, "0109521234543213");
	digits(&s, "10");
	with(&s, KEY_LEFTSHIFT, KEY_A);
	key(&s, KEY_B);
	digits(&s, "12");
	with(&s, KEY_LEFTCTRL, KEY_RIGHTBRACE);
	digits(&s, "17271231");
	key(&s, KEY_ENTER);
	decode_all(&d, &s, out, sizeof(out));
	assert_string_equal(out, "]d20109521234543213"
	                         "10Ab12\x1d"
	                         "17271231\n");
}

static void alt_numpad_029_is_gs(void **state)
{
	struct evdev_decoder d;
	struct stream s = { .n = 0, .t_us = 1000000 };
	char out[4096];

	assert_int_equal(evdev_decoder_init(&d, "us", 0, 0, NULL), 0);
	digits(&s, "10");
	press(&s, KEY_LEFTALT);
	key(&s, KEY_KP0);
	key(&s, KEY_KP2);
	key(&s, KEY_KP9);
	release(&s, KEY_LEFTALT);
	digits(&s, "2112");
	key(&s, KEY_KPENTER);
	decode_all(&d, &s, out, sizeof(out));
	assert_string_equal(out, "10\x1d"
	                         "2112\n");
}

static void norwegian_layout_shift_and_altgr(void **state)
{
	struct evdev_decoder d;
	struct stream s = { .n = 0, .t_us = 1000000 };
	char out[4096];

	/* HIBC "+A123BJC5D6E71G" typed on a Norwegian layout: '+' is the key
	 * right of 0 (KEY_MINUS); AltGr+9 is ']'; Shift+7 is '/'; æøå type. */
	assert_int_equal(evdev_decoder_init(&d, "no", 0, 0, NULL), 0);
	with(&s, KEY_RIGHTALT, KEY_9); /* ] */
	key(&s, KEY_H);
	digits(&s, "1");
	key(&s, KEY_MINUS); /* + */
	with(&s, KEY_LEFTSHIFT, KEY_A);
	digits(&s, "123");
	with(&s, KEY_LEFTSHIFT, KEY_7);         /* / */
	with(&s, KEY_RIGHTALT, KEY_2);          /* @ */
	key(&s, KEY_SLASH);                     /* - */
	key(&s, KEY_SEMICOLON);                 /* ø */
	with(&s, KEY_LEFTSHIFT, KEY_LEFTBRACE); /* Å */
	key(&s, KEY_TAB);
	decode_all(&d, &s, out, sizeof(out));
	assert_string_equal(out, "]h1+A123/@-\xc3\xb8\xc3\x85\n");

	/* The same keys on a us layout mean something else: the keymap matters. */
	assert_int_equal(evdev_decoder_init(&d, "us", 0, 0, NULL), 0);
	decode_all(&d, &s, out, sizeof(out));
	assert_string_equal(out, "h1-A123&/;{\n"); /* us has no AltGr level */
}

static void gap_ends_a_scan_without_enter(void **state)
{
	struct evdev_decoder d;
	struct stream s = { .n = 0, .t_us = 1000000 };
	char out[4096], scan[EVDEV_SCAN_MAX + 1];

	assert_int_equal(evdev_decoder_init(&d, "us", 0, 50, NULL), 0);
	digits(&s, "5701234567899");
	s.t_us += 400000; /* the user lifts the scanner; later, the next scan */
	digits(&s, "4006381333931");
	decode_all(&d, &s, out, sizeof(out));
	assert_string_equal(out, "5701234567899\n");

	/* The second scan ends when no key comes within the gap. */
	assert_true(evdev_decoder_deadline(&d) > 0);
	assert_int_equal(evdev_decoder_expire(&d, s.t_us + 10000, scan), 0);
	assert_int_equal(evdev_decoder_expire(&d, s.t_us + 60000, scan), 13);
	assert_string_equal(scan, "4006381333931");
	assert_int_equal(evdev_decoder_deadline(&d), -1);
}

static void key_repeats_and_other_events_are_ignored(void **state)
{
	struct evdev_decoder d;
	struct stream s = { .n = 0, .t_us = 1000000 };
	char out[4096];

	assert_int_equal(evdev_decoder_init(&d, "us", 0, 0, NULL), 0);
	press(&s, KEY_1);
	s.t_us += 1000;
	emit(&s, EV_KEY, KEY_1, 2); /* autorepeat */
	emit(&s, EV_KEY, KEY_1, 2);
	release(&s, KEY_1);
	emit(&s, EV_MSC, MSC_SCAN, 0x7001e);
	digits(&s, "23");
	key(&s, KEY_ENTER);
	key(&s, KEY_ENTER); /* an empty line is no scan */
	decode_all(&d, &s, out, sizeof(out));
	assert_string_equal(out, "123\n");
}

static void gs_substitute_character(void **state)
{
	struct evdev_decoder d;
	struct stream s = { .n = 0, .t_us = 1000000 };
	char out[4096];

	/* A scanner configured to send '~' for GS. */
	assert_int_equal(evdev_decoder_init(&d, "us", '~', 0, NULL), 0);
	digits(&s, "10");
	key(&s, KEY_X);
	with(&s, KEY_LEFTSHIFT, KEY_GRAVE);
	digits(&s, "21");
	key(&s, KEY_ENTER);
	decode_all(&d, &s, out, sizeof(out));
	assert_string_equal(out, "10x\x1d"
	                         "21\n");
}

static void unknown_keymap_is_a_configuration_error(void **state)
{
	struct evdev_decoder d;
	struct tally_err e = { 0 };
	assert_int_equal(evdev_decoder_init(&d, "dvorak", 0, 0, &e), EX_CONFIG);
	tu_assert_contains(e.msg, "use us or no");
}

static void overlong_scan_is_dropped_whole(void **state)
{
	struct evdev_decoder d;
	static struct stream s;
	char out[4096];

	s.n = 0;
	s.t_us = 1000000;
	assert_int_equal(evdev_decoder_init(&d, "us", 0, 0, NULL), 0);
	for (int i = 0; i < EVDEV_SCAN_MAX + 5; i++)
		key(&s, KEY_7);
	key(&s, KEY_ENTER);
	digits(&s, "42");
	key(&s, KEY_ENTER);
	decode_all(&d, &s, out, sizeof(out));
	assert_string_equal(out, "42\n");
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(us_gs1_datamatrix_with_ctrl_bracket_as_gs),
		cmocka_unit_test(alt_numpad_029_is_gs),
		cmocka_unit_test(norwegian_layout_shift_and_altgr),
		cmocka_unit_test(gap_ends_a_scan_without_enter),
		cmocka_unit_test(key_repeats_and_other_events_are_ignored),
		cmocka_unit_test(gs_substitute_character),
		cmocka_unit_test(unknown_keymap_is_a_configuration_error),
		cmocka_unit_test(overlong_scan_is_dropped_whole),
	};
	return cmocka_run_group_tests_name("evdev-decode", tests, NULL, NULL);
}
