/*
 * report-print.c — a report (report.c's JSON) as an aligned text table,
 * as JSON, or as CSV (RFC 4180).
 *
 * Each report is flattened into one table: columns with a stable key (the
 * CSV header, so a spreadsheet or another system can rely on it) and a
 * translated heading (the text header), rows with an optional group heading
 * (a ward, a drill, a receipt) that text prints above its rows and CSV
 * carries in columns of its own.
 */
#include "hub/report.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

enum { SHOW_TEXT = 1, SHOW_CSV = 2, SHOW_BOTH = 3 };

struct col {
	const char *key;
	const char *head;      /* N_(): translated when printed */
	int right;             /* numbers align right */
	int show;              /* SHOW_* */
	int time;              /* text shows "2026-11-23 08:15" */
	const char *null_text; /* N_(): text for a null value; "-" when NULL */
};

struct table {
	const struct col *cols;
	size_t ncol;
	json_t *rows; /* [[heading or null, {key: value}], ...] */
};

static void add_row(struct table *t, const char *heading, json_t *row)
{
	json_array_append_new(t->rows, json_pack("[s?,o]", heading, row));
}

/* The text of one value: NULL for null (the caller decides). */
static char *cell(const struct col *c, json_t *v, int text)
{
	char buf[64];
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (text && c->time && strlen(s) >= 16) {
			snprintf(buf, sizeof(buf), "%.10s %.5s", s, s + 11);
			return strdup(buf);
		}
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

static char *text_cell(const struct col *c, json_t *row)
{
	char *s = cell(c, json_object_get(row, c->key), 1);
	return s != NULL ? s : strdup(c->null_text ? _(c->null_text) : "-");
}

static void print_text(FILE *out, const struct table *t)
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
			for (size_t k = 0, first = 1; k < t->ncol; k++) {
				if (!(t->cols[k].show & SHOW_TEXT))
					continue;
				char *s = pass == 0 ? strdup(_(t->cols[k].head))
				                    : text_cell(&t->cols[k], json_array_get(r, 1));
				size_t gap = w[k] - width(s);
				fputs(first ? "" : "  ", out);
				if (t->cols[k].right)
					pad(out, gap);
				fputs(s, out);
				/* No trailing blanks after the last column. */
				if (!t->cols[k].right && k + 1 < t->ncol)
					pad(out, gap);
				free(s);
				first = 0;
			}
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

static void print_csv(FILE *out, const struct table *t)
{
	int first = 1;
	for (size_t k = 0; k < t->ncol; k++)
		if (t->cols[k].show & SHOW_CSV) {
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
			if (!(t->cols[k].show & SHOW_CSV))
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

/* --- the reports as tables ------------------------------------------------ */

/* "name (id)", or the id alone. */
static char *named(json_t *o, const char *name_key, const char *id_key)
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

/* Names of a list of {name, id|badge}: "Anne Hansen, MED1 handheld 2". */
static json_t *names(json_t *list)
{
	size_t i, len = 0;
	json_t *v;
	char buf[1024] = "";
	json_array_foreach(list, i, v)
	{
		const char *n = json_string_value(json_object_get(v, "name"));
		char idbuf[32];
		if (n == NULL) {
			const char *b = json_string_value(json_object_get(v, "badge"));
			snprintf(idbuf, sizeof(idbuf), "#%lld",
			         (long long)json_integer_value(json_object_get(v, "id")));
			n = b != NULL ? b : idbuf;
		}
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? ", " : "", n);
		if (len >= sizeof(buf))
			break;
	}
	return json_string(buf);
}

static const struct col stock_cols[] = {
	{ "location_id", N_("location id"), 0, SHOW_CSV, 0, NULL },
	{ "location", N_("location"), 0, SHOW_BOTH, 0, NULL },
	{ "article_id", N_("article id"), 0, SHOW_CSV, 0, NULL },
	{ "article", N_("article"), 0, SHOW_BOTH, 0, NULL },
	{ "onhand", N_("on hand"), 1, SHOW_BOTH, 0, NULL },
	{ "last_count", N_("last count"), 1, SHOW_BOTH, 0, N_("none") },
	{ "counted_at", N_("counted at"), 0, SHOW_BOTH, 1, NULL },
};

static void stock_table(json_t *rep, struct table *t)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rep, "rows"), i, r)
	{
		json_t *row = json_deep_copy(r);
		json_object_set_new(row, "location",
		                    json_incref(json_object_get(r, "location_name")));
		json_object_set_new(row, "article",
		                    json_incref(json_object_get(r, "article_name")));
		if (json_is_null(json_object_get(row, "location")))
			json_object_set(row, "location", json_object_get(r, "location_id"));
		if (json_is_null(json_object_get(row, "article")))
			json_object_set(row, "article", json_object_get(r, "article_id"));
		add_row(t, NULL, row);
	}
}

