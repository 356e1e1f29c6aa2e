/*
 * import.c — master data into the hub (see import.h).
 *
 * Every row is brought to one normal form (every column of its table, typed,
 * defaults filled) before it is compared with what is stored: a row that is
 * already there as given is neither written nor logged again, so importing
 * the same file twice sends the handhelds nothing.
 */
#include "hub/import.h"
#include "common/grow.h"
#include "hub/changelog.h"
#include "hub/code-attribute.h"
#include "hub/hub-db.h"
#include "hub/place-lock.h"
#include "hub/scope.h"
#include "core/master-tables.h"
#include "common/i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define IMPORT_MAX_BYTES (512L * 1024 * 1024)

struct importer {
	struct hdb *db;
	const char *file;
	struct import_counts *counts;
	struct hdb_stmt *upsert[16], *select[16], *remove[16];
	/* Every row's change is written as the row is (a scope's move reads
	 * them back), through one writer and its statements for the whole
	 * import. */
	struct changelog_writer *log;
};

/* Log one row's change now. */
static int log_change(struct importer *im, const char *table, const char *key, const char *op,
                      json_t *row, struct tally_err *e)
{
	int rc = changelog_writer_put(im->log, table, key, op, row, e);
	return rc == 0 ? changelog_writer_flush(im->log, e) : rc;
}

static size_t table_index(const struct master_table *t)
{
	return (size_t)(t - master_tables);
}

static int bad_row(struct tally_err *e, struct importer *im, const struct master_table *t,
                   const char *where, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int bad_row(struct tally_err *e, struct importer *im, const struct master_table *t,
                   const char *where, const char *fmt, ...)
{
	char what[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return err_set(e, EX_DATAERR, _("%s: table %s, %s: %s; nothing was imported"), im->file,
	               t->name, where, what);
}

/* The row in normal form, or NULL with e set. */
static json_t *normalize(struct importer *im, const struct master_table *t, json_t *in,
                         const char *where, int keys_only, struct tally_err *e)
{
	if (!json_is_object(in)) {
		bad_row(e, im, t, where, _("%snot an object of column names and values"), "");
		return NULL;
	}
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v)
	{
		if (master_column_find(t, k) == NULL) {
			bad_row(e, im, t, where, _("unknown column '%s'"), k);
			return NULL;
		}
	}
	json_t *row = json_object();
	for (const struct master_column *c = t->cols; c->name != NULL; c++) {
		if (keys_only && !c->key)
			continue;
		v = json_object_get(in, c->name);
		json_t *out = NULL;
		if (v == NULL || json_is_null(v)) {
			if (c->key && c->dflt == NULL) {
				bad_row(e, im, t, where, _("the key column '%s' is missing"),
				        c->name);
				goto fail;
			}
			if (c->dflt == NULL)
				out = json_null();
			else if (c->type == 't')
				out = json_string(c->dflt);
			else if (c->type == 'i')
				out = json_integer(strtoll(c->dflt, NULL, 10));
			else
				out = json_real(strtod(c->dflt, NULL));
		} else if (c->type == 't') {
			if (json_is_string(v))
				out = json_copy(v);
			else if (json_is_integer(v)) {
				char buf[32];
				snprintf(buf, sizeof(buf), "%lld",
				         (long long)json_integer_value(v));
				out = json_string(buf);
			}
		} else if (c->type == 'i') {
			if (json_is_integer(v))
				out = json_copy(v);
			else if (json_is_boolean(v))
				out = json_integer(json_is_true(v));
		} else if (json_is_number(v)) {
			out = json_real(json_number_value(v));
		}
		if (out == NULL) {
			bad_row(e, im, t, where,
			        c->type == 't'   ? _("column '%s' should be text")
			        : c->type == 'i' ? _("column '%s' should be a whole number")
			                         : _("column '%s' should be a number"),
			        c->name);
			goto fail;
		}
		if (json_is_string(out) && !master_value_ok(t, c, json_string_value(out))) {
			bad_row(e, im, t, where, _("column '%s' is '%s': use %s"), c->name,
			        json_string_value(out), master_values(t, c));
			json_decref(out);
			goto fail;
		}
		json_object_set_new(row, c->name, out);
	}
	return row;
fail:
	json_decref(row);
	return NULL;
}

static void row_key(const struct master_table *t, json_t *row, char *key, size_t size)
{
	size_t n = 0;
	key[0] = '\0';
	for (const struct master_column *c = t->cols; c->name != NULL; c++)
		if (c->key)
			n += (size_t)snprintf(key + n, n < size ? size - n : 0, "%s%s",
			                      n ? "\x1f" : "",
			                      json_string_value(json_object_get(row, c->name)));
}

static struct hdb_stmt *stmt(struct importer *im, const struct master_table *t, int which,
                             struct tally_err *e)
{
	struct hdb_stmt **slot = which == 0   ? &im->upsert[table_index(t)]
	                         : which == 1 ? &im->remove[table_index(t)]
	                                      : &im->select[table_index(t)];
	if (*slot != NULL) {
		hdb_reset(*slot);
		return *slot;
	}
	char sql[MASTER_SQL_MAX];
	if (which == 2) {
		size_t n = (size_t)snprintf(sql, sizeof(sql), "SELECT ");
		int i = 0;
		for (const struct master_column *c = t->cols; c->name != NULL; c++)
			n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s\"%s\"", i++ ? ", " : "",
			                      c->name);
		n +=
		    (size_t)snprintf(sql + n, sizeof(sql) - n, " FROM \"%s\" WHERE 1 = 1", t->name);
		for (const struct master_column *c = t->cols; c->name != NULL; c++)
			if (c->key)
				n += (size_t)snprintf(sql + n, sizeof(sql) - n, " AND \"%s\" = ?",
				                      c->name);
	} else {
		master_sql_build(t, which, sql, sizeof(sql));
	}
	int rc = hdb_prepare(im->db, sql, slot);
	if (rc != HDB_OK) {
		hub_db_fail(e, im->db, rc, _("importing master data"));
		return NULL;
	}
	return *slot;
}

