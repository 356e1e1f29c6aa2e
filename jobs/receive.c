#include "jobs/receive.h"
#include "common/grow.h"
#include "jobs/pack.h"
#include "jobs/session.h"
#include "core/expiry.h"
#include "common/i18n.h"
#include "common/str.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct receive_line *add_line(struct receive *r)
{
	struct receive_line *lines = grow(r->lines, &r->cap, r->n, sizeof(*lines));
	if (lines == NULL)
		return NULL;
	r->lines = lines;
	struct receive_line *l = &r->lines[r->n++];
	memset(l, 0, sizeof(*l));
	return l;
}

static void clear_lines(struct receive *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->lines[i].article_id);
		free(r->lines[i].name);
		free(r->lines[i].batch);
	}
	r->n = 0;
}

static void forget_last(struct receive *r)
{
	free(r->last_article);
	free(r->last_code);
	free(r->last_batch);
	r->last_article = r->last_code = r->last_batch = NULL;
	r->last_qty = 0;
}

/* A deviation in words, naming the batch and the quantities involved:
 * listed again at the end of the receipt. */
static void deviation_words(struct receive *r, const char *article_id, json_t *data, char *out,
                            size_t size)
{
	struct article a;
	char name[128];
	if (article_id != NULL && store_article_get(r->store, article_id, &a, NULL) == 0) {
		snprintf(name, sizeof(name), "%s", a.name);
		article_free(&a);
	} else {
		snprintf(name, sizeof(name), "%s", article_id ? article_id : "?");
	}
	const char *type = json_string_value(json_object_get(data, "type"));
	const char *batch = json_string_value(json_object_get(data, "batch"));
	const char *exp = json_string_value(json_object_get(data, "expected"));
	const char *got = json_string_value(json_object_get(data, "received"));
	json_int_t qty = json_integer_value(json_object_get(data, "qty"));
	json_int_t n_exp = json_integer_value(json_object_get(data, "expected"));
	json_int_t n_got = json_integer_value(json_object_get(data, "received"));
	json_int_t days = json_integer_value(json_object_get(data, "days_left"));
	if (type == NULL)
		type = "";
	if (strcmp(type, "unexpected") == 0)
		snprintf(out, size, _("%s, batch %s: %lld not in this delivery"), name,
		         batch ? batch : "-", (long long)qty);
	else if (strcmp(type, "batch-mismatch") == 0)
		snprintf(out, size, _("%s: batch %s received, batch %s expected"), name,
		         got ? got : "-", exp ? exp : "-");
	else if (strcmp(type, "expired") == 0)
		snprintf(out, size, _("%s, batch %s: expired %lld days ago"), name,
		         batch ? batch : "-", (long long)-days);
	else if (strcmp(type, "short-expiry") == 0)
		snprintf(out, size, _("%s, batch %s: expires in %lld days, shorter than required"),
		         name, batch ? batch : "-", (long long)days);
	else if (strcmp(type, "over") == 0 || strcmp(type, "under") == 0)
		snprintf(out, size, _("%s: %lld received, %lld expected"), name, (long long)n_got,
		         (long long)n_exp);
	else if (strcmp(type, "damaged") == 0)
		snprintf(out, size, _("%s, batch %s: %lld damaged"), name, batch ? batch : "-",
		         (long long)qty);
	else
		snprintf(out, size, "%s: %s", name, type);
}

static int deviation(struct receive *r, const char *article_id, json_t *data, struct tally_err *e)
{
	json_object_set_new(data, "sscc", json_string(r->sscc));
	char words[300];
	deviation_words(r, article_id, data, words, sizeof(words));
	char line[340];
	snprintf(line, sizeof(line), "%s  %s", r->sscc, words);
	char **more = grow(r->said, &r->cap_said, r->n_said, sizeof(*more));
	if (more != NULL) {
		r->said = more;
		r->said[r->n_said] = str_dup(line);
		if (r->said[r->n_said] != NULL)
			r->n_said++;
	}
	struct record_in in = { .kind = REC_DEVIATION,
		                .session = r->session,
		                .user = r->user,
		                .location_id = r->bin,
		                .article_id = article_id,
		                .data = data };
	int rc = store_append(r->store, &in, NULL, NULL, e);
	json_decref(data);
	if (rc == 0)
		r->deviations++;
	return rc;
}

