#include "common/i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

void i18n_init(const char *lang)
{
	const char *cur = setlocale(LC_ALL, "");

	/*
	 * gettext ignores LANGUAGE when the locale is plain "C" or "POSIX",
	 * which is what a handheld's service manager and CI give us.  C.UTF-8
	 * is built into glibc, is not "C" by name, and keeps UTF-8 output for
	 * the Norwegian letters.
	 */
	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_ALL, "C.UTF-8");
	/* Numbers in files and JSON must not grow decimal commas. */
	setlocale(LC_NUMERIC, "C");

	if (lang == NULL || lang[0] == '\0')
		lang = "nb";
	setenv("LANGUAGE", lang, 1);

	const char *dir = getenv("TALLY_LOCALEDIR");
	bindtextdomain("tally", dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR);
	bind_textdomain_codeset("tally", "UTF-8");
	textdomain("tally");
}
