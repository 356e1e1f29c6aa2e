/*
 * where.c — what typed or scanned text names (where.h).
 */
#include "jobs/where.h"
#include "barcode/scan.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

int where_is_name(const char *text)
{
	unsigned char c = (unsigned char)text[0];
	if (!(c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
		return 0;
	/* "LOC:MED1", "B:2001": labels, not names. */
	return strchr(text, ':') == NULL;
}

/* One article in a list of one. */
static int one(struct article *a, struct article **out, size_t *n)
{
	*out = malloc(sizeof(**out));
	if (*out == NULL) {
		article_free(a);
		return EX_OSERR;
	}
	**out = *a;
	*n = 1;
	return 0;
}

int where_find(struct store *s, const char *what, const char *location_id, struct article **out,
               size_t *n, struct tally_err *e)
{
	struct article a = { 0 };
	struct tally_err ignore = { 0 };
	*out = NULL;
	*n = 0;
	if (store_article_get(s, what, &a, &ignore) == 0)
		return one(&a, out, n);
	struct scan sc;
	struct scan_failure f;
	const char *code = what;
	if (scan_parse(what, strlen(what), NULL, &sc, &f) == SCAN_OK && sc.gtin[0])
		code = sc.gtin;
	int rc = store_article_by_code(s, code, &a, NULL, e);
	if (rc == 0)
		return one(&a, out, n);
	if (rc != EX_DATAERR)
		return rc;
	err_clear(e);
	if (!where_is_name(what))
		return 0;
	return store_articles_named(s, what, location_id, WHERE_MAX_MATCHES, out, n, e);
}
