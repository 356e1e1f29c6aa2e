/*
 * secret-line.h — one secret line (a PIN, a password) from standard input:
 * typed on a terminal without echo after a prompt on stderr, or read from a
 * pipe as it is.  Never from the command line, where `ps` would show it.
 */
#ifndef TALLY_COMMON_SECRET_LINE_H
#define TALLY_COMMON_SECRET_LINE_H

#include <stddef.h>

/* The line into buf without its line ending; `prompt` (already translated)
 * is shown when stdin is a terminal.  0, or EX_DATAERR when nothing was
 * read or the line does not fit. */
int secret_line_read(const char *prompt, char *buf, size_t size);

#endif
