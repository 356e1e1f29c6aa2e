/*
 * ui/status.c — what waits to sync: pending and rejected records, the last
 * sync, and each rejected record with the hub's reason (kept, visible,
 * for the office to resolve).
 */
#include "client/ui/jobs.h"
#include "common/i18n.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ui_end ui_status(struct ui *u)
{
	struct store_counts c = { 0 };
	struct tally_err e = { 0 };
	struct ui_lines l = { 0 };
	if (store_count_states(u->store, &c, &e) != 0) {
		ui_say(u, UI_ERROR, "%s", e.msg);
		return UI_BACK;
	}
	char *last = store_meta_get(u->store, "last_sync");
	ui_lines_add(&l, _("Waiting to sync: %lld"), (long long)c.pending);
	ui_lines_add(&l, _("Rejected by hub:  %lld"), (long long)c.rejected);
	ui_lines_add(&l, _("Last sync: %s"), last ? last : _("never"));
	free(last);
	if (c.rejected > 0) {
		struct record *rec;
		size_t m;
		/* The whole store is read only when some record was rejected. */
		if (store_records(u->store, 0, 0, 0, &rec, &m, &e) == 0) {
			for (size_t i = 0; i < m; i++) {
				if (rec[i].state != SYNC_REJECTED)
					continue;
				ui_lines_add(&l, "#%lld %s: %s", (long long)rec[i].seq,
				             record_kind_name(rec[i].kind),
				             rec[i].reason ? rec[i].reason : "?");
			}
			records_free(rec, m);
		} else {
			ui_say(u, UI_ERROR, "%s", e.msg);
		}
	}
	return ui_show_lines(u, _("Status"), &l);
}
