/*
 * digital-link.c — GS1 Digital Link URIs (GS1 Digital Link standard 1.x):
 * https://id.gs1.org/01/09521234543213/10/AB-12?17=271231, or the same path
 * on any host (a brand's own domain, with any path prefix before the key).
 * Path AIs and query AIs become the same AI fields as an element string.
 */
#include "barcode/scan-internal.h"
#include "barcode/gs1-ai.h"
#include "common/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define DL_MAX_SEGMENTS 32

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode src[0..n) into dst (size > n); -1 on a bad escape. */
static int pct_decode(const char *src, size_t n, char *dst)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (src[i] == '%') {
			if (i + 2 >= n)
				return -1;
			int h = hexval(src[i + 1]), l = hexval(src[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			dst[o++] = (char)(h * 16 + l);
			i += 2;
		} else {
			dst[o++] = src[i];
		}
	}
	dst[o] = '\0';
	return (int)o;
}

/* A Digital Link primary key (the dictionary's "dlpkey"): /01/, /00/, /414/... */
static int is_primary_key(const char *s, size_t n)
{
	const struct gs1_ai *def = gs1_ai_find(s, n);
	return def != NULL && def->ai_len == n && def->dl_key;
}

/* Are these AIs, in this order, a subsequence of one of the key's
 * qualifier lists ("22,10,21|235")? */
static int qualifiers_in_order(const char *quals, const char *const *ais, size_t n)
{
	const char *alt = quals;
	for (;;) {
		const char *alt_end = strchr(alt, '|');
		if (alt_end == NULL)
			alt_end = alt + strlen(alt);
		const char *p = alt;
		size_t i = 0;
		while (i < n && p < alt_end) {
			size_t tl = strcspn(p, ",|");
			if (strlen(ais[i]) == tl && memcmp(ais[i], p, tl) == 0)
				i++;
			p += tl;
			if (*p == ',')
				p++;
		}
		if (i == n)
			return 1;
		if (*alt_end == '\0')
			return 0;
		alt = alt_end + 1;
	}
}

/* Is `ai` a qualifier of the alternative the path's qualifiers took (any
 * alternative when the path has none)?  Then its place is in the path. */
static int qualifier_here(const char *quals, const char *const *path, size_t n, const char *ai)
{
	const char *alt = quals;
	while (*alt != '\0') {
		size_t alen = strcspn(alt, "|");
		char one[64];
		if (alen >= sizeof(one))
			return 0;
		memcpy(one, alt, alen);
		one[alen] = '\0';
		int member = 0;
		for (const char *p = one; *p != '\0';) {
			size_t tl = strcspn(p, ",");
			member |= strlen(ai) == tl && memcmp(ai, p, tl) == 0;
			p += tl + (p[tl] == ',');
		}
		if (member && qualifiers_in_order(one, path, n))
			return 1;
		alt += alen + (alt[alen] == '|');
	}
	return 0;
}