/* Column c's value v bound at i (core/master-tables.h says which). */
static int bind_value(struct hdb_stmt *st, int i, const struct master_column *c, json_t *v)
{
	struct master_value m;
	if (master_value_of(c, v, &m) != 0)
		return -1;
	int rc = m.type == 'n'   ? hdb_bind_null(st, i)
	         : m.type == 't' ? hdb_bind_text(st, i, m.text)
	         : m.type == 'i' ? hdb_bind_int64(st, i, m.i)
	                         : hdb_bind_double(st, i, m.d);
	return rc == HDB_OK ? 0 : -1;
}

static int bind_keys(struct hdb_stmt *st, const struct master_table *t, json_t *row)
{
	int i = 1;
	for (const struct master_column *c = t->cols; c->name != NULL; c++)
		if (c->key && bind_value(st, i++, c, json_object_get(row, c->name)) != 0)
			return -1;
	return 0;
}

/* The stored row in normal form, or json_null() when there is none. */
static json_t *stored(struct importer *im, const struct master_table *t, json_t *row,
                      struct tally_err *e)
{
	struct hdb_stmt *st = stmt(im, t, 2, e);
	if (st == NULL || bind_keys(st, t, row) != 0)
		return NULL;
	int rc = hdb_step(st);
	if (rc == HDB_DONE)
		return json_null();
	if (rc != HDB_ROW) {
		hub_db_fail(e, im->db, rc, _("importing master data"));
		return NULL;
	}
	json_t *out = json_object();
	int i = 0;
	for (const struct master_column *c = t->cols; c->name != NULL; c++, i++) {
		json_t *v;
		if (hdb_column_type(st, i) == HDB_NULL)
			v = json_null();
		else if (c->type == 't')
			v = json_string((const char *)hdb_column_text(st, i));
		else if (c->type == 'i')
			v = json_integer(hdb_column_int64(st, i));
		else
			v = json_real(hdb_column_double(st, i));
		json_object_set_new(out, c->name, v);
	}
	return out;
}

/* The kinds of place (docs/hub.md, "Master data"). */
static const char *const location_kinds[] = {
	"region",    "trust",    "hospital",  "ward",          "ward-room",
	"room",      "pharmacy", "warehouse", "warehouse-bin", "emergency-store",
	"ambulance", NULL
};

/* What a row alone can be wrong in: a place of an unknown kind, a basis
 * line whose min is above its max.  0, or EX_DATAERR naming the row. */