static const struct col refill_cols[] = {
	{ "location_id", N_("location id"), 0, SHOW_CSV, 0, NULL },
	{ "location_name", N_("ward"), 0, SHOW_CSV, 0, NULL },
	{ "last_round", N_("last round"), 0, SHOW_CSV, 0, NULL },
	{ "article_id", N_("article id"), 0, SHOW_CSV, 0, NULL },
	{ "article_name", N_("article"), 0, SHOW_BOTH, 0, NULL },
	{ "onhand", N_("on hand"), 1, SHOW_BOTH, 0, N_("not counted") },
	{ "min", N_("min"), 1, SHOW_BOTH, 0, NULL },
	{ "max", N_("max"), 1, SHOW_BOTH, 0, NULL },
	{ "policy", N_("policy"), 0, SHOW_BOTH, 0, NULL },
	{ "refill", N_("refill"), 1, SHOW_BOTH, 0, N_("count first") },
};

static void refill_table(json_t *rep, struct table *t)
{
	size_t i, k;
	json_t *w, *l;
	json_array_foreach(json_object_get(rep, "wards"), i, w)
	{
		char *ward = named(w, "location_name", "location_id"), head[512];
		const char *last = json_string_value(json_object_get(w, "last_round"));
		if (last != NULL)
			snprintf(head, sizeof(head), _("%s — last round %.10s %.5s"), ward, last,
			         last + (strlen(last) > 11 ? 11 : strlen(last)));
		else
			snprintf(head, sizeof(head), _("%s — no round yet"), ward);
		free(ward);
		json_int_t uncounted = json_integer_value(json_object_get(w, "not_counted"));
		if (uncounted > 0) {
			size_t n = strlen(head);
			snprintf(head + n, sizeof(head) - n,
			         _("; %lld articles not counted, so not on this list (--all shows "
			           "them)"),
			         (long long)uncounted);
		}
		json_array_foreach(json_object_get(w, "lines"), k, l)
		{
			json_t *row = json_deep_copy(l);
			json_object_set(row, "location_id", json_object_get(w, "location_id"));
			json_object_set(row, "location_name", json_object_get(w, "location_name"));
			json_object_set(row, "last_round", json_object_get(w, "last_round"));
			add_row(t, head, row);
		}
	}
}

static const struct col variance_cols[] = {
	{ "placed_time", N_("when"), 0, SHOW_BOTH, 1, NULL },
	{ "location_id", N_("location id"), 0, SHOW_CSV, 0, NULL },
	{ "location", N_("location"), 0, SHOW_BOTH, 0, NULL },
	{ "article_id", N_("article id"), 0, SHOW_CSV, 0, NULL },
	{ "article", N_("article"), 0, SHOW_BOTH, 0, NULL },
	{ "expected", N_("expected"), 1, SHOW_BOTH, 0, N_("first count") },
	{ "counted", N_("counted"), 1, SHOW_BOTH, 0, NULL },
	{ "difference", N_("difference"), 1, SHOW_BOTH, 0, NULL },
	{ "user", N_("user"), 0, SHOW_CSV, 0, NULL },
	{ "user_name", N_("user"), 0, SHOW_BOTH, 0, NULL },
	{ "device", N_("handheld"), 0, SHOW_BOTH, 0, NULL },
};

