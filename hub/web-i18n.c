/*
 * web-i18n.c — a GNU .mo catalogue read into memory (see web-i18n.h).
 *
 * The format: a header of 32-bit words (magic, revision, count, offset of
 * the originals' table, offset of the translations' table), each table
 * count pairs of (length, offset); msgfmt sorts the originals, so a lookup
 * is a binary search.
 */
#include "hub/web-i18n.h"
#include "common/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

static uint32_t word(const struct web_catalog *c, size_t at)
{
	uint32_t w;
	memcpy(&w, c->data + at, 4);
	if (c->swap)
		w = (w >> 24) | ((w >> 8) & 0xff00) | ((w << 8) & 0xff0000) | (w << 24);
	return w;
}

/* The string of table entry i at table offset tab, or NULL when the file
 * lies about it. */
static const char *entry(const struct web_catalog *c, unsigned tab, unsigned i)
{
	size_t at = (size_t)tab + (size_t)i * 8;
	if (at + 8 > c->size)
		return NULL;
	uint32_t len = word(c, at), off = word(c, at + 4);
	if ((size_t)off + len >= c->size || c->data[off + len] != '\0')
		return NULL;
	return c->data + off;
}

void web_catalog_free(struct web_catalog *c)
{
	free(c->data);
	memset(c, 0, sizeof(*c));
}

void web_catalog_load(struct web_catalog *c)
{
	memset(c, 0, sizeof(*c));
	const char *dir = getenv("TALLY_LOCALEDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/nb/LC_MESSAGES/" I18N_HUB_DOMAIN ".mo",
	         dir != NULL && *dir ? dir : LOCALEDIR);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "tally-hub: no Norwegian catalogue at %s: pages in English\n",
		        path);
		return;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[65536];
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && len + n <= (16u << 20)) {
		if (len + n > cap) {
			cap = (len + n) * 2;
			char *b = realloc(buf, cap);
			if (b == NULL)
				break;
			buf = b;
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	c->data = buf;
	c->size = len;
	uint32_t magic = 0;
	if (len >= 20)
		memcpy(&magic, buf, 4);
	if (magic == 0x950412de || magic == 0xde120495) {
		c->swap = magic == 0xde120495;
		c->n = word(c, 8);
		c->orig = word(c, 12);
		c->trans = word(c, 16);
		return;
	}
	fprintf(stderr, "tally-hub: %s is not a catalogue: pages in English\n", path);
	web_catalog_free(c);
}

const char *web_tr(const struct web_catalog *c, const char *lang, const char *msgid)
{
	if (c->data == NULL || lang == NULL || strcmp(lang, "nb") != 0)
		return msgid;
	unsigned lo = 0, hi = c->n;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		const char *o = entry(c, c->orig, mid);
		if (o == NULL)
			return msgid;
		int cmp = strcmp(msgid, o);
		if (cmp == 0) {
			const char *t = entry(c, c->trans, mid);
			return t != NULL && *t ? t : msgid;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return msgid;
}
