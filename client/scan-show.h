/*
 * scan-show.h — one scan as a technician reads it: the AIM symbology id
 * named, GS separators made visible, the quantity of a batch line.
 * Presentation only; the scan itself comes from drivers/scanner.h.
 */
#ifndef TALLY_CLIENT_SCAN_SHOW_H
#define TALLY_CLIENT_SCAN_SHOW_H

#include "barcode/scan.h"
#include "drivers/scanner.h"

#include <stddef.h>
#include <stdio.h>

/* The symbology a three-character AIM id ("]d2") names, untranslated, or
 * NULL when text starts with none. */
const char *scan_show_symbology(const char *text);

/* text with GS written as "<GS>" and other control characters as "<0xNN>",
 * truncated to fit out. */
void scan_show_visible(const char *text, char *out, size_t size);

/* The scan as it came, then its parse (scan_parse with cfg) on a second,
 * indented line; or one JSON object per line with --json, the parse under
 * "parse" as `tally decode --json` gives it.  Returns the parse's result. */
enum scan_error scan_show(FILE *out, const struct scanner_input *in, const struct scan_config *cfg,
                          int json);

#endif
