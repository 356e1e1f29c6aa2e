/*
 * web-static.h — the pages' style sheet and script (hub/www/), compiled
 * into tally-hub: nothing to install beside it, nothing fetched from
 * elsewhere.
 */
#ifndef TALLY_HUB_WEB_STATIC_H
#define TALLY_HUB_WEB_STATIC_H

#include <stddef.h>

/* The asset at path ("/static/tally.css"), or NULL; type and length set. */
const char *web_static(const char *path, const char **type, size_t *len);

#endif