/* "22,10,21|235" as "(22), (10), (21) | (235)" for people. */
static void describe_qualifiers(const char *quals, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (const char *p = quals; *p != '\0' && o + 8 < size; p++) {
		if (p == quals || p[-1] == ',' || p[-1] == '|')
			buf[o++] = '(';
		if (*p == ',' || *p == '|') {
			const char *sep = *p == ',' ? "), " : ") | ";
			size_t l = strlen(sep);
			memcpy(buf + o, sep, l);
			o += l;
			continue;
		}
		buf[o++] = *p;
		if (p[1] == '\0')
			buf[o++] = ')';
	}
	buf[o] = '\0';
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static enum scan_error add(struct scan *out, const char *ai, size_t ailen, const char *val,
                           size_t vlen, size_t at, int year, struct scan_failure *fail)
{
	char a[5], v[256];
	if (ailen > 4 || vlen >= sizeof(v))
		return scan_fail(fail, SCAN_E_URI, at, "", _("a Digital Link element is too long"));
	memcpy(a, ai, ailen);
	a[ailen] = '\0';
	int n = pct_decode(val, vlen, v);
	if (n < 0)
		return scan_fail(
		    fail, SCAN_E_URI, at, a,
		    _("(%s): a %% in a Digital Link must be followed by two hex digits"), a);
	/* Digital Link allows a GTIN-8/12/13 as the key; store GTIN-14. */
	if (strcmp(a, "01") == 0 && n < 14 && (n == 8 || n == 12 || n == 13) &&
	    all_digits(v, (size_t)n)) {
		char g[15];
		memset(g, '0', 14 - (size_t)n);
		memcpy(g + 14 - n, v, (size_t)n + 1);
		enum scan_error err = gs1_add(out, a, g, 14, at, year, fail);
		if (err != SCAN_OK && fail != NULL)
			fail->at = at; /* the padded value has no position in the URI */
		return err;
	}
	/* Percent-decoding moves characters: point at the element, not inside it. */
	enum scan_error err = gs1_add(out, a, v, (size_t)n, at, year, fail);
	if (err != SCAN_OK && fail != NULL)
		fail->at = at;
	return err;
}

enum scan_error digital_link_parse(const char *uri, size_t n, int year, struct scan *out,
                                   struct scan_failure *fail)
{
	const char *p = memchr(uri, ':', n);
	if (p == NULL || p + 3 > uri + n || p[1] != '/' || p[2] != '/')
		return scan_fail(fail, SCAN_E_URI, 0, "", _("not a web address"));
	const char *host = p + 3, *end = uri + n;
	const char *path = memchr(host, '/', (size_t)(end - host));
	if (path == NULL)
		return scan_fail(fail, SCAN_E_URI, (size_t)(host - uri), "",
		                 _("the web address has no GS1 key in its path"));
	const char *query = memchr(path, '?', (size_t)(end - path));
	const char *hash = memchr(path, '#', (size_t)(end - path));
	const char *pend = query ? query : hash ? hash : end;

	/* Split the path into segments. */
	const char *seg[DL_MAX_SEGMENTS];
	size_t len[DL_MAX_SEGMENTS], ns = 0;
	for (const char *s = path + 1; s < pend && ns < DL_MAX_SEGMENTS;) {
		const char *slash = memchr(s, '/', (size_t)(pend - s));
		const char *e = slash ? slash : pend;
		seg[ns] = s;
		len[ns++] = (size_t)(e - s);
		s = slash ? slash + 1 : pend;
	}
	/* The key is the first primary-key AI followed by an even number of
	 * segments (AI/value pairs) to the end: any prefix before it is the
	 * brand's own path. */
	size_t k = ns;
	for (size_t i = 0; i + 1 < ns; i++) {
		if (is_primary_key(seg[i], len[i]) && (ns - i) % 2 == 0) {
			k = i;
			break;
		}
	}
	if (k == ns)
		return scan_fail(
		    fail, SCAN_E_URI, (size_t)(path - uri), "",
		    _("the web address has no GS1 key (such as /01/ and a GTIN) in its "
		      "path"));
	const struct gs1_ai *key = gs1_ai_find(seg[k], len[k]);
	char quals[64];
	describe_qualifiers(key->dl_qualifiers, quals, sizeof(quals));
	const char *path_ais[DL_MAX_SEGMENTS];
	size_t n_quals = 0;
	for (size_t i = k; i + 1 < ns; i += 2) {
		if (!all_digits(seg[i], len[i]))
			return scan_fail(fail, SCAN_E_URI, (size_t)(seg[i] - uri), "",
			                 _("'%.*s' in the path is not an AI"), (int)len[i], seg[i]);
		enum scan_error err = add(out, seg[i], len[i], seg[i + 1], len[i + 1],
		                          (size_t)(seg[i] - uri), year, fail);
		if (err != SCAN_OK)
			return err;
		if (i == k)
			continue;
		/* After the key come only its qualifiers, in their order. */
		path_ais[n_quals++] = out->ais[out->n_ais - 1].ai;
		if (!qualifiers_in_order(key->dl_qualifiers, path_ais, n_quals))
			return scan_fail(
			    fail, SCAN_E_URI, (size_t)(seg[i] - uri), out->ais[out->n_ais - 1].ai,
			    quals[0] ? _("(%s) is not allowed there in the path: after "
			                 "(%s) come only %s, in that order")
			             : _("(%s) is not allowed there in the path: (%s) "
			                 "takes no qualifiers%s"),
			    out->ais[out->n_ais - 1].ai, key->first, quals);
	}
	/* Query: numeric keys are AIs, data attributes only; others
	 * (linkType, ...) are not ours. */
	if (query != NULL) {
		const char *qend = hash && hash > query ? hash : end;
		for (const char *q = query + 1; q < qend;) {
			const char *amp = memchr(q, '&', (size_t)(qend - q));
			const char *e = amp ? amp : qend;
			const char *eq = memchr(q, '=', (size_t)(e - q));
			if (eq != NULL && all_digits(q, (size_t)(eq - q))) {
				size_t before = out->n_ais, at = (size_t)(q - uri);
				enum scan_error err = add(out, q, (size_t)(eq - q), eq + 1,
				                          (size_t)(e - eq - 1), at, year, fail);
				if (err != SCAN_OK)
					return err;
				if (out->n_ais == before)
					return scan_fail(
					    fail, SCAN_E_URI, at, "",
					    _("(%.*s) is given twice in the web address"),
					    (int)(eq - q), q);
				const struct scan_ai *a = &out->ais[out->n_ais - 1];
				const struct gs1_ai *def = &gs1_ai_table[a->row - 1];
				if (!def->dl_attr ||
				    qualifier_here(key->dl_qualifiers, path_ais, n_quals, a->ai))
					return scan_fail(
					    fail, SCAN_E_URI, at, a->ai,
					    _("(%s) cannot follow '?' in a Digital Link: "
					      "it is not a data attribute, or a qualifier whose "
					      "place is in "
					      "the path"),
					    a->ai);
			}
			q = amp ? amp + 1 : qend;
		}
	}
	return gs1_finish(out, fail);
}