static int check_row(struct importer *im, const struct master_table *t, json_t *row,
                     const char *where, struct tally_err *e)
{
	if (strcmp(t->name, "location") == 0) {
		const char *kind = json_string_value(json_object_get(row, "kind"));
		for (size_t i = 0; kind != NULL && location_kinds[i] != NULL; i++)
			if (strcmp(kind, location_kinds[i]) == 0)
				return 0;
		return bad_row(e, im, t, where,
		               _("'%s' is not a kind of place (region, trust, hospital, ward, "
		                 "ward-room, room, pharmacy, warehouse, warehouse-bin, "
		                 "emergency-store, ambulance)"),
		               kind != NULL ? kind : "");
	}
	if (strcmp(t->name, "basis") == 0) {
		json_int_t min = json_integer_value(json_object_get(row, "min")),
		           max = json_integer_value(json_object_get(row, "max"));
		if (min > max)
			return bad_row(e, im, t, where, _("min %lld is more than max %lld"),
			               (long long)min, (long long)max);
	}
	return 0;
}

/* What the rows together must hold once all are in: every basis line names
 * a known article, every place's parent is a known place.  0, or
 * EX_DATAERR naming the first row that does not. */
static int check_references(struct importer *im, struct tally_err *e)
{
	static const struct {
		const char *table, *sql;
	} checks[] = {
		{ "basis", "SELECT location_id || ' / ' || article_id, article_id FROM basis WHERE "
		           "article_id"
		           " NOT IN (SELECT id FROM article) ORDER BY 1 LIMIT 1" },
		{ "location",
		  "SELECT id, parent_id FROM location WHERE parent_id IS NOT NULL AND parent_id <> "
		  "''"
		  " AND parent_id NOT IN (SELECT id FROM location) ORDER BY 1 LIMIT 1" },
	};
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		struct hdb_stmt *st = NULL;
		int rc = hdb_prepare(im->db, checks[i].sql, &st);
		if (rc == HDB_OK && (rc = hdb_step(st)) == HDB_ROW) {
			const char *key = (const char *)hdb_column_text(st, 0),
			           *ref = (const char *)hdb_column_text(st, 1);
			if (i == 0)
				err_set(e, EX_DATAERR,
				        _("%s: table basis, row %s: there is no article '%s' "
				          "(import it "
				          "first, or in the same file); nothing was imported"),
				        im->file, key, ref);
			else
				err_set(
				    e, EX_DATAERR,
				    _("%s: table location, row %s: its parent '%s' is not a known "
				      "place (import it first, or in the same file); nothing was "
				      "imported"),
				    im->file, key, ref);
			hdb_finalize(st);
			return e->status;
		}
		hdb_finalize(st);
		if (rc != HDB_DONE)
			return hub_db_fail(e, im->db, rc, _("checking the imported rows"));
	}
	return 0;
}

/* The line of the first byte that is not UTF-8 (1 is the first line), or 0
 * when all of text is UTF-8. */
