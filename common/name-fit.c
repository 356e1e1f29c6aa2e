/*
 * name-fit.c — article names fitted to a column, told apart (name-fit.h).
 */
#include "common/name-fit.h"

#include <string.h>

#define ELLIPSIS "\xe2\x80\xa6" /* … */

static int is_lead(char c)
{
	return ((unsigned char)c & 0xC0) != 0x80;
}

static int cols_of(const char *s)
{
	int c = 0;
	for (; *s; s++)
		c += is_lead(*s);
	return c;
}

/* Bytes of s that fill at most `width` columns. */
static size_t bytes_for(const char *s, int width)
{
	size_t b = 0;
	int c = 0;
	while (s[b]) {
		if (is_lead(s[b])) {
			if (c == width)
				break;
			c++;
		}
		b++;
	}
	return b;
}

static void put(char *buf, size_t size, size_t *o, const char *s, size_t len)
{
	if (*o + len >= size)
		len = size - 1 - *o;
	memcpy(buf + *o, s, len);
	*o += len;
	buf[*o] = '\0';
}

const char *name_fit(const char *const *names, size_t n, size_t i, int width, char *buf,
                     size_t size)
{
	const char *name = names[i] ? names[i] : "";
	size_t o = 0;
	buf[0] = '\0';
	if (size == 0)
		return buf;
	/* The longest beginning this name shares with another of the list. */
	size_t shared = 0;
	for (size_t j = 0; j < n; j++) {
		const char *other = names[j];
		if (j == i || other == NULL)
			continue;
		size_t k = 0;
		while (name[k] && name[k] == other[k])
			k++;
		if (k > shared)
			shared = k;
	}
	size_t plain = bytes_for(name, width);
	if (shared < plain || name[plain] == '\0' || width < 4) {
		put(buf, size, &o, name, plain);
		return buf;
	}
	/* From the start of the word where the names part. */
	while (shared > 0 && name[shared - 1] != ' ')
		shared--;
	const char *tail = name + shared;
	int tail_cols = cols_of(tail);
	if (shared == 0 || tail_cols >= width - 4) {
		put(buf, size, &o, ELLIPSIS, strlen(ELLIPSIS));
		put(buf, size, &o, tail, bytes_for(tail, width - 1));
		return buf;
	}
	size_t head = bytes_for(name, width - tail_cols - 1);
	while (head > 0 && name[head - 1] == ' ')
		head--;
	put(buf, size, &o, name, head);
	put(buf, size, &o, ELLIPSIS, strlen(ELLIPSIS));
	put(buf, size, &o, tail, strlen(tail));
	return buf;
}
