/*
 * framer.h — cut a byte stream into scans at line ends.
 *
 * Serial scan engines and batch-scanner dumps both send one scan per line,
 * terminated by CR, LF or CRLF; reads split frames and merge them at will.
 * The framer keeps what is left between reads and bounds how much it keeps:
 * a frame longer than FRAMER_MAX is reported as overlong, not truncated into
 * a different barcode.
 */
#ifndef TALLY_DRIVERS_FRAMER_H
#define TALLY_DRIVERS_FRAMER_H

#include <stddef.h>

#define FRAMER_MAX 1024

struct framer {
	char buf[FRAMER_MAX + 1];
	size_t len;
	int overlong; /* the current frame has grown past FRAMER_MAX */
	int after_cr; /* the last byte was CR: a following LF ends nothing */
	long lines;   /* line ends seen so far */
	long line;    /* the line number (from 1) of the frame last returned */
};

enum framer_status { FRAME_NONE, FRAME_OK, FRAME_OVERLONG };

void framer_init(struct framer *f);

/*
 * Take bytes from *data (n bytes) until one frame is complete.  Advances
 * *data and *n past what was consumed.  FRAME_OK: frame holds the text
 * (NUL-terminated, without its terminator); FRAME_OVERLONG: a frame was too
 * long and has been dropped whole; FRAME_NONE: all input consumed, no frame
 * complete yet.  Call again until FRAME_NONE.
 */
enum framer_status framer_next(struct framer *f, const char **data, size_t *n,
                               char frame[FRAMER_MAX + 1]);

/* At end of input: a last line without terminator still counts. */
enum framer_status framer_finish(struct framer *f, char frame[FRAMER_MAX + 1]);

#endif
