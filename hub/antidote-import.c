/*
 * antidote-import.c — another region's antidote export into this hub
 * (antidote-import.h): read and checked whole (JSON or CSV, as
 * report-antidotes.c writes them), then kept in region_antidote and
 * region_export in one transaction, replacing the region's earlier import.
 */
#include "hub/antidote-import.h"
#include "hub/hub-db.h"
#include "hub/import.h"
#include "hub/report-internal.h"
#include "common/grow.h"
#include "common/i18n.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An export is small (a row per antidote, hospital and place). */
#define EXPORT_MAX_BYTES (16L * 1024 * 1024)
#define ID_MAX           64
#define NAME_MAX_LEN     200

/* One antidote's figures for the region. */
struct region_row {
	char *article_id, *article_name, *tier;
	long long recommended, held, expired, shortfall;
	long line; /* CSV line, 0 for JSON */
};

struct export
{
	const char *file;
	char region_id[128], region_name[256], exported_at[40];
	struct region_row *rows;
	size_t n, cap;
};

static void export_release(struct export *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->rows[i].article_id);
		free(x->rows[i].article_name);
		free(x->rows[i].tier);
	}
	free(x->rows);
}

/* "YYYY-MM-DDTHH:MM..." as the exports write their time. */
static int time_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd";
	if (strlen(s) < sizeof(shape) - 1 || strlen(s) >= 40)
		return 0;
	for (size_t i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return 0;
	return 1;
}

/* Where a bad value is: "line N" (CSV) or "antidote N (ID)" (JSON). */
static void where(char *buf, size_t size, long line, size_t index, const char *id)
{
	if (line > 0)
		snprintf(buf, size, _("line %ld"), line);
	else
		snprintf(buf, size, _("antidote %zu (%s)"), index + 1, id ? id : "?");
}

/* Take the region's id, name and time from the file, checked against what
 * was given or seen before ("" in the file: not said). */
static int take_region(struct export *x, const char *id, const char *name, const char *at,
                       const char *place, struct tally_err *e)
{
	if (id != NULL && *id) {
		if (strlen(id) > ID_MAX)
			return err_set(e, EX_DATAERR,
			               _("%s: %s: the region id is longer than %d characters; "
			                 "nothing was imported"),
			               x->file, place, ID_MAX);
		if (x->region_id[0] && strcmp(x->region_id, id) != 0)
			return err_set(e, EX_DATAERR,
			               _("%s: %s: region '%s', where the file so far (or "
			                 "--region) says '%s': one region a file; nothing was "
			                 "imported"),
			               x->file, place, id, x->region_id);
		snprintf(x->region_id, sizeof(x->region_id), "%s", id);
	}
	if (name != NULL && *name && !x->region_name[0])
		snprintf(x->region_name, sizeof(x->region_name), "%.200s", name);
	if (at != NULL && *at) {
		if (!time_ok(at))
			return err_set(e, EX_DATAERR,
			               _("%s: %s: exported_at '%s' is not a time like "
			                 "2026-11-23T09:00:00Z; nothing was imported"),
			               x->file, place, at);
		if (!x->exported_at[0])
			snprintf(x->exported_at, sizeof(x->exported_at), "%s", at);
	}
	return 0;
}

