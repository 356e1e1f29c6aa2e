#include "jobs/consume.h"
#include "jobs/pack.h"
#include "jobs/session.h"
#include "core/expiry.h"
#include "common/i18n.h"
#include "common/str.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Add up the session's standing records: what was used, wasted, lent; the
 * serials taken (a resumed session refuses them again). */
static int rebuild(struct consume *c, struct tally_err *e)
{
	struct record *rec;
	size_t n;
	if (store_session_records(c->store, c->session, c->start_seq, &rec, &n, e) != 0)
		return e->status;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *why = json_string_value(json_object_get(rec[i].data, "reason"));
		if (rec[i].kind == REC_UNKNOWN_CODE)
			c->unknown++;
		else if (rec[i].kind == REC_TRANSFER)
			c->lent += rec[i].qty;
		else if (rec[i].kind == REC_DISCARD || (why != NULL && strcmp(why, "waste") == 0))
			c->wasted += rec[i].qty;
		else if (rec[i].kind == REC_CONSUME)
			c->used += rec[i].qty;
		else
			continue;
		if (rec[i].serial != NULL && rec[i].code != NULL) {
			struct scan sc;
			struct scan_failure f;
			struct scan_config cfg = { 0 };
			if (scan_parse(rec[i].code, strlen(rec[i].code), &cfg, &sc, &f) ==
			        SCAN_OK &&
			    pack_serial_remember(&c->pack, sc.gtin, rec[i].serial) != 0)
				rc = err_set(e, EX_OSERR, _("out of memory"));
		}
	}
	records_free(rec, n);
	return rc;
}