static void variance_table(json_t *rep, struct table *t)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rep, "rows"), i, r)
	{
		json_t *row = json_deep_copy(r);
		json_t *ln = json_object_get(r, "location_name"),
		       *an = json_object_get(r, "article_name");
		json_object_set(row, "location",
		                json_is_string(ln) ? ln : json_object_get(r, "location_id"));
		json_object_set(row, "article",
		                json_is_string(an) ? an : json_object_get(r, "article_id"));
		if (!json_is_string(json_object_get(r, "user_name")))
			json_object_set(row, "user_name", json_object_get(r, "user"));
		json_t *dn = json_object_get(r, "device_name");
		if (json_is_string(dn))
			json_object_set(row, "device", dn);
		else
			json_object_set_new(
			    row, "device",
			    json_sprintf("#%lld", (long long)json_integer_value(
			                              json_object_get(r, "device_id"))));
		add_row(t, NULL, row);
	}
}

static const struct col antidote_cols[] = {
	{ "article_id", N_("article id"), 0, SHOW_CSV, 0, NULL },
	{ "article_name", N_("antidote"), 0, SHOW_CSV, 0, NULL },
	{ "total", N_("total"), 1, SHOW_CSV, 0, NULL },
	{ "places_at_zero", N_("places at zero"), 1, SHOW_CSV, 0, NULL },
	{ "hospital", N_("hospital"), 0, SHOW_BOTH, 0, NULL },
	{ "location_id", N_("location id"), 0, SHOW_CSV, 0, NULL },
	{ "location", N_("location"), 0, SHOW_BOTH, 0, NULL },
	{ "onhand", N_("on hand"), 1, SHOW_BOTH, 0, N_("not counted") },
	{ "counted_at", N_("counted at"), 0, SHOW_BOTH, 1, NULL },
};

static void antidote_table(json_t *rep, struct table *t)
{
	size_t i, k;
	json_t *a, *l;
	json_array_foreach(json_object_get(rep, "articles"), i, a)
	{
		char *name = named(a, "article_name", "article_id"), head[512];
		snprintf(head, sizeof(head), _("%s: %lld in all, %lld places at zero"), name,
		         (long long)json_integer_value(json_object_get(a, "total")),
		         (long long)json_integer_value(json_object_get(a, "places_at_zero")));
		free(name);
		json_t *locs = json_object_get(a, "locations");
		if (json_array_size(locs) == 0) {
			json_t *row = json_pack("{s:O,s:O,s:O,s:O}", "article_id",
			                        json_object_get(a, "article_id"), "article_name",
			                        json_object_get(a, "article_name"), "total",
			                        json_object_get(a, "total"), "places_at_zero",
			                        json_object_get(a, "places_at_zero"));
			json_object_set_new(row, "location", json_string(_("held nowhere")));
			add_row(t, head, row);
		}
		json_array_foreach(locs, k, l)
		{
			json_t *row = json_deep_copy(l);
			json_object_set(row, "article_id", json_object_get(a, "article_id"));
			json_object_set(row, "article_name", json_object_get(a, "article_name"));
			json_object_set(row, "total", json_object_get(a, "total"));
			json_object_set(row, "places_at_zero",
			                json_object_get(a, "places_at_zero"));
			json_t *hn = json_object_get(l, "hospital_name"),
			       *ln = json_object_get(l, "location_name");
			json_object_set(row, "hospital",
			                json_is_string(hn) ? hn
			                                   : json_object_get(l, "hospital_id"));
			json_object_set(row, "location",
			                json_is_string(ln) ? ln
			                                   : json_object_get(l, "location_id"));
			add_row(t, head, row);
		}
	}
}

