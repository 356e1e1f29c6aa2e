/*
 * shortage.c — shortage notices in words (see shortage.h).
 */
#include "jobs/shortage.h"
#include "common/i18n.h"
#include "db/store.h"

#include <stdio.h>
#include <string.h>

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

void shortage_alternatives_text(json_t *notice, char *buf, size_t size)
{
	size_t len = 0, i;
	json_t *a;
	buf[0] = '\0';
	json_array_foreach(json_object_get(notice, "alternatives"), i, a)
	{
		const char *name =
		    str(a, "article_name") ? str(a, "article_name") : str(a, "article_id");
		const char *note = str(a, "note");
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s%s%s%s",
		                        i ? ", " : "", name, note ? " (" : "", note ? note : "",
		                        note ? ")" : "");
		if (len >= size)
			break;
	}
}

void shortage_text(json_t *notice, char *buf, size_t size)
{
	const char *name =
	    str(notice, "article_name") ? str(notice, "article_name") : str(notice, "article_id");
	const char *status = str(notice, "status");
	char alts[512];
	shortage_alternatives_text(notice, alts, sizeof(alts));
	int n = snprintf(buf, size,
	                 status != NULL && strcmp(status, "upcoming") == 0
	                     ? _("Supply failure coming for %s: %s.")
	                     : _("Supply failure for %s: %s."),
	                 name, str(notice, "message") ? str(notice, "message") : "");
	if (alts[0] && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, _(" Alternatives: %s."), alts);
}

int shortage_warning(struct store *s, const char *article_id, char *buf, size_t size,
                     struct tally_err *e)
{
	json_t *list = NULL;
	buf[0] = '\0';
	if (store_shortages(s, article_id, &list, e) != 0)
		return e->status;
	json_t *n = json_array_get(list, 0);
	if (n != NULL && strcmp(str(n, "status"), "ongoing") == 0)
		shortage_text(n, buf, size);
	json_decref(list);
	return 0;
}