static int rebuild(struct receive *r, struct tally_err *e);

static int receive_open(struct receive **out, struct store *s, const char *user, const char *today,
                        const struct open_session *o, struct tally_err *e)
{
	struct receive *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	r->store = s;
	r->user = str_dup(user);
	snprintf(r->today, sizeof(r->today), "%s", today);
	int rc = 0;
	if (o != NULL) {
		snprintf(r->session, sizeof(r->session), "%s", o->session);
		r->start_seq = o->start_seq;
	} else {
		json_t *data = json_pack("{s:s}", "job", "receive");
		struct record_in in = { .kind = REC_SESSION_START, .user = user, .data = data };
		rc = store_append(s, &in, &r->start_seq, r->session, e);
		json_decref(data);
	}
	r->pack =
	    (struct pack_job){ .store = s,
		               .session = r->session,
		               .user = r->user,
		               .takes = PACK_TAKES_LOCATION | PACK_TAKES_SSCC | PACK_SERIAL_ONCE,
		               .hint = N_("scan a pack, the parcel's SSCC or a bin") };
	if (rc == 0 && o != NULL)
		rc = rebuild(r, e);
	if (rc != 0) {
		receive_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int receive_start(struct receive **out, struct store *s, const char *user, const char *today,
                  struct tally_err *e)
{
	return receive_open(out, s, user, today, NULL, e);
}

int receive_resume(struct receive **out, struct store *s, const char *user, const char *today,
                   const struct open_session *o, struct tally_err *e)
{
	return receive_open(out, s, user, today, o, e);
}

static int finish_parcel(struct receive *r, struct tally_err *e);

/* A new parcel: finish the last one, load what this one should hold. */
static int open_parcel(struct receive *r, const char *sscc, int again, struct receive_event *ev,
                       struct tally_err *e)
{
	if (!again && r->sscc[0] && strcmp(r->sscc, sscc) == 0) {
		/* The open parcel's label again (or a resumed receipt's): it stays
		 * open as it is, nothing finished. */
		if (store_parcel_of_order(r->store, sscc, &ev->parcel, &ev->parcels, e) != 0)
			return e->status;
		ev->outcome = RECEIVE_PARCEL;
		return 0;
	}
	if (!again) {
		/* Received before (here, or on another handheld as the hub told it): say so, and
		 * open nothing until the user says it is meant (receive_again). */
		struct parcel_receipt pr;
		int rc = store_parcel_received(r->store, sscc, r->session, &pr, e);
		if (rc != 0 && rc != EX_DATAERR)
			return rc;
		if (rc == 0) {
			if (r->sscc[0] && finish_parcel(r, e) != 0)
				return e->status;
			clear_lines(r);
			forget_last(r);
			r->sscc[0] = '\0';
			snprintf(r->asked_sscc, sizeof(r->asked_sscc), "%s", sscc);
			char when[16];
			session_date(pr.when, when);
			ev->outcome = RECEIVE_RECEIVED_BEFORE;
			snprintf(ev->message, sizeof(ev->message),
			         _("parcel %s was received %s by %s: receive it again?"), sscc,
			         when, pr.who);
			return 0;
		}
		err_clear(e);
	}
	r->asked_sscc[0] = '\0';
	if (r->sscc[0] && finish_parcel(r, e) != 0)
		return e->status;
	clear_lines(r);
	forget_last(r);
	snprintf(r->sscc, sizeof(r->sscc), "%s", sscc);
	if (store_parcel_of_order(r->store, sscc, &ev->parcel, &ev->parcels, e) != 0)
		return e->status;
	struct delivery d;
	struct tally_err lookup = { 0 };
	r->blind = store_delivery_get(r->store, sscc, &d, &lookup) != 0;
	if (!r->blind) {
		snprintf(ev->name, sizeof(ev->name), "%s %s", d.id ? d.id : "",
		         d.supplier ? d.supplier : "");
		delivery_free(&d);
		struct delivery_line *dl;
		size_t n;
		if (store_delivery_lines(r->store, sscc, &dl, &n, e) != 0)
			return e->status;
		for (size_t i = 0; i < n; i++) {
			struct receive_line *l = add_line(r);
			struct article a;
			if (l == NULL) {
				delivery_lines_free(dl, n);
				return err_set(e, EX_OSERR, _("out of memory"));
			}
			l->article_id = str_dup(dl[i].article_id);
			l->batch = str_dup(dl[i].batch);
			l->expected = dl[i].qty;
			if (store_article_get(r->store, dl[i].article_id, &a, NULL) == 0) {
				l->name = str_dup(a.name);
				article_free(&a);
			} else {
				l->name = str_dup(dl[i].article_id);
			}
		}
		delivery_lines_free(dl, n);
	} else {
		snprintf(ev->message, sizeof(ev->message),
		         _("parcel %s is not expected on this handheld: received blind, the hub "
		           "will match it"),
		         sscc);
	}
	ev->outcome = RECEIVE_PARCEL;
	return 0;
}

static struct receive_line *find_line(struct receive *r, const char *article_id, const char *batch)
{
	struct receive_line *any = NULL;
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->lines[i].article_id, article_id) != 0)
			continue;
		if (batch == NULL || r->lines[i].batch == NULL ||
		    strcmp(r->lines[i].batch, batch) == 0)
			return &r->lines[i];
		any = &r->lines[i];
	}
	return any;
}

