/*
 * html.h — building a page as a growing buffer where data can only go in
 * escaped: html_text escapes for text and attribute values alike, and the
 * formatter html_fmt escapes every %s argument.  Only html_raw takes markup
 * as it is, and it is meant for string literals of the program.
 */
#ifndef TALLY_HUB_HTML_H
#define TALLY_HUB_HTML_H

#include <stddef.h>

struct html {
	char *buf; /* NUL-terminated while not NULL */
	size_t len, cap;
	int oom; /* memory ran out: the page is incomplete, answer 500 */
};

/* Markup of the program itself (never data). */
void html_raw(struct html *h, const char *markup);

/* Data as text or as an attribute value: & < > " ' escaped.  NULL adds
 * nothing. */
void html_text(struct html *h, const char *s);

/* A query string value, percent-encoded (safe in an attribute as is). */
void html_url(struct html *h, const char *s);

/*
 * A format of the program (a literal, or a translation of one) with its
 * arguments: %s (a string, escaped; NULL as nothing), %d (int), %D (long
 * long), %% (a percent sign).  Nothing else is understood.
 */
void html_fmt(struct html *h, const char *fmt, ...);

/* data as base64 (RFC 4648), e.g. an image in a data: URL. */
void html_base64(struct html *h, const unsigned char *data, size_t len);

/* Bytes as they are (a CSV body, an asset). */
void html_bytes(struct html *h, const char *data, size_t len);

/* Hand the buffer over (caller frees); the struct is empty afterwards. */
char *html_take(struct html *h, size_t *len);
void html_free(struct html *h);

#endif
