/*
 * cmd-scope.c — tally-hub scope: the devices and their scopes
 * (hub/scope.h).
 *
 *   scope                               every device with its scope
 *   scope DEVICE LOCATION | --region    move a device (by number or name)
 *   scope --circle hospital|trust|region  the wider circle for where-to-borrow
 *
 * A move or a new circle is one transaction: the scope and the device's
 * own changes (what it now needs, what it must delete) commit together,
 * and reach the handheld at its next sync; nothing it holds unsent is
 * touched.
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "hub/hub-meta.h"
#include "hub/scope.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *text_or(struct hdb_stmt *st, int i, const char *none)
{
	const char *v = (const char *)hdb_column_text(st, i);
	return v != NULL ? v : none;
}

/* s and spaces up to w characters on screen (code points: æ, ø, å). */
static void column(const char *s, size_t w)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	fputs(s, stdout);
	for (; n < w; n++)
		putchar(' ');
}

static int list(struct hdb *db, struct tally_err *e)
{
	char circle[16];
	if (scope_circle_get(db, circle, e) != 0)
		return e->status;
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT d.id, d.name, d.scope_id, l.name, d.last_seen, d.revoked"
	                     " FROM device d LEFT JOIN location l ON l.id = d.scope_id"
	                     " ORDER BY d.id",
	                     &st);
	if (rc != HDB_OK)
		return hub_db_fail(e, db, rc, _("listing the devices"));
	const char *head[] = { _("id"), _("name"), _("scope"), _("scope's name") };
	const size_t w[] = { 5, 31, 17, 31 };
	for (int i = 0; i < 4; i++)
		column(head[i], w[i]);
	printf("%s\n", _("last sync"));
	while ((rc = hdb_step(st)) == HDB_ROW) {
		column(text_or(st, 0, ""), w[0]);
		column(text_or(st, 1, ""), w[1]);
		column(text_or(st, 2, _("(region)")), w[2]);
		column(text_or(st, 3, ""), w[3]);
		printf("%s%s\n", text_or(st, 4, _("never")),
		       hdb_column_int(st, 5) ? _(" (revoked)") : "");
	}
	hdb_finalize(st);
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("listing the devices"));
	printf(_("Where-to-borrow circle: %s\n"), circle);
	return 0;
}

/* The device called `which` (its number or its name): its id and scope. */
static int find_device(struct hdb *db, const char *which, int64_t *id, char **scope,
                       struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT id, scope_id FROM device WHERE revoked = 0 AND"
	                     " (CAST(id AS TEXT) = ?1 OR name = ?1)",
	                     &st);
	int found = 0;
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, which);
		while ((rc = hdb_step(st)) == HDB_ROW) {
			if (found++ == 0) {
				*id = hdb_column_int64(st, 0);
				*scope = hdb_column_type(st, 1) == HDB_NULL
				             ? NULL
				             : strdup((const char *)hdb_column_text(st, 1));
			}
		}
	}
	hdb_finalize(st);
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("finding the device"));
	if (found == 0)
		return err_set(e, EX_DATAERR,
		               _("no enrolled device is called '%s': 'tally-hub scope' lists them"),
		               which);
	if (found > 1) {
		free(*scope);
		*scope = NULL;
		return err_set(e, EX_DATAERR,
		               _("%d devices are called '%s': give the device's number instead"),
		               found, which);
	}
	return 0;
}

static int move(struct hdb *db, const char *which, const char *to, struct tally_err *e)
{
	if (hub_db_begin(db, e) != 0)
		return e->status;
	int64_t id = 0;
	char *from = NULL, circle[16];
	long written = 0;
	if (find_device(db, which, &id, &from, e) != 0 || scope_circle_get(db, circle, e) != 0)
		goto fail;
	if (to != NULL) {
		int exists = scope_location_exists(db, to, e);
		if (exists < 0)
			goto fail;
		if (!exists) {
			err_set(e, EX_DATAERR,
			        _("there is no location '%s' to be the handheld's scope: import it "
			          "first, or give --region for the whole region"),
			        to);
			goto fail;
		}
	}
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "UPDATE device SET scope_id = ? WHERE id = ?", &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, to);
		hdb_bind_int64(st, 2, id);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	if (rc != HDB_DONE) {
		hub_db_fail(e, db, rc, _("changing the device's scope"));
		goto fail;
	}
	if (scope_resync(db, id, from, circle, to, circle, &written, e) != 0 ||
	    hub_db_commit(db, e) != 0)
		goto fail;
	printf(_("Device %lld now serves %s; %ld changes wait for its next sync.\n"), (long long)id,
	       to != NULL ? to : _("the whole region"), written);
	free(from);
	return 0;
fail:
	free(from);
	hdb_rollback(db);
	return e->status;
}

static int set_circle(struct hdb *db, const char *kind, struct tally_err *e)
{
	char old[16];
	if (hub_db_begin(db, e) != 0)
		return e->status;
	if (scope_circle_get(db, old, e) != 0)
		goto fail;
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT id, scope_id FROM device WHERE revoked = 0 AND scope_id"
	                     " IS NOT NULL",
	                     &st);
	long written = 0, one;
	while (rc == HDB_OK && (rc = hdb_step(st)) == HDB_ROW) {
		char *scope = strdup((const char *)hdb_column_text(st, 1));
		int failed =
		    scope_resync(db, hdb_column_int64(st, 0), scope, old, scope, kind, &one, e);
		free(scope);
		if (failed) {
			hdb_finalize(st);
			goto fail;
		}
		written += one;
		rc = HDB_OK;
	}
	hdb_finalize(st);
	if (rc != HDB_DONE) {
		hub_db_fail(e, db, rc, _("changing the where-to-borrow circle"));
		goto fail;
	}
	if (hub_meta_set(db, SCOPE_CIRCLE_KEY, kind, e) != 0 || hub_db_commit(db, e) != 0)
		goto fail;
	printf(_("Where-to-borrow circle: %s (was %s); %ld changes wait for the devices.\n"), kind,
	       old, written);
	return 0;
fail:
	hdb_rollback(db);
	return e->status;
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "region", no_argument, NULL, 'r' },
		{ "circle", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *circle = NULL;
	int region = 0, c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 'r')
			region = 1;
		else if (c == 'c' && scope_circle_valid(optarg))
			circle = optarg;
		else
			return EX_USAGE;
	}
	int args = argc - optind;
	if (args == 2 && strlen(argv[optind + 1]) > 100)
		return EX_USAGE; /* no location id is that long */
	if (circle != NULL
	        ? args != 0 || region
	        : !(args == 0 && !region) && !(args == 1 && region) && !(args == 2 && !region))
		return EX_USAGE;
	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	return circle != NULL ? set_circle(ctx->db, circle, e)
	       : args == 0    ? list(ctx->db, e)
	                      : move(ctx->db, argv[optind], region ? NULL : argv[optind + 1], e);
}

const struct hub_cmd_entry hub_cmd_scope_entry = {
	.doc = { "scope",
	         N_("scope\nscope DEVICE LOCATION\nscope DEVICE --region\nscope --circle "
	            "hospital|trust|region"),
	         N_("the handhelds' scopes: list them, move one, or set how wide where-to-borrow "
	            "looks") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
