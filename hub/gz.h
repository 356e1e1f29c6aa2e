/*
 * gz.h — gzip bodies both ways, with the inflated size bounded while
 * inflating (a small body must not be able to fill the hub's memory).
 */
#ifndef TALLY_SYNC_HUB_GZ_H
#define TALLY_SYNC_HUB_GZ_H

#include <stddef.h>
#include <zlib.h>

/* A growing buffer that refuses to pass `limit` bytes. */
struct gz_body {
	char *buf;
	size_t len, cap, limit;
	int gzip; /* the body is gzip: inflate as it comes */
	int inflating;
	int ended;     /* the gzip stream is complete */
	int too_large; /* more than limit */
	int corrupt;   /* not gzip after all */
	z_stream z;
};

void gz_body_init(struct gz_body *b, size_t limit, int gzip);
/* Take one piece of the body as it arrives. */
void gz_body_add(struct gz_body *b, const char *data, size_t n);
/* The end of the body: checks a gzip stream ended; NUL-terminates buf. */
void gz_body_finish(struct gz_body *b);
/* Free the members of b (the caller owns b itself). */
void gz_body_release(struct gz_body *b);

/* gzip of data as a malloc'd buffer (*out_len set), or NULL. */
char *gz_deflate(const char *data, size_t len, size_t *out_len);

#endif
