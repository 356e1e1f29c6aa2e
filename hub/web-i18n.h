/*
 * web-i18n.h — the pages' language, chosen per request: Norwegian bokmål
 * (the default) or English.
 *
 * The command line translates with gettext for the whole process; a server
 * answers people of both languages at once, so the pages read the nb
 * catalogue (tally.mo, the same one) once into memory and look strings up
 * there.  English is the source text itself.  Strings are marked N_() where
 * they are written, so `make po` finds them.
 */
#ifndef TALLY_HUB_WEB_I18N_H
#define TALLY_HUB_WEB_I18N_H

#include <stddef.h>

struct web_catalog {
	char *data; /* the .mo file, or NULL (then every string stays English) */
	size_t size;
	unsigned n, orig, trans; /* count, offsets of the two tables */
	int swap;                /* written on a machine of the other byte order */
};

/* Load nb from $TALLY_LOCALEDIR or LOCALEDIR; a missing catalogue leaves
 * the pages in English (and says so on stderr), it is not an error. */
void web_catalog_load(struct web_catalog *c);
void web_catalog_free(struct web_catalog *c);

/* msgid in lang ("nb" or "en"). */
const char *web_tr(const struct web_catalog *c, const char *lang, const char *msgid)
    __attribute__((format_arg(3)));

#endif
