/*
 * ui/status.c — what waits to sync: records waiting and rejected, the last
 * sync in local time, the hub (or that the handheld is not enrolled) and
 * whether it answered the last try (and if not, why), and
 * each rejected record with the hub's reason (kept, visible, for the office
 * to resolve).  F5 "sync now" pokes the sync service (client/sync-pid.h)
 * and says whether one was there to hear it.
 */
#include "client/sync-pid.h"
#include "client/ui/jobs.h"
#include "common/i18n.h"
#include "common/local-time.h"
#include "db/store.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The lines of the screen, read afresh (after F5 too). */
static int collect(struct ui *u, struct ui_lines *l)
{
	struct store_counts c = { 0 };
	struct tally_err e = { 0 };
	if (store_count_states(u->store, &c, &e) != 0) {
		ui_say(u, UI_ERROR, "%s", e.msg);
		return -1;
	}
	char *last = store_meta_get(u->store, "last_sync");
	char *hub = store_meta_get(u->store, "hub_url");
	char when[64];
	ui_lines_add(l, _("Waiting to sync: %lld"), (long long)c.pending);
	ui_lines_add(l, _("Rejected by hub:  %lld"), (long long)c.rejected);
	ui_lines_add(l, _("Last sync: %s"),
	             local_time_relative_utc(last, time(NULL), when, sizeof(when)));
	ui_lines_add(l, "%s", hub ? _("Hub: enrolled") : _("Hub: not enrolled"));
	/* Whether the hub answered the last try (tally-sync notes it). */
	char *tried = store_meta_get(u->store, "last_try");
	char *failed = store_meta_get(u->store, "last_try_error");
	if (hub != NULL && tried != NULL) {
		local_time_relative_utc(tried, time(NULL), when, sizeof(when));
		if (failed == NULL || failed[0] == '\0') {
			ui_lines_add(l, _("Hub reached %s"), when);
		} else {
			ui_lines_add(l, _("Hub NOT reached %s:"), when);
			ui_lines_wrap(l, failed);
		}
	}
	free(tried);
	free(failed);
	free(last);
	free(hub);
	if (c.rejected > 0) {
		struct record *rec;
		size_t m;
		/* The whole store is read only when some record was rejected. */
		if (store_records(u->store, 0, 0, 0, &rec, &m, &e) == 0) {
			for (size_t i = 0; i < m; i++) {
				if (rec[i].state != SYNC_REJECTED)
					continue;
				ui_lines_add(l, "#%lld %s: %s", (long long)rec[i].seq,
				             record_kind_name(rec[i].kind),
				             rec[i].reason ? rec[i].reason : "?");
			}
			records_free(rec, m);
		} else {
			ui_say(u, UI_ERROR, "%s", e.msg);
		}
	}
	return 0;
}

static void lines_free(struct ui_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct ui_lines){ 0 };
}

enum ui_end ui_status(struct ui *u)
{
	struct ui_lines l = { 0 };
	if (collect(u, &l) != 0)
		return UI_BACK;
	size_t top = 0;
	struct ui_field f = { .label = _("Enter/Esc") };
	struct ui_ev ev;
	enum ui_end end = UI_BACK;
	for (;;) {
		ui_frame(u, _("Status"), _("F5 sync now  Enter done"));
		size_t rows = (size_t)ui_body_rows(u);
		for (size_t i = top; i < l.n && i - top < rows; i++)
			ui_row(u, (int)(i - top) + 1, UI_INFO, 0, "%s", l.v[i]);
		ui_read(u, &f, &ev);
		if (ev.type == UI_EV_IDLE) {
			end = UI_SIGNED_OUT;
			break;
		}
		if (ev.type != UI_EV_KEY)
			continue;
		if (ev.key == KEY_UP && top > 0)
			top--;
		else if (ev.key == KEY_DOWN && top + rows < l.n)
			top++;
		else if (ev.key == KEY_F(5)) {
			if (sync_pid_poke(store_path(u->store)))
				ui_say(u, UI_GOOD, "%s",
				       _("Sync asked for: the records go up now."));
			else
				ui_say(u, UI_WARN, "%s",
				       _("No sync service is running here: the records wait, "
				         "nothing is lost."));
			lines_free(&l);
			if (collect(u, &l) != 0)
				break;
		} else if (ev.key == '\n' || ev.key == UI_KEY_ESC) {
			u->msg[0] = '\0';
			break;
		}
	}
	lines_free(&l);
	return end;
}
