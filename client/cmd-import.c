/*
 * cmd-import.c — `tally import FILE`: load master data into the store from
 * a file instead of the hub, e.g. to set up a handheld that has no network
 * yet, or from a USB stick.  The file is either the hub's change feed
 * ([{cursor, table, op, row}, ...]) or its import format ({"article":
 * [rows], "code": [...], ...}); column names as in db/store.h.  Applied in
 * one transaction: all of it or nothing.  The sync cursor is not touched.
 */
#include "client/cmd.h"
#include "common/i18n.h"
#include "db/store.h"

#include <stdio.h>
#include <sysexits.h>

/* {"table": [rows]} → [{table, op: upsert, row}] */
static json_t *as_changes(json_t *doc)
{
	if (json_is_array(doc))
		return json_incref(doc);
	json_t *changes = json_array();
	const char *table;
	json_t *rows;
	json_object_foreach(doc, table, rows)
	{
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row)
		{
			json_array_append_new(changes, json_pack("{s:s,s:s,s:O}", "table", table,
			                                         "op", "upsert", "row", row));
		}
	}
	return changes;
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	if (argc != 2 || argv[1][0] == '-')
		return EX_USAGE;
	json_error_t jerr;
	/* Master data files are large but bounded: refuse absurd nesting. */
	json_t *doc = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL || (!json_is_array(doc) && !json_is_object(doc))) {
		err_set(e, EX_DATAERR, _("%s is not master data (line %d: %s)"), argv[1], jerr.line,
		        doc == NULL ? jerr.text : _("expected a list or an object"));
		json_decref(doc);
		return e->status;
	}
	if (cmd_prepare(ctx, e) != 0) {
		json_decref(doc);
		return e->status;
	}
	json_t *changes = as_changes(doc);
	if (store_apply_changes(ctx->store, changes, NULL, e) == 0) {
		printf(_("%zu rows of master data loaded from %s\n"), json_array_size(changes),
		       argv[1]);
	} else {
		char why[sizeof(e->msg)];
		snprintf(why, sizeof(why), "%s", e->msg);
		err_set(e, e->status, "%s: %s", argv[1], why);
	}
	json_decref(changes);
	json_decref(doc);
	return e->status;
}

const struct cmd_entry cmd_import_entry = {
	.doc = { "import", N_("import FILE"), N_("master data from a file (no hub)") },
	.needs = CMD_NEEDS_STORE,
	.run = run,
};
