/*
 * scanline.h — one line of a batch scanner's memory dump (or of stdin in
 * line mode): the scan text, optionally a TAB and a quantity.
 */
#ifndef TALLY_DRIVERS_SCANLINE_H
#define TALLY_DRIVERS_SCANLINE_H

#include "common/err.h"

#define SCANLINE_QTY_MAX 99999

/*
 * Split `line` in place at its TAB.  *qty is the quantity, or -1 when the
 * line has none (the workflow's default applies).  0 is a quantity: an empty
 * shelf counted.  One that is not a whole number from 0 to SCANLINE_QTY_MAX
 * is EX_DATAERR naming line `lineno`.
 */
int scanline_split(char *line, long lineno, long *qty, struct tally_err *e);

#endif
