/*
 * scanline.h — one line of a batch scanner's memory dump (or of stdin in
 * line mode): the scan text, optionally a TAB and a quantity.
 */
#ifndef TALLY_DRIVERS_SCANLINE_H
#define TALLY_DRIVERS_SCANLINE_H

#include "common/err.h"

#define SCANLINE_QTY_MAX  99999
#define SCANLINE_NOTE_MAX 63

/*
 * Split `line` in place at its TAB.  *qty is the quantity, or -1 when the
 * line has none (the workflow's default applies).  0 is a quantity: an empty
 * shelf counted.  One that is not a whole number from 0 to SCANLINE_QTY_MAX
 * is EX_DATAERR naming line `lineno`.
 */
int scanline_split(char *line, long lineno, long *qty, struct tally_err *e);

/* The same, allowing a second TAB and a note after the quantity (consume's
 * reason: "patient", "waste", "loan:WARD").  *note is "" when the line has
 * none; a note longer than SCANLINE_NOTE_MAX is EX_DATAERR. */
int scanline_split_note(char *line, long lineno, long *qty, char note[SCANLINE_NOTE_MAX + 1],
                        struct tally_err *e);

/* The offset of the first byte that is not scan text (a control character
 * other than GS, RS, EOT, TAB, CR; DEL; a byte that is not UTF-8), or -1
 * when there is none.  Binary garbage on a scan input is refused, never
 * stored as unknown codes. */
long scanline_unprintable(const char *text);

#endif
