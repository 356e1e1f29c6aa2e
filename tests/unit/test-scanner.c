/*
 * test-scanner.c — scanner specs end to end: a batch file with quantities
 * and a bad line reported in its place, a serial scanner unplugged and
 * plugged back (a pseudo-terminal behind a symlink, as udev gives a stable
 * name), and a keyboard-wedge scanner through /dev/uinput where the kernel
 * offers it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "drivers/scanner.h"
#include "common/config.h"
#include "common/i18n.h"
#include "tests/lib/testutil.h"

#include <fcntl.h>
#include <linux/uinput.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/* Wait for and read the next result, at most `ms`. */
static enum scanner_result next(struct scanner *s, struct scanner_input *in, struct tally_err *e,
                                int ms)
{
	for (int waited = 0; waited <= ms; waited += 10) {
		int fd = scanner_fd(s), t = scanner_timeout_ms(s);
		struct pollfd p = { fd, POLLIN, 0 };
		poll(fd >= 0 ? &p : NULL, fd >= 0 ? 1 : 0, t >= 0 && t < 10 ? t : 10);
		enum scanner_result r = scanner_read(s, in, e);
		if (r != SCANNER_NONE)
			return r;
	}
	return SCANNER_NONE;
}

static void batch_file_with_quantities_and_a_bad_line(void **state)
{
	char *dir = tu_mkdtemp(), *file = tu_path(dir, "dump.txt");
	tu_write_file(file, "]E05701234567899\t12\r\n]d20109521234543213\x1d"
	                    "10LOT1\n\n]E05701234567899\tmany\nLOC:WARD-7\t3\nlast-no-newline");
	char *spec = tu_strfmt("file:%s", file);
	struct tally_err e = { 0 };
	struct scanner *s = scanner_open(spec, NULL, &e);
	assert_non_null(s);
	struct scanner_input in;

	assert_int_equal(next(s, &in, &e, 1000), SCANNER_SCAN);
	assert_string_equal(in.text, "]E05701234567899");
	assert_int_equal(in.qty, 12);
	assert_int_equal(next(s, &in, &e, 1000), SCANNER_SCAN);
	assert_string_equal(in.text, "]d20109521234543213\x1d"
	                             "10LOT1");
	assert_int_equal(in.qty, -1);
	assert_int_equal(next(s, &in, &e, 1000), SCANNER_BAD);
	tu_assert_contains(e.msg, "line 4");
	assert_int_equal(next(s, &in, &e, 1000), SCANNER_SCAN);
	assert_string_equal(in.text, "LOC:WARD-7");
	assert_int_equal(in.qty, 3);
	assert_int_equal(next(s, &in, &e, 1000), SCANNER_SCAN);
	assert_string_equal(in.text, "last-no-newline");
	assert_int_equal(next(s, &in, &e, 1000), SCANNER_END);
	scanner_close(s);

	assert_null(scanner_open("file:/nonexistent/dump.txt", NULL, &e));
	assert_int_equal(e.status, EX_NOINPUT);
	assert_null(scanner_open("bluetooth:aa:bb", NULL, &e));
	assert_int_equal(e.status, EX_USAGE);
	tu_assert_contains(e.msg, "evdev:PATH");
	tu_rmtree(dir);
	free(dir), free(file), free(spec);
}

/* Binary garbage on a scan input is refused line by line, never a scan;
 * a directory is not a file of scans; through the real `tally consume`,
 * garbage makes no record. */
static void garbage_and_a_directory_are_refused(void **state)
{
	char *dir = tu_mkdtemp(), *file = tu_path(dir, "dump.bin");
	tu_write_file(file, "]E09521234543213\nab\x01\x02"
	                    "cd\n\x7f\n\xff\xfe\n"
	                    "]Q1https://id.gs1.org/01/09521234543213?n=\xc3\xa6"
	                    "\n");
	char *spec = tu_strfmt("file:%s", file), *dspec = tu_strfmt("file:%s", dir);
	struct tally_err e = { 0 };
	struct scanner *s = scanner_open(spec, NULL, &e);
	assert_non_null(s);
	struct scanner_input in;
	assert_int_equal(next(s, &in, &e, 1000), SCANNER_SCAN);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(next(s, &in, &e, 1000), SCANNER_BAD);
		tu_assert_contains(e.msg, "not barcode text");
	}
	assert_int_equal(next(s, &in, &e, 1000), SCANNER_SCAN); /* UTF-8 is text */
	assert_int_equal(next(s, &in, &e, 1000), SCANNER_END);
	scanner_close(s);

	assert_null(scanner_open(dspec, NULL, &e));
	assert_int_equal(e.status, EX_NOINPUT);
	tu_assert_contains(e.msg, "is a directory");
	char *db = tu_path(dir, "t.db");
	struct tu_run r = tu_tally(NULL, "--lang", "en", "--db", db, "--config", dir, "consume",
	                           "W-MED1", "--user", "1001", NULL);
	free(db);
	if (r.status != EX_CONFIG)
		fail_msg("--config DIR: exit %d: %s", r.status, r.err);
	tu_assert_contains(r.err, "is a directory");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir), free(file), free(spec), free(dspec);
}