/* A resumed receipt: its last parcel opened again with what was received
 * of it, the bin, the deviations (counted and in words), the serials. */
static int rebuild(struct receive *r, struct tally_err *e)
{
	struct record *rec;
	size_t n;
	if (store_session_records(r->store, r->session, r->start_seq, &rec, &n, e) != 0)
		return e->status;
	const char *sscc = NULL, *bin = NULL;
	for (size_t i = 0; i < n; i++)
		if (rec[i].kind == REC_RECEIVE) {
			const char *x = json_string_value(json_object_get(rec[i].data, "sscc"));
			sscc = x ? x : sscc;
			bin = json_string_value(json_object_get(rec[i].data, "bin"));
		}
	int rc = 0;
	if (sscc != NULL) {
		struct receive_event ev = { 0 };
		rc = open_parcel(r, sscc, 1, &ev, e);
	}
	if (rc == 0 && bin != NULL) {
		free(r->bin);
		r->bin = str_dup(bin);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *x = json_string_value(json_object_get(rec[i].data, "sscc"));
		if (rec[i].kind == REC_DEVIATION) {
			char words[300], line[340];
			deviation_words(r, rec[i].article_id, rec[i].data, words, sizeof(words));
			snprintf(line, sizeof(line), "%s  %s", x ? x : "", words);
			char **more = grow(r->said, &r->cap_said, r->n_said, sizeof(*more));
			if (more == NULL) {
				rc = err_set(e, EX_OSERR, _("out of memory"));
				break;
			}
			r->said = more;
			r->said[r->n_said] = str_dup(line);
			if (r->said[r->n_said] != NULL)
				r->n_said++;
			r->deviations++;
			continue;
		}
		if (rec[i].kind != REC_RECEIVE || rec[i].article_id == NULL)
			continue;
		if (rec[i].serial != NULL && rec[i].code != NULL) {
			struct scan sc;
			struct scan_failure f;
			struct scan_config cfg = { 0 };
			if (scan_parse(rec[i].code, strlen(rec[i].code), &cfg, &sc, &f) ==
			        SCAN_OK &&
			    pack_serial_remember(&r->pack, sc.gtin, rec[i].serial) != 0)
				rc = err_set(e, EX_OSERR, _("out of memory"));
		}
		if (x == NULL || strcmp(x, sscc) != 0)
			continue; /* an earlier parcel, finished */
		struct receive_line *l = find_line(r, rec[i].article_id, rec[i].batch);
		if (l == NULL) {
			l = add_line(r);
			if (l == NULL) {
				rc = err_set(e, EX_OSERR, _("out of memory"));
				break;
			}
			struct article a;
			int known = store_article_get(r->store, rec[i].article_id, &a, NULL) == 0;
			l->article_id = str_dup(rec[i].article_id);
			l->name = str_dup(known ? a.name : rec[i].article_id);
			l->batch = str_dup(rec[i].batch);
			l->unexpected = 1;
			if (known)
				article_free(&a);
		}
		l->received += rec[i].qty;
	}
	records_free(rec, n);
	return rc;
}

