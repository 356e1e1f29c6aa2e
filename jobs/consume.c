#include "jobs/consume.h"
#include "jobs/pack.h"
#include "common/i18n.h"
#include "common/str.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int consume_start(struct consume **out, struct store *s, const char *location, const char *user,
                  struct tally_err *e)
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
	json_t *data = json_pack("{s:s,s:s}", "job", "consume", "location", c->location_id);
	struct record_in in = {
		.kind = REC_SESSION_START, .user = user, .location_id = c->location_id, .data = data
	};
	int rc = store_append(s, &in, NULL, c->session, e);
	json_decref(data);
	if (rc != 0) {
		consume_free(c);
		return rc;
	}
	*out = c;
	return 0;
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
	struct scan sc;
	struct scan_failure f;
	if (scan_parse(text, len, cfg, &sc, &f) != SCAN_OK) {
		location_free(&to);
		return invalid(ev, f.msg);
	}
	if (sc.type == SCAN_LOCATION || sc.type == SCAN_SSCC) {
		location_free(&to);
		return invalid(ev, _("not a pack: scan the pack you take"));
	}
	if (qty == 0) {
		location_free(&to);
		return invalid(ev, _("quantity 0: nothing taken, nothing recorded"));
	}
	struct article a;
	int mult = 1;
	int found = pack_article(c->store, &sc, &a, &mult, e);
	if (found != 0 && found != EX_DATAERR) {
		location_free(&to);
		return found; /* the store failed: not an unknown code */
	}
	if (found == EX_DATAERR) {
		location_free(&to);
		if (pack_record_unknown(c->store, c->session, c->user, c->location_id, text, qty,
		                        NULL, e) != 0)
			return e->status;
		c->unknown++;
		ev->outcome = CONSUME_UNKNOWN_CODE;
		snprintf(ev->message, sizeof(ev->message),
		         _("unknown code: kept for the pharmacy to resolve; go on"));
		return 0;
	}
	int64_t packs = qty > 0 ? qty : sc.count > 0 ? sc.count : (mult > 0 ? mult : 1);
	json_t *data =
	    loan ? json_pack("{s:s}", "to", to.id) : json_pack("{s:s}", "reason", reason);
	struct record_in in = { .kind = loan ? REC_TRANSFER : REC_CONSUME,
		                .session = c->session,
		                .user = c->user,
		                .location_id = c->location_id,
		                .article_id = a.id,
		                .code = text,
		                .qty = packs,
		                .data = data };
	pack_fields(&in, &sc);
	int rc = store_append(c->store, &in, NULL, NULL, e);
	json_decref(data);
	if (rc == 0) {
		ev->qty = packs;
		snprintf(ev->name, sizeof(ev->name), "%s", a.name);
		if (loan) {
			ev->outcome = CONSUME_LENT;
			snprintf(ev->to, sizeof(ev->to), "%s", to.name);
			c->lent += packs;
		} else if (strcmp(reason, "waste") == 0) {
			ev->outcome = CONSUME_WASTED;
			c->wasted += packs;
		} else {
			ev->outcome = CONSUME_USED;
			c->used += packs;
		}
	}
	article_free(&a);
	location_free(&to);
	return rc;
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
	free(c);
}
