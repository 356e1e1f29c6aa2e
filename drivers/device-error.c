#include "drivers/device-error.h"
#include "common/i18n.h"

#include <errno.h>
#include <string.h>

int device_error(struct tally_err *e, const char *path, int err, const char *group)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return err_set(e, EX_NOPERM,
		               _("no permission to open the scanner %s: add the user to group "
		                 "'tally' (the udev rule 60-tally-scanners.rules gives scanners to "
		                 "it) or to group '%s', then log in again"),
		               path, group);
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return err_set(e, EX_UNAVAILABLE,
		               _("the scanner %s is not there (%s): is it plugged in and "
		                 "switched on?"),
		               path, strerror(err));
	case EBUSY:
		return err_set(e, EX_TEMPFAIL,
		               _("the scanner %s is in use by another program: close it and "
		                 "try again"),
		               path);
	default:
		return err_set(e, EX_IOERR, _("cannot open the scanner %s: %s"), path,
		               strerror(err));
	}
}
