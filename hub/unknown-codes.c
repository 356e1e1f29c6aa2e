/*
 * unknown-codes.c — unknown codes and their mapping (see unknown-codes.h).
 * The scan text is parsed with the handheld's own parser (barcode/), so
 * the key is the one the handheld will look up.
 */
#include "hub/unknown-codes.h"
#include "hub/account-audit.h"
#include "hub/changelog.h"
#include "hub/code-attribute.h"
#include "hub/place-lock.h"
#include "hub/hub-db.h"
#include "barcode/scan.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

void unknown_code_key(const char *text, char out[64])
{
	struct scan sc;
	struct scan_failure fail;
	out[0] = '\0';
	if (text == NULL || scan_parse(text, strlen(text), NULL, &sc, &fail) != SCAN_OK)
		return;
	if (sc.gtin[0] && sc.type != SCAN_SSCC)
		snprintf(out, 64, "%s", sc.gtin);
	else if (sc.type == SCAN_HIBC && sc.hibc_lic[0])
		snprintf(out, 64, "%s%s", sc.hibc_lic, sc.hibc_product);
}

json_t *unknown_codes_list(struct hdb *db, struct tally_err *e)
{
	struct hdb_stmt *st = NULL, *known = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT e.code, count(*), max(e.placed_time),"
	                     " group_concat(DISTINCT coalesce(l.name, e.location_id))"
	                     " FROM event e LEFT JOIN location l ON l.id = e.location_id"
	                     " WHERE e.kind = 'unknown-code' AND e.code IS NOT NULL"
	                     " GROUP BY e.code ORDER BY 3 DESC LIMIT 2000",
	                     &st);
	if (rc == HDB_OK)
		rc = hdb_prepare(db, "SELECT 1 FROM code WHERE code = ?", &known);
	if (rc != HDB_OK) {
		hdb_finalize(st);
		hub_db_fail(e, db, rc, _("reading the unknown codes"));
		return NULL;
	}
	/* Several scan texts (batches, serials) share one key: one row each. */
	json_t *by_key = json_object(), *list = json_array();
	while ((rc = hdb_step(st)) == HDB_ROW) {
		const char *text = (const char *)hdb_column_text(st, 0);
		char key[64];
		unknown_code_key(text, key);
		if (key[0] == '\0')
			continue;
		hdb_reset(known);
		hdb_bind_text(known, 1, key);
		if (hdb_step(known) == HDB_ROW)
			continue; /* mapped since */
		json_t *row = json_object_get(by_key, key);
		const char *where = (const char *)hdb_column_text(st, 3);
		if (row == NULL) {
			row = json_pack("{s:s,s:s,s:I,s:s,s:s}", "key", key, "scan", text, "times",
			                (json_int_t)hdb_column_int64(st, 1), "last_seen",
			                (const char *)hdb_column_text(st, 2), "locations",
			                where ? where : "");
			json_object_set(by_key, key, row);
			json_array_append_new(list, row);
		} else {
			json_object_set_new(
			    row, "times",
			    json_integer(json_integer_value(json_object_get(row, "times")) +
			                 hdb_column_int64(st, 1)));
		}
	}
	hdb_finalize(known);
	hdb_finalize(st);
	json_decref(by_key);
	if (rc != HDB_DONE) {
		json_decref(list);
		hub_db_fail(e, db, rc, _("reading the unknown codes"));
		return NULL;
	}
	return json_pack("{s:o}", "codes", list);
}

static int key_valid(const char *key)
{
	size_t n = strlen(key);
	if (n == 0 || n > 23)
		return 0;
	for (const char *c = key; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || strchr("-.$/+%", *c)))
			return 0;
	return 1;
}

int unknown_code_map(struct hdb *db, const char *key, const char *article_id, const char *actor,
                     const char *client_addr, struct code_attributed *counted, struct tally_err *e)
{
	if (!key_valid(key))
		return err_set(e, EX_DATAERR, _("'%s' is not a code a handheld looks up"), key);
	/* The code's change is written before its records are reconciled:
	 * every place at once, first (place-lock.h). */
	if (hub_db_begin(db, e) != 0)
		return e->status;
	if (place_lock_all(db, e) != 0) {
		hdb_rollback(db);
		return e->status;
	}
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "SELECT 1 FROM article WHERE id = ?", &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, article_id);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	st = NULL;
	if (rc == HDB_DONE) {
		err_set(e, EX_DATAERR, _("there is no article '%s'"), article_id);
		goto fail;
	}
	if (rc != HDB_ROW) {
		hub_db_fail(e, db, rc, _("mapping a code"));
		goto fail;
	}
	rc = hdb_prepare(
	    db,
	    "INSERT INTO code(code, article_id, multiplier) VALUES(?, ?, 1)"
	    " ON CONFLICT(code) DO UPDATE SET article_id = excluded.article_id, multiplier = 1",
	    &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, key);
		hdb_bind_text(st, 2, article_id);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	if (rc != HDB_DONE) {
		hub_db_fail(e, db, rc, _("mapping a code"));
		goto fail;
	}
	json_t *row =
	    json_pack("{s:s,s:s,s:i}", "code", key, "article_id", article_id, "multiplier", 1);
	int bad = changelog_put(db, "code", key, "upsert", row, e);
	json_decref(row);
	if (bad != 0 || audit_log(db, actor, "code-map", key, article_id, client_addr, e) != 0 ||
	    code_attribute(db, 0, key, 1, actor, client_addr, counted, e) != 0 ||
	    hub_db_commit(db, e) != 0)
		goto fail;
	return 0;
fail:
	hdb_rollback(db);
	return e->status;
}
