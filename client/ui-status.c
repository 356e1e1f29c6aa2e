/*
 * ui-status.c — what waits to sync: pending and rejected records, the last
 * sync, and each rejected record with the hub's reason (kept, visible,
 * for the office to resolve).
 */
#include "client/ui-jobs.h"
#include "common/i18n.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add(char ***lines, size_t *n, const char *text)
{
	char **grown = realloc(*lines, (*n + 1) * sizeof(**lines));
	if (grown == NULL)
		return;
	*lines = grown;
	(*lines)[(*n)++] = strdup(text);
}

enum ui_end ui_status(struct ui *u)
{
	struct store_counts c = { 0 };
	struct tally_err e = { 0 };
	char **lines = NULL, buf[600];
	size_t n = 0;
	if (store_count_states(u->store, &c, &e) != 0) {
		ui_say(u, UI_ERROR, "%s", e.msg);
		return UI_BACK;
	}
	char *last = store_meta_get(u->store, "last_sync");
	snprintf(buf, sizeof(buf), _("Waiting to sync: %lld"), (long long)c.pending);
	add(&lines, &n, buf);
	snprintf(buf, sizeof(buf), _("Rejected by hub:  %lld"), (long long)c.rejected);
	add(&lines, &n, buf);
	snprintf(buf, sizeof(buf), _("Last sync: %s"), last ? last : _("never"));
	add(&lines, &n, buf);
	free(last);
	if (c.rejected > 0) {
		struct record *rec;
		size_t m;
		/* The whole store is read only when some record was rejected. */
		if (store_records(u->store, 0, 0, 0, &rec, &m, &e) == 0) {
			for (size_t i = 0; i < m; i++) {
				if (rec[i].state != SYNC_REJECTED)
					continue;
				snprintf(buf, sizeof(buf), "#%lld %s: %s", (long long)rec[i].seq,
				         record_kind_name(rec[i].kind),
				         rec[i].reason ? rec[i].reason : "?");
				add(&lines, &n, buf);
			}
			records_free(rec, m);
		} else {
			ui_say(u, UI_ERROR, "%s", e.msg);
		}
	}
	enum ui_end end = ui_show(u, _("Status"), lines, n);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return end;
}