/* Check one antidote's figures and keep them. */
static int add_row(struct export *x, const char *id, const char *name, const char *tier,
                   const long long fig[4], long line, struct tally_err *e)
{
	char place[128];
	where(place, sizeof(place), line, x->n, id);
	if (id == NULL || !*id || strlen(id) > ID_MAX)
		return err_set(e, EX_DATAERR,
		               _("%s: %s: the article id is missing or longer than %d characters; "
		                 "nothing was imported"),
		               x->file, place, ID_MAX);
	if (tier != NULL && *tier && strcmp(tier, "all") && strcmp(tier, "larger") &&
	    strcmp(tier, "region"))
		return err_set(e, EX_DATAERR,
		               _("%s: %s: stocking tier '%s' should be all, larger or region; "
		                 "nothing was imported"),
		               x->file, place, tier);
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->rows[i].article_id, id) == 0)
			return err_set(e, EX_DATAERR,
			               _("%s: %s: antidote %s is in the file twice (the region's "
			                 "figures come once per antidote); nothing was imported"),
			               x->file, place, id);
	struct region_row *v = grow(x->rows, &x->cap, x->n, sizeof(*v));
	if (v == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	x->rows = v;
	struct region_row *r = &x->rows[x->n];
	*r = (struct region_row){ .recommended = fig[0],
		                  .held = fig[1],
		                  .expired = fig[2],
		                  .shortfall = fig[3],
		                  .line = line };
	r->article_id = strdup(id);
	r->article_name = name && *name ? strndup(name, NAME_MAX_LEN) : NULL;
	r->tier = tier && *tier ? strdup(tier) : NULL;
	x->n++;
	if (r->article_id == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	return 0;
}

/* --- JSON ---------------------------------------------------------------- */

static int read_json(struct export *x, const char *text, struct tally_err *e)
{
	json_error_t je;
	json_t *doc = json_loads(text, 0, &je);
	if (doc == NULL)
		return err_set(e, EX_DATAERR,
		               _("%s: not valid JSON at line %d: %s; nothing was imported"),
		               x->file, je.line, je.text);
	int rc = 0;
	const char *kind = json_string_value(json_object_get(doc, "report"));
	json_t *arts = json_object_get(doc, "articles");
	if (kind == NULL || strcmp(kind, "antidotes") != 0 || !json_is_array(arts)) {
		rc = err_set(e, EX_DATAERR,
		             _("%s: not an antidote export (it should be what `tally-hub report "
		               "antidotes --json` writes); nothing was imported"),
		             x->file);
		goto out;
	}
	rc = take_region(x, json_string_value(json_object_get(doc, "region_id")),
	                 json_string_value(json_object_get(doc, "region_name")),
	                 json_string_value(json_object_get(doc, "exported_at")), _("the file"), e);
	size_t i;
	json_t *a;
	json_array_foreach(arts, i, a)
	{
		if (rc != 0)
			break;
		const char *id = json_string_value(json_object_get(a, "article_id"));
		json_t *reg = json_object_get(a, "region");
		static const char *const keys[] = { "recommended", "held", "expired", "short" };
		long long fig[4];
		for (size_t k = 0; rc == 0 && k < 4; k++) {
			json_t *v = json_object_get(reg, keys[k]);
			fig[k] = json_is_integer(v) ? json_integer_value(v) : -1;
			if (fig[k] < 0 || fig[k] > 100000000) {
				char place[128];
				where(place, sizeof(place), 0, i, id);
				rc = err_set(
				    e, EX_DATAERR,
				    _("%s: %s: region.%s should be a whole number of packs, "
				      "0 or more; nothing was imported"),
				    x->file, place, keys[k]);
			}
		}
		if (rc == 0)
			rc = add_row(x, id, json_string_value(json_object_get(a, "article_name")),
			             json_string_value(json_object_get(a, "stocking_tier")), fig, 0,
			             e);
	}
out:
	json_decref(doc);
	return rc;
}

/* --- CSV ----------------------------------------------------------------- */

enum {
	C_ID,
	C_NAME,
	C_LEVEL,
	C_TIER,
	C_REC,
	C_HELD,
	C_SHORT,
	C_EXPIRED,
	C_RID,
	C_RNAME,
	C_AT,
	C_N
};
static const char *const csv_cols[C_N] = {
	"article_id", "article_name", "level",     "stocking_tier", "recommended", "onhand",
	"short",      "expired",      "region_id", "region_name",   "exported_at",
};
#define C_REQUIRED C_RID /* the columns before it must be there */

static int csv_number(const struct export *x, const char *s, const char *col, long line,
                      long long *out, struct tally_err *e)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 || v > 100000000)
		return err_set(e, EX_DATAERR,
		               _("%s: line %ld: column '%s' is '%s', not a whole number of packs "
		                 "(0 or more); nothing was imported"),
		               x->file, line, col, s);
	*out = v;
	return 0;
}

static int csv_row(struct export *x, char **f, int nf, const int *col, long line,
                   struct tally_err *e)
{
	const char *v[C_N];
	for (int c = 0; c < C_N; c++)
		v[c] = col[c] >= 0 && col[c] < nf ? f[col[c]] : "";
	char place[32];
	snprintf(place, sizeof(place), _("line %ld"), line);
	if (take_region(x, v[C_RID], v[C_RNAME], v[C_AT], place, e) != 0)
		return e->status;
	if (strcmp(v[C_LEVEL], "hospital") == 0 || strcmp(v[C_LEVEL], "place") == 0 ||
	    strcmp(v[C_LEVEL], "plan") == 0 || v[C_LEVEL][0] == '\0')
		return 0; /* the region's detail (or an antidote held nowhere): its
		           * total is the region row */
	if (strcmp(v[C_LEVEL], "region") != 0)
		return err_set(
		    e, EX_DATAERR,
		    _("%s: line %ld: level '%s' should be hospital, place, region or plan; "
		      "nothing was imported"),
		    x->file, line, v[C_LEVEL]);
	long long fig[4];
	if (csv_number(x, v[C_REC], "recommended", line, &fig[0], e) != 0 ||
	    csv_number(x, v[C_HELD], "onhand", line, &fig[1], e) != 0 ||
	    csv_number(x, v[C_EXPIRED], "expired", line, &fig[2], e) != 0 ||
	    csv_number(x, v[C_SHORT], "short", line, &fig[3], e) != 0)
		return e->status;
	return add_row(x, v[C_ID], v[C_NAME], v[C_TIER], fig, line, e);
}

