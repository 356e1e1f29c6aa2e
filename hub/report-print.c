/*
 * report-print.c — the table printer: a report flattened into a table
 * (report-internal.h) printed as aligned text or as CSV (RFC 4180); JSON
 * as it was built.
 *
 * Each report is flattened into one table: columns with a stable key (the
 * CSV header, so a spreadsheet or another system can rely on it) and a
 * translated heading (the text header), rows with an optional group heading
 * (a ward, a drill, a receipt) that text prints above its rows and CSV
 * carries in columns of its own.
 *
 * Times: the reports are built with UTC times (ISO 8601, as JSON keeps
 * them); text shows them in local time, "2026-11-23 09:15", and says the
 * zone once above the table; CSV gives local time with its offset,
 * "2026-11-23T09:15:00+01:00" (common/local-time.h: the zone set by
 * tally-hub's --timezone, $TZ, or Europe/Oslo).
 */
#include "hub/report-internal.h"
#include "common/i18n.h"
#include "common/local-time.h"

#include <stdlib.h>
#include <string.h>

void report_table_add(struct report_table *t, const char *heading, json_t *row)
{
	json_array_append_new(t->rows, json_pack("[s?,o]", heading, row));
}

/* The text of one value: NULL for null (the caller decides). */
static char *cell(const struct report_col *c, json_t *v, int text)
{
	char buf[64];
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		time_t t;
		if (c->time && strlen(s) >= 16 && local_time_parse(s, &t) == 0)
			return strdup(text ? local_time_iso(t, buf, sizeof(buf))
			                   : local_time_iso_offset(t, buf, sizeof(buf)));
		return strdup(s);
	}
	if (json_is_integer(v))
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, sizeof(buf), "%.1f", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, sizeof(buf), "%s", json_is_true(v) ? _("yes") : _("no"));
	else
		return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	return strdup(buf);
}

/* Width on screen: code points, not bytes (æ, ø, å). */
static size_t width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void pad(FILE *out, size_t n)
{
	while (n-- > 0)
		fputc(' ', out);
}

static char *text_cell(const struct report_col *c, json_t *row)
{
	char *s = cell(c, json_object_get(row, c->key), 1);
	return s != NULL ? s : strdup(c->null_text ? _(c->null_text) : "-");
}

static void print_text(FILE *out, const struct report_table *t)
{
	size_t w[32] = { 0 };
	size_t i;
	json_t *r;
	for (size_t k = 0; k < t->ncol; k++)
		w[k] = width(_(t->cols[k].head));
	json_array_foreach(t->rows, i, r)
	{
		for (size_t k = 0; k < t->ncol; k++) {
			char *s = text_cell(&t->cols[k], json_array_get(r, 1));
			if (width(s) > w[k])
				w[k] = width(s);
			free(s);
		}
	}
	size_t last_col = 0; /* the last column text shows */
	for (size_t k = 0; k < t->ncol; k++)
		if (t->cols[k].show & REPORT_SHOW_TEXT)
			last_col = k;
	const char *last = NULL;
	int header = 0;
	json_array_foreach(t->rows, i, r)
	{
		const char *h = json_string_value(json_array_get(r, 0));
		if (h != NULL && (last == NULL || strcmp(h, last) != 0)) {
			fprintf(out, "%s%s\n", last != NULL ? "\n" : "", h);
			last = h;
			header = 0;
		}
		for (int pass = header; pass < 2; pass++) {
			/* A line is built first, so that a row whose last cells are
			 * empty ends without blanks. */
			char *line = NULL;
			size_t line_size = 0;
			FILE *row = open_memstream(&line, &line_size);
			if (row == NULL)
				return;
			FILE *shown = out;
			out = row;
			for (size_t k = 0, first = 1; k < t->ncol; k++) {
				if (!(t->cols[k].show & REPORT_SHOW_TEXT))
					continue;
				char *s = pass == 0 ? strdup(_(t->cols[k].head))
				                    : text_cell(&t->cols[k], json_array_get(r, 1));
				size_t gap = w[k] - width(s);
				fputs(first ? "" : "  ", out);
				if (t->cols[k].right)
					pad(out, gap);
				fputs(s, out);
				/* No trailing blanks after the last column. */
				if (!t->cols[k].right && k < last_col)
					pad(out, gap);
				free(s);
				first = 0;
			}
			fclose(row);
			out = shown;
			size_t len = strlen(line);
			while (len > 0 && line[len - 1] == ' ')
				line[--len] = '\0';
			fputs(line, out);
			free(line);
			fputc('\n', out);
		}
		header = 1;
	}
}

static void csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void print_csv(FILE *out, const struct report_table *t)
{
	int first = 1;
	for (size_t k = 0; k < t->ncol; k++)
		if (t->cols[k].show & REPORT_SHOW_CSV) {
			fputs(first ? "" : ",", out);
			csv_field(out, t->cols[k].key);
			first = 0;
		}
	fputs("\r\n", out);
	size_t i;
	json_t *r;
	json_array_foreach(t->rows, i, r)
	{
		first = 1;
		for (size_t k = 0; k < t->ncol; k++) {
			if (!(t->cols[k].show & REPORT_SHOW_CSV))
				continue;
			char *s = cell(&t->cols[k],
			               json_object_get(json_array_get(r, 1), t->cols[k].key), 0);
			fputs(first ? "" : ",", out);
			csv_field(out, s != NULL ? s : "");
			free(s);
			first = 0;
		}
		fputs("\r\n", out);
	}
}

const char *report_local_time(const char *utc, char buf[20])
{
	time_t t;
	buf[0] = '\0';
	if (utc != NULL && local_time_parse(utc, &t) == 0)
		local_time_iso(t, buf, 20);
	return buf;
}

/* "name (id)", or the id alone. */
char *report_named(json_t *o, const char *name_key, const char *id_key)
{
	const char *name = json_string_value(json_object_get(o, name_key));
	const char *id = json_string_value(json_object_get(o, id_key));
	char buf[300];
	if (name != NULL && id != NULL)
		snprintf(buf, sizeof(buf), "%s (%s)", name, id);
	else
		snprintf(buf, sizeof(buf), "%s", name ? name : id ? id : "?");
	return strdup(buf);
}

int report_print(FILE *out, json_t *report, enum report_format f, struct tally_err *e)
{
	if (f == REPORT_JSON) {
		if (json_dumpf(report, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
			return err_set(e, EX_IOERR, _("cannot write the report"));
		fputc('\n', out);
		return 0;
	}
	const struct report_kind *k =
	    report_kind_find(json_string_value(json_object_get(report, "report")));
	if (k == NULL)
		return err_set(e, EX_SOFTWARE, _("cannot write the report"));
	struct report_table t = { k->cols, k->ncol, json_array() };
	k->table(report, &t, f == REPORT_TEXT);
	if (f == REPORT_CSV)
		print_csv(out, &t);
	else if (json_array_size(t.rows) == 0) {
		fprintf(out, "%s\n", _("Nothing to report."));
	} else {
		/* Once, above the report: the zone its times are in. */
		fprintf(out, _("Times are local (%s)."), local_time_zone_name());
		fputs("\n\n", out);
		print_text(out, &t);
	}
	json_decref(t.rows);
	return ferror(out) ? err_set(e, EX_IOERR, _("cannot write the report")) : 0;
}