int receive_scan(struct receive *r, const char *text, size_t len, long qty,
                 const struct scan_config *cfg, struct receive_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	r->pack.location_id = r->bin;
	struct pack p;
	int found = pack_scan(&r->pack, text, len, qty, cfg, &p, e);
	if (found != 0)
		return found; /* the store failed: not an unknown code */
	const struct scan *scp = &p.scan;
	snprintf(ev->message, sizeof(ev->message), "%s", p.message);
	if (p.outcome == PACK_SSCC)
		return open_parcel(r, scp->sscc, 0, ev, e);
	if (p.outcome == PACK_LOCATION) {
		struct location loc;
		const char *label = scp->raw + strlen(scp->symbology);
		if (store_location_get(r->store, scp->id, &loc, NULL) != 0 &&
		    store_location_get(r->store, label, &loc, NULL) != 0) {
			ev->outcome = RECEIVE_INVALID;
			snprintf(ev->message, sizeof(ev->message),
			         _("the bin %s is not known on this handheld"), scp->id);
			return 0;
		}
		free(r->bin);
		r->bin = str_dup(loc.id);
		snprintf(ev->name, sizeof(ev->name), "%s", loc.name);
		location_free(&loc);
		ev->outcome = RECEIVE_BIN;
		ev->message[0] = '\0';
		return 0;
	}
	if (p.outcome == PACK_UNKNOWN) {
		ev->outcome = RECEIVE_UNKNOWN_CODE;
		snprintf(ev->message, sizeof(ev->message),
		         _("unknown code: kept for the warehouse office to resolve; go on"));
		return 0;
	}
	if (p.outcome == PACK_ALREADY) {
		/* received already: its first half, recorded alone, goes too */
		struct receive_event undone;
		int urc = p.void_seq != 0 ? receive_undo(r, &undone, e) : 0;
		if (urc != 0)
			return urc;
		ev->outcome = RECEIVE_ALREADY;
		return 0;
	}
	if (p.outcome != PACK_KNOWN) {
		ev->outcome = RECEIVE_INVALID;
		return 0;
	}
	if (!r->sscc[0]) {
		pack_done(&p);
		ev->outcome = RECEIVE_NEED_PARCEL;
		snprintf(ev->message, sizeof(ev->message), _("scan the parcel's SSCC label first"));
		return 0;
	}
	if (p.void_seq != 0) {
		/* the label's first half, recorded alone: voided, the pack counts once */
		struct receive_event undone;
		int rc0 = receive_undo(r, &undone, e);
		if (rc0 != 0) {
			pack_done(&p);
			return rc0;
		}
	}
	struct scan sc = p.scan;
	struct article a = p.article;
	int mult = p.mult;
	ev->message[0] = '\0';
	int64_t packs = qty >= 0 ? qty : sc.count > 0 ? sc.count : (mult > 0 ? mult : 1);
	json_t *data = json_pack("{s:s,s:s?}", "sscc", r->sscc, "bin", r->bin);
	struct record_in in = {
		.kind = REC_RECEIVE, .location_id = r->bin, .qty = packs, .data = data
	};
	int rc = pack_append(&r->pack, &p, &in, NULL, e);
	json_decref(data);
	if (rc != 0) {
		article_free(&a);
		return rc;
	}
	ev->outcome = RECEIVE_RECEIVED;
	ev->qty = packs;
	forget_last(r);
	r->last_article = str_dup(a.id);
	r->last_code = str_dup(text);
	r->last_batch = str_dup(sc.batch[0] ? sc.batch : NULL);
	r->last_qty = packs;
	ev->sterile = a.sterile;
	snprintf(ev->name, sizeof(ev->name), "%s", a.name);
	snprintf(ev->article_id, sizeof(ev->article_id), "%s", a.id);
	snprintf(ev->batch, sizeof(ev->batch), "%s", sc.batch);
	snprintf(ev->expiry, sizeof(ev->expiry), "%s", sc.expiry);

	struct receive_line *l = find_line(r, a.id, sc.batch[0] ? sc.batch : NULL);
	if (l == NULL) {
		l = add_line(r);
		if (l == NULL) {
			article_free(&a);
			return err_set(e, EX_OSERR, _("out of memory"));
		}
		l->article_id = str_dup(a.id);
		l->name = str_dup(a.name);
		l->batch = str_dup(sc.batch[0] ? sc.batch : NULL);
		l->unexpected = 1;
		if (!r->blind) {
			ev->deviations |= RECEIVE_DEV_UNEXPECTED;
			rc = deviation(r, a.id,
			               json_pack("{s:s,s:s?,s:I}", "type", "unexpected", "batch",
			                         sc.batch[0] ? sc.batch : NULL, "qty",
			                         (json_int_t)packs),
			               e);
		}
	} else if (sc.batch[0] && l->batch != NULL && strcmp(l->batch, sc.batch) != 0) {
		ev->deviations |= RECEIVE_DEV_BATCH;
		rc = deviation(r, a.id,
		               json_pack("{s:s,s:s,s:s}", "type", "batch-mismatch", "expected",
		                         l->batch, "received", sc.batch),
		               e);
	}
	l->received += packs;
	enum expiry_state x =
	    sc.expiry[0] ? expiry_check(sc.expiry, r->today, a.min_shelf_days, &ev->days_left)
	                 : EXPIRY_OK;
	if (rc == 0 && x == EXPIRY_EXPIRED) {
		/* Expired already: said as "N days ago", never a negative number. */
		ev->deviations |= RECEIVE_DEV_EXPIRED;
		rc = deviation(r, a.id,
		               json_pack("{s:s,s:s,s:s?,s:I}", "type", "expired", "expiry",
		                         sc.expiry, "batch", sc.batch[0] ? sc.batch : NULL,
		                         "days_left", (json_int_t)ev->days_left),
		               e);
	} else if (rc == 0 && x != EXPIRY_OK && a.min_shelf_days > 0) {
		ev->deviations |= RECEIVE_DEV_SHORT;
		rc = deviation(r, a.id,
		               json_pack("{s:s,s:s,s:s?,s:I,s:i}", "type", "short-expiry", "expiry",
		                         sc.expiry, "batch", sc.batch[0] ? sc.batch : NULL,
		                         "days_left", (json_int_t)ev->days_left, "min_shelf_days",
		                         a.min_shelf_days),
		               e);
	}
	article_free(&a);
	return rc;
}

