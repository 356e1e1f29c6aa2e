/*
 * shortage.c — shortage notices at the hub (see shortage.h): validated,
 * written with their change-log entries in one transaction, listed.
 */
#include "hub/shortage.h"
#include "hub/account-audit.h"
#include "hub/changelog.h"
#include "hub/hub-db.h"
#include "hub/hub-time.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

int shortage_date_ok(const char *s)
{
	char iso[40];
	long long ms;
	if (s == NULL || strlen(s) != 10)
		return 0;
	snprintf(iso, sizeof(iso), "%sT00:00:00Z", s);
	return hub_time_parse(iso, &ms) == 0;
}

static int article_known(struct hdb *db, const char *id, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "SELECT 1 FROM article WHERE id = ?", &st);
	if (rc != HDB_OK)
		return hub_db_fail(e, db, rc, _("reading the hub database"));
	hdb_bind_text(st, 1, id);
	rc = hdb_step(st);
	hdb_finalize(st);
	if (rc == HDB_ROW)
		return 0;
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("reading the hub database"));
	return err_set(e, EX_DATAERR,
	               _("no article %s at the hub: give an article id the master data has "
	                 "(tally-hub import)"),
	               id);
}

static int check(struct hdb *db, const struct shortage_notice *n, struct tally_err *e)
{
	if (strcmp(n->status, SHORTAGE_UPCOMING) != 0 && strcmp(n->status, SHORTAGE_ONGOING) != 0 &&
	    strcmp(n->status, SHORTAGE_ENDED) != 0)
		return err_set(e, EX_USAGE, _("--status '%s': use upcoming, ongoing or ended"),
		               n->status);
	if (n->from_date != NULL && !shortage_date_ok(n->from_date))
		return err_set(e, EX_USAGE, _("--from '%s' is not a date: give it as YYYY-MM-DD"),
		               n->from_date);
	if (n->to_date != NULL && !shortage_date_ok(n->to_date))
		return err_set(e, EX_USAGE, _("--to '%s' is not a date: give it as YYYY-MM-DD"),
		               n->to_date);
	if (article_known(db, n->article_id, e) != 0)
		return e->status;
	for (size_t i = 0; i < n->n_alt; i++) {
		if (strcmp(n->alt[i].article_id, n->article_id) == 0)
			return err_set(e, EX_USAGE,
			               _("%s cannot be its own alternative: name another article"),
			               n->article_id);
		if (article_known(db, n->alt[i].article_id, e) != 0)
			return e->status;
	}
	return 0;
}

/* The notice's row as the change feed carries it. */
static json_t *notice_row(const char *article, const char *status, const char *from, const char *to,
                          const char *message)
{
	return json_pack("{s:s,s:s,s:s?,s:s?,s:s}", "article_id", article, "status", status,
	                 "from_date", from, "to_date", to, "message", message ? message : "");
}

static int write_notice(struct hdb *db, json_t *row, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc =
	    hdb_prepare(db,
	                "INSERT INTO shortage(article_id, status, from_date,"
	                " to_date, message) VALUES(?, ?, ?, ?, ?) ON CONFLICT(article_id)"
	                " DO UPDATE SET status = excluded.status, from_date = excluded.from_date,"
	                " to_date = excluded.to_date, message = excluded.message",
	                &st);
	if (rc != HDB_OK)
		return hub_db_fail(e, db, rc, _("registering the shortage notice"));
	const char *keys[] = { "article_id", "status", "from_date", "to_date", "message" };
	for (int i = 0; i < 5; i++) {
		const char *v = json_string_value(json_object_get(row, keys[i]));
		if (v != NULL)
			hdb_bind_text(st, i + 1, v);
		else
			hdb_bind_null(st, i + 1);
	}
	rc = hdb_step(st);
	hdb_finalize(st);
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("registering the shortage notice"));
	return changelog_put(db, "shortage", json_string_value(json_object_get(row, "article_id")),
	                     "upsert", row, e);
}

