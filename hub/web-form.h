/*
 * web-form.h — the fields of a submitted form
 * (application/x-www-form-urlencoded), bounded and percent-decoded.
 */
#ifndef TALLY_HUB_WEB_FORM_H
#define TALLY_HUB_WEB_FORM_H

#include <stddef.h>

#define WEB_FORM_MAX 16384 /* bytes of a form the pages accept */

/* The value of field name in body (len bytes) into out (size bytes,
 * NUL-terminated): 0, or -1 when the field is absent, too long or holds a
 * NUL or invalid UTF-8. */
int web_form_get(const char *body, size_t len, const char *name, char *out, size_t size);

#endif
