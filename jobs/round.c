#include "jobs/round.h"
#include "common/grow.h"
#include "jobs/pack.h"
#include "common/str.h"
#include "core/refill.h"
#include "common/i18n.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct round_line *add_line(struct round *r)
{
	struct round_line *lines = grow(r->lines, &r->cap, r->n, sizeof(*lines));
	if (lines == NULL)
		return NULL;
	r->lines = lines;
	struct round_line *l = &r->lines[r->n++];
	memset(l, 0, sizeof(*l));
	return l;
}

int round_start(struct round **out, struct store *s, const char *location, const char *user,
                const char *today, struct tally_err *e)
{
	struct location loc;
	if (store_location_get(s, location, &loc, e) != 0)
		return e->status;
	struct round *r = calloc(1, sizeof(*r));
	if (r == NULL) {
		location_free(&loc);
		return err_set(e, EX_OSERR, _("out of memory"));
	}
	r->store = s;
	r->location_id = str_dup(loc.id);
	r->location_name = str_dup(loc.name);
	r->user = str_dup(user);
	snprintf(r->today, sizeof(r->today), "%s", today);
	location_free(&loc);

	struct basis_line *b;
	size_t n;
	if (store_basis_list(s, r->location_id, &b, &n, e) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		struct round_line *l = add_line(r);
		if (l == NULL) {
			basis_lines_free(b, n);
			err_set(e, EX_OSERR, _("out of memory"));
			goto fail;
		}
		l->article_id = str_dup(b[i].article_id);
		l->article_name = str_dup(b[i].article_name);
		l->policy = str_dup(b[i].policy);
		l->min = b[i].min;
		l->max = b[i].max;
		l->short_days = b[i].short_days;
	}
	basis_lines_free(b, n);

	json_t *data = json_pack("{s:s}", "job", "round");
	struct record_in in = {
		.kind = REC_SESSION_START, .user = user, .location_id = r->location_id, .data = data
	};
	int rc = store_append(s, &in, NULL, r->session, e);
	json_decref(data);
	if (rc != 0)
		goto fail;
	*out = r;
	return 0;
fail:
	round_free(r);
	return e->status;
}

static struct round_line *find_line(struct round *r, const char *article_id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->lines[i].article_id, article_id) == 0)
			return &r->lines[i];
	return NULL;
}

