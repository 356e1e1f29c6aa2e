/*
 * cmd-status.c — `tally status [--json]`: is everything this handheld
 * recorded safely at the hub?  Rejected records are listed with the hub's
 * reason: they are kept, and somebody has to look at them.
 */
#include "client/cmd.h"
#include "jobs/shortage.h"
#include "common/i18n.h"
#include "common/local-time.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#define REJECTED_SHOWN 20

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	int json;
	if (cmd_json_only(ctx, argc, argv, &json, e) != 0)
		return EX_USAGE;
	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	struct store *s = ctx->store;
	struct store_counts n;
	if (store_count_states(s, &n, e) != 0)
		return e->status;
	/* Rejected records, oldest first: store_records lists all, so walk
	 * the whole store only when some are rejected. */
	struct record *rec = NULL;
	size_t nrec = 0;
	if (n.rejected > 0 && store_records(s, 0, 0, 0, &rec, &nrec, e) != 0)
		return e->status;
	json_t *shortages = NULL; /* current notices, from the hub */
	if (store_shortages(s, NULL, &shortages, e) != 0) {
		records_free(rec, nrec);
		return e->status;
	}
	char *last_sync = store_meta_get(s, "last_sync");
	char *hub = store_meta_get(s, "hub_url");
	char *device = store_meta_get(s, "device_id");
	char *offset = store_meta_get(s, "clock_offset_ms");
	int64_t jump_ms = 0, jump_seq = 0;
	struct tally_err jump_err = { 0 };
	store_clock_jump(s, &jump_ms, &jump_seq, &jump_err);
	/* Whether a token is there, never what it is. */
	char tpath[4096];
	int enrolled =
	    hub != NULL &&
	    access(store_sidecar_path(store_path(s), "token", tpath, sizeof(tpath)), F_OK) == 0;

	if (json) {
		json_t *o = json_object(), *rej = json_array();
		json_object_set_new(o, "store", json_string(store_path(s)));
		json_object_set_new(o, "db_id", json_string(store_db_id(s)));
		json_object_set_new(o, "schema_version", json_integer(store_schema_version(s)));
		json_object_set_new(o, "pending", json_integer(n.pending));
		json_object_set_new(o, "sent", json_integer(n.sent));
		json_object_set_new(o, "rejected", json_integer(n.rejected));
		json_object_set_new(o, "last_sync",
		                    last_sync ? json_string(last_sync) : json_null());
		json_object_set_new(o, "hub", hub ? json_string(hub) : json_null());
		json_object_set_new(o, "enrolled", json_boolean(enrolled));
		json_object_set_new(o, "device_id",
		                    device ? json_integer(strtoll(device, NULL, 10)) : json_null());
		json_object_set_new(o, "clock_offset_ms",
		                    offset ? json_integer(strtoll(offset, NULL, 10)) : json_null());
		json_object_set_new(o, "size_bytes", json_integer(store_size_bytes(s)));
		json_object_set_new(o, "disk_free_bytes", json_integer(store_free_bytes(s)));
		json_object_set_new(o, "clock_jump_ms", json_integer(jump_ms));
		json_object_set_new(o, "clock_jump_before_seq", json_integer(jump_seq));
		json_object_set_new(o, "disk_needed_bytes", json_integer(STORE_SPACE_NEEDED));
		for (size_t i = 0; i < nrec; i++) {
			if (rec[i].state != SYNC_REJECTED)
				continue;
			json_t *r = record_to_json(&rec[i]);
			json_object_set_new(r, "reason",
			                    json_string(rec[i].reason ? rec[i].reason : ""));
			json_array_append_new(rej, r);
		}
		json_object_set_new(o, "rejected_records", rej);
		json_object_set(o, "shortages", shortages);
		char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(text);
		free(text);
		json_decref(o);
	} else {
		printf(_("store:          %s\n"), store_path(s));
		printf(_("store id:       %s\n"), store_db_id(s));
		printf(_("schema version: %d\n"), store_schema_version(s));
		printf(_("records:        %lld waiting to sync, %lld at the hub, %lld rejected\n"),
		       (long long)n.pending, (long long)n.sent, (long long)n.rejected);
		char when[64];
		printf(_("last sync:      %s\n"),
		       local_time_full_utc(last_sync, when, sizeof(when)));
		printf(_("hub:            %s\n"), hub ? hub : _("not enrolled"));
		if (hub != NULL) {
			printf(_("enrolment:      %s, device %s\n"),
			       enrolled ? _("enrolled") : _("not enrolled (no token)"),
			       device ? device : "?");
			if (offset != NULL)
				printf(_("clock offset:   %s ms (hub minus this handheld)\n"),
				       offset);
		}
		printf(_("store size:     %.1f MiB\n"), (double)store_size_bytes(s) / 1048576.0);
		if (jump_seq > 0)
			printf(_("clock:          set by %+.1f hours before record #%lld (the hub "
			         "places records by the time since boot, so they stay in place)\n"),
			       (double)jump_ms / 3600000.0, (long long)jump_seq);
		int64_t free_bytes = store_free_bytes(s);
		if (free_bytes >= 0 && free_bytes < STORE_SPACE_NEEDED)
			printf(
			    _("disk:           FULL: %.1f MiB free, tally needs %.1f MiB; free "
			      "%.1f MiB on that disk (delete files there that are not tally's)\n"),
			    (double)free_bytes / 1048576.0, (double)STORE_SPACE_NEEDED / 1048576.0,
			    (double)(STORE_SPACE_NEEDED - free_bytes) / 1048576.0);
		size_t shown = 0;
		for (size_t i = 0; i < nrec; i++) {
			if (rec[i].state != SYNC_REJECTED)
				continue;
			if (shown++ == 0)
				printf(
				    _("\nrejected by the hub (kept here; ask the pharmacy or IT to "
				      "resolve them):\n"));
			if (shown > REJECTED_SHOWN)
				continue;
			printf(_("  #%lld %s %s %s: %s\n"), (long long)rec[i].seq,
			       rec[i].device_time, record_kind_name(rec[i].kind),
			       rec[i].code ? rec[i].code : "", rec[i].reason ? rec[i].reason : "");
		}
		if (shown > REJECTED_SHOWN)
			printf(_("  ... and %zu more: see tally status --json\n"),
			       shown - REJECTED_SHOWN);
		size_t i;
		json_t *notice;
		json_array_foreach(shortages, i, notice)
		{
			char text[1024];
			if (i == 0)
				printf(_("\nshortage notices:\n"));
			shortage_text(notice, text, sizeof(text));
			printf("  %s\n", text);
		}
	}
	json_decref(shortages);
	records_free(rec, nrec);
	free(last_sync);
	free(hub);
	free(device);
	free(offset);
	return 0;
}

const struct cmd_entry cmd_status_entry = {
	.doc = { "status", N_("status [--json]"), N_("the store, records waiting, the hub") },
	.needs = CMD_NEEDS_STORE,
	.run = run,
};
