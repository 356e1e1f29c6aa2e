/*
 * test-feedback.c — good, warning and error are told apart by ear (tone
 * patterns sent as EV_SND events, terminal bells) and by eye (LEDs), and
 * missing hardware is no error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "drivers/feedback.h"
#include "common/config.h"
#include "tests/lib/testutil.h"

#include <linux/input.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The tone events written to `path` as "hz,hz,..." (on-tones only). */
static void tones(const char *path, char *out, size_t size)
{
	size_t len;
	char *buf = tu_read_file(path, &len);
	out[0] = '\0';
	for (size_t i = 0; buf != NULL && i + sizeof(struct input_event) <= len;
	     i += sizeof(struct input_event)) {
		struct input_event ev;
		memcpy(&ev, buf + i, sizeof(ev));
		if (ev.type == EV_SND && ev.code == SND_TONE && ev.value > 0) {
			char n[16];
			snprintf(n, sizeof(n), "%s%d", out[0] ? "," : "", ev.value);
			strncat(out, n, size - strlen(out) - 1);
		}
	}
	free(buf);
}

static void signals_differ_by_ear_and_eye(void **state)
{
	char *dir = tu_mkdtemp();
	char *leds = tu_path(dir, "leds"), *tonedev = tu_path(dir, "beeper");
	mkdir(leds, 0700);
	const char *names[3] = { "green", "amber", "red" };
	char *bright[3];
	for (int i = 0; i < 3; i++) {
		char *d = tu_path(leds, names[i]);
		mkdir(d, 0700);
		bright[i] = tu_path(d, "brightness");
		tu_write_file(bright[i], "0\n");
		free(d);
	}
	char *spec = tu_strfmt("evdev:%s", tonedev);

	struct config *c = config_load("/dev/null", NULL);
	config_set(c, "feedback", "tone", spec);
	config_set(c, "feedback", "leds", leds);
	config_set(c, "feedback", "led_good", "green");
	config_set(c, "feedback", "led_warning", "amber");
	config_set(c, "feedback", "led_error", "red");

	char heard[3][128];
	for (int sig = 0; sig < 3; sig++) {
		tu_write_file(tonedev, "");
		struct feedback *f = feedback_open(c, NULL);
		assert_non_null(f);
		feedback_signal(f, (enum feedback_signal)sig);
		feedback_close(f);
		tones(tonedev, heard[sig], sizeof(heard[sig]));
		for (int led = 0; led < 3; led++) {
			char *b = tu_read_file(bright[led], NULL);
			assert_string_equal(b, led == sig ? "1\n" : "0\n");
			free(b);
		}
	}
	assert_string_equal(heard[FEEDBACK_GOOD], "2700");
	assert_string_equal(heard[FEEDBACK_WARNING], "1200,1200");
	assert_string_equal(heard[FEEDBACK_ERROR], "400");

	config_free(c);
	tu_rmtree(dir);
	for (int i = 0; i < 3; i++)
		free(bright[i]);
	free(dir), free(leds), free(tonedev), free(spec);
}

static void terminal_bell_counts_and_missing_hardware(void **state)
{
	struct config *c = config_load("/dev/null", NULL);
	char *dir = tu_mkdtemp(), *bellfile = tu_path(dir, "tty");
	config_set(c, "feedback", "led_good", "no-such-led");
	config_set(c, "feedback", "rumble", "evdev:/nonexistent/event9");

	FILE *tty = fopen(bellfile, "w");
	struct feedback *f = feedback_open(c, tty);
	assert_non_null(f); /* missing LED and rumble device: not an error */
	feedback_signal(f, FEEDBACK_GOOD);
	feedback_signal(f, FEEDBACK_WARNING);
	feedback_signal(f, FEEDBACK_ERROR);
	feedback_close(f);
	fclose(tty);
	char *rang = tu_read_file(bellfile, NULL);
	assert_string_equal(rang, "\a\a\a\a\a\a");
	free(rang);

	config_set(c, "feedback", "tone", "none");
	tty = fopen(bellfile, "w");
	f = feedback_open(c, tty);
	feedback_signal(f, FEEDBACK_ERROR);
	feedback_close(f);
	fclose(tty);
	rang = tu_read_file(bellfile, NULL);
	assert_string_equal(rang, "");
	free(rang);
	config_free(c);
	tu_rmtree(dir);
	free(dir);
	free(bellfile);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signals_differ_by_ear_and_eye),
		cmocka_unit_test(terminal_bell_counts_and_missing_hardware),
	};
	return cmocka_run_group_tests_name("feedback", tests, NULL, NULL);
}
