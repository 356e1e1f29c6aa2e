/*
 * str.h — the one string helper C11 lacks (strdup is POSIX 2008 but this
 * keeps NULL in, NULL out, which every caller here wants).
 */
#ifndef TALLY_COMMON_STR_H
#define TALLY_COMMON_STR_H

/* A malloc'd copy of s, or NULL when s is NULL or memory ran out. */
char *str_dup(const char *s);

/* Does hay contain needle, ignoring ASCII case? (strcasestr is GNU.) */
int str_icontains(const char *hay, const char *needle);

#endif
