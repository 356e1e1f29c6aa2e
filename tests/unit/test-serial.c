/*
 * test-serial.c — a serial scan engine through a real pseudo-terminal:
 * frames split across reads, several in one read, each terminator, and the
 * device going away and coming back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "drivers/framer.h"
#include "drivers/scanline.h"
#include "drivers/serial.h"
#include "common/i18n.h"
#include "tests/lib/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read from fd until `want` frames arrived or 2 s passed; frames joined by '|'. */
static void read_frames(int fd, struct framer *f, int want, char *out, size_t size)
{
	char frame[FRAMER_MAX + 1], buf[256];
	int got = 0;
	out[0] = '\0';
	while (got < want) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 2000) <= 0)
			break;
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		const char *data = buf;
		size_t left = (size_t)n;
		enum framer_status st;
		while ((st = framer_next(f, &data, &left, frame)) != FRAME_NONE) {
			if (got++ > 0)
				strncat(out, "|", size - strlen(out) - 1);
			strncat(out, st == FRAME_OK ? frame : "<overlong>", size - strlen(out) - 1);
		}
	}
}

static void writes(int fd, const char *s)
{
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	tcdrain(fd);
	usleep(20000); /* let each write arrive as its own read */
}

static void frames_split_merged_and_every_terminator(void **state)
{
	int master, slave;
	char name[256], out[1024];
	struct tally_err e = { 0 };
	struct framer f;

	assert_int_equal(openpty(&master, &slave, name, NULL, NULL), 0);
	int fd = serial_open(name, 115200, &e);
	assert_true(fd >= 0);
	framer_init(&f);

	/* One scan split over three writes, CR-terminated. */
	writes(master, "]C1010952");
	writes(master, "1234543213\x1d");
	writes(master, "10LOT7\r");
	read_frames(fd, &f, 1, out, sizeof(out));
	assert_string_equal(out, "]C10109521234543213\x1d"
	                         "10LOT7");

	/* Three scans in one write, with LF, CRLF and CR. */
	writes(master, "]E05701234567899\n]E09521234543213\r\n]E4"
	               "95012346\r");
	read_frames(fd, &f, 3, out, sizeof(out));
	assert_string_equal(out, "]E05701234567899|]E09521234543213|]E495012346");

	/* A CRLF split between two reads ends one frame, not two. */
	writes(master, "A1\r");
	writes(master, "\nB2\r\n");
	read_frames(fd, &f, 2, out, sizeof(out));
	assert_string_equal(out, "A1|B2");
	close(fd);

	/* The device goes away (the scanner is unplugged) and comes back:
	 * reading gives EOF/EIO, and opening the path again works. */
	close(master);
	close(slave);
	assert_true(serial_open(name, 9600, &e) < 0);
	assert_true(e.status == EX_UNAVAILABLE || e.status == EX_IOERR);
	tu_assert_contains(e.msg, name);

	assert_int_equal(openpty(&master, &slave, name, NULL, NULL), 0);
	fd = serial_open(name, 9600, &e);
	assert_true(fd >= 0);
	framer_init(&f);
	writes(master, "AGAIN\r");
	read_frames(fd, &f, 1, out, sizeof(out));
	assert_string_equal(out, "AGAIN");
	close(fd);
	close(master);
	close(slave);
}

static void spec_and_open_errors_say_what_to_do(void **state)
{
	char path[256];
	long baud;
	struct tally_err e = { 0 };

	assert_int_equal(serial_parse_spec("/dev/ttyACM0@115200", path, sizeof(path), &baud, &e),
	                 0);
	assert_string_equal(path, "/dev/ttyACM0");
	assert_int_equal(baud, 115200);
	assert_int_equal(serial_parse_spec("/dev/ttyUSB1", path, sizeof(path), &baud, &e), 0);
	assert_int_equal(baud, 9600);
	assert_int_equal(serial_parse_spec("/dev/ttyUSB1@9601", path, sizeof(path), &baud, &e),
	                 EX_USAGE);
	tu_assert_contains(e.msg, "9601");

	assert_true(serial_open("/dev/ttyNOPE9", 9600, &e) < 0);
	assert_int_equal(e.status, EX_UNAVAILABLE);
	tu_assert_contains(e.msg, "plugged in");

	/* A regular file is not a serial device. */
	char *dir = tu_mkdtemp(), *file = tu_path(dir, "notatty");
	tu_write_file(file, "x");
	assert_true(serial_open(file, 9600, &e) < 0);
	tu_assert_contains(e.msg, "not a serial device");

	/* No permission: the message names the group that grants access.
	 * (Root may open anything, so only checked when not root.) */
	if (geteuid() != 0) {
		chmod(file, 0);
		assert_true(serial_open(file, 9600, &e) < 0);
		tu_assert_contains(e.msg, "group");
	}
	tu_rmtree(dir);
	free(dir);
	free(file);
}

static void overlong_frames_are_dropped_whole(void **state)
{
	struct framer f;
	char frame[FRAMER_MAX + 1];
	static char big[FRAMER_MAX + 100];
	memset(big, '7', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	big[sizeof(big) - 1] = '\0';

	framer_init(&f);
	const char *data = big;
	size_t n = strlen(big);
	assert_int_equal(framer_next(&f, &data, &n, frame), FRAME_OVERLONG);
	data = "42\nlast";
	n = strlen(data);
	assert_int_equal(framer_next(&f, &data, &n, frame), FRAME_OK);
	assert_string_equal(frame, "42");
	assert_int_equal(framer_next(&f, &data, &n, frame), FRAME_NONE);
	assert_int_equal(framer_finish(&f, frame), FRAME_OK);
	assert_string_equal(frame, "last");
}

static void line_quantities(void **state)
{
	struct tally_err e = { 0 };
	long qty;
	char a[] = "]E05701234567899\t12", b[] = "]E05701234567899", c[] = "X\t-1",
	     d[] = "X\ttwelve", f[] = "X\t100000";

	assert_int_equal(scanline_split(a, 1, &qty, &e), 0);
	assert_string_equal(a, "]E05701234567899");
	assert_int_equal(qty, 12);
	assert_int_equal(scanline_split(b, 2, &qty, &e), 0);
	assert_int_equal(qty, -1);
	assert_int_equal(scanline_split(c, 3, &qty, &e), EX_DATAERR);
	tu_assert_contains(e.msg, "line 3");
	assert_int_equal(scanline_split(d, 4, &qty, &e), EX_DATAERR);
	tu_assert_contains(e.msg, "'twelve'");
	assert_int_equal(scanline_split(f, 5, &qty, &e), EX_DATAERR);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frames_split_merged_and_every_terminator),
		cmocka_unit_test(spec_and_open_errors_say_what_to_do),
		cmocka_unit_test(overlong_frames_are_dropped_whole),
		cmocka_unit_test(line_quantities),
	};
	return cmocka_run_group_tests_name("serial", tests, NULL, NULL);
}
