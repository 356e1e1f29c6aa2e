/*
 * html.c — the escaping page buffer (see html.h).
 */
#include "hub/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_bytes(struct html *h, const char *data, size_t len)
{
	if (h->oom || len == 0)
		return;
	if (h->len + len + 1 > h->cap) {
		size_t cap = h->cap ? h->cap : 4096;
		while (cap < h->len + len + 1)
			cap *= 2;
		char *b = realloc(h->buf, cap);
		if (b == NULL) {
			h->oom = 1;
			return;
		}
		h->buf = b;
		h->cap = cap;
	}
	memcpy(h->buf + h->len, data, len);
	h->len += len;
	h->buf[h->len] = '\0';
}

void html_raw(struct html *h, const char *markup)
{
	html_bytes(h, markup, strlen(markup));
}

void html_text(struct html *h, const char *s)
{
	if (s == NULL)
		return;
	const char *run = s;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		html_bytes(h, run, (size_t)(s - run));
		html_raw(h, rep);
		run = s + 1;
	}
	html_bytes(h, run, (size_t)(s - run));
}

void html_url(struct html *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s != NULL && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			html_bytes(h, (const char *)&c, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			html_bytes(h, e, 3);
		}
	}
}

void html_fmt(struct html *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		html_bytes(h, run, (size_t)(p - run));
		char num[32];
		switch (p[1]) {
		case 's':
			html_text(h, va_arg(ap, const char *));
			break;
		case 'd':
			snprintf(num, sizeof(num), "%d", va_arg(ap, int));
			html_raw(h, num);
			break;
		case 'D':
			snprintf(num, sizeof(num), "%lld", va_arg(ap, long long));
			html_raw(h, num);
			break;
		case '%':
			html_raw(h, "%");
			break;
		default: /* not ours: shown as it is, no argument taken */
			html_bytes(h, p, p[1] ? 2 : 1);
			break;
		}
		if (p[1] == '\0') {
			run = p + 1;
			break;
		}
		p++;
		run = p + 1;
	}
	if (*run)
		html_raw(h, run);
	va_end(ap);
}

char *html_take(struct html *h, size_t *len)
{
	char *b = h->buf;
	if (len != NULL)
		*len = h->len;
	if (b == NULL)
		b = calloc(1, 1);
	memset(h, 0, sizeof(*h));
	return b;
}

void html_free(struct html *h)
{
	free(h->buf);
	memset(h, 0, sizeof(*h));
}

void html_base64(struct html *h, const unsigned char *data, size_t len)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)data[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)data[i + 1] << 8;
		if (i + 2 < len)
			v |= data[i + 2];
		char q[4] = { b64[(v >> 18) & 63], b64[(v >> 12) & 63],
			      i + 1 < len ? b64[(v >> 6) & 63] : '=',
			      i + 2 < len ? b64[v & 63] : '=' };
		html_bytes(h, q, 4);
	}
}
