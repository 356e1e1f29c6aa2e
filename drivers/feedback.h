/*
 * feedback.h — the beep the user waits for.
 *
 * Three signals, told apart by ear and by eye: good (one short high tone,
 * green LED), warning (two middle tones, amber LED: short-dated, off the
 * list), error (one long low tone and a rumble, red LED: invalid, unknown,
 * not recorded).  The good signal is given only after the record is
 * committed (DESIGN §3).  Devices come from tally.conf [feedback]:
 *
 *   tone   = bell | evdev:PATH | none   (default bell: the terminal's)
 *   rumble = evdev:PATH | none          (default none)
 *   leds   = DIR                        (default /sys/class/leds)
 *   led_good = NAME, led_warning = NAME, led_error = NAME  (default none)
 *
 * Missing hardware is not an error: a signal that cannot be given is
 * skipped, the screen still says what happened.
 */
#ifndef TALLY_DRIVERS_FEEDBACK_H
#define TALLY_DRIVERS_FEEDBACK_H

#include <stdio.h>

struct config;
struct feedback;

enum feedback_signal { FEEDBACK_GOOD, FEEDBACK_WARNING, FEEDBACK_ERROR };

/* bell_out: where the terminal bell goes (the UI's tty, or stderr). */
struct feedback *feedback_open(const struct config *cfg, FILE *bell_out);
void feedback_close(struct feedback *f);
void feedback_signal(struct feedback *f, enum feedback_signal sig);

#endif