static long not_utf8_line(const char *text)
{
	long line = 1;
	const unsigned char *s = (const unsigned char *)text;
	while (*s != '\0') {
		int n = *s < 0x80                           ? 0
		        : (*s & 0xE0) == 0xC0 && *s >= 0xC2 ? 1
		        : (*s & 0xF0) == 0xE0               ? 2
		        : (*s & 0xF8) == 0xF0 && *s <= 0xF4 ? 3
		                                            : -1;
		if (n < 0)
			return line;
		for (int k = 1; k <= n; k++)
			if ((s[k] & 0xC0) != 0x80)
				return line;
		if (n == 2 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
			return line; /* overlong, or a surrogate */
		if (n == 3 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
			return line;
		line += *s == '\n';
		s += n + 1;
	}
	return 0;
}

static int put_row(struct importer *im, const struct master_table *t, json_t *in, const char *where,
                   struct tally_err *e)
{
	json_t *row = normalize(im, t, in, where, 0, e);
	if (row == NULL)
		return e->status;
	if (check_row(im, t, row, where, e) != 0) {
		json_decref(row);
		return e->status;
	}
	im->counts[table_index(t)].seen++;
	json_t *old = stored(im, t, row, e);
	int rc = 0;
	if (old == NULL) {
		rc = e->status;
		goto out;
	}
	if (json_equal(old, row))
		goto out;
	struct hdb_stmt *st = stmt(im, t, 0, e);
	if (st == NULL) {
		rc = e->status;
		goto out;
	}
	int i = 1;
	for (const struct master_column *c = t->cols; c->name != NULL; c++)
		bind_value(st, i++, c, json_object_get(row, c->name));
	int src = hdb_step(st);
	if (src != HDB_DONE) {
		rc = hub_db_fail(e, im->db, src, _("importing master data"));
		goto out;
	}
	/* The change carries what has a value; the handheld fills the rest. */
	json_t *logged = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(row, k, v)
	{
		if (!json_is_null(v))
			json_object_set(logged, k, v);
	}
	char key[512];
	row_key(t, row, key, sizeof(key));
	rc = log_change(im, t->name, key, "upsert", logged, e);
	json_decref(logged);
	if (rc == 0)
		rc = scope_after_put(im->db, t->name, old, row, e);
	if (rc == 0)
		im->counts[table_index(t)].changed++;
out:
	json_decref(old);
	json_decref(row);
	return rc;
}

static int delete_row(struct importer *im, const struct master_table *t, json_t *in,
                      const char *where, struct tally_err *e);

/* Delete, with delete_row, the rows of `table` whose `column` is `value`:
 * the rows bound to a place or a delivery that goes. */
static int delete_bound(struct importer *im, const char *table, const char *column,
                        const char *value, const char *where, struct tally_err *e)
{
	const struct master_table *t = master_table_find(table);
	char sql[256];
	size_t n = (size_t)snprintf(sql, sizeof(sql), "SELECT ");
	int keys = 0;
	for (const struct master_column *c = t->cols; c->name != NULL; c++)
		if (c->key)
			n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s\"%s\"",
			                      keys++ ? ", " : "", c->name);
	snprintf(sql + n, sizeof(sql) - n, " FROM \"%s\" WHERE \"%s\" = ?", table, column);
	/* Read them all first, then delete them one by one. */
	struct hdb_stmt *st = NULL;
	json_t *rows = json_array();
	int rc = hdb_prepare(im->db, sql, &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, value);
		while ((rc = hdb_step(st)) == HDB_ROW) {
			json_t *row = json_object();
			int i = 0;
			for (const struct master_column *c = t->cols; c->name != NULL; c++)
				if (c->key && hdb_column_type(st, i++) != HDB_NULL)
					json_object_set_new(
					    row, c->name,
					    json_string((const char *)hdb_column_text(st, i - 1)));
			json_array_append_new(rows, row);
		}
	}
	hdb_finalize(st);
	if (rc != HDB_DONE) {
		json_decref(rows);
		return hub_db_fail(e, im->db, rc, _("importing master data"));
	}
	size_t i;
	rc = 0;
	for (i = 0; rc == 0 && i < json_array_size(rows); i++)
		rc = delete_row(im, t, json_array_get(rows, i), where, e);
	json_decref(rows);
	return rc;
}

static int delete_row(struct importer *im, const struct master_table *t, json_t *in,
                      const char *where, struct tally_err *e)
{
	json_t *row = normalize(im, t, in, where, 1, e);
	if (row == NULL)
		return e->status;
	int rc = 0;
	int location = strcmp(t->name, "location") == 0;
	json_t *old = NULL;
	if (location || strcmp(t->name, "delivery") == 0) {
		/* What is bound to a place goes with it: its basis lists, last
		 * counts, plan places and deliveries; a delivery's lines go with
		 * the delivery (docs/hub.md, "Deleting a place"). */
		const char *key = json_string_value(json_object_get(row, location ? "id" : "sscc"));
		if (location && (old = stored(im, t, row, e)) == NULL) {
			rc = e->status;
			goto out;
		}
		static const char *const bound[] = { "basis", "stock", "plan_place", "delivery" };
		for (size_t k = 0; location && rc == 0 && k < sizeof(bound) / sizeof(bound[0]); k++)
			rc = delete_bound(im, bound[k], "location_id", key, where, e);
		if (!location && rc == 0)
			rc = delete_bound(im, "delivery_line", "sscc", key, where, e);
		if (rc != 0)
			goto out;
	}
	struct hdb_stmt *st = stmt(im, t, 1, e);
	if (st == NULL || bind_keys(st, t, row) != 0) {
		rc = e->status ? e->status : EX_SOFTWARE;
		goto out;
	}
	int src = hdb_step(st);
	if (src != HDB_DONE) {
		rc = hub_db_fail(e, im->db, src, _("importing master data"));
		goto out;
	}
	if (hdb_changes(im->db) > 0) {
		char key[512];
		row_key(t, row, key, sizeof(key));
		rc = log_change(im, t->name, key, "delete", row, e);
		if (rc == 0 && old != NULL && !json_is_null(old))
			rc = scope_after_delete(im->db, t->name, old, e);
		if (rc == 0)
			im->counts[table_index(t)].deleted++;
	}
out:
	json_decref(old);
	json_decref(row);
	return rc;
}

