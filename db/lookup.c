/*
 * lookup.c — the questions the workflows ask of the master data.
 * "Not found" is EX_DATAERR with a sentence the front end can show.
 */
#include "db/store-internal.h"
#include "common/grow.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Step a one-row query: 0 found, EX_DATAERR not found (msg from caller). */
static int step_one(struct store *s, sqlite3_stmt *st, struct tally_err *e, const char *what)
{
	int rc = store_step_once_more(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return EX_DATAERR;
	return store_fail(e, s, rc, what);
}

/* Grow-and-fill loop shared by the list lookups. */
typedef void (*row_reader)(sqlite3_stmt *st, void *item);
static int read_list(struct store *s, sqlite3_stmt *st, size_t item_size, row_reader read,
                     void **out, size_t *n, struct tally_err *e)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		void *bigger = grow(*out, &cap, *n, item_size);
		if (bigger == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		*out = bigger;
		void *item = (char *)*out + (*n)++ * item_size;
		memset(item, 0, item_size);
		read(st, item);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(e, s, rc, _("reading master data"));
}

/* --- articles ---------------------------------------------------------- */

#define ARTICLE_COLUMNS \
	"a.id, a.name, a.form, a.unit, a.antidote, a.sterile, a.needs_batch, a.min_shelf_days"

static void read_article(sqlite3_stmt *st, struct article *a)
{
	a->id = col_text(st, 0);
	a->name = col_text(st, 1);
	a->form = col_text(st, 2);
	a->unit = col_text(st, 3);
	a->antidote = sqlite3_column_int(st, 4);
	a->sterile = sqlite3_column_int(st, 5);
	a->needs_batch = sqlite3_column_int(st, 6);
	a->min_shelf_days = sqlite3_column_int(st, 7);
}

void article_free(struct article *a)
{
	free(a->id);
	free(a->name);
	free(a->form);
	free(a->unit);
	memset(a, 0, sizeof(*a));
}

int store_article_by_code(struct store *s, const char *code, struct article *a, int *multiplier,
                          struct tally_err *e)
{
	char gtin14[15] = "";
	size_t len = strlen(code);
	/* A GTIN-8/12/13 scanned is the same article as its GTIN-14 on file. */
	if (len >= 8 && len < 14 && strspn(code, "0123456789") == len) {
		memset(gtin14, '0', 14 - len);
		memcpy(gtin14 + 14 - len, code, len + 1);
	}
	sqlite3_stmt *st = store_prepare(s,
	                                 "SELECT " ARTICLE_COLUMNS ", c.multiplier FROM code c"
	                                 " JOIN article a ON a.id = c.article_id"
	                                 " WHERE c.code = ?1 OR c.code = ?2 LIMIT 1",
	                                 e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, gtin14[0] ? gtin14 : code, -1, SQLITE_STATIC);
	int rc = step_one(s, st, e, _("looking up the code"));
	if (rc == 0) {
		read_article(st, a);
		if (multiplier != NULL)
			*multiplier = sqlite3_column_int(st, 8);
	} else if (rc == EX_DATAERR) {
		err_set(e, rc, _("the code %s is not known on this handheld"), code);
	}
	sqlite3_finalize(st);
	return rc;
}

static void read_article_item(sqlite3_stmt *st, void *item)
{
	read_article(st, item);
}

int store_antidotes(struct store *s, struct article **out, size_t *n, struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(
	    s, "SELECT " ARTICLE_COLUMNS " FROM article a WHERE a.antidote ORDER BY a.name, a.id",
	    e);
	if (st == NULL)
		return e->status;
	return read_list(s, st, sizeof(**out), read_article_item, (void **)out, n, e);
}

int store_articles_named(struct store *s, const char *text, const char *location_id, size_t limit,
                         struct article **out, size_t *n, struct tally_err *e)
{
	/* The typed text as a LIKE pattern: its own % and _ taken literally. */
	char pattern[256];
	size_t k = 0;
	pattern[k++] = '%';
	for (const char *p = text; *p && k + 4 < sizeof(pattern); p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			pattern[k++] = '\\';
		pattern[k++] = *p;
	}
	pattern[k++] = '%';
	pattern[k] = '\0';
	sqlite3_stmt *st =
	    store_prepare(s,
	                  "SELECT " ARTICLE_COLUMNS " FROM article a"
	                  " WHERE a.name LIKE ?1 ESCAPE '\\' OR a.id = ?2"
	                  " ORDER BY EXISTS (SELECT 1 FROM basis b WHERE b.article_id = a.id"
	                  "  AND b.location_id = ?3) DESC, a.name, a.id LIMIT ?4",
	                  e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, pattern, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	if (location_id != NULL)
		sqlite3_bind_text(st, 3, location_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
	return read_list(s, st, sizeof(**out), read_article_item, (void **)out, n, e);
}

void articles_free(struct article *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		article_free(&a[i]);
	free(a);
}

int store_article_get(struct store *s, const char *id, struct article *a, struct tally_err *e)
{
	sqlite3_stmt *st =
	    store_prepare(s, "SELECT " ARTICLE_COLUMNS " FROM article a WHERE a.id = ?", e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = step_one(s, st, e, _("looking up the article"));
	if (rc == 0)
		read_article(st, a);
	else if (rc == EX_DATAERR)
		err_set(e, rc, _("there is no article %s on this handheld"), id);
	sqlite3_finalize(st);
	return rc;
}

/* --- locations --------------------------------------------------------- */

#define LOCATION_COLUMNS "id, code, name, kind, parent_id, hospital_id"

static void read_location(sqlite3_stmt *st, void *item)
{
	struct location *l = item;
	l->id = col_text(st, 0);
	l->code = col_text(st, 1);
	l->name = col_text(st, 2);
	l->kind = col_text(st, 3);
	l->parent_id = col_text(st, 4);
	l->hospital_id = col_text(st, 5);
}

void location_free(struct location *l)
{
	free(l->id);
	free(l->code);
	free(l->name);
	free(l->kind);
	free(l->parent_id);
	free(l->hospital_id);
	memset(l, 0, sizeof(*l));
}

void locations_free(struct location *l, size_t n)
{
	for (size_t i = 0; l != NULL && i < n; i++)
		location_free(&l[i]);
	free(l);
}

int store_location_get(struct store *s, const char *id_or_code, struct location *l,
                       struct tally_err *e)
{
	sqlite3_stmt *st =
	    store_prepare(s,
	                  "SELECT " LOCATION_COLUMNS " FROM location"
	                  " WHERE id = ?1 OR code = ?1 ORDER BY id = ?1 DESC LIMIT 1",
	                  e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, id_or_code, -1, SQLITE_STATIC);
	int rc = step_one(s, st, e, _("looking up the location"));
	if (rc == 0)
		read_location(st, l);
	else if (rc == EX_DATAERR)
		err_set(e, rc, _("there is no location %s on this handheld"), id_or_code);
	sqlite3_finalize(st);
	return rc;
}

int store_locations(struct store *s, const char *kind, struct location **out, size_t *n,
                    struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(s,
	                                 "SELECT " LOCATION_COLUMNS " FROM location"
	                                 " WHERE ?1 IS NULL OR kind = ?1 ORDER BY name, id",
	                                 e);
	if (st == NULL)
		return e->status;
	if (kind != NULL)
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	return read_list(s, st, sizeof(**out), read_location, (void **)out, n, e);
}

/* --- basis lists ------------------------------------------------------- */

static void read_basis(sqlite3_stmt *st, void *item)
{
	struct basis_line *b = item;
	b->article_id = col_text(st, 0);
	b->article_name = col_text(st, 1);
	b->min = sqlite3_column_int64(st, 2);
	b->max = sqlite3_column_int64(st, 3);
	b->policy = col_text(st, 4);
	b->shelf_order = sqlite3_column_int(st, 5);
	b->short_days = sqlite3_column_int(st, 6);
}

void basis_lines_free(struct basis_line *b, size_t n)
{
	for (size_t i = 0; b != NULL && i < n; i++) {
		free(b[i].article_id);
		free(b[i].article_name);
		free(b[i].policy);
	}
	free(b);
}

int store_basis_list(struct store *s, const char *location_id, struct basis_line **out, size_t *n,
                     struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(
	    s,
	    "SELECT b.article_id, coalesce(a.name, b.article_id), b.min, b.max, b.policy,"
	    " b.shelf_order, b.short_days FROM basis b LEFT JOIN article a ON a.id = b.article_id"
	    " WHERE b.location_id = ? ORDER BY b.shelf_order, a.name, b.article_id",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, location_id, -1, SQLITE_STATIC);
	return read_list(s, st, sizeof(**out), read_basis, (void **)out, n, e);
}

/* --- emergency plans --------------------------------------------------- */

int store_plan_get(struct store *s, const char *id, struct plan *p, struct tally_err *e)
{
	sqlite3_stmt *st =
	    store_prepare(s, "SELECT id, name, patients, days FROM plan WHERE id = ?", e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = step_one(s, st, e, _("looking up the plan"));
	if (rc == 0) {
		p->id = col_text(st, 0);
		p->name = col_text(st, 1);
		p->patients = sqlite3_column_int64(st, 2);
		p->days = sqlite3_column_int64(st, 3);
	} else if (rc == EX_DATAERR) {
		err_set(e, rc, _("there is no emergency plan %s on this handheld"), id);
	}
	sqlite3_finalize(st);
	return rc;
}

void plan_free(struct plan *p)
{
	free(p->id);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

static void read_plan(sqlite3_stmt *st, void *item)
{
	struct plan *p = item;
	p->id = col_text(st, 0);
	p->name = col_text(st, 1);
	p->patients = sqlite3_column_int64(st, 2);
	p->days = sqlite3_column_int64(st, 3);
}

int store_plans(struct store *s, struct plan **out, size_t *n, struct tally_err *e)
{
	sqlite3_stmt *st =
	    store_prepare(s, "SELECT id, name, patients, days FROM plan ORDER BY name, id", e);
	if (st == NULL)
		return e->status;
	return read_list(s, st, sizeof(**out), read_plan, (void **)out, n, e);
}

void plans_free(struct plan *p, size_t n)
{
	for (size_t i = 0; p != NULL && i < n; i++)
		plan_free(&p[i]);
	free(p);
}

static void read_plan_line(sqlite3_stmt *st, void *item)
{
	struct plan_line *l = item;
	l->article_id = col_text(st, 0);
	l->article_name = col_text(st, 1);
	l->dose = sqlite3_column_double(st, 2);
	l->strength = sqlite3_column_double(st, 3);
	l->units_per_pack = sqlite3_column_double(st, 4);
}

int store_plan_lines(struct store *s, const char *plan_id, struct plan_line **out, size_t *n,
                     struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(
	    s,
	    "SELECT l.article_id, coalesce(a.name, l.article_id), l.dose, l.strength,"
	    " l.units_per_pack FROM plan_line l LEFT JOIN article a ON a.id = l.article_id"
	    " WHERE l.plan_id = ? ORDER BY a.name, l.article_id",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, plan_id, -1, SQLITE_STATIC);
	return read_list(s, st, sizeof(**out), read_plan_line, (void **)out, n, e);
}

void plan_lines_free(struct plan_line *l, size_t n)
{
	for (size_t i = 0; l != NULL && i < n; i++) {
		free(l[i].article_id);
		free(l[i].article_name);
	}
	free(l);
}

static void read_plan_place(sqlite3_stmt *st, void *item)
{
	struct plan_place *p = item;
	p->article_id = col_text(st, 0);
	p->location_id = col_text(st, 1);
	p->min = sqlite3_column_double(st, 2);
	p->max = sqlite3_column_double(st, 3);
	p->tier = col_text(st, 4);
}

int store_plan_places(struct store *s, const char *plan_id, struct plan_place **out, size_t *n,
                      struct tally_err *e)
{
	sqlite3_stmt *st =
	    store_prepare(s,
	                  "SELECT article_id, location_id, min, max, tier FROM plan_place"
	                  " WHERE plan_id = ? ORDER BY location_id, article_id",
	                  e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, plan_id, -1, SQLITE_STATIC);
	return read_list(s, st, sizeof(**out), read_plan_place, (void **)out, n, e);
}

void plan_places_free(struct plan_place *p, size_t n)
{
	for (size_t i = 0; p != NULL && i < n; i++) {
		free(p[i].article_id);
		free(p[i].location_id);
		free(p[i].tier);
	}
	free(p);
}

/* --- deliveries -------------------------------------------------------- */

int store_delivery_get(struct store *s, const char *sscc, struct delivery *d, struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(
	    s, "SELECT sscc, id, supplier, expected_date, location_id FROM delivery WHERE sscc = ?",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, sscc, -1, SQLITE_STATIC);
	int rc = step_one(s, st, e, _("looking up the delivery"));
	if (rc == 0) {
		d->sscc = col_text(st, 0);
		d->id = col_text(st, 1);
		d->supplier = col_text(st, 2);
		d->expected_date = col_text(st, 3);
		d->location_id = col_text(st, 4);
	} else if (rc == EX_DATAERR) {
		err_set(e, rc, _("no delivery with SSCC %s is expected on this handheld"), sscc);
	}
	sqlite3_finalize(st);
	return rc;
}

void delivery_free(struct delivery *d)
{
	free(d->sscc);
	free(d->id);
	free(d->supplier);
	free(d->expected_date);
	free(d->location_id);
	memset(d, 0, sizeof(*d));
}

static void read_delivery_line(sqlite3_stmt *st, void *item)
{
	struct delivery_line *l = item;
	l->article_id = col_text(st, 0);
	l->gtin = col_text(st, 1);
	l->batch = col_text(st, 2);
	l->expiry = col_text(st, 3);
	l->qty = sqlite3_column_int64(st, 4);
}

int store_delivery_lines(struct store *s, const char *sscc, struct delivery_line **out, size_t *n,
                         struct tally_err *e)
{
	sqlite3_stmt *st =
	    store_prepare(s,
	                  "SELECT article_id, gtin, nullif(batch, ''), expiry, qty"
	                  " FROM delivery_line WHERE sscc = ? ORDER BY article_id, batch",
	                  e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, sscc, -1, SQLITE_STATIC);
	return read_list(s, st, sizeof(**out), read_delivery_line, (void **)out, n, e);
}

void delivery_lines_free(struct delivery_line *l, size_t n)
{
	for (size_t i = 0; l != NULL && i < n; i++) {
		free(l[i].article_id);
		free(l[i].gtin);
		free(l[i].batch);
		free(l[i].expiry);
	}
	free(l);
}

/* --- users ------------------------------------------------------------- */

int store_user_get(struct store *s, const char *badge, struct user *u, struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(
	    s, "SELECT badge, name, pin_hash, roles, lang FROM user WHERE badge = ?", e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, badge, -1, SQLITE_STATIC);
	int rc = step_one(s, st, e, _("looking up the badge"));
	if (rc == 0) {
		u->badge = col_text(st, 0);
		u->name = col_text(st, 1);
		u->pin_hash = col_text(st, 2);
		u->roles = col_text(st, 3);
		u->lang = col_text(st, 4);
	} else if (rc == EX_DATAERR) {
		err_set(e, rc, _("the badge %s is not known on this handheld"), badge);
	}
	sqlite3_finalize(st);
	return rc;
}

void user_free(struct user *u)
{
	free(u->badge);
	free(u->name);
	free(u->pin_hash);
	free(u->roles);
	free(u->lang);
	memset(u, 0, sizeof(*u));
}

/* --- where can I borrow? ----------------------------------------------- */

static void read_holding(sqlite3_stmt *st, void *item)
{
	struct holding *h = item;
	h->location_id = col_text(st, 0);
	h->location_name = col_text(st, 1);
	h->hospital_id = col_text(st, 2);
	h->min = sqlite3_column_int64(st, 3);
	h->max = sqlite3_column_int64(st, 4);
	h->has_count = sqlite3_column_type(st, 5) != SQLITE_NULL;
	h->last_count = sqlite3_column_int64(st, 5);
	h->counted_at = col_text(st, 6);
}

int store_holdings(struct store *s, const char *article_id, const char *near_hospital,
                   struct holding **out, size_t *n, struct tally_err *e)
{
	/* The newer of the hub's last known stock and this handheld's own latest
	 * count: what was seen last is the best guess offline.  Both times are
	 * UTC ISO 8601, so they compare as text. */
	sqlite3_stmt *st = store_prepare(
	    s,
	    "WITH mine AS (SELECT r.location_id, r.qty, r.device_time FROM record r"
	    "  WHERE r.kind = 'count' AND r.article_id = ?1 AND r.seq = (SELECT max(seq)"
	    "  FROM record x WHERE x.kind = 'count' AND x.article_id = ?1"
	    "  AND x.location_id = r.location_id))"
	    " SELECT b.location_id, coalesce(l.name, b.location_id), l.hospital_id, b.min, b.max,"
	    "  CASE WHEN m.device_time IS NOT NULL AND (s.counted_at IS NULL OR"
	    "   m.device_time > s.counted_at) THEN m.qty ELSE s.qty END,"
	    "  CASE WHEN m.device_time IS NOT NULL AND (s.counted_at IS NULL OR"
	    "   m.device_time > s.counted_at) THEN m.device_time ELSE s.counted_at END"
	    " FROM basis b LEFT JOIN location l ON l.id = b.location_id"
	    " LEFT JOIN stock s ON s.location_id = b.location_id AND s.article_id = b.article_id"
	    " LEFT JOIN mine m ON m.location_id = b.location_id"
	    " WHERE b.article_id = ?1"
	    " ORDER BY coalesce(l.hospital_id = ?2, 0) DESC, l.name, b.location_id",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, article_id, -1, SQLITE_STATIC);
	if (near_hospital != NULL)
		sqlite3_bind_text(st, 2, near_hospital, -1, SQLITE_STATIC);
	return read_list(s, st, sizeof(**out), read_holding, (void **)out, n, e);
}

void holdings_free(struct holding *h, size_t n)
{
	for (size_t i = 0; h != NULL && i < n; i++) {
		free(h[i].location_id);
		free(h[i].location_name);
		free(h[i].hospital_id);
		free(h[i].counted_at);
	}
	free(h);
}

/* --- shortage notices ---------------------------------------------------- */

static json_t *text_or_null(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t != NULL ? json_string((const char *)t) : json_null();
}

int store_shortages(struct store *s, const char *article_id, json_t **out, struct tally_err *e)
{
	*out = NULL;
	sqlite3_stmt *st = store_prepare(
	    s,
	    "SELECT n.article_id, a.name, a.generic_name, n.status, n.from_date, n.to_date,"
	    " n.message FROM shortage n LEFT JOIN article a ON a.id = n.article_id"
	    " WHERE n.status <> 'ended' AND (?1 IS NULL OR n.article_id = ?1)"
	    " ORDER BY n.status = 'ongoing' DESC, coalesce(a.name, n.article_id)",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_stmt *alt =
	    store_prepare(s,
	                  "SELECT x.alternative_id, a.name, x.note FROM shortage_alt x"
	                  " LEFT JOIN article a ON a.id = x.alternative_id WHERE x.article_id = ?"
	                  " ORDER BY coalesce(a.name, x.alternative_id)",
	                  e);
	if (alt == NULL) {
		sqlite3_finalize(st);
		return e->status;
	}
	if (article_id != NULL)
		sqlite3_bind_text(st, 1, article_id, -1, SQLITE_STATIC);
	json_t *list = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *alts = json_array();
		sqlite3_reset(alt);
		sqlite3_bind_text(alt, 1, (const char *)sqlite3_column_text(st, 0), -1,
		                  SQLITE_TRANSIENT);
		while (sqlite3_step(alt) == SQLITE_ROW)
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
	sqlite3_finalize(st);
	sqlite3_finalize(alt);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		return store_fail(e, s, rc, _("reading the shortage notices"));
	}
	*out = list;
	return 0;
}

int store_antidote_tier(struct store *s, const char *article_id, const char *hospital_id,
                        struct antidote_tier *t, struct tally_err *e)
{
	memset(t, 0, sizeof(*t));
	sqlite3_stmt *st =
	    store_prepare(s,
	                  "SELECT a.antidote_tier, a.antidote_qty,"
	                  " (SELECT h.antidote_tier FROM location h WHERE h.id = ?2),"
	                  " (SELECT coalesce(h.name, h.id) FROM location h WHERE h.id = ?2)"
	                  " FROM article a WHERE a.id = ?1",
	                  e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, article_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hospital_id, -1, SQLITE_STATIC);
	int rc = step_one(s, st, e, _("looking up the article"));
	if (rc == 0) {
		const char *tier = (const char *)sqlite3_column_text(st, 0);
		const char *htier = (const char *)sqlite3_column_text(st, 2);
		const char *hname = (const char *)sqlite3_column_text(st, 3);
		snprintf(t->tier, sizeof(t->tier), "%s", tier ? tier : "");
		t->qty = sqlite3_column_int64(st, 1);
		t->hospital_known = hname != NULL;
		t->larger = htier != NULL && strcmp(htier, "larger") == 0;
		snprintf(t->hospital_name, sizeof(t->hospital_name), "%s", hname ? hname : "");
	} else if (rc == EX_DATAERR)
		err_set(e, rc, _("there is no article %s on this handheld"), article_id);
	sqlite3_finalize(st);
	return rc;
}
