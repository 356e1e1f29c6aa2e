#include "drivers/framer.h"

#include <string.h>

void framer_init(struct framer *f)
{
	memset(f, 0, sizeof(*f));
}

static enum framer_status take(struct framer *f, char frame[FRAMER_MAX + 1])
{
	enum framer_status st = f->overlong ? FRAME_OVERLONG : FRAME_OK;
	memcpy(frame, f->buf, f->len);
	frame[f->len] = '\0';
	if (st == FRAME_OVERLONG)
		frame[0] = '\0';
	f->len = 0;
	f->overlong = 0;
	return st;
}

enum framer_status framer_next(struct framer *f, const char **data, size_t *n,
                               char frame[FRAMER_MAX + 1])
{
	while (*n > 0) {
		char c = **data;
		(*data)++;
		(*n)--;
		if (c == '\n' && f->after_cr) {
			f->after_cr = 0;
			continue; /* the LF of a CRLF */
		}
		f->after_cr = (c == '\r');
		if (c == '\r' || c == '\n') {
			f->lines++;
			if (f->len == 0 && !f->overlong)
				continue; /* blank line */
			f->line = f->lines;
			return take(f, frame);
		}
		if (f->len < FRAMER_MAX)
			f->buf[f->len++] = c;
		else
			f->overlong = 1;
	}
	return FRAME_NONE;
}

enum framer_status framer_finish(struct framer *f, char frame[FRAMER_MAX + 1])
{
	if (f->len == 0 && !f->overlong)
		return FRAME_NONE;
	f->line = ++f->lines;
	return take(f, frame);
}