static const struct master_table *importable(struct importer *im, const char *name,
                                             struct tally_err *e)
{
	const struct master_table *t = master_table_find(name);
	if (t == NULL) {
		err_set(e, EX_DATAERR, _("%s: unknown table '%s'; nothing was imported"), im->file,
		        name);
		return NULL;
	}
	return t;
}

static int run_json(struct importer *im, json_t *doc, struct tally_err *e)
{
	if (!json_is_object(doc))
		return err_set(e, EX_DATAERR,
		               _("%s: expected a JSON object of tables, like {\"article\": "
		                 "[...]}; nothing was imported"),
		               im->file);
	const char *name;
	json_t *rows;
	for (int pass = 0; pass < 2; pass++) {
		json_t *set = pass == 0 ? doc : json_object_get(doc, "delete");
		if (pass == 1 && set == NULL)
			break;
		if (!json_is_object(set))
			return err_set(
			    e, EX_DATAERR,
			    _("%s: \"delete\" should be an object of tables; nothing was "
			      "imported"),
			    im->file);
		json_object_foreach(set, name, rows)
		{
			if (pass == 0 && strcmp(name, "delete") == 0)
				continue;
			const struct master_table *t = importable(im, name, e);
			if (t == NULL)
				return e->status;
			if (!json_is_array(rows))
				return err_set(
				    e, EX_DATAERR,
				    _("%s: table %s should be a list of rows; nothing was "
				      "imported"),
				    im->file, name);
			size_t i;
			json_t *r;
			json_array_foreach(rows, i, r)
			{
				char where[64];
				snprintf(where, sizeof(where),
				         pass ? _("deletion %zu") : _("row %zu"), i + 1);
				if ((pass ? delete_row(im, t, r, where, e)
				          : put_row(im, t, r, where, e)) != 0)
					return e->status;
			}
		}
	}
	return 0;
}

/* RFC 4180: one record from *p (advanced past it) into fields; the count of
 * fields, or -1 on an unterminated quote or when memory ran out (the
 * fields of this record are freed then).  Lines are counted in *line.
 * A field is measured first, then copied once: it is never longer than
 * its span of the input. */
int csv_record(const char **p, char sep, char ***fields, size_t *cap, long *line)
{
	const char *s = *p;
	int n = 0;
	for (;;) {
		const char *start = s;
		int quoted = *s == '"';
		if (quoted) {
			for (s++; !(*s == '"' && s[1] != '"'); s++) {
				if (*s == '\0')
					goto fail;
				if (*s == '"')
					s++; /* "" */
				else if (*s == '\n')
					(*line)++;
			}
			s++;
		}
		while (*s != '\0' && *s != sep && *s != '\n' && !(*s == '\r' && s[1] == '\n'))
			s++;
		char *f = malloc((size_t)(s - start) + 1), *o = f;
		char **v = grow(*fields, cap, (size_t)n, sizeof(*v));
		if (f == NULL || v == NULL) {
			free(f);
			goto fail;
		}
		*fields = v;
		for (const char *c = start + quoted; c < s; c++) {
			if (quoted && *c == '"' && c[1] == '"')
				c++; /* "" is one quote */
			else if (quoted && *c == '"')
				continue; /* the closing quote */
			*o++ = *c;
		}
		*o = '\0';
		(*fields)[n++] = f;
		if (*s == sep) {
			s++;
			continue;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n') {
			s++;
			(*line)++;
		}
		break;
	}
	*p = s;
	return n;
fail:
	for (int k = 0; k < n; k++)
		free((*fields)[k]);
	return -1;
}

/* The header line's separator: ';' (a spreadsheet saved in Norwegian, as
 * Excel does) when it has more semicolons than commas outside quotes, else
 * ','. */
char csv_separator(const char *p)
{
	int commas = 0, semicolons = 0, quoted = 0;
	for (; *p != '\0' && (quoted || *p != '\n'); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted)
			commas += *p == ',', semicolons += *p == ';';
	}
	return semicolons > commas ? ';' : ',';
}

