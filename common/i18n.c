/*
 * i18n.c — the message language and where its catalogues are: the
 * programs' own build tree first (so build/tally from a checkout speaks
 * Norwegian), else the installed LOCALEDIR; $TALLY_LOCALEDIR overrides both.
 */
#include "common/i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

/* "DIR/locale" when the running program's directory holds its own
 * catalogues (DIR/locale/nb/LC_MESSAGES/DOMAIN.mo, as the build tree lays
 * them out); NULL for an installed program, whose directory has none. */
static const char *beside_executable(const char *domain, char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	char mo[PATH_MAX + 64];
	snprintf(mo, sizeof(mo), "%s/locale/nb/LC_MESSAGES/%s.mo", exe, domain);
	if (access(mo, R_OK) != 0)
		return NULL;
	int w = snprintf(buf, size, "%s/locale", exe);
	return w > 0 && (size_t)w < size ? buf : NULL;
}

void i18n_init(const char *lang)
{
	i18n_init_domain(I18N_DOMAIN, lang);
}

void i18n_init_domain(const char *domain, const char *lang)
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

	char own[PATH_MAX];
	const char *dir = getenv("TALLY_LOCALEDIR");
	if (dir == NULL || dir[0] == '\0')
		dir = beside_executable(domain, own, sizeof(own));
	bindtextdomain(domain, dir != NULL ? dir : LOCALEDIR);
	bind_textdomain_codeset(domain, "UTF-8");
	textdomain(domain);
}
