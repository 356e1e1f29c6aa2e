/*
 * evdev.h — a keyboard-wedge scan engine as a Linux input device.
 *
 * The device is grabbed exclusively (EVIOCGRAB), so a scan never leaks into
 * another program as keystrokes — a barcode typed into a shell is the last
 * thing a ward needs.
 */
#ifndef TALLY_DRIVERS_EVDEV_H
#define TALLY_DRIVERS_EVDEV_H

#include "common/err.h"

struct libevdev;

/* Open and grab; returns the fd (non-blocking) and *dev, or -1 with e set. */
int evdev_open(const char *path, struct libevdev **dev, struct tally_err *e);
void evdev_close(int fd, struct libevdev *dev);

#endif
