#include "drivers/evdev.h"
#include "drivers/device-error.h"
#include "common/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <string.h>
#include <unistd.h>

int evdev_open(const char *path, struct libevdev **dev, struct tally_err *e)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		device_error(e, path, errno, "input");
		return -1;
	}
	int rc = libevdev_new_from_fd(fd, dev);
	if (rc < 0) {
		err_set(e, EX_IOERR, _("%s is not an input device (%s): check the scanner spec"),
		        path, strerror(-rc));
		close(fd);
		return -1;
	}
	if (!libevdev_has_event_type(*dev, EV_KEY)) {
		err_set(e, EX_CONFIG,
		        _("%s (%s) sends no key events: it is not a keyboard-wedge scanner"), path,
		        libevdev_get_name(*dev));
		libevdev_free(*dev);
		close(fd);
		return -1;
	}
	rc = libevdev_grab(*dev, LIBEVDEV_GRAB);
	if (rc < 0) {
		err_set(e, EX_TEMPFAIL,
		        _("cannot take %s for tally alone (%s): another program has grabbed it"),
		        path, strerror(-rc));
		libevdev_free(*dev);
		close(fd);
		return -1;
	}
	return fd;
}

void evdev_close(int fd, struct libevdev *dev)
{
	if (dev != NULL) {
		libevdev_grab(dev, LIBEVDEV_UNGRAB);
		libevdev_free(dev);
	}
	if (fd >= 0)
		close(fd);
}
