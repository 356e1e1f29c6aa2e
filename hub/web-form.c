/*
 * web-form.c — reading a urlencoded form (see web-form.h).
 */
#include "hub/web-form.h"

#include <string.h>

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int utf8_valid(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80             ? 0
		        : (*s & 0xe0) == 0xc0 ? 1
		        : (*s & 0xf0) == 0xe0 ? 2
		        : (*s & 0xf8) == 0xf0 ? 3
		                              : -1;
		if (n < 0 || (n == 1 && *s < 0xc2))
			return 0;
		s++;
		for (int i = 0; i < n; i++, s++)
			if ((*s & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

int web_form_get(const char *body, size_t len, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name);
	if (body == NULL || len > WEB_FORM_MAX)
		return -1;
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		if (end - i > nlen && memcmp(body + i, name, nlen) == 0 && body[i + nlen] == '=') {
			size_t o = 0;
			for (size_t j = i + nlen + 1; j < end; j++) {
				int c = (unsigned char)body[j];
				if (c == '+') {
					c = ' ';
				} else if (c == '%') {
					if (j + 2 >= end || hex(body[j + 1]) < 0 ||
					    hex(body[j + 2]) < 0)
						return -1;
					c = hex(body[j + 1]) * 16 + hex(body[j + 2]);
					j += 2;
				}
				if (c == 0 || o + 1 >= size)
					return -1;
				out[o++] = (char)c;
			}
			out[o] = '\0';
			return utf8_valid((const unsigned char *)out) ? 0 : -1;
		}
		if (end - i == nlen && memcmp(body + i, name, nlen) == 0) {
			if (size == 0)
				return -1;
			out[0] = '\0';
			return 0;
		}
		i = end + 1;
	}
	return -1;
}
