/*
 * serial.h — USB-CDC and RS-232 scan engines through termios.
 */
#ifndef TALLY_DRIVERS_SERIAL_H
#define TALLY_DRIVERS_SERIAL_H

#include "common/err.h"

#include <stddef.h>

/* Parse "PATH[@BAUD]" (default 9600).  Returns 0, or EX_USAGE for a baud
 * rate termios does not offer.  path is copied into pathbuf. */
int serial_parse_spec(const char *spec, char *pathbuf, size_t size, long *baud,
                      struct tally_err *e);

/* Open the device non-blocking, raw, 8N1 at `baud`, no flow control.
 * Returns the fd, or -1 with e naming the device, the cause, and for a
 * permission error the group that grants access. */
int serial_open(const char *path, long baud, struct tally_err *e);

#endif
