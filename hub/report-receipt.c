/*
 * report-receipt.c — goods receipts: parcels, lines received against the
 * expected delivery, deviations in words; its columns and its table.
 */
#include "hub/report-internal.h"
#include "hub/reconcile.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

static int receipt_parcels(struct hdb *db, json_t *r, const char *session, struct tally_err *e)
{
	struct hdb_stmt *ssccs =
	    report_prep(db,
	                "SELECT sscc FROM (SELECT json_extract(data, '$.sscc') AS sscc, id"
	                " FROM event WHERE session = ? AND kind IN ('receive', 'deviation')) x"
	                " WHERE sscc IS NOT NULL GROUP BY sscc ORDER BY min(id)",
	                e);
	struct hdb_stmt *dlv =
	    report_prep(db, "SELECT id, supplier FROM delivery WHERE sscc = ?", e);
	/* Expected and received per article: the delivery's lines, and what
	 * was scanned for this parcel in this session. */
	struct hdb_stmt *lines = report_prep(
	    db,
	    "SELECT x.article_id, a.name, (SELECT sum(qty) FROM delivery_line dl"
	    "  WHERE dl.sscc = ?1 AND dl.article_id = x.article_id),"
	    " (SELECT sum(qty) FROM event r WHERE r.session = ?2 AND r.kind = 'receive'"
	    "  AND r.article_id = x.article_id AND json_extract(r.data, '$.sscc') = "
	    "?1" HUB_NOT_VOIDED(
	        "r") ")"
	             " FROM (SELECT article_id FROM delivery_line WHERE sscc = ?1 UNION"
	             "       SELECT article_id FROM event AS w WHERE session = ?2 AND kind = "
	             "'receive'"
	             "       AND json_extract(data, '$.sscc') = ?1 AND article_id IS NOT "
	             "NULL" HUB_NOT_VOIDED("w") ") x"
	                                        " LEFT JOIN article a ON a.id = x.article_id ORDER "
	                                        "BY coalesce(a.name, x.article_id)",
	    e);
	int rc = HDB_DONE;
	if (ssccs == NULL || dlv == NULL || lines == NULL)
		goto out;
	hdb_bind_text(ssccs, 1, session);
	json_t *parcels = json_array();
	json_object_set_new(r, "parcels", parcels);
	while ((rc = hdb_step(ssccs)) == HDB_ROW) {
		const char *sscc = (const char *)hdb_column_text(ssccs, 0);
		hdb_reset(dlv);
		hdb_bind_text(dlv, 1, sscc);
		int known = hdb_step(dlv) == HDB_ROW;
		json_t *p =
		    json_pack("{s:s,s:b,s:o,s:o,s:[]}", "sscc", sscc, "expected", known,
		              "delivery_id", known ? report_text(dlv, 0) : json_null(), "supplier",
		              known ? report_text(dlv, 1) : json_null(), "lines");
		json_array_append_new(parcels, p);
		hdb_reset(lines);
		hdb_bind_text(lines, 1, sscc);
		hdb_bind_text(lines, 2, session);
		while (hdb_step(lines) == HDB_ROW) {
			json_t *exp = report_int(lines, 2);
			if (json_is_null(exp) && known) {
				json_decref(exp);
				exp = json_integer(0); /* not on the delivery note */
			}
			json_t *got = report_int(lines, 3);
			if (json_is_null(got)) {
				json_decref(got);
				got = json_integer(0);
			}
			json_array_append_new(json_object_get(p, "lines"),
			                      json_pack("{s:o,s:o,s:o,s:o}", "article_id",
			                                report_text(lines, 0), "article_name",
			                                report_text(lines, 1), "expected", exp,
			                                "received", got));
		}
	}
out:
	hdb_finalize(dlv);
	hdb_finalize(lines);
	if (ssccs == NULL || dlv == NULL || lines == NULL) {
		hdb_finalize(ssccs);
		return e->status;
	}
	return report_done(db, ssccs, rc, e);
}

