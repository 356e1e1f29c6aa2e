/*
 * device-error.h — one way to say why a scanner device could not be opened.
 */
#ifndef TALLY_DRIVERS_DEVICE_ERROR_H
#define TALLY_DRIVERS_DEVICE_ERROR_H

#include "common/err.h"

/* Fill e for errno `err` on `path`.  For a permission error the message
 * names the group that grants access (`group`, e.g. "input" or "dialout",
 * or the package's "tally" group through its udev rule). */
int device_error(struct tally_err *e, const char *path, int err, const char *group);

#endif
