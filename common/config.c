/*
 * config.c — tally.conf, as described in config.h and tally.conf(5).
 *
 * A handful of keys read a few times at start-up: a flat array searched
 * linearly is all this needs.  Later files override earlier ones by simply
 * being searched first (entries are looked up from the end).
 */
#include "common/config.h"
#include "common/grow.h"
#include "common/str.h"
#include "common/i18n.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define CONFIG_LINE_MAX 1024

struct config_entry {
	char *section, *key, *value;
};

struct config {
	struct config_entry *v;
	size_t n, cap;
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

int config_set(struct config *c, const char *section, const char *key, const char *value)
{
	struct config_entry *v = grow(c->v, &c->cap, c->n, sizeof(*v));
	if (v == NULL)
		return -1;
	c->v = v;
	struct config_entry *en = &c->v[c->n];
	en->section = str_dup(section);
	en->key = str_dup(key);
	en->value = str_dup(value);
	if (en->section == NULL || en->key == NULL || en->value == NULL) {
		free(en->section);
		free(en->key);
		free(en->value);
		return -1;
	}
	c->n++;
	return 0;
}

/* Parse one file into c.  A missing file is fine when !required. */
static int load_file(struct config *c, const char *path, int required, struct tally_err *e)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		if (errno == ENOENT && !required)
			return 0;
		return err_set(e, EX_CONFIG, _("cannot read the configuration file %s: %s"), path,
		               strerror(errno));
	}
	/* A directory opens, then reads as nothing: say so instead. */
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return err_set(e, EX_CONFIG,
		               _("%s is a directory, not a configuration file: name the file "
		                 "(tally.conf)"),
		               path);
	}
	char line[CONFIG_LINE_MAX + 2];
	char section[128] = "";
	int lineno = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			fclose(f);
			return err_set(e, EX_CONFIG,
			               _("%s, line %d: the line is longer than %d characters"),
			               path, lineno, CONFIG_LINE_MAX);
		}
		char *s = trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']');
			if (end == NULL || end[1] != '\0' || end - s - 1 >= (long)sizeof(section) ||
			    end == s + 1) {
				fclose(f);
				return err_set(e, EX_CONFIG,
				               _("%s, line %d: a section header looks like [name]"),
				               path, lineno);
			}
			*end = '\0';
			snprintf(section, sizeof(section), "%s", trim(s + 1));
			continue;
		}
		char *eq = strchr(s, '=');
		if (eq == NULL || eq == s) {
			fclose(f);
			return err_set(e, EX_CONFIG,
			               _("%s, line %d: expected 'key = value', found '%s'"), path,
			               lineno, s);
		}
		*eq = '\0';
		char *key = trim(s), *value = trim(eq + 1);
		if (section[0] == '\0') {
			fclose(f);
			return err_set(e, EX_CONFIG,
			               _("%s, line %d: '%s' comes before any [section]"), path,
			               lineno, key);
		}
		if (config_set(c, section, key, value) != 0) {
			fclose(f);
			return err_set(e, EX_OSERR, _("out of memory reading %s"), path);
		}
	}
	fclose(f);
	return 0;
}

struct config *config_load(const char *path, struct tally_err *e)
{
	struct config *c = calloc(1, sizeof(*c));
	if (c == NULL) {
		err_set(e, EX_OSERR, _("out of memory reading the configuration"));
		return NULL;
	}
	if (path != NULL) {
		if (load_file(c, path, 1, e) != 0)
			goto fail;
		return c;
	}

	char buf[4096];
	const char *sys = getenv("TALLY_SYSCONF");
	snprintf(buf, sizeof(buf), "%s/tally/tally.conf", sys && *sys ? sys : SYSCONFDIR);
	if (load_file(c, buf, 0, e) != 0)
		goto fail;

	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	buf[0] = '\0';
	if (xdg != NULL && *xdg)
		snprintf(buf, sizeof(buf), "%s/tally/tally.conf", xdg);
	else if (home != NULL && *home)
		snprintf(buf, sizeof(buf), "%s/.config/tally/tally.conf", home);
	if (buf[0] != '\0' && load_file(c, buf, 0, e) != 0)
		goto fail;
	return c;
fail:
	config_free(c);
	return NULL;
}

void config_free(struct config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].section);
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	free(c);
}

const char *config_get(const struct config *c, const char *section, const char *key,
                       const char *fallback)
{
	for (size_t i = c ? c->n : 0; i > 0; i--) {
		const struct config_entry *en = &c->v[i - 1];
		if (strcmp(en->section, section) == 0 && strcmp(en->key, key) == 0)
			return en->value;
	}
	return fallback;
}

long config_get_long(const struct config *c, const char *section, const char *key, long fallback,
                     struct tally_err *e)
{
	const char *v = config_get(c, section, key, NULL);
	if (v == NULL)
		return fallback;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0') {
		err_set(e, EX_CONFIG, _("configuration [%s] %s = '%s' is not a whole number"),
		        section, key, v);
		return fallback;
	}
	return n;
}
