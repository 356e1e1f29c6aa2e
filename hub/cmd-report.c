/*
 * cmd-report.c — `tally-hub report NAME [--json|--csv] [--location ID]
 * [--plan ID] [--all] [--weeks N] [--until DATE]`: one of the hub's reports
 * (report.h) on stdout; `report antidotes --national`: the nation's antidote
 * holdings, this region's beside the regions imported
 * (report-antidotes-national.c).
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "hub/reconcile.h"
#include "hub/report.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A database restored from a backup, or events loaded by hand, may have no
 * on-hand figures yet: work them out once before reporting. */
static int ensure_onhand(struct hdb *db, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT NOT EXISTS (SELECT 1 FROM onhand)"
	                     " AND EXISTS (SELECT 1 FROM event)",
	                     &st);
	int empty = rc == HDB_OK && hdb_step(st) == HDB_ROW && hdb_column_int(st, 0);
	hdb_finalize(st);
	if (rc != HDB_OK)
		return hub_db_fail(e, db, rc, _("reading the hub database"));
	return empty ? reconcile_all(db, e) : 0;
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "location", required_argument, NULL, 'l' },
		{ "plan", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		{ "weeks", required_argument, NULL, 'w' },
		{ "until", required_argument, NULL, 'u' },
		{ "national", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts o = { 0 };
	enum report_format f = REPORT_TEXT;
	int c, national = 0;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		switch (c) {
		case 'j':
			f = REPORT_JSON;
			break;
		case 'c':
			f = REPORT_CSV;
			break;
		case 'l':
			o.location = optarg;
			break;
		case 'p':
			o.plan = optarg;
			break;
		case 'a':
			o.all = 1;
			break;
		case 'w': {
			char *end = NULL;
			long w = strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || w < 1 || w > REPORT_COVER_WEEKS_MAX)
				return err_set(
				    e, EX_USAGE,
				    _("--weeks '%s': give a whole number of weeks from 1 "
				      "to %d"),
				    optarg, REPORT_COVER_WEEKS_MAX);
			o.weeks = (int)w;
			break;
		}
		case 'u':
			o.until = optarg;
			break;
		case 'n':
			national = 1;
			break;
		default:
			return EX_USAGE;
		}
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	const char *name = argv[optind];
	int known = 0;
	for (size_t i = 0; report_names[i] != NULL; i++)
		known |= strcmp(report_names[i], name) == 0;
	if (!known)
		return err_set(e, EX_USAGE,
		               _("'%s' is not a report: use stock, refill, receipt, drill, "
		                 "variance, antidotes, cover or unknown"),
		               name);
	if (national && strcmp(name, "antidotes") != 0)
		return err_set(e, EX_USAGE,
		               _("--national is for the antidotes report: tally-hub report "
		                 "antidotes --national"));
	if (national && o.location != NULL)
		return err_set(e, EX_USAGE,
		               _("--national covers every region: leave --location out"));
	if (national)
		name = "antidotes-national";
	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	json_t *rep = NULL;
	if (ensure_onhand(ctx->db, e) == 0 && (rep = report_build(ctx->db, name, &o, e)) != NULL)
		report_print(stdout, rep, f, e);
	json_decref(rep);
	return e->status;
}

const struct hub_cmd_entry hub_cmd_report_entry = {
	.doc = { "report",
	         N_("report stock|refill|receipt|drill|variance|antidotes|cover|unknown "
	            "[--json|--csv] "
	            "[--location ID] [--plan ID] [--all] [--weeks N] [--until DATE]\n"
	            "report antidotes --national [--json|--csv]"),
	         N_("reports from the reconciled records") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