static void free_fields(char **f, int n)
{
	for (int i = 0; i < n; i++)
		free(f[i]);
}

static int run_csv(struct importer *im, const char *text, const char *table, struct tally_err *e)
{
	const char *p = text;
	long line = 1;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3; /* a spreadsheet's byte-order mark */
	char name[64] = "";
	if (strncmp(p, "#table", 6) == 0) {
		const char *s = p + 6;
		while (*s == ' ' || *s == '\t')
			s++;
		size_t n = strcspn(s, " \t\r\n,");
		snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63), s);
		p = s + n;
		p += strcspn(p, "\n");
		if (*p == '\n')
			p++;
		line++;
	}
	if (table != NULL)
		snprintf(name, sizeof(name), "%s", table);
	if (name[0] == '\0')
		return err_set(e, EX_DATAERR,
		               _("%s: which table is this? Start the file with a line '#table "
		                 "NAME' or give --table NAME; nothing was imported"),
		               im->file);
	const struct master_table *t = importable(im, name, e);
	if (t == NULL)
		return e->status;
	char **head = NULL, **fields = NULL;
	size_t hcap = 0, fcap = 0;
	char sep = csv_separator(p);
	int nh = csv_record(&p, sep, &head, &hcap, &line), rc = 0;
	if (nh <= 0 || (nh == 1 && head[0][0] == '\0')) {
		rc = err_set(e, EX_DATAERR,
		             _("%s: table %s: the header row of column names is "
		               "missing; nothing was imported"),
		             im->file, t->name);
		goto out;
	}
	const struct master_column *cols[16];
	for (int i = 0; i < nh; i++) {
		const struct master_column *col = i < 16 ? master_column_find(t, head[i]) : NULL;
		if (col == NULL) {
			rc = bad_row(e, im, t, _("header"), _("unknown column '%s'"), head[i]);
			goto out;
		}
		cols[i] = col;
	}
	for (long row = 1; *p != '\0'; row++) {
		long at = line;
		int nf = csv_record(&p, sep, &fields, &fcap, &line);
		char where[64];
		snprintf(where, sizeof(where), _("row %ld (line %ld)"), row, at);
		if (nf < 0) {
			rc = bad_row(e, im, t, where, _("a quoted field is not closed%s"), "");
			goto out;
		}
		if (nf == 1 && fields[0][0] == '\0') {
			free_fields(fields, nf);
			row--;
			continue; /* a blank line */
		}
		if (nf != nh) {
			free_fields(fields, nf);
			char what[80];
			snprintf(what, sizeof(what), _("%d fields where the header has %d"), nf,
			         nh);
			rc = bad_row(e, im, t, where, "%s", what);
			goto out;
		}
		json_t *obj = json_object();
		for (int i = 0; i < nf && rc == 0; i++) {
			const char *f = fields[i];
			if (*f == '\0')
				continue; /* empty: the column's default */
			json_t *v = NULL;
			char *end;
			errno = 0;
			if (cols[i]->type == 't')
				v = json_string(f);
			else if (strcmp(f, "true") == 0 || strcmp(f, "false") == 0)
				v = cols[i]->type == 'i' ? json_boolean(f[0] == 't') : NULL;
			else if (cols[i]->type == 'i') {
				long long n = strtoll(f, &end, 10);
				if (*end == '\0' && errno == 0)
					v = json_integer(n);
			} else {
				char dot[64];
				if (sep == ';' && strlen(f) < sizeof(dot) &&
				    strchr(f, ',') != NULL) {
					snprintf(dot, sizeof(dot), "%s", f); /* 1,5: Norwegian */
					*strchr(dot, ',') = '.';
					f = dot;
				}
				double d = strtod(f, &end);
				if (*end == '\0' && errno == 0)
					v = json_real(d);
			}
			if (v == NULL)
				rc = bad_row(e, im, t, where,
				             cols[i]->type == 'i'
				                 ? _("column '%s' should be a whole number")
				                 : _("column '%s' should be a number"),
				             cols[i]->name);
			else
				json_object_set_new(obj, cols[i]->name, v);
		}
		free_fields(fields, nf);
		if (rc == 0)
			rc = put_row(im, t, obj, where, e);
		json_decref(obj);
		if (rc != 0)
			goto out;
	}
