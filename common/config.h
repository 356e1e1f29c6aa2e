/*
 * config.h — tally.conf: INI-style settings, system file first
 * (SYSCONFDIR/tally/tally.conf), then the user's (~/.config/tally/tally.conf,
 * or $XDG_CONFIG_HOME/tally/tally.conf), the later overriding the earlier;
 * or exactly one file given with --config.  Documented in tally.conf(5).
 *
 *   [section]
 *   key = value      ; comments start with ; or #
 *
 * Lookups never fail: a missing key gives the caller's default, so a
 * handheld with no configuration runs on documented defaults.
 */
#ifndef TALLY_COMMON_CONFIG_H
#define TALLY_COMMON_CONFIG_H

#include "common/err.h"

struct config;

/* Load the standard files (path NULL) or exactly `path`.  A missing
 * standard file is not an error; a missing --config file, an unreadable
 * file or a malformed line is (EX_CONFIG, naming file and line).
 * $TALLY_SYSCONF overrides the system directory (tests). */
struct config *config_load(const char *path, struct tally_err *e);
void config_free(struct config *c);

const char *config_get(const struct config *c, const char *section, const char *key,
                       const char *fallback);
/* Integer value; fallback when missing; EX_CONFIG in e when not a number. */
long config_get_long(const struct config *c, const char *section, const char *key, long fallback,
                     struct tally_err *e);

/* Set a value in memory (tests, command-line overrides). */
int config_set(struct config *c, const char *section, const char *key, const char *value);

#endif