static const struct col drill_cols[] = {
	{ "plan_id", N_("plan"), 0, SHOW_CSV, 0, NULL },
	{ "started", N_("started"), 0, SHOW_CSV, 0, NULL },
	{ "ended", N_("ended"), 0, SHOW_CSV, 0, NULL },
	{ "duration_s", N_("duration (s)"), 0, SHOW_CSV, 0, NULL },
	{ "devices", N_("handhelds"), 0, SHOW_CSV, 0, NULL },
	{ "users", N_("users"), 0, SHOW_CSV, 0, NULL },
	{ "article_id", N_("article id"), 0, SHOW_CSV, 0, NULL },
	{ "article_name", N_("article"), 0, SHOW_BOTH, 0, NULL },
	{ "required", N_("required"), 1, SHOW_BOTH, 0, N_("plan error") },
	{ "counted", N_("counted"), 1, SHOW_BOTH, 0, NULL },
	{ "shortfall", N_("shortfall"), 1, SHOW_BOTH, 0, NULL },
	{ "cover_pct", N_("cover %"), 1, SHOW_BOTH, 0, NULL },
	{ "expired", N_("expired"), 1, SHOW_BOTH, 0, NULL },
	{ "below_min", N_("places below min"), 0, SHOW_BOTH, 0, NULL },
};

static void drill_table(json_t *rep, struct table *t)
{
	size_t i, k, m;
	json_t *d, *l, *p;
	json_array_foreach(json_object_get(rep, "drills"), i, d)
	{
		const char *start = json_string_value(json_object_get(d, "started"));
		json_t *dev = names(json_object_get(d, "devices"));
		json_t *usr = names(json_object_get(d, "users"));
		char *plan = named(d, "plan_name", "plan_id"), head[1024];
		double secs = json_number_value(json_object_get(d, "duration_s"));
		snprintf(head, sizeof(head),
		         _("Drill %s, started %.10s %.5s, took %lld min %02lld s\n"
		           "  handhelds: %s\n  users: %s"),
		         plan, start, start + 11, (long long)(secs / 60), (long long)secs % 60,
		         json_string_value(dev), json_string_value(usr));
		free(plan);
		json_array_foreach(json_object_get(d, "lines"), k, l)
		{
			char below[512] = "";
			size_t len = 0;
			json_array_foreach(json_object_get(l, "places"), m, p)
			{
				if (!json_is_true(json_object_get(p, "below_min")))
					continue;
				json_t *n = json_object_get(p, "location_name");
				len += (size_t)snprintf(
				    below + len, sizeof(below) - len, "%s%s", len ? "; " : "",
				    json_string_value(
				        json_is_string(n) ? n : json_object_get(p, "location_id")));
				if (len >= sizeof(below))
					break;
			}
			json_t *row = json_deep_copy(l);
			json_object_del(row, "places");
			json_object_set(row, "plan_id", json_object_get(d, "plan_id"));
			json_object_set(row, "started", json_object_get(d, "started"));
			json_object_set(row, "ended", json_object_get(d, "ended"));
			json_object_set(row, "duration_s", json_object_get(d, "duration_s"));
			json_object_set(row, "devices", dev);
			json_object_set(row, "users", usr);
			json_object_set_new(row, "below_min", json_string(below));
			add_row(t, head, row);
		}
		json_decref(dev);
		json_decref(usr);
	}
}

static const struct col receipt_cols[] = {
	{ "session", N_("receipt"), 0, SHOW_CSV, 0, NULL },
	{ "started", N_("started"), 0, SHOW_CSV, 0, NULL },
	{ "user", N_("user"), 0, SHOW_CSV, 0, NULL },
	{ "device", N_("handheld"), 0, SHOW_CSV, 0, NULL },
	{ "sscc", N_("SSCC"), 0, SHOW_BOTH, 0, NULL },
	{ "delivery", N_("delivery"), 0, SHOW_BOTH, 0, N_("not expected") },
	{ "article_id", N_("article id"), 0, SHOW_CSV, 0, NULL },
	{ "article", N_("article"), 0, SHOW_BOTH, 0, NULL },
	{ "expected", N_("expected"), 1, SHOW_BOTH, 0, NULL },
	{ "received", N_("received"), 1, SHOW_BOTH, 0, NULL },
	{ "deviation", N_("deviation"), 0, SHOW_BOTH, 0, NULL },
	{ "details", N_("details"), 0, SHOW_BOTH, 0, NULL },
	{ "at", N_("at"), 0, SHOW_BOTH, 1, NULL },
};