/* Remove the article's alternatives, each with its delete change. */
static int clear_alternatives(struct hdb *db, const char *article, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(
	    db, "DELETE FROM shortage_alt WHERE article_id = ? RETURNING alternative_id", &st);
	if (rc != HDB_OK)
		return hub_db_fail(e, db, rc, _("registering the shortage notice"));
	hdb_bind_text(st, 1, article);
	json_t *gone = json_array();
	while ((rc = hdb_step(st)) == HDB_ROW)
		json_array_append_new(gone, json_string((const char *)hdb_column_text(st, 0)));
	hdb_finalize(st);
	if (rc != HDB_DONE) {
		json_decref(gone);
		return hub_db_fail(e, db, rc, _("registering the shortage notice"));
	}
	size_t i;
	json_t *v;
	int out = 0;
	json_array_foreach(gone, i, v)
	{
		char key[300];
		snprintf(key, sizeof(key), "%s\x1f%s", article, json_string_value(v));
		json_t *row = json_pack("{s:s,s:O}", "article_id", article, "alternative_id", v);
		out = changelog_put(db, "shortage_alt", key, "delete", row, e);
		json_decref(row);
		if (out != 0)
			break;
	}
	json_decref(gone);
	return out;
}

static int write_alternative(struct hdb *db, const char *article,
                             const struct shortage_alternative *a, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "INSERT INTO shortage_alt(article_id, alternative_id,"
	                     " note) VALUES(?, ?, ?) ON CONFLICT(article_id, alternative_id)"
	                     " DO UPDATE SET note = excluded.note",
	                     &st);
	if (rc != HDB_OK)
		return hub_db_fail(e, db, rc, _("registering the shortage notice"));
	hdb_bind_text(st, 1, article);
	hdb_bind_text(st, 2, a->article_id);
	if (a->note != NULL)
		hdb_bind_text(st, 3, a->note);
	rc = hdb_step(st);
	hdb_finalize(st);
	if (rc != HDB_DONE)
		return hub_db_fail(e, db, rc, _("registering the shortage notice"));
	char key[300];
	snprintf(key, sizeof(key), "%s\x1f%s", article, a->article_id);
	json_t *row = json_pack("{s:s,s:s,s:s?}", "article_id", article, "alternative_id",
	                        a->article_id, "note", a->note);
	rc = changelog_put(db, "shortage_alt", key, "upsert", row, e);
	json_decref(row);
	return rc;
}

int shortage_put(struct hdb *db, const struct shortage_notice *n, const char *actor,
                 const char *client_addr, struct tally_err *e)
{
	if (hub_db_begin(db, e) != 0)
		return e->status;
	if (check(db, n, e) != 0)
		goto fail;
	json_t *row = notice_row(n->article_id, n->status, n->from_date, n->to_date, n->message);
	int rc = write_notice(db, row, e);
	json_decref(row);
	if (rc != 0 || clear_alternatives(db, n->article_id, e) != 0)
		goto fail;
	for (size_t i = 0; i < n->n_alt; i++)
		if (write_alternative(db, n->article_id, &n->alt[i], e) != 0)
			goto fail;
	if (audit_log(db, actor, "shortage-add", n->article_id, n->status, client_addr, e) != 0)
		goto fail;
	if (hub_db_commit(db, e) == 0)
		return 0;
fail:
	hdb_rollback(db);
	return e->status;
}