static int read_csv(struct export *x, const char *text, struct tally_err *e)
{
	const char *p = text;
	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3; /* a spreadsheet's byte-order mark */
	char sep = csv_separator(p);
	char **head = NULL, **f = NULL;
	size_t hcap = 0, fcap = 0;
	long line = 1;
	int nh = csv_record(&p, sep, &head, &hcap, &line), rc = 0;
	int col[C_N];
	for (int c = 0; c < C_N; c++) {
		col[c] = -1;
		for (int k = 0; k < nh; k++)
			if (strcmp(head[k], csv_cols[c]) == 0)
				col[c] = k;
		if (c < C_REQUIRED && col[c] < 0 && rc == 0)
			rc = err_set(
			    e, EX_DATAERR,
			    _("%s: line 1: no column '%s': this is not an antidote export "
			      "(it should be what `tally-hub report antidotes --csv` writes); "
			      "nothing was imported"),
			    x->file, csv_cols[c]);
	}
	while (rc == 0 && *p != '\0') {
		long at = line;
		int nf = csv_record(&p, sep, &f, &fcap, &line);
		if (nf < 0) {
			rc = err_set(e, EX_DATAERR,
			             _("%s: line %ld: a quote is not closed; nothing was imported"),
			             x->file, at);
			break;
		}
		if (!(nf == 1 && f[0][0] == '\0')) /* a blank line */
			rc = csv_row(x, f, nf, col, at, e);
		for (int k = 0; k < nf; k++)
			free(f[k]);
	}
	for (int k = 0; k < nh; k++)
		free(head[k]);
	free(head);
	free(f);
	return rc;
}

/* --- keeping it ---------------------------------------------------------- */

static int step_done(struct hdb *db, struct hdb_stmt *st, struct tally_err *e)
{
	int rc = hdb_step(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("importing the antidote export"));
}