static void serial_scanner_unplugged_and_back(void **state)
{
	char *dir = tu_mkdtemp(), *link = tu_path(dir, "ttyScanner");
	int master, slave;
	char name[256];
	assert_int_equal(openpty(&master, &slave, name, NULL, NULL), 0);
	assert_int_equal(symlink(name, link), 0);

	char *spec = tu_strfmt("serial:%s@115200", link);
	struct tally_err e = { 0 };
	struct scanner *s = scanner_open(spec, NULL, &e);
	assert_non_null(s);
	struct scanner_input in;

	assert_int_equal(write(master, "]E05701234567899\r", 17), 17);
	assert_int_equal(next(s, &in, &e, 2000), SCANNER_SCAN);
	assert_string_equal(in.text, "]E05701234567899");

	/* Unplugged: the read fails, the user is told, the scanner waits. */
	close(master);
	close(slave);
	assert_int_equal(next(s, &in, &e, 2000), SCANNER_GONE);
	tu_assert_contains(e.msg, "went away");
	tu_assert_contains(e.msg, link);

	/* Plugged back: a new device node behind the same name. */
	unlink(link);
	assert_int_equal(openpty(&master, &slave, name, NULL, NULL), 0);
	assert_int_equal(symlink(name, link), 0);
	/* Reopened within the backoff; then the next scan arrives. */
	for (int i = 0; i < 100 && scanner_fd(s) < 0; i++)
		assert_int_equal(next(s, &in, &e, 50), SCANNER_NONE);
	assert_true(scanner_fd(s) >= 0);
	assert_int_equal(write(master, "]E09521234543213\n", 17), 17);
	assert_int_equal(next(s, &in, &e, 2000), SCANNER_SCAN);
	assert_string_equal(in.text, "]E09521234543213");
	scanner_close(s);
	close(master);
	close(slave);
	tu_rmtree(dir);
	free(dir), free(link), free(spec);
}

static void uinput_keyboard_wedge(void **state)
{
	/* packaging/check-cross.sh sets this: qemu-user passes ioctls through
	 * only from a list of its own, and the uinput and evdev ones are not on
	 * it, so a device could be neither made nor read here. */
	if (getenv("TALLY_UNDER_QEMU") != NULL) {
		print_message("skipped: qemu-user does not translate the uinput and evdev "
		              "ioctls (UI_DEV_SETUP, EVIOCGBIT), so the evdev device layer "
		              "is tested natively only\n");
		skip();
	}
	int ui = open("/dev/uinput", O_WRONLY | O_NONBLOCK);
	if (ui < 0) {
		print_message("skipped: /dev/uinput is not available on this machine, so the "
		              "evdev device layer is not exercised here (the decoder is, in "
		              "test-evdev-decode)\n");
		skip();
	}
	ioctl(ui, UI_SET_EVBIT, EV_KEY);
	for (int k = KEY_ESC; k <= KEY_KPDOT; k++)
		ioctl(ui, UI_SET_KEYBIT, k);
	struct uinput_setup us;
	memset(&us, 0, sizeof(us));
	us.id.bustype = BUS_USB;
	us.id.vendor = 0x05e0;
	us.id.product = 0x1200;
	snprintf(us.name, sizeof(us.name), "tally test scan engine");
	assert_int_equal(ioctl(ui, UI_DEV_SETUP, &us), 0);
	assert_int_equal(ioctl(ui, UI_DEV_CREATE), 0);
	char sys[64] = "", path[128];
	ioctl(ui, UI_GET_SYSNAME(sizeof(sys)), sys);
	usleep(200000);
	/* The event node is the inputN's eventM; find it through sysfs. */
	char *cmd = tu_strfmt("ls /sys/devices/virtual/input/%s | grep '^event'", sys);
	FILE *p = popen(cmd, "r");
	char ev[32] = "";
	if (p == NULL || fgets(ev, sizeof(ev), p) == NULL)
		fail_msg("no event node for %s", sys);
	pclose(p);
	ev[strcspn(ev, "\n")] = '\0';
	snprintf(path, sizeof(path), "evdev:/dev/input/%s", ev);

	struct tally_err e = { 0 };
	struct scanner *s = scanner_open(path, NULL, &e);
	assert_non_null(s);
	static const int keys[] = { KEY_5, KEY_7, KEY_0, KEY_1, KEY_ENTER };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct input_event ie[4];
		memset(ie, 0, sizeof(ie));
		ie[0].type = EV_KEY, ie[0].code = (unsigned short)keys[i], ie[0].value = 1;
		ie[1].type = EV_SYN;
		ie[2].type = EV_KEY, ie[2].code = (unsigned short)keys[i], ie[2].value = 0;
		ie[3].type = EV_SYN;
		assert_int_equal(write(ui, ie, sizeof(ie)), (ssize_t)sizeof(ie));
	}
	struct scanner_input in;
	assert_int_equal(next(s, &in, &e, 2000), SCANNER_SCAN);
	assert_string_equal(in.text, "5701");
	scanner_close(s);
	ioctl(ui, UI_DEV_DESTROY);
	close(ui);
	free(cmd);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batch_file_with_quantities_and_a_bad_line),
		cmocka_unit_test(garbage_and_a_directory_are_refused),
		cmocka_unit_test(serial_scanner_unplugged_and_back),
		cmocka_unit_test(uinput_keyboard_wedge),
	};
	return cmocka_run_group_tests_name("scanner", tests, NULL, NULL);
}
