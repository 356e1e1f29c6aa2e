#include "drivers/feedback.h"
#include "common/config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

struct feedback {
	FILE *bell;
	int tone_fd;   /* EV_SND device, or -1 */
	int rumble_fd; /* EV_FF device, or -1 */
	int rumble_id;
	char led_path[3][512]; /* brightness files, "" when none */
};

/* One tone pattern per signal: {Hz, ms} pairs, silence between. */
struct tone {
	int hz, ms;
};
static const struct tone patterns[3][3] = {
	[FEEDBACK_GOOD] = { { 2700, 80 }, { 0, 0 } },
	[FEEDBACK_WARNING] = { { 1200, 120 }, { 1200, 120 }, { 0, 0 } },
	[FEEDBACK_ERROR] = { { 400, 600 }, { 0, 0 } },
};
static const int bells[3] = { 1, 2, 3 };

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int open_evdev(const char *spec)
{
	if (spec == NULL || strncmp(spec, "evdev:", 6) != 0)
		return -1;
	return open(spec + 6, O_WRONLY | O_CLOEXEC);
}

struct feedback *feedback_open(const struct config *cfg, FILE *bell_out)
{
	struct feedback *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return NULL;
	const char *tone = config_get(cfg, "feedback", "tone", "bell");
	f->bell = strcmp(tone, "bell") == 0 ? bell_out : NULL;
	f->tone_fd = open_evdev(tone);
	f->rumble_fd = open_evdev(config_get(cfg, "feedback", "rumble", "none"));
	f->rumble_id = -1;
	if (f->rumble_fd >= 0) {
		struct ff_effect fx;
		memset(&fx, 0, sizeof(fx));
		fx.type = FF_RUMBLE;
		fx.id = -1;
		fx.u.rumble.strong_magnitude = 0xc000;
		fx.replay.length = 400;
		/* A plain file (tests) or a device without force feedback: no rumble. */
		if (ioctl(f->rumble_fd, EVIOCSFF, &fx) == 0)
			f->rumble_id = fx.id;
	}
	const char *dir = config_get(cfg, "feedback", "leds", "/sys/class/leds");
	static const char *keys[3] = { "led_good", "led_warning", "led_error" };
	for (int i = 0; i < 3; i++) {
		const char *name = config_get(cfg, "feedback", keys[i], NULL);
		if (name != NULL && *name && strchr(name, '/') == NULL)
			snprintf(f->led_path[i], sizeof(f->led_path[i]), "%s/%s/brightness", dir,
			         name);
	}
	return f;
}

void feedback_close(struct feedback *f)
{
	if (f == NULL)
		return;
	if (f->tone_fd >= 0)
		close(f->tone_fd);
	if (f->rumble_fd >= 0)
		close(f->rumble_fd);
	free(f);
}

static void send_event(int fd, unsigned type, unsigned code, int value)
{
	struct input_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = (unsigned short)type;
	ev.code = (unsigned short)code;
	ev.value = value;
	if (write(fd, &ev, sizeof(ev)) != (ssize_t)sizeof(ev))
		return; /* hardware gone: the screen still tells */
}

static void set_led(const char *path, int on)
{
	if (path[0] == '\0')
		return;
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, on ? "1\n" : "0\n", 2) != 2) {
		/* nothing to do: an LED is a courtesy */
	}
	close(fd);
}

void feedback_signal(struct feedback *f, enum feedback_signal sig)
{
	if (f == NULL)
		return;
	/* The LED of this outcome stays lit until the next one: a glance at the
	 * handheld tells how the last scan went. */
	for (int i = 0; i < 3; i++)
		set_led(f->led_path[i], i == (int)sig);
	if (f->bell != NULL) {
		for (int i = 0; i < bells[sig]; i++)
			fputc('\a', f->bell);
		fflush(f->bell);
	}
	if (f->tone_fd >= 0) {
		for (const struct tone *t = patterns[sig]; t->hz != 0; t++) {
			send_event(f->tone_fd, EV_SND, SND_TONE, t->hz);
			send_event(f->tone_fd, EV_SYN, SYN_REPORT, 0);
			sleep_ms(t->ms);
			send_event(f->tone_fd, EV_SND, SND_TONE, 0);
			send_event(f->tone_fd, EV_SYN, SYN_REPORT, 0);
			if (t[1].hz != 0)
				sleep_ms(60);
		}
	}
	if (sig == FEEDBACK_ERROR && f->rumble_id >= 0) {
		send_event(f->rumble_fd, EV_FF, (unsigned)f->rumble_id, 1);
		send_event(f->rumble_fd, EV_SYN, SYN_REPORT, 0);
	}
}