static int store(struct hdb *db, struct export *x, struct antidote_import_result *r,
                 struct tally_err *e)
{
	char own[128], own_name[256], now[32];
	if (report_own_region(db, own, own_name, e) != 0)
		return e->status;
	if (own[0] && strcmp(own, x->region_id) == 0)
		return err_set(e, EX_DATAERR,
		               _("%s: this is the export of this hub's own region (%s): its "
		                 "figures come from its own records; import other regions' "
		                 "exports; nothing was imported"),
		               x->file, x->region_id);
	if (hub_db_begin(db, e) != 0)
		return e->status;
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "SELECT exported_at FROM region_export WHERE region_id = ?", &st);
	if (rc != HDB_OK)
		goto sql;
	hdb_bind_text(st, 1, x->region_id);
	rc = hdb_step(st);
	if (rc == HDB_ROW) {
		r->replaced = 1;
		const char *at = (const char *)hdb_column_text(st, 0);
		snprintf(r->replaced_at, sizeof(r->replaced_at), "%s", at ? at : "");
		rc = HDB_DONE;
	}
	hdb_finalize(st);
	st = NULL;
	if (rc != HDB_DONE)
		goto sql;
	if (r->replaced && r->replaced_at[0] && x->exported_at[0] &&
	    strcmp(x->exported_at, r->replaced_at) < 0) {
		err_set(e, EX_DATAERR,
		        _("%s: this export of %s was made %s, before the one already imported "
		          "(%s): nothing was imported. Export it afresh from that region's hub."),
		        x->file, x->region_id, x->exported_at, r->replaced_at);
		goto fail;
	}
	static const char *const clear[] = {
		"DELETE FROM region_antidote WHERE region_id = ?",
		"DELETE FROM region_export WHERE region_id = ?",
	};
	for (size_t i = 0; i < 2; i++) {
		if ((rc = hdb_prepare(db, clear[i], &st)) != HDB_OK)
			goto sql;
		hdb_bind_text(st, 1, x->region_id);
		if (step_done(db, st, e) != 0)
			goto fail;
		hdb_finalize(st);
		st = NULL;
	}
	hub_time_now(now, 0);
	if ((rc = hdb_prepare(db,
	                      "INSERT INTO region_export(region_id, region_name, "
	                      "exported_at, imported_at, file) VALUES (?, ?, ?, ?, ?)",
	                      &st)) != HDB_OK)
		goto sql;
	hdb_bind_text(st, 1, x->region_id);
	hdb_bind_text(st, 2, x->region_name[0] ? x->region_name : x->region_id);
	if (x->exported_at[0])
		hdb_bind_text(st, 3, x->exported_at);
	hdb_bind_text(st, 4, now);
	hdb_bind_text(st, 5, x->file);
	if (step_done(db, st, e) != 0)
		goto fail;
	hdb_finalize(st);
	if ((rc = hdb_prepare(db,
	                      "INSERT INTO region_antidote(region_id, article_id, "
	                      "article_name, stocking_tier, recommended, held, expired, "
	                      "short) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                      &st)) != HDB_OK)
		goto sql;
	for (size_t i = 0; i < x->n; i++) {
		const struct region_row *w = &x->rows[i];
		hdb_reset(st);
		hdb_bind_text(st, 1, x->region_id);
		hdb_bind_text(st, 2, w->article_id);
		hdb_bind_text(st, 3, w->article_name);
		hdb_bind_text(st, 4, w->tier);
		hdb_bind_int64(st, 5, w->recommended);
		hdb_bind_int64(st, 6, w->held);
		hdb_bind_int64(st, 7, w->expired);
		hdb_bind_int64(st, 8, w->shortfall);
		if (step_done(db, st, e) != 0)
			goto fail;
	}
	hdb_finalize(st);
	st = NULL;
	if (hub_db_commit(db, e) != 0)
		goto fail;
	return 0;
sql:
	hub_db_fail(e, db, rc, _("importing the antidote export"));
fail:
	hdb_finalize(st);
	hdb_rollback(db);
	r->replaced = 0;
	r->replaced_at[0] = '\0';
	return e->status;
}

int antidote_import_text(struct hdb *db, const char *name, const char *text, const char *region,
                         struct antidote_import_result *r, struct tally_err *e)
{
	memset(r, 0, sizeof(*r));
	struct export x = { .file = name };
	const char *p = text;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	int rc = take_region(&x, region, NULL, NULL, _("--region"), e);
	if (rc == 0)
		rc = *p == '{' ? read_json(&x, p, e) : read_csv(&x, text, e);
	if (rc == 0 && !x.region_id[0])
		rc = err_set(e, EX_DATAERR,
		             _("%s does not say which region it is from: give --region ID; nothing "
		               "was imported"),
		             name);
	if (rc == 0 && x.n == 0)
		rc = err_set(e, EX_DATAERR,
		             _("%s holds no antidote (a region row per antidote is needed); "
		               "nothing was imported"),
		             name);
	if (rc == 0)
		rc = store(db, &x, r, e);
	if (rc == 0) {
		snprintf(r->region_id, sizeof(r->region_id), "%s", x.region_id);
		snprintf(r->region_name, sizeof(r->region_name), "%s",
		         x.region_name[0] ? x.region_name : x.region_id);
		snprintf(r->exported_at, sizeof(r->exported_at), "%s", x.exported_at);
		r->articles = (long)x.n;
	}
	export_release(&x);
	return rc;
}

int antidote_import_file(struct hdb *db, const char *path, const char *region,
                         struct antidote_import_result *r, struct tally_err *e)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return err_set(e, EX_NOINPUT, _("cannot read %s: %s"), path, strerror(errno));
	char *text = malloc(EXPORT_MAX_BYTES + 1);
	size_t len = text != NULL ? fread(text, 1, EXPORT_MAX_BYTES + 1, f) : 0;
	int failed = ferror(f);
	fclose(f);
	if (text == NULL)
		return err_set(e, EX_OSERR, _("out of memory reading %s"), path);
	if (failed || len > EXPORT_MAX_BYTES) {
		free(text);
		return failed
		           ? err_set(e, EX_IOERR, _("cannot read %s"), path)
		           : err_set(e, EX_DATAERR,
		                     _("%s is larger than 16 MiB: not an antidote export"), path);
	}
	text[len] = '\0';
	if (strlen(text) != len) {
		free(text);
		return err_set(e, EX_DATAERR, _("%s is not text: not an antidote export"), path);
	}
	int rc = antidote_import_text(db, path, text, region, r, e);
	free(text);
	return rc;
}
