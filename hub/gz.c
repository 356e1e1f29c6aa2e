/*
 * gz.c — gzip bodies (see gz.h).
 */
#include "hub/gz.h"

#include <stdlib.h>
#include <string.h>

void gz_body_init(struct gz_body *b, size_t limit, int gzip)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit;
	b->gzip = gzip;
}

static int grow(struct gz_body *b, size_t need)
{
	if (b->len + need + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 16384;
	while (cap < b->len + need + 1)
		cap *= 2;
	if (cap > b->limit + 1)
		cap = b->limit + 1;
	char *p = realloc(b->buf, cap);
	if (p == NULL)
		return -1;
	b->buf = p;
	b->cap = cap;
	return 0;
}

void gz_body_add(struct gz_body *b, const char *data, size_t n)
{
	if (b->too_large || b->corrupt || b->ended || n == 0)
		return;
	if (!b->gzip) {
		if (b->len + n > b->limit || grow(b, n) != 0) {
			b->too_large = 1;
			return;
		}
		memcpy(b->buf + b->len, data, n);
		b->len += n;
		return;
	}
	if (!b->inflating) {
		if (inflateInit2(&b->z, 15 + 16) != Z_OK) {
			b->corrupt = 1;
			return;
		}
		b->inflating = 1;
	}
	b->z.next_in = (Bytef *)data;
	b->z.avail_in = (uInt)n;
	while (b->z.avail_in > 0) {
		if (b->len >= b->limit) {
			b->too_large = 1;
			return;
		}
		if (grow(b, 65536 < b->limit - b->len ? 65536 : b->limit - b->len) != 0) {
			b->too_large = 1;
			return;
		}
		b->z.next_out = (Bytef *)b->buf + b->len;
		b->z.avail_out = (uInt)(b->cap - 1 - b->len);
		int rc = inflate(&b->z, Z_NO_FLUSH);
		b->len = b->cap - 1 - b->z.avail_out;
		if (rc == Z_STREAM_END) {
			b->ended = 1;
			return; /* anything after the stream is ignored */
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			b->corrupt = 1;
			return;
		}
		if (rc == Z_BUF_ERROR && b->z.avail_out > 0)
			return;
	}
}

void gz_body_finish(struct gz_body *b)
{
	if (grow(b, 0) != 0) {
		b->too_large = 1;
		return;
	}
	b->buf[b->len] = '\0';
	if (b->gzip && !b->too_large && !b->corrupt) {
		/* A gzip stream that never ended is a broken body. */
		if (!b->ended)
			b->corrupt = 1;
	}
}

void gz_body_release(struct gz_body *b)
{
	if (b->inflating)
		inflateEnd(&b->z);
	free(b->buf);
	b->buf = NULL;
}

char *gz_deflate(const char *data, size_t len, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&z, (uLong)len);
	char *out = malloc(cap);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*out_len = cap - z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}
