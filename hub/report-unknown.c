/*
 * report-unknown.c — the codes the handhelds scanned but did not know,
 * still to map (as /unknown lists them, hub/unknown-codes.h), and the codes
 * mapped since, with how many records scanned before the mapping were
 * counted for the article (hub/code-attribute.h).  Its columns and its
 * table.
 */
#include "hub/report-internal.h"
#include "hub/code-attribute.h"
#include "hub/unknown-codes.h"
#include "common/i18n.h"

#include <stdlib.h>

static json_t *unknown_build(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	(void)o;
	json_t *codes = unknown_codes_list(db, e);
	if (codes == NULL)
		return NULL;
	json_t *mapped = code_attributed_list(db, e);
	if (mapped == NULL) {
		json_decref(codes);
		return NULL;
	}
	json_t *r = report_new("unknown");
	json_object_set(r, "codes", json_object_get(codes, "codes"));
	json_object_set(r, "mapped", json_object_get(mapped, "mapped"));
	json_decref(codes);
	json_decref(mapped);
	return r;
}

static const struct report_col unknown_cols[] = {
	{ "status", N_("status"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "key", N_("code"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "times", N_("scans"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "last_seen", N_("last scanned"), 0, REPORT_SHOW_BOTH, 1, NULL },
	{ "locations", N_("where"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "scan", N_("as scanned"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article_id", N_("article id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article", N_("article"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "counted", N_("counted in"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "not_counted", N_("kept, not counted"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "mapped_at", N_("mapped at"), 0, REPORT_SHOW_BOTH, 1, NULL },
};

static void unknown_table(json_t *rep, struct report_table *t, int text)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rep, "codes"), i, r)
	{
		json_t *row = json_deep_copy(r);
		json_object_set_new(row, "status", json_string("unknown"));
		report_table_add(
		    t, text ? _("To map (at /unknown): codes the handhelds did not know") : NULL,
		    row);
	}
	json_array_foreach(json_object_get(rep, "mapped"), i, r)
	{
		json_t *row = json_deep_copy(r);
		json_object_set_new(row, "status", json_string("mapped"));
		char *named = report_named(r, "article_name", "article_id");
		json_object_set_new(row, "article", json_string(named));
		free(named);
		report_table_add(
		    t, text ? _("Mapped: the records scanned before count for the article") : NULL,
		    row);
	}
}

const struct report_kind report_unknown = {
	"unknown",     unknown_build, unknown_cols, sizeof(unknown_cols) / sizeof(unknown_cols[0]),
	unknown_table,
};
