/*
 * report.c — the list of reports and building one by name (report.h).
 *
 * Each report is its own file (report-stock.c, report-refill.c,
 * report-receipt.c, report-drill.c, report-variance.c, report-antidotes.c,
 * report-cover.c, report-unknown.c, report-antidotes-national.c)
 * with its columns; the printer is report-print.c.  Every figure of stock
 * comes from reconciliation (onhand, reconcile_pair), so the reports and
 * the handhelds' stock rows never disagree.
 */
#include "hub/report-internal.h"
#include "common/i18n.h"

#include <string.h>

const char *const report_names[] = { "stock",     "refill", "receipt", "drill", "variance",
	                             "antidotes", "cover",  "unknown", NULL };

static const struct report_kind *const report_kinds[] = {
	&report_stock, &report_refill,   &report_receipt,
	&report_drill, &report_variance, &report_antidotes,
	&report_cover, &report_unknown,  &report_antidotes_national,
};

const struct report_kind *report_kind_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(report_kinds) / sizeof(report_kinds[0]); i++)
		if (strcmp(name, report_kinds[i]->name) == 0)
			return report_kinds[i];
	return NULL;
}

json_t *report_build(struct hdb *db, const char *name, const struct report_opts *o,
                     struct tally_err *e)
{
	const struct report_kind *k = report_kind_find(name);
	if (k != NULL)
		return k->build(db, o, e);
	err_set(e, EX_USAGE,
	        _("'%s' is not a report: use stock, refill, receipt, drill, variance, antidotes, "
	          "cover or unknown"),
	        name);
	return NULL;
}
