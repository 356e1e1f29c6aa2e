/*
 * name-fit.h — an article name fitted to a narrow column so that it is not
 * mistaken for its neighbour.  Cut plainly when the cut already tells the
 * names of the list apart; when two names share a beginning longer than the
 * column ("Paracetamol 500 mg tablett", "Paracetamol 500 mg stikkpille"),
 * the part that differs is kept and the shared part shortened:
 * "Parac…tablett", "…stikkpille".
 */
#ifndef TALLY_COMMON_NAME_FIT_H
#define TALLY_COMMON_NAME_FIT_H

#include <stddef.h>

/* names[i] in at most `width` columns (UTF-8) in buf, told apart from the
 * other names of the list.  Returns buf. */
const char *name_fit(const char *const *names, size_t n, size_t i, int width, char *buf,
                     size_t size);

#endif
