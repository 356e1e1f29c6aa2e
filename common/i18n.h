/*
 * i18n.h — every user-facing string goes through _() so that gettext can
 * give it in Norwegian bokmål (the default) or English.  N_() marks a string
 * for extraction where it is stored and translated later.
 */
#ifndef TALLY_COMMON_I18N_H
#define TALLY_COMMON_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

/*
 * Choose the message language: "nb" or "en" (NULL or "" means nb).  Safe to
 * call again.  Looks for catalogues in $TALLY_LOCALEDIR when set, else in
 * "locale" beside the running program when it holds tally.mo (the build
 * tree: build/tally and build/locale/), else in the installed LOCALEDIR.
 */
void i18n_init(const char *lang);

/* The same for a program whose catalogue has a name of its own: tally-hub
 * reads "tally-hub.mo", installed by its own package, so a server without
 * the handheld's package speaks Norwegian too. */
#define I18N_DOMAIN     "tally"
#define I18N_HUB_DOMAIN "tally-hub"
void i18n_init_domain(const char *domain, const char *lang);

#endif
