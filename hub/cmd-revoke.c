/*
 * cmd-revoke.c — tally-hub revoke DEVICE: the handheld (by number or by
 * name, as `tally-hub devices` lists it) is refused from its next request
 * on (401); the records it sent stay.  The same revoke as the devices page
 * (hub/device-admin.h), audited as "cli:USER".
 */
#include "hub/device-admin.h"
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <getopt.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

/* The one handheld not yet revoked whose number or name is `which`. */
static int find(struct hdb *db, const char *which, int64_t *id, char *name, size_t size,
                struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT id, name FROM device WHERE revoked = 0 AND"
	                     " (CAST(id AS TEXT) = ?1 OR name = ?1)",
	                     &st);
	int found = 0;
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, which);
		while ((rc = hdb_step(st)) == HDB_ROW)
			if (found++ == 0) {
				*id = hdb_column_int64(st, 0);
				snprintf(name, size, "%s", hdb_column_text(st, 1));
			}
	}
	hdb_finalize(st);
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("finding the device"));
	if (found == 0)
		return err_set(e, EX_NOUSER,
		               _("no enrolled device that is not revoked already is called '%s': "
		                 "'tally-hub devices' lists them"),
		               which);
	if (found > 1)
		return err_set(e, EX_DATAERR,
		               _("%d devices are called '%s': give the device's number instead"),
		               found, which);
	return 0;
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	if (command_getopt(argc, argv, opts, e) != -1 || argc - optind != 1 ||
	    argv[optind][0] == '\0')
		return EX_USAGE;
	const char *which = argv[optind];
	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	int64_t id = 0;
	char name[128] = "";
	if (find(ctx->db, which, &id, name, sizeof(name), e) != 0)
		return e->status;
	struct passwd *pw = getpwuid(getuid());
	char actor[96];
	snprintf(actor, sizeof(actor), "cli:%s", pw != NULL ? pw->pw_name : "?");
	if (device_revoke(ctx->db, id, actor, NULL, e) != 0)
		return e->status;
	printf(_("Device %lld (%s) is revoked: its next sync is refused. Its records stay.\n"),
	       (long long)id, name);
	return 0;
}

const struct hub_cmd_entry hub_cmd_revoke_entry = {
	.doc = { "revoke", N_("revoke DEVICE"),
	         N_("refuse a handheld (by number or name) from its next sync on") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