int shortage_end(struct hdb *db, const char *article_id, const char *to, const char *actor,
                 const char *client_addr, struct tally_err *e)
{
	char today[32];
	if (to != NULL && !shortage_date_ok(to))
		return err_set(e, EX_USAGE, _("--to '%s' is not a date: give it as YYYY-MM-DD"),
		               to);
	if (to == NULL) {
		hub_time_format(hub_time_ms(), today);
		today[10] = '\0';
		to = today;
	}
	if (hub_db_begin(db, e) != 0)
		return e->status;
	struct hdb_stmt *st = NULL;
	int rc =
	    hdb_prepare(db, "SELECT from_date, message FROM shortage WHERE article_id = ?", &st);
	if (rc != HDB_OK) {
		hub_db_fail(e, db, rc, _("ending the shortage notice"));
		goto fail;
	}
	hdb_bind_text(st, 1, article_id);
	rc = hdb_step(st);
	if (rc != HDB_ROW) {
		hdb_finalize(st);
		if (rc == HDB_DONE)
			err_set(
			    e, EX_DATAERR,
			    _("%s has no shortage notice: 'tally-hub shortage list' shows them"),
			    article_id);
		else
			hub_db_fail(e, db, rc, _("ending the shortage notice"));
		goto fail;
	}
	json_t *row = notice_row(article_id, SHORTAGE_ENDED, (const char *)hdb_column_text(st, 0),
	                         to, (const char *)hdb_column_text(st, 1));
	hdb_finalize(st);
	rc = write_notice(db, row, e);
	json_decref(row);
	if (rc == 0)
		rc = audit_log(db, actor, "shortage-end", article_id, to, client_addr, e);
	if (rc == 0 && hub_db_commit(db, e) == 0)
		return 0;
fail:
	hdb_rollback(db);
	return e->status;
}

static json_t *text_or_null(struct hdb_stmt *st, int i)
{
	const char *t = hdb_column_text(st, i);
	return t != NULL ? json_string((const char *)t) : json_null();
}

json_t *shortage_list(struct hdb *db, int all, struct tally_err *e)
{
	struct hdb_stmt *st = NULL, *alt = NULL;
	int rc = hdb_prepare(
	    db,
	    "SELECT s.article_id, a.name, a.generic_name, s.status, s.from_date, s.to_date,"
	    " s.message FROM shortage s LEFT JOIN article a ON a.id = s.article_id"
	    " WHERE ?1 <> 0 OR s.status <> 'ended'"
	    " ORDER BY CASE s.status WHEN 'ongoing' THEN 0 WHEN 'upcoming' THEN 1 ELSE 2 END,"
	    " coalesce(a.name, s.article_id)",
	    &st);
	if (rc == HDB_OK)
		rc = hdb_prepare(db,
		                 "SELECT x.alternative_id, a.name, x.note FROM shortage_alt x"
		                 " LEFT JOIN article a ON a.id = x.alternative_id"
		                 " WHERE x.article_id = ? ORDER BY coalesce(a.name, "
		                 "x.alternative_id)",
		                 &alt);
	if (rc != HDB_OK) {
		hdb_finalize(st);
		hub_db_fail(e, db, rc, _("reading the hub database"));
		return NULL;
	}
	hdb_bind_int(st, 1, all);
	json_t *list = json_array();
	while ((rc = hdb_step(st)) == HDB_ROW) {
		json_t *alts = json_array();
		hdb_reset(alt);
		hdb_bind_text(alt, 1, (const char *)hdb_column_text(st, 0));
		while (hdb_step(alt) == HDB_ROW)
			json_array_append_new(alts, json_pack("{s:o,s:o,s:o}", "article_id",
			                                      text_or_null(alt, 0), "article_name",
			                                      text_or_null(alt, 1), "note",
			                                      text_or_null(alt, 2)));
		json_array_append_new(
		    list,
		    json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "article_id",
		              text_or_null(st, 0), "article_name", text_or_null(st, 1),
		              "generic_name", text_or_null(st, 2), "status", text_or_null(st, 3),
		              "from_date", text_or_null(st, 4), "to_date", text_or_null(st, 5),
		              "message", text_or_null(st, 6), "alternatives", alts));
	}
	hdb_finalize(st);
	hdb_finalize(alt);
	if (rc != HDB_DONE) {
		json_decref(list);
		hub_db_fail(e, db, rc, _("reading the hub database"));
		return NULL;
	}
	return list;
}