static int consume_open(struct consume **out, struct store *s, const char *location,
                        const char *user, const struct open_session *o, struct tally_err *e)
{
	struct location loc;
	if (store_location_get(s, location, &loc, e) != 0)
		return e->status;
	struct consume *c = calloc(1, sizeof(*c));
	if (c == NULL) {
		location_free(&loc);
		return err_set(e, EX_OSERR, _("out of memory"));
	}
	c->store = s;
	c->location_id = str_dup(loc.id);
	c->location_name = str_dup(loc.name);
	c->user = str_dup(user);
	location_free(&loc);
	int rc = 0;
	if (o != NULL) {
		snprintf(c->session, sizeof(c->session), "%s", o->session);
		c->start_seq = o->start_seq;
	} else {
		json_t *data = json_pack("{s:s,s:s}", "job", "consume", "location", c->location_id);
		struct record_in in = { .kind = REC_SESSION_START,
			                .user = user,
			                .location_id = c->location_id,
			                .data = data };
		rc = store_append(s, &in, &c->start_seq, c->session, e);
		json_decref(data);
	}
	expiry_today(c->today);
	c->pack = (struct pack_job){ .store = s,
		                     .session = c->session,
		                     .user = c->user,
		                     .location_id = c->location_id,
		                     .takes = PACK_SERIAL_ONCE,
		                     .hint = N_("scan the pack you take") };
	if (rc == 0 && o != NULL)
		rc = rebuild(c, e);
	if (rc != 0) {
		consume_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int consume_start(struct consume **out, struct store *s, const char *location, const char *user,
                  struct tally_err *e)
{
	return consume_open(out, s, location, user, NULL, e);
}

int consume_resume(struct consume **out, struct store *s, const char *location, const char *user,
                   const struct open_session *o, struct tally_err *e)
{
	return consume_open(out, s, location, user, o, e);
}

static int invalid(struct consume_event *ev, const char *msg)
{
	ev->outcome = CONSUME_INVALID;
	snprintf(ev->message, sizeof(ev->message), "%s", msg);
	return 0;
}

int consume_scan(struct consume *c, const char *text, size_t len, long qty, const char *reason,
                 const struct scan_config *cfg, struct consume_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	if (reason == NULL || reason[0] == '\0')
		reason = "patient";
	struct location to = { 0 };
	int loan = strncmp(reason, "loan:", 5) == 0;
	if (loan) {
		if (store_location_get(c->store, reason + 5, &to, NULL) != 0) {
			ev->outcome = CONSUME_INVALID;
			snprintf(ev->message, sizeof(ev->message),
			         _("the ward %s is not known on this handheld: nothing recorded"),
			         reason + 5);
			return 0;
		}
	} else if (strcmp(reason, "patient") != 0 && strcmp(reason, "waste") != 0) {
		ev->outcome = CONSUME_INVALID;
		snprintf(ev->message, sizeof(ev->message),
		         _("the reason '%s' is not patient, waste or loan:WARD: nothing recorded"),
		         reason);
		return 0;
	}
	if (qty == 0) {
		location_free(&to);
		return invalid(ev, _("quantity 0: nothing taken, nothing recorded"));
	}
	struct pack p;
	int rc = pack_scan(&c->pack, text, len, qty, cfg, &p, e);
	if (rc != 0 || p.outcome != PACK_KNOWN) {
		location_free(&to);
		if (rc != 0)
			return rc; /* the store failed: not an unknown code */
		snprintf(ev->message, sizeof(ev->message), "%s", p.message);
		ev->outcome = p.outcome == PACK_UNKNOWN   ? CONSUME_UNKNOWN_CODE
		              : p.outcome == PACK_ALREADY ? CONSUME_ALREADY
		                                          : CONSUME_INVALID;
		c->unknown += p.outcome == PACK_UNKNOWN;
		if (p.outcome == PACK_ALREADY && p.void_seq != 0) {
			/* taken already: its first half, recorded alone, goes too */
			struct consume_event undone;
			return consume_undo(c, &undone, e);
		}
		return 0;
	}
	snprintf(ev->name, sizeof(ev->name), "%s", p.article.name);
	snprintf(ev->message, sizeof(ev->message), "%s", p.message); /* joined: says so */
	int waste = strcmp(reason, "waste") == 0;
	int expired =
	    p.scan.expiry[0] && expiry_check(p.scan.expiry, c->today, 0, NULL) == EXPIRY_EXPIRED;
	if (expired && !waste) {
		/* Never given, never lent: the pack goes in the discard bin. */
		pack_done(&p);
		location_free(&to);
		ev->outcome = CONSUME_EXPIRED;
		snprintf(ev->message, sizeof(ev->message),
		         _("%s: expired — do not give, discard it (scan it again as waste)"),
		         ev->name);
		return 0;
	}
	if (p.void_seq != 0) {
		/* the label's first half, recorded alone: voided, the pack counts once */
		struct consume_event undone;
		rc = consume_undo(c, &undone, e);
		if (rc != 0) {
			pack_done(&p);
			location_free(&to);
			return rc;
		}
	}
	int64_t packs = qty > 0 ? qty : p.scan.count > 0 ? p.scan.count : p.mult;
	json_t *data = loan      ? json_pack("{s:s}", "to", to.id)
	               : expired ? json_pack("{s:s}", "reason", "expired")
	                         : json_pack("{s:s}", "reason", reason);
	struct record_in in = { .kind = loan      ? REC_TRANSFER
		                        : expired ? REC_DISCARD
		                                  : REC_CONSUME,
		                .qty = packs,
		                .data = data };
	rc = pack_append(&c->pack, &p, &in, NULL, e);
	json_decref(data);
	if (rc == 0) {
		ev->qty = packs;
		if (loan) {
			ev->outcome = CONSUME_LENT;
			snprintf(ev->to, sizeof(ev->to), "%s", to.name);
			c->lent += packs;
		} else if (waste) {
			ev->outcome = expired ? CONSUME_DISCARDED : CONSUME_WASTED;
			c->wasted += packs;
		} else {
			ev->outcome = CONSUME_USED;
			c->used += packs;
		}
	}
	pack_done(&p);
	location_free(&to);
	return rc;
}

int consume_undo(struct consume *c, struct consume_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	pack_break(&c->pack); /* the next scan joins nothing before the undo */
	struct record undone;
	int rc = session_undo(c->store, c->session, c->start_seq, c->user, &undone, e);
	if (rc != 0)
		return rc;
	ev->outcome = CONSUME_UNDONE;
	ev->qty = undone.qty;
	const char *why = json_string_value(json_object_get(undone.data, "reason"));
	if (undone.kind == REC_TRANSFER)
		c->lent -= undone.qty;
	else if (undone.kind == REC_DISCARD || (why != NULL && strcmp(why, "waste") == 0))
		c->wasted -= undone.qty;
	else if (undone.kind == REC_CONSUME)
		c->used -= undone.qty;
	else if (undone.kind == REC_UNKNOWN_CODE && c->unknown > 0)
		c->unknown--;
	if (undone.serial != NULL && undone.code != NULL) {
		struct scan sc;
		struct scan_failure f;
		struct scan_config cfg = { 0 };
		if (scan_parse(undone.code, strlen(undone.code), &cfg, &sc, &f) == SCAN_OK)
			pack_serial_forget(&c->pack, sc.gtin, undone.serial);
	}
	struct article a;
	if (undone.article_id != NULL &&
	    store_article_get(c->store, undone.article_id, &a, NULL) == 0) {
		snprintf(ev->name, sizeof(ev->name), "%s", a.name);
		article_free(&a);
	}
	snprintf(ev->message, sizeof(ev->message), _("Undone: %s %lld"), ev->name,
	         (long long)undone.qty);
	record_free(&undone);
	return 0;
}

int consume_finish(struct consume *c, struct tally_err *e)
{
	json_t *data = json_pack("{s:s,s:I,s:I,s:I}", "job", "consume", "used", (json_int_t)c->used,
	                         "wasted", (json_int_t)c->wasted, "lent", (json_int_t)c->lent);
	struct record_in end = { .kind = REC_SESSION_END,
		                 .session = c->session,
		                 .user = c->user,
		                 .location_id = c->location_id,
		                 .data = data };
	int rc = store_append(c->store, &end, NULL, NULL, e);
	json_decref(data);
	return rc;
}

void consume_free(struct consume *c)
{
	if (c == NULL)
		return;
	free(c->location_id);
	free(c->location_name);
	free(c->user);
	pack_job_free(&c->pack);
	free(c);
}