static int receipt_deviations(struct hdb *db, json_t *r, const char *session, struct tally_err *e)
{
	struct hdb_stmt *st =
	    report_prep(db,
	                "SELECT json_extract(d.data, '$.type'), d.article_id, a.name,"
	                " json_extract(d.data, '$.sscc'), d.data, d.placed_time, d.user"
	                " FROM event d LEFT JOIN article a ON a.id = d.article_id"
	                " WHERE d.session = ? AND d.kind = 'deviation'" HUB_NOT_VOIDED(
	                    "d") " ORDER BY d.placed_time, d.device_id, d.seq",
	                e);
	if (st == NULL)
		return e->status;
	hdb_bind_text(st, 1, session);
	json_t *list = json_array();
	json_object_set_new(r, "deviations", list);
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		json_t *details = json_loads((const char *)hdb_column_text(st, 4), 0, NULL);
		if (!json_is_object(details)) {
			json_decref(details);
			details = json_object();
		}
		json_object_del(details, "type");
		json_object_del(details, "sscc");
		json_array_append_new(
		    list, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "type", report_text(st, 0),
		                    "article_id", report_text(st, 1), "article_name",
		                    report_text(st, 2), "sscc", report_text(st, 3), "details",
		                    details, "at", report_text(st, 5), "user", report_text(st, 6)));
	}
	return report_done(db, st, rc, e);
}

static json_t *receipt_build(struct hdb *db, const struct report_opts *o, struct tally_err *e)
{
	(void)o;
	struct hdb_stmt *st =
	    report_prep(db,
	                "SELECT uuid, placed_time, device_id, user,"
	                " (SELECT max(placed_time) FROM event x WHERE x.session = s.uuid)"
	                " FROM event s WHERE kind = 'session-start'"
	                " AND json_extract(data, '$.job') = 'receive'"
	                " ORDER BY placed_time, device_id, seq",
	                e);
	if (st == NULL)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = hdb_step(st)) == HDB_ROW) {
		const char *session = (const char *)hdb_column_text(st, 0);
		json_t *r = json_pack("{s:s,s:o,s:o,s:o,s:o}", "session", session, "started",
		                      report_text(st, 1), "ended", report_text(st, 4), "device",
		                      report_device_json(db, hdb_column_int64(st, 2)), "user",
		                      report_user_json(db, (const char *)hdb_column_text(st, 3)));
		json_array_append_new(list, r);
		if (json_is_null(json_object_get(r, "ended")))
			json_object_set(r, "ended", json_object_get(r, "started"));
		if (receipt_parcels(db, r, session, e) != 0 ||
		    receipt_deviations(db, r, session, e) != 0) {
			hdb_finalize(st);
			json_decref(list);
			return NULL;
		}
	}
	if (report_done(db, st, rc, e) != 0) {
		json_decref(list);
		return NULL;
	}
	json_t *r = report_new("receipt");
	json_object_set_new(r, "receipts", list);
	return r;
}

static const struct report_col receipt_cols[] = {
	{ "session", N_("receipt"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "started", N_("started"), 0, REPORT_SHOW_CSV, 1, NULL },
	{ "user", N_("user"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "device", N_("handheld"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "sscc", N_("SSCC"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "delivery", N_("delivery"), 0, REPORT_SHOW_BOTH, 0, N_("not expected") },
	{ "article_id", N_("article id"), 0, REPORT_SHOW_CSV, 0, NULL },
	{ "article", N_("article"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "expected", N_("expected"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "received", N_("received"), 1, REPORT_SHOW_BOTH, 0, NULL },
	{ "deviation", N_("deviation"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "details", N_("details"), 0, REPORT_SHOW_BOTH, 0, NULL },
	{ "at", N_("at"), 0, REPORT_SHOW_BOTH, 1, NULL },
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

static void receipt_table(json_t *rep, struct report_table *t, int text)
{
	size_t i, k, m;
	json_t *r, *p, *l;
	json_array_foreach(json_object_get(rep, "receipts"), i, r)
	{
		json_t *user = json_object_get(r, "user"), *dev = json_object_get(r, "device");
		char *who = report_named(user, "name", "badge"), head[512];
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
		char when[20];
		snprintf(head, sizeof(head), _("Receipt %s by %s on %s: %s, %s"),
		         report_local_time(start, when), who, json_string_value(devtext), np, nd);
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
				report_table_add(t, head, row);
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
			report_table_add(t, head, row);
		}
		json_decref(base);
	}
}
const struct report_kind report_receipt = {
	"receipt",     receipt_build, receipt_cols, sizeof(receipt_cols) / sizeof(receipt_cols[0]),
	receipt_table,
};
