#include "drivers/serial.h"
#include "drivers/device-error.h"
#include "common/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const struct {
	long baud;
	speed_t speed;
} speeds[] = {
	{ 1200, B1200 },     { 2400, B2400 },     { 4800, B4800 },     { 9600, B9600 },
	{ 19200, B19200 },   { 38400, B38400 },   { 57600, B57600 },   { 115200, B115200 },
	{ 230400, B230400 }, { 460800, B460800 }, { 921600, B921600 },
};

static int speed_of(long baud, speed_t *out)
{
	for (size_t i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++) {
		if (speeds[i].baud == baud) {
			*out = speeds[i].speed;
			return 0;
		}
	}
	return -1;
}

int serial_parse_spec(const char *spec, char *pathbuf, size_t size, long *baud, struct tally_err *e)
{
	const char *at = strrchr(spec, '@');
	size_t plen = at ? (size_t)(at - spec) : strlen(spec);
	speed_t sp;

	*baud = 9600;
	if (at != NULL) {
		char *end;
		*baud = strtol(at + 1, &end, 10);
		if (end == at + 1 || *end != '\0' || speed_of(*baud, &sp) != 0)
			return err_set(e, EX_USAGE,
			               _("serial speed '%s' is not one of 1200 ... 921600 baud"),
			               at + 1);
	}
	if (plen == 0 || plen >= size)
		return err_set(e, EX_USAGE, _("serial device path missing or too long in '%s'"),
		               spec);
	memcpy(pathbuf, spec, plen);
	pathbuf[plen] = '\0';
	return 0;
}

int serial_open(const char *path, long baud, struct tally_err *e)
{
	speed_t sp;
	if (speed_of(baud, &sp) != 0) {
		err_set(e, EX_USAGE, _("serial speed %ld is not supported"), baud);
		return -1;
	}
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		device_error(e, path, errno, "dialout");
		return -1;
	}
	struct termios t;
	if (tcgetattr(fd, &t) != 0) {
		err_set(e, EX_IOERR, _("%s is not a serial device (%s): check the scanner spec"),
		        path, strerror(errno));
		close(fd);
		return -1;
	}
	/* Raw: no echo, no line editing, no CR/LF translation — the framer
	 * sees exactly what the scan engine sent. */
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON |
	                         IXOFF | IXANY);
	t.c_oflag &= ~(tcflag_t)OPOST;
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | CSTOPB);
	t.c_cflag |= CS8 | CREAD | CLOCAL;
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	cfsetispeed(&t, sp);
	cfsetospeed(&t, sp);
	if (tcsetattr(fd, TCSANOW, &t) != 0) {
		err_set(e, EX_IOERR, _("cannot set %s to %ld baud 8N1: %s"), path, baud,
		        strerror(errno));
		close(fd);
		return -1;
	}
	tcflush(fd, TCIFLUSH);
	return fd;
}