int receive_again(struct receive *r, struct receive_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	if (!r->asked_sscc[0]) {
		ev->outcome = RECEIVE_NEED_PARCEL;
		snprintf(ev->message, sizeof(ev->message), _("scan the parcel's SSCC label first"));
		return 0;
	}
	char sscc[19];
	snprintf(sscc, sizeof(sscc), "%s", r->asked_sscc);
	return open_parcel(r, sscc, 1, ev, e);
}

/* A receipt line undone takes the deviations it caused with it (unexpected,
 * wrong batch, expired, short expiry, damaged: recorded after it, for its
 * parcel and article), voided too; a parcel's under/over stay its parcel's. */
static int void_deviations(struct receive *r, const struct record *line, struct tally_err *e)
{
	const char *sscc = json_string_value(json_object_get(line->data, "sscc"));
	if (line->kind != REC_RECEIVE || line->article_id == NULL || sscc == NULL)
		return 0;
	struct record *recs;
	size_t n;
	int rc = store_session_records(r->store, r->session, r->start_seq, &recs, &n, e);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *type = json_string_value(json_object_get(recs[i].data, "type"));
		const char *dsscc = json_string_value(json_object_get(recs[i].data, "sscc"));
		if (recs[i].kind != REC_DEVIATION || recs[i].seq < line->seq ||
		    recs[i].article_id == NULL ||
		    strcmp(recs[i].article_id, line->article_id) != 0 || dsscc == NULL ||
		    strcmp(dsscc, sscc) != 0 || type == NULL || strcmp(type, "under") == 0 ||
		    strcmp(type, "over") == 0)
			continue;
		rc = session_void(r->store, r->session, r->user, &recs[i], e);
		if (rc != 0)
			break;
		if (r->deviations > 0)
			r->deviations--;
		/* ... and is no more said at the end */
		char words[300], said[340];
		deviation_words(r, recs[i].article_id, recs[i].data, words, sizeof(words));
		snprintf(said, sizeof(said), "%s  %s", dsscc, words);
		for (size_t k = r->n_said; k-- > 0;)
			if (strcmp(r->said[k], said) == 0) {
				free(r->said[k]);
				memmove(&r->said[k], &r->said[k + 1],
				        (r->n_said - k - 1) * sizeof(r->said[0]));
				r->n_said--;
				break;
			}
	}
	records_free(recs, n);
	return rc;
}

