/*
 * qr-png.h — a QR code as a PNG image (libqrencode, libpng), for the
 * enrolment page: the handheld's camera reads it off the admin's screen.
 */
#ifndef TALLY_HUB_QR_PNG_H
#define TALLY_HUB_QR_PNG_H

#include <stddef.h>

/* text as a black-on-white PNG, `scale` pixels a module, with the 4-module
 * quiet zone the standard asks for: a malloc'd buffer (*len set), or NULL
 * when it cannot be encoded or memory ran out. */
unsigned char *qr_png(const char *text, int scale, size_t *len);

#endif
