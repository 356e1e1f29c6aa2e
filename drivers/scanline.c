#include "drivers/scanline.h"
#include "common/i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

long scanline_unprintable(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	for (long i = 0; p[i] != '\0'; i++) {
		unsigned char c = p[i];
		/* GS (FNC1), RS and EOT of the ISO/IEC 15434 envelope are barcode
		 * text; TAB and CR belong to the line's quantity and end. */
		if (c == 0x1d || c == 0x1e || c == 0x04 || c == '\t' || c == '\r')
			continue;
		if (c < 0x20 || c == 0x7f)
			return i;
		if (c < 0x80)
			continue;
		/* UTF-8 (a QR code may carry it): a lead byte and its
		 * continuation bytes, nothing else. */
		int more = c >= 0xc2 && c <= 0xdf   ? 1
		           : c >= 0xe0 && c <= 0xef ? 2
		           : c >= 0xf0 && c <= 0xf4 ? 3
		                                    : -1;
		if (more < 0)
			return i;
		for (int k = 1; k <= more; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return i;
		i += more;
	}
	return -1;
}

int scanline_split(char *line, long lineno, long *qty, struct tally_err *e)
{
	return scanline_split_note(line, lineno, qty, NULL, e);
}

int scanline_split_note(char *line, long lineno, long *qty, char note[SCANLINE_NOTE_MAX + 1],
                        struct tally_err *e)
{
	char *tab = strchr(line, '\t');
	*qty = -1;
	if (note != NULL)
		note[0] = '\0';
	if (tab == NULL)
		return 0;
	*tab = '\0';
	const char *q = tab + 1;
	char *tab2 = note != NULL ? strchr(tab + 1, '\t') : NULL;
	if (tab2 != NULL) {
		*tab2 = '\0';
		char *n = tab2 + 1;
		size_t len = strcspn(n, "\r");
		n[len] = '\0';
		if (len > SCANLINE_NOTE_MAX)
			return err_set(e, EX_DATAERR,
			               _("line %ld: the note after the quantity is longer than %d "
			                 "characters; fix the line and scan the file again"),
			               lineno, SCANLINE_NOTE_MAX);
		memcpy(note, n, len + 1);
	}
	char *end;
	errno = 0;
	long n = strtol(q, &end, 10);
	while (*end == ' ' || *end == '\r')
		end++;
	if (errno != 0 || end == q || *end != '\0' || n < 0 || n > SCANLINE_QTY_MAX)
		return err_set(e, EX_DATAERR,
		               _("line %ld: quantity '%s' is not a whole number from 0 to %d; "
		                 "fix the line and scan the file again"),
		               lineno, q, SCANLINE_QTY_MAX);
	*qty = n;
	return 0;
}