int round_scan(struct round *r, const char *text, size_t len, long count,
               const struct scan_config *cfg, struct round_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	struct scan sc;
	struct scan_failure f;
	if (scan_parse(text, len, cfg, &sc, &f) != SCAN_OK) {
		ev->outcome = ROUND_INVALID;
		snprintf(ev->message, sizeof(ev->message), "%s", f.msg);
		return 0;
	}
	if (sc.type == SCAN_LOCATION || sc.type == SCAN_BADGE || sc.type == SCAN_SSCC) {
		ev->outcome = ROUND_NOT_A_PACK;
		snprintf(ev->message, sizeof(ev->message),
		         _("this is a %s, not a pack: scan the pack on the shelf"),
		         scan_type_name(sc.type));
		return 0;
	}
	struct article a;
	int rc = pack_article(r->store, &sc, &a, NULL, e);
	if (rc == EX_DATAERR)
		goto unknown;
	if (rc != 0)
		return rc;
	if (count < 0) {
		ev->outcome = ROUND_NEED_COUNT;
		snprintf(ev->article_name, sizeof(ev->article_name), "%s", a.name);
		snprintf(ev->message, sizeof(ev->message),
		         _("%s: type how many packs are on the shelf"), a.name);
		article_free(&a);
		return 0;
	}
	struct round_line *l = find_line(r, a.id);
	if (l == NULL) {
		/* Not on the basis list: counted and flagged, no refill. */
		l = add_line(r);
		if (l == NULL) {
			article_free(&a);
			return err_set(e, EX_OSERR, _("out of memory"));
		}
		l->article_id = str_dup(a.id);
		l->article_name = str_dup(a.name);
		l->policy = str_dup("none");
		l->off_list = 1;
		l->short_days = 90;
	}
	struct record_in in = { .kind = REC_COUNT,
		                .session = r->session,
		                .user = r->user,
		                .location_id = r->location_id,
		                .article_id = a.id,
		                .code = text,
		                .qty = count };
	pack_fields(&in, &sc);
	rc = store_append(r->store, &in, &ev->seq, NULL, e);
	if (rc != 0) {
		article_free(&a);
		return rc;
	}
	/* The last count of an article is the one that stands. */
	l->counted = 1;
	l->count = count;
	l->refill = l->off_list ? 0 : refill_qty(l->policy, l->min, l->max, count);

	ev->outcome = ROUND_COUNTED;
	snprintf(ev->article_id, sizeof(ev->article_id), "%s", a.id);
	snprintf(ev->article_name, sizeof(ev->article_name), "%s", a.name);
	ev->count = count;
	ev->refill = l->refill;
	ev->min = l->min;
	ev->max = l->max;
	ev->off_list = l->off_list;
	ev->expiry = sc.expiry[0] ? expiry_check(sc.expiry, r->today, l->short_days, &ev->days_left)
	                          : EXPIRY_UNKNOWN;
	article_free(&a);
	return 0;

unknown:;
	/* Kept as a record with where and who, to be resolved at the hub. */
	if (pack_record_unknown(r->store, r->session, r->user, r->location_id, text, count,
	                        &ev->seq, e) != 0)
		return e->status;
	ev->outcome = ROUND_UNKNOWN_CODE;
	snprintf(ev->message, sizeof(ev->message),
	         _("unknown code: kept for the pharmacy to resolve; go on with the next pack"));
	return 0;
}

static int append_skip(struct round *r, const struct round_line *l, struct tally_err *e)
{
	struct record_in in = { .kind = REC_SKIP,
		                .session = r->session,
		                .user = r->user,
		                .location_id = r->location_id,
		                .article_id = l->article_id };
	return store_append(r->store, &in, NULL, NULL, e);
}

int round_skip(struct round *r, size_t i, struct tally_err *e)
{
	if (i >= r->n || r->lines[i].off_list || r->lines[i].counted)
		return err_set(e, EX_DATAERR, _("only an article not yet counted can be skipped"));
	if (r->lines[i].skipped)
		return 0;
	int rc = append_skip(r, &r->lines[i], e);
	if (rc == 0)
		r->lines[i].skipped = 1;
	return rc;
}

int round_finish(struct round *r, struct tally_err *e)
{
	json_t *refill = json_array(), *skipped = json_array();
	for (size_t i = 0; i < r->n; i++) {
		struct round_line *l = &r->lines[i];
		if (!l->counted && !l->off_list) {
			/* Left uncounted: skipped explicitly, so the hub knows it
			 * was not forgotten, and no refill is guessed. */
			if (!l->skipped && append_skip(r, l, e) != 0)
				goto fail;
			json_array_append_new(skipped, json_string(l->article_id));
		} else if (l->refill > 0) {
			json_array_append_new(refill,
			                      json_pack("{s:s,s:I}", "article_id", l->article_id,
			                                "qty", (json_int_t)l->refill));
		}
	}
	json_t *data =
	    json_pack("{s:s,s:O,s:O}", "job", "round", "refill", refill, "skipped", skipped);
	struct record_in end = { .kind = REC_SESSION_END,
		                 .session = r->session,
		                 .user = r->user,
		                 .location_id = r->location_id,
		                 .data = data };
	int rc = store_append(r->store, &end, NULL, NULL, e);
	json_decref(data);
	json_decref(refill);
	json_decref(skipped);
	return rc;
fail:
	json_decref(refill);
	json_decref(skipped);
	return e->status;
}

void round_free(struct round *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->lines[i].article_id);
		free(r->lines[i].article_name);
		free(r->lines[i].policy);
	}
	free(r->lines);
	free(r->location_id);
	free(r->location_name);
	free(r->user);
	free(r);
}