out:
	free_fields(head, nh > 0 ? nh : 0);
	free(head);
	free(fields);
	return rc;
}

static int run(struct hdb *db, const char *name, struct import_counts *counts, int csv,
               const char *text, const char *table, struct tally_err *e)
{
	struct importer im = { .db = db, .file = name, .counts = counts };
	memset(counts, 0, master_table_count * sizeof(*counts));
	long bad = not_utf8_line(text);
	if (bad > 0)
		return err_set(
		    e, EX_DATAERR,
		    _("%s: line %ld is not UTF-8 text (from Excel, save as \"CSV UTF-8\"; "
		      "or convert it: iconv -f WINDOWS-1252 -t UTF-8); nothing was "
		      "imported"),
		    name, bad);
	json_t *doc = NULL;
	if (!csv) {
		json_error_t je;
		doc = json_loads(text, 0, &je);
		if (doc == NULL)
			return err_set(e, EX_DATAERR,
			               _("%s: not valid JSON at line %d: %s; nothing was imported"),
			               name, je.line, je.text);
	}
	/* Every place at once, before the first change is written: an import
	 * writes changes as it goes and may then reconcile (codes new to the
	 * hub), so it takes the reconciliation lock first (place-lock.h). */
	int rc = hub_db_begin(db, e);
	if (rc == 0)
		rc = place_lock_all(db, e);
	if (rc == 0 && (im.log = changelog_writer_new(db, e)) == NULL)
		rc = e->status;
	if (rc == 0)
		rc = csv ? run_csv(&im, text, table, e) : run_json(&im, doc, e);
	if (rc == 0)
		rc = check_references(&im, e);
	/* Codes new to the hub: the records scanned with them before count
	 * for their article from now on, in this transaction. */
	for (size_t i = 0; rc == 0 && i < master_table_count; i++)
		if (strcmp(master_tables[i].name, "code") == 0 && counts[i].changed > 0) {
			struct code_attributed a = { 0 };
			rc = code_attribute(db, 0, NULL, 1, "import", NULL, &a, e);
			counts[i].counted_in = a.counted;
			counts[i].kept = a.not_counted;
		}
	changelog_writer_free(im.log);
	for (size_t i = 0; i < 16; i++) {
		hdb_finalize(im.upsert[i]);
		hdb_finalize(im.select[i]);
		hdb_finalize(im.remove[i]);
	}
	json_decref(doc);
	if (rc == 0 && hub_db_commit(db, e) == 0)
		return 0;
	hdb_rollback(db);
	memset(counts, 0, master_table_count * sizeof(*counts));
	return e->status;
}

int import_json_text(struct hdb *db, const char *name, const char *text,
                     struct import_counts *counts, struct tally_err *e)
{
	return run(db, name, counts, 0, text, NULL, e);
}

int import_csv_text(struct hdb *db, const char *name, const char *text, const char *table,
                    struct import_counts *counts, struct tally_err *e)
{
	return run(db, name, counts, 1, text, table, e);
}

int import_file(struct hdb *db, const char *path, const char *table, struct import_counts *counts,
                struct tally_err *e)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return err_set(e, EX_NOINPUT, _("cannot read %s: %s"), path, strerror(errno));
	size_t len = 0, cap = 65536;
	char *text = malloc(cap);
	size_t n;
	while (text != NULL && (n = fread(text + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len > IMPORT_MAX_BYTES) {
			fclose(f);
			free(text);
			return err_set(e, EX_DATAERR, _("%s is larger than 512 MiB; split it"),
			               path);
		}
		if (cap - len < 4096) {
			char *bigger = grow(text, &cap, cap, 1);
			if (bigger == NULL)
				free(text);
			text = bigger;
		}
	}
	int failed = ferror(f);
	fclose(f);
	if (text == NULL)
		return err_set(e, EX_OSERR, _("out of memory reading %s"), path);
	if (failed) {
		free(text);
		return err_set(e, EX_IOERR, _("cannot read %s"), path);
	}
	text[len] = '\0';
	size_t pl = strlen(path);
	int csv = table != NULL || (pl > 4 && strcasecmp(path + pl - 4, ".csv") == 0);
	int rc = csv ? import_csv_text(db, path, text, table, counts, e)
	             : import_json_text(db, path, text, counts, e);
	free(text);
	return rc;
}