static const char *deviation_name(const char *type)
{
	static const struct {
		const char *type, *name;
	} names_[] = {
		{ "short-expiry", N_("short expiry") },
		{ "batch-mismatch", N_("wrong batch") },
		{ "unexpected", N_("not on the delivery") },
		{ "over", N_("more than expected") },
		{ "under", N_("less than expected") },
		{ "damaged", N_("damaged") },
	};
	for (size_t i = 0; type != NULL && i < sizeof(names_) / sizeof(names_[0]); i++)
		if (strcmp(type, names_[i].type) == 0)
			return _(names_[i].name);
	return type;
}

/* {"expiry": "2027-01-31", "days_left": 60} → "expiry=2027-01-31 days_left=60" */
static json_t *details_text(json_t *details)
{
	char buf[512] = "";
	size_t len = 0;
	const char *k;
	json_t *v;
	json_object_foreach(details, k, v)
	{
		char *s = json_is_string(v) ? strdup(json_string_value(v))
		                            : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s=%s", len ? " " : "", k,
		                        s ? s : "");
		free(s);
		if (len >= sizeof(buf))
			break;
	}
	return json_string(buf);
}

/* What a person reads for a deviation (text reports); the key=value form
 * stays for CSV and for types this hub does not know. */
static json_t *details_describe(const char *type, json_t *d)
{
	const char *s1 = json_string_value(json_object_get(d, "expected"));
	const char *s2 = json_string_value(json_object_get(d, "received"));
	json_int_t n1 = json_integer_value(json_object_get(d, "expected"));
	json_int_t n2 = json_integer_value(json_object_get(d, "received"));
	if (type == NULL)
		return details_text(d);
	if (strcmp(type, "short-expiry") == 0 && json_object_get(d, "expiry") != NULL)
		return json_sprintf(
		    _("expires %s, in %lld days; %lld required"),
		    json_string_value(json_object_get(d, "expiry")),
		    (long long)json_integer_value(json_object_get(d, "days_left")),
		    (long long)json_integer_value(json_object_get(d, "min_shelf_days")));
	if (strcmp(type, "batch-mismatch") == 0 && s1 != NULL && s2 != NULL)
		return json_sprintf(_("batch %s, expected %s"), s2, s1);
	if ((strcmp(type, "over") == 0 || strcmp(type, "under") == 0) &&
	    json_is_integer(json_object_get(d, "expected")))
		return json_sprintf(_("%lld received, %lld expected"), (long long)n2,
		                    (long long)n1);
	if (strcmp(type, "damaged") == 0 && json_is_integer(json_object_get(d, "qty"))) {
		json_int_t qty = json_integer_value(json_object_get(d, "qty"));
		const char *batch = json_string_value(json_object_get(d, "batch"));
		char packs[64];
		snprintf(packs, sizeof(packs),
		         ngettext("%lld pack", "%lld packs", (unsigned long)qty), (long long)qty);
		return batch != NULL ? json_sprintf(_("%s, batch %s"), packs, batch)
		                     : json_string(packs);
	}
	return details_text(d);
}

