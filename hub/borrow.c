/*
 * borrow.c — where to borrow, and the published basis lists (see
 * borrow.h).  Searches are bound parameters; a LIKE pattern's own
 * wildcards in the search text are escaped, so "50%" looks for "50%".
 * Both sides in lower case: SQLite's LIKE ignores case, PostgreSQL's does not.
 */
#include "hub/borrow.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

static json_t *jtext(struct hdb_stmt *st, int i)
{
	const char *t = hdb_column_text(st, i);
	return t != NULL ? json_string((const char *)t) : json_null();
}

static json_t *jint(struct hdb_stmt *st, int i)
{
	return hdb_column_type(st, i) == HDB_NULL
	           ? json_null()
	           : json_integer((json_int_t)hdb_column_int64(st, i));
}

/* "%text%" with % _ and \ escaped by \ (malloc'd). */
static char *like_pattern(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(2 * n + 3), *o = p;
	if (p == NULL)
		return NULL;
	*o++ = '%';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

static struct hdb_stmt *prep(struct hdb *db, const char *sql, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, sql, &st);
	if (rc != HDB_OK)
		hub_db_fail(e, db, rc, _("reading the hub database"));
	return rc == HDB_OK ? st : NULL;
}

static int finish(struct hdb *db, struct hdb_stmt *st, int rc, struct tally_err *e)
{
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("reading the hub database"));
}

static int wards_of(struct hdb *db, struct hdb_stmt *w, json_t *article, const char *hospital,
                    struct tally_err *e)
{
	json_t *list = json_array();
	json_object_set_new(article, "wards", list);
	hdb_reset(w);
	hdb_bind_text(w, 1, json_string_value(json_object_get(article, "article_id")));
	if (hospital != NULL && *hospital)
		hdb_bind_text(w, 2, hospital);
	else
		hdb_bind_null(w, 2);
	int rc;
	while ((rc = hdb_step(w)) == HDB_ROW)
		json_array_append_new(
		    list, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "location_id",
		                    jtext(w, 0), "location_name", jtext(w, 1), "hospital_id",
		                    jtext(w, 2), "hospital_name", jtext(w, 3), "min", jint(w, 4),
		                    "max", jint(w, 5), "last_count", jint(w, 6), "counted_at",
		                    jtext(w, 7), "onhand", jint(w, 8)));
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("reading the hub database"));
}

json_t *borrow_search(struct hdb *db, const char *query, const char *hospital, struct tally_err *e)
{
	char *like = like_pattern(query);
	struct hdb_stmt *a =
	    prep(db,
	         "SELECT a.id, a.name, (a.id = ?1 OR a.id IN (SELECT article_id FROM code"
	         "  WHERE code = ?1 OR code = '0' || ?1)) AS exact FROM article a"
	         " WHERE a.id = ?1 OR lower(a.name) LIKE lower(?2) ESCAPE '\\'"
	         "  OR a.id IN (SELECT article_id FROM code WHERE code = ?1 OR code = '0' || ?1)"
	         " ORDER BY exact DESC, a.name, a.id LIMIT ?3",
	         e);
	/* The last count: reconciliation's, else a counted opening balance. */
	struct hdb_stmt *w = a == NULL
	                         ? NULL
	                         : prep(db,
	                                "SELECT b.location_id, l.name, l.hospital_id, h.name,"
	                                " b.min, b.max,"
	                                " CASE WHEN o.counted_at IS NOT NULL THEN o.last_count"
	                                "  WHEN s.counted_at IS NOT NULL THEN s.qty END,"
	                                " coalesce(o.counted_at, s.counted_at), o.qty"
	                                " FROM basis b"
	                                " LEFT JOIN location l ON l.id = b.location_id"
	                                " LEFT JOIN location h ON h.id = l.hospital_id"
	                                " LEFT JOIN onhand o ON o.location_id = b.location_id"
	                                "  AND o.article_id = b.article_id"
	                                " LEFT JOIN stock s ON s.location_id = b.location_id"
	                                "  AND s.article_id = b.article_id"
	                                " WHERE b.article_id = ?1"
	                                " ORDER BY (l.hospital_id IS ?2) DESC,"
	                                " coalesce(h.name, l.hospital_id, ''),"
	                                " coalesce(l.name, b.location_id)",
	                                e);
	if (like == NULL || a == NULL || w == NULL) {
		if (like == NULL)
			err_set(e, EX_OSERR, _("out of memory"));
		free(like);
		hdb_finalize(a);
		hdb_finalize(w);
		return NULL;
	}
	hdb_bind_text(a, 1, query);
	hdb_bind_text_owned(a, 2, like);
	hdb_bind_int(a, 3, BORROW_ARTICLES_MAX);
	json_t *list = json_array();
	int rc;
	while ((rc = hdb_step(a)) == HDB_ROW) {
		json_t *art =
		    json_pack("{s:o,s:o}", "article_id", jtext(a, 0), "article_name", jtext(a, 1));
		json_array_append_new(list, art);
		if (wards_of(db, w, art, hospital, e) != 0) {
			hdb_finalize(a);
			hdb_finalize(w);
			json_decref(list);
			return NULL;
		}
	}
	hdb_finalize(w);
	if (finish(db, a, rc, e) != 0) {
		json_decref(list);
		return NULL;
	}
	return json_pack("{s:o}", "articles", list);
}