int receive_undo(struct receive *r, struct receive_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	pack_break(&r->pack); /* the next scan joins nothing before the undo */
	struct record undone;
	int rc = session_undo(r->store, r->session, r->start_seq, r->user, &undone, e);
	if (rc != 0)
		return rc;
	rc = void_deviations(r, &undone, e);
	if (rc != 0) {
		record_free(&undone);
		return rc;
	}
	ev->outcome = RECEIVE_UNDONE;
	ev->qty = undone.qty;
	const char *sscc = json_string_value(json_object_get(undone.data, "sscc"));
	if (undone.kind == REC_RECEIVE && undone.article_id != NULL && sscc != NULL &&
	    strcmp(sscc, r->sscc) == 0) {
		/* The line of this parcel counts it no more. */
		struct receive_line *l = find_line(r, undone.article_id, undone.batch);
		if (l != NULL)
			l->received -= undone.qty;
		if (r->last_article != NULL && strcmp(r->last_article, undone.article_id) == 0)
			forget_last(r);
	}
	if (undone.serial != NULL && undone.code != NULL) {
		struct scan sc;
		struct scan_failure f;
		struct scan_config cfg = { 0 };
		if (scan_parse(undone.code, strlen(undone.code), &cfg, &sc, &f) == SCAN_OK)
			pack_serial_forget(&r->pack, sc.gtin, undone.serial);
	}
	struct article a;
	if (undone.article_id != NULL &&
	    store_article_get(r->store, undone.article_id, &a, NULL) == 0) {
		snprintf(ev->name, sizeof(ev->name), "%s", a.name);
		article_free(&a);
	}
	snprintf(ev->message, sizeof(ev->message), _("Undone: %s %lld"), ev->name,
	         (long long)undone.qty);
	record_free(&undone);
	return 0;
}

int receive_damaged(struct receive *r, struct receive_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	if (r->last_article == NULL) {
		ev->outcome = RECEIVE_NO_PACK;
		snprintf(ev->message, sizeof(ev->message),
		         _("scan the damaged pack first, then report it damaged"));
		return 0;
	}
	struct article a;
	if (store_article_get(r->store, r->last_article, &a, NULL) == 0) {
		snprintf(ev->name, sizeof(ev->name), "%s", a.name);
		article_free(&a);
	} else {
		snprintf(ev->name, sizeof(ev->name), "%s", r->last_article);
	}
	snprintf(ev->article_id, sizeof(ev->article_id), "%s", r->last_article);
	snprintf(ev->batch, sizeof(ev->batch), "%s", r->last_batch ? r->last_batch : "");
	ev->qty = r->last_qty;
	ev->outcome = RECEIVE_DAMAGED;
	return deviation(r, r->last_article,
	                 json_pack("{s:s,s:s,s:s?,s:I}", "type", "damaged", "code", r->last_code,
	                           "batch", r->last_batch, "qty", (json_int_t)r->last_qty),
	                 e);
}

static int finish_parcel(struct receive *r, struct tally_err *e)
{
	if (r->blind)
		return 0; /* nothing to compare with: the hub matches it */
	for (size_t i = 0; i < r->n; i++) {
		struct receive_line *l = &r->lines[i];
		if (l->unexpected || l->received == l->expected)
			continue;
		const char *type = l->received > l->expected ? "over" : "under";
		if (deviation(r, l->article_id,
		              json_pack("{s:s,s:I,s:I}", "type", type, "expected",
		                        (json_int_t)l->expected, "received",
		                        (json_int_t)l->received),
		              e) != 0)
			return e->status;
	}
	return 0;
}

int receive_finish(struct receive *r, struct tally_err *e)
{
	if (r->sscc[0] && finish_parcel(r, e) != 0)
		return e->status;
	json_t *data =
	    json_pack("{s:s,s:I}", "job", "receive", "deviations", (json_int_t)r->deviations);
	struct record_in end = {
		.kind = REC_SESSION_END, .session = r->session, .user = r->user, .data = data
	};
	int rc = store_append(r->store, &end, NULL, NULL, e);
	json_decref(data);
	return rc;
}

void receive_free(struct receive *r)
{
	if (r == NULL)
		return;
	clear_lines(r);
	forget_last(r);
	for (size_t i = 0; i < r->n_said; i++)
		free(r->said[i]);
	free(r->said);
	free(r->lines);
	free(r->user);
	free(r->bin);
	pack_job_free(&r->pack);
	free(r);
}