static void receipt_table(json_t *rep, struct table *t, int text)
{
	size_t i, k, m;
	json_t *r, *p, *l;
	json_array_foreach(json_object_get(rep, "receipts"), i, r)
	{
		json_t *user = json_object_get(r, "user"), *dev = json_object_get(r, "device");
		char *who = named(user, "name", "badge"), head[512];
		const char *start = json_string_value(json_object_get(r, "started"));
		json_t *devname = json_object_get(dev, "name");
		json_t *devtext =
		    json_is_string(devname)
		        ? json_incref(devname)
		        : json_sprintf("#%lld",
		                       (long long)json_integer_value(json_object_get(dev, "id")));
		size_t parcels = json_array_size(json_object_get(r, "parcels"));
		size_t devs = json_array_size(json_object_get(r, "deviations"));
		char np[64], nd[64];
		snprintf(np, sizeof(np), ngettext("%zu parcel", "%zu parcels", parcels), parcels);
		snprintf(nd, sizeof(nd), ngettext("%zu deviation", "%zu deviations", devs), devs);
		snprintf(head, sizeof(head), _("Receipt %.10s %.5s by %s on %s: %s, %s"),
		         start ? start : "", start && strlen(start) > 11 ? start + 11 : "", who,
		         json_string_value(devtext), np, nd);
		json_t *base = json_pack(
		    "{s:O,s:O,s:s,s:O}", "session", json_object_get(r, "session"), "started",
		    json_object_get(r, "started"), "user", who, "device", devtext);
		free(who);
		json_decref(devtext);
		json_array_foreach(json_object_get(r, "parcels"), k, p)
		{
			json_t *delivery = json_null();
			if (json_is_true(json_object_get(p, "expected"))) {
				const char *id =
				    json_string_value(json_object_get(p, "delivery_id"));
				const char *sup = json_string_value(json_object_get(p, "supplier"));
				json_decref(delivery);
				delivery = json_sprintf("%s%s%s", id ? id : "",
				                        id && sup ? " " : "", sup ? sup : "");
			}
			json_array_foreach(json_object_get(p, "lines"), m, l)
			{
				json_t *row = json_deep_copy(base);
				json_t *an = json_object_get(l, "article_name");
				json_object_set(row, "sscc", json_object_get(p, "sscc"));
				json_object_set(row, "delivery", delivery);
				json_object_set(row, "article_id",
				                json_object_get(l, "article_id"));
				json_object_set(
				    row, "article",
				    json_is_string(an) ? an : json_object_get(l, "article_id"));
				json_object_set(row, "expected", json_object_get(l, "expected"));
				json_object_set(row, "received", json_object_get(l, "received"));
				add_row(t, head, row);
			}
			json_decref(delivery);
		}
		json_array_foreach(json_object_get(r, "deviations"), k, l)
		{
			json_t *row = json_deep_copy(base);
			json_t *an = json_object_get(l, "article_name");
			const char *type = json_string_value(json_object_get(l, "type"));
			json_object_set(row, "sscc", json_object_get(l, "sscc"));
			json_object_set_new(row, "delivery", json_string(""));
			json_object_set(row, "article_id", json_object_get(l, "article_id"));
			json_object_set(row, "article",
			                json_is_string(an) ? an : json_object_get(l, "article_id"));
			json_object_set_new(row, "deviation",
			                    type == NULL
			                        ? json_null()
			                        : json_string(text ? deviation_name(type) : type));
			json_object_set_new(
			    row, "details",
			    text ? details_describe(type, json_object_get(l, "details"))
			         : details_text(json_object_get(l, "details")));
			json_object_set(row, "at", json_object_get(l, "at"));
			add_row(t, head, row);
		}
		json_decref(base);
	}
}

int report_print(FILE *out, json_t *report, enum report_format f, struct tally_err *e)
{
	if (f == REPORT_JSON) {
		if (json_dumpf(report, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
			return err_set(e, EX_IOERR, _("cannot write the report"));
		fputc('\n', out);
		return 0;
	}
	const char *name = json_string_value(json_object_get(report, "report"));
	struct table t = { NULL, 0, json_array() };
#define USE(c_) (t.cols = c_, t.ncol = sizeof(c_) / sizeof(c_[0]))
	if (strcmp(name, "stock") == 0) {
		USE(stock_cols);
		stock_table(report, &t);
	} else if (strcmp(name, "refill") == 0) {
		USE(refill_cols);
		refill_table(report, &t);
	} else if (strcmp(name, "variance") == 0) {
		USE(variance_cols);
		variance_table(report, &t);
	} else if (strcmp(name, "antidotes") == 0) {
		USE(antidote_cols);
		antidote_table(report, &t);
	} else if (strcmp(name, "drill") == 0) {
		USE(drill_cols);
		drill_table(report, &t);
	} else {
		USE(receipt_cols);
		receipt_table(report, &t, f == REPORT_TEXT);
	}
#undef USE
	if (f == REPORT_CSV)
		print_csv(out, &t);
	else if (json_array_size(t.rows) == 0)
		fprintf(out, "%s\n", _("Nothing to report."));
	else
		print_text(out, &t);
	json_decref(t.rows);
	return ferror(out) ? err_set(e, EX_IOERR, _("cannot write the report")) : 0;
}