json_t *basis_search(struct hdb *db, const char *ward, const char *article, struct tally_err *e)
{
	char *wl = like_pattern(ward), *al = like_pattern(article);
	struct hdb_stmt *st =
	    prep(db,
	         "SELECT b.location_id, l.name, h.name, b.article_id, a.name,"
	         " b.min, b.max, b.policy FROM basis b"
	         " LEFT JOIN location l ON l.id = b.location_id"
	         " LEFT JOIN location h ON h.id = l.hospital_id"
	         " LEFT JOIN article a ON a.id = b.article_id"
	         " WHERE (lower(b.location_id) LIKE lower(?1) ESCAPE '\\'"
	         "        OR lower(l.name) LIKE lower(?1) ESCAPE '\\')"
	         " AND (lower(b.article_id) LIKE lower(?2) ESCAPE '\\'"
	         "      OR lower(a.name) LIKE lower(?2) ESCAPE '\\')"
	         " ORDER BY coalesce(h.name, ''), coalesce(l.name, b.location_id),"
	         " b.location_id, b.shelf_order, coalesce(a.name, b.article_id)"
	         " LIMIT ?3",
	         e);
	if (wl == NULL || al == NULL || st == NULL) {
		if (st != NULL)
			err_set(e, EX_OSERR, _("out of memory"));
		free(wl);
		free(al);
		hdb_finalize(st);
		return NULL;
	}
	hdb_bind_text_owned(st, 1, wl);
	hdb_bind_text_owned(st, 2, al);
	hdb_bind_int(st, 3, BASIS_ROWS_MAX + 1);
	json_t *rows = json_array();
	int rc, n = 0;
	while ((rc = hdb_step(st)) == HDB_ROW && ++n <= BASIS_ROWS_MAX)
		json_array_append_new(rows, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
		                                      "location_id", jtext(st, 0), "location_name",
		                                      jtext(st, 1), "hospital_name", jtext(st, 2),
		                                      "article_id", jtext(st, 3), "article_name",
		                                      jtext(st, 4), "min", jint(st, 5), "max",
		                                      jint(st, 6), "policy", jtext(st, 7)));
	int truncated = rc == HDB_ROW;
	if (finish(db, st, truncated ? HDB_DONE : rc, e) != 0) {
		json_decref(rows);
		return NULL;
	}
	return json_pack("{s:o,s:b}", "rows", rows, "truncated", truncated);
}

json_t *borrow_hospitals(struct hdb *db, struct tally_err *e)
{
	struct hdb_stmt *st =
	    prep(db, "SELECT id, name FROM location WHERE kind = 'hospital' ORDER BY name, id", e);
	if (st == NULL)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW)
		json_array_append_new(
		    list, json_pack("{s:o,s:o}", "id", jtext(st, 0), "name", jtext(st, 1)));
	if (finish(db, st, rc, e) != 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

json_t *basis_wards(struct hdb *db, struct tally_err *e)
{
	struct hdb_stmt *st = prep(db,
	                           "SELECT b.location_id, coalesce(l.name, b.location_id) FROM"
	                           " (SELECT DISTINCT location_id FROM basis) b"
	                           " LEFT JOIN location l ON l.id = b.location_id ORDER BY 2, 1",
	                           e);
	if (st == NULL)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW)
		json_array_append_new(
		    list, json_pack("{s:o,s:o}", "id", jtext(st, 0), "name", jtext(st, 1)));
	if (finish(db, st, rc, e) != 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}
