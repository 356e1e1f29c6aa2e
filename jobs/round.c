/*
 * round.c — the restocking round (see round.h).  The lines are what the
 * session's standing records say: a scan or count applies to its line at
 * once, and an undo or a resume reads the session back from the store.
 */
#include "jobs/round.h"
#include "common/grow.h"
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

static void line_clear(struct round_line *l)
{
	batches_clear(&l->batches);
	l->count = l->expired = l->refill = 0;
	l->counted = l->skipped = 0;
}

static void line_free(struct round_line *l)
{
	batches_free(&l->batches);
	free(l->article_id);
	free(l->article_name);
	free(l->policy);
}

static void line_total(struct round_line *l)
{
	l->count = batches_usable(&l->batches);
	l->expired = batches_expired(&l->batches);
	l->counted = l->batches.n > 0;
	/* Expired packs are not stock: the refill tops up for them. */
	l->refill =
	    l->off_list || !l->counted ? 0 : refill_qty(l->policy, l->min, l->max, l->count);
}

static int line_set(struct round_line *l, const char *batch, int64_t qty, int expired)
{
	if (batches_set(&l->batches, batch, qty, expired) != 0)
		return -1;
	line_total(l);
	return 0;
}

static struct round_line *find_line(struct round *r, const char *article_id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->lines[i].article_id, article_id) == 0)
			return &r->lines[i];
	return NULL;
}

/* The article's line; an article off the basis list gets one, flagged. */
static struct round_line *line_for(struct round *r, const char *article_id, const char *name)
{
	struct round_line *l = find_line(r, article_id);
	if (l != NULL)
		return l;
	l = add_line(r);
	if (l == NULL)
		return NULL;
	l->article_id = str_dup(article_id);
	l->article_name = str_dup(name);
	l->policy = str_dup("none");
	l->off_list = 1;
	l->short_days = 90;
	return l;
}

/* The lines again from the session's standing records (after an undo, on
 * resuming). */
static int replay(struct round *r, struct tally_err *e)
{
	while (r->n > r->n_basis)
		line_free(&r->lines[--r->n]);
	for (size_t i = 0; i < r->n; i++)
		line_clear(&r->lines[i]);
	struct record *rec;
	size_t n;
	if (store_session_records(r->store, r->session, r->start_seq, &rec, &n, e) != 0)
		return e->status;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (rec[i].article_id == NULL)
			continue;
		if (rec[i].kind == REC_SKIP) {
			struct round_line *l = find_line(r, rec[i].article_id);
			if (l != NULL && !l->counted)
				l->skipped = 1;
		} else if (rec[i].kind == REC_DISCARD) {
			/* The expired packs counted before it left the shelf. */
			struct round_line *l = find_line(r, rec[i].article_id);
			for (size_t k = 0; l != NULL && k < l->batches.n; k++)
				if (l->batches.b[k].expired)
					l->batches.b[k].count = 0;
			if (l != NULL)
				line_total(l);
		} else if (rec[i].kind == REC_COUNT) {
			struct article a;
			char *name = NULL;
			if (find_line(r, rec[i].article_id) == NULL &&
			    store_article_get(r->store, rec[i].article_id, &a, NULL) == 0) {
				name = str_dup(a.name);
				article_free(&a);
			}
			struct round_line *l =
			    line_for(r, rec[i].article_id, name ? name : rec[i].article_id);
			free(name);
			int expired = json_is_true(json_object_get(rec[i].data, "expired"));
			if (l == NULL || line_set(l, rec[i].batch, rec[i].qty, expired) != 0)
				rc = err_set(e, EX_OSERR, _("out of memory"));
			else
				l->skipped = 0;
		}
	}
	records_free(rec, n);
	return rc;
}

static int load(struct round **out, struct store *s, const char *location, const char *user,
                const char *today, const struct open_session *resume, struct tally_err *e)
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
	r->n_basis = r->n;
	basis_lines_free(b, n);

	if (resume != NULL) {
		snprintf(r->session, sizeof(r->session), "%s", resume->session);
		snprintf(r->started, sizeof(r->started), "%s", resume->started);
		r->start_seq = resume->start_seq;
	} else {
		json_t *data = json_pack("{s:s}", "job", "round");
		struct record_in in = { .kind = REC_SESSION_START,
			                .user = user,
			                .location_id = r->location_id,
			                .data = data };
		int rc = store_append(s, &in, &r->start_seq, r->session, e);
		json_decref(data);
		if (rc != 0)
			goto fail;
	}
	r->pack = (struct pack_job){ .store = s,
		                     .session = r->session,
		                     .user = r->user,
		                     .location_id = r->location_id,
		                     .hint = N_("scan the pack on the shelf") };
	if (resume != NULL && replay(r, e) != 0)
		goto fail;
	*out = r;
	return 0;
fail:
	round_free(r);
	return e->status;
}

int round_start(struct round **out, struct store *s, const char *location, const char *user,
                const char *today, struct tally_err *e)
{
	return load(out, s, location, user, today, NULL, e);
}

int round_resume(struct round **out, struct store *s, const char *location, const char *user,
                 const char *today, const struct open_session *resume, struct tally_err *e)
{
	return load(out, s, location, user, today, resume, e);
}

/* More than anyone keeps on a shelf: a typo until the user says otherwise. */
static int implausible(const struct round_line *l, long count)
{
	if (l != NULL && l->max > 0)
		return count > 3 * l->max;
	return count >= 1000;
}

static void say_implausible(struct round_event *ev, const char *name, long count, int64_t max)
{
	ev->outcome = ROUND_IMPLAUSIBLE;
	if (max > 0)
		snprintf(ev->message, sizeof(ev->message),
		         _("%s: %ld is far above the max of %lld: check the count; nothing "
		           "recorded"),
		         name, count, (long long)max);
	else
		snprintf(ev->message, sizeof(ev->message),
		         _("%s: %ld packs is far above plausible: check the count; nothing "
		           "recorded"),
		         name, count);
}

static void counted_event(struct round_event *ev, const struct round_line *l, long count,
                          int64_t seq)
{
	ev->outcome = ROUND_COUNTED;
	snprintf(ev->article_id, sizeof(ev->article_id), "%s", l->article_id);
	snprintf(ev->article_name, sizeof(ev->article_name), "%s", l->article_name);
	ev->count = count;
	ev->refill = l->refill;
	ev->min = l->min;
	ev->max = l->max;
	ev->off_list = l->off_list;
	ev->seq = seq;
}

static int scan_step(struct round *r, const char *text, size_t len, long count, int confirmed,
                     const struct scan_config *cfg, struct round_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	struct pack p;
	int rc = pack_scan(&r->pack, text, len, count, cfg, &p, e);
	if (rc != 0)
		return rc;
	snprintf(ev->message, sizeof(ev->message), "%s", p.message);
	switch (p.outcome) {
	case PACK_KNOWN:
		break;
	case PACK_UNKNOWN:
		ev->outcome = ROUND_UNKNOWN_CODE;
		ev->seq = p.seq;
		return 0;
	case PACK_INVALID:
		ev->outcome = ROUND_INVALID;
		return 0;
	default:
		ev->outcome = ROUND_NOT_A_PACK;
		return 0;
	}
	snprintf(ev->article_name, sizeof(ev->article_name), "%s", p.article.name);
	struct round_line *known = find_line(r, p.article.id);
	if (count < 0) {
		ev->outcome = ROUND_NEED_COUNT;
		/* Which line waits for its count, and its min-max, for the screen. */
		snprintf(ev->article_id, sizeof(ev->article_id), "%s", p.article.id);
		ev->off_list = known == NULL || known->off_list;
		if (known != NULL) {
			ev->min = known->min;
			ev->max = known->max;
		}
		snprintf(ev->message, sizeof(ev->message),
		         _("%s: type how many packs are on the shelf"), p.article.name);
		pack_done(&p);
		return 0;
	}
	if (!confirmed && implausible(known, count)) {
		say_implausible(ev, p.article.name, count, known ? known->max : 0);
		pack_done(&p);
		return 0;
	}
	if (p.void_seq != 0) {
		/* the label's first half, recorded alone: voided, the pack counts once */
		struct round_event undone;
		rc = round_undo(r, &undone, e);
		if (rc != 0) {
			pack_done(&p);
			return rc;
		}
	}
	struct round_line *l = line_for(r, p.article.id, p.article.name);
	if (l == NULL) {
		pack_done(&p);
		return err_set(e, EX_OSERR, _("out of memory"));
	}
	const struct scan *sc = &p.scan;
	ev->expiry = sc->expiry[0]
	                 ? expiry_check(sc->expiry, r->today, l->short_days, &ev->days_left)
	                 : EXPIRY_UNKNOWN;
	int expired = ev->expiry == EXPIRY_EXPIRED;
	json_t *data = expired ? json_pack("{s:b}", "expired", 1) : NULL;
	struct record_in in = { .kind = REC_COUNT, .qty = count, .data = data };
	int64_t seq = 0;
	rc = pack_append(&r->pack, &p, &in, &seq, e);
	json_decref(data);
	pack_done(&p);
	if (rc != 0)
		return rc;
	if (line_set(l, sc->batch, count, expired) != 0)
		return err_set(e, EX_OSERR, _("out of memory"));
	l->skipped = 0;
	enum expiry_state x = ev->expiry;
	long left = ev->days_left;
	counted_event(ev, l, count, seq);
	ev->expiry = x;
	ev->days_left = left;
	return 0;
}

int round_scan(struct round *r, const char *text, size_t len, long count,
               const struct scan_config *cfg, struct round_event *ev, struct tally_err *e)
{
	return scan_step(r, text, len, count, 0, cfg, ev, e);
}

int round_scan_confirmed(struct round *r, const char *text, size_t len, long count,
                         const struct scan_config *cfg, struct round_event *ev, struct tally_err *e)
{
	return scan_step(r, text, len, count, 1, cfg, ev, e);
}

int round_count_line(struct round *r, size_t i, long count, int confirmed, struct round_event *ev,
                     struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	if (i >= r->n || count < 0)
		return err_set(e, EX_DATAERR, _("pick a line of the list and type its count"));
	struct round_line *l = &r->lines[i];
	snprintf(ev->article_name, sizeof(ev->article_name), "%s", l->article_name);
	if (!confirmed && implausible(l, count)) {
		say_implausible(ev, l->article_name, count, l->max);
		return 0;
	}
	struct record_in in = { .kind = REC_COUNT,
		                .session = r->session,
		                .user = r->user,
		                .location_id = r->location_id,
		                .article_id = l->article_id,
		                .qty = count };
	int64_t seq = 0;
	int rc = store_append(r->store, &in, &seq, NULL, e);
	if (rc != 0)
		return rc;
	if (line_set(l, NULL, count, 0) != 0)
		return err_set(e, EX_OSERR, _("out of memory"));
	l->skipped = 0;
	counted_event(ev, l, count, seq);
	ev->expiry = EXPIRY_UNKNOWN;
	return 0;
}

int round_undo(struct round *r, struct round_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	pack_break(&r->pack); /* the next scan joins nothing before the undo */
	struct record undone;
	int rc = session_undo(r->store, r->session, r->start_seq, r->user, &undone, e);
	if (rc != 0)
		return rc;
	ev->outcome = ROUND_UNDONE;
	ev->seq = undone.seq;
	ev->count = undone.qty;
	const struct round_line *l =
	    undone.article_id != NULL ? find_line(r, undone.article_id) : NULL;
	snprintf(ev->article_name, sizeof(ev->article_name), "%s",
	         l != NULL             ? l->article_name
	         : undone.code != NULL ? undone.code
	                               : "");
	if (undone.kind == REC_SKIP)
		snprintf(ev->message, sizeof(ev->message), _("Undone: skip of %s"),
		         ev->article_name);
	else if (undone.kind == REC_UNKNOWN_CODE)
		snprintf(ev->message, sizeof(ev->message), _("Undone: the unknown code %s"),
		         ev->article_name);
	else
		snprintf(ev->message, sizeof(ev->message), _("Undone: %s counted %lld"),
		         ev->article_name, (long long)undone.qty);
	record_free(&undone);
	return replay(r, e);
}

int round_discard_expired(struct round *r, size_t i, struct round_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	if (i >= r->n || r->lines[i].expired <= 0)
		return err_set(e, EX_DATAERR, _("no expired packs counted on this line"));
	struct round_line *l = &r->lines[i];
	json_t *data = json_pack("{s:s}", "reason", "expired");
	struct record_in in = { .kind = REC_DISCARD,
		                .session = r->session,
		                .user = r->user,
		                .location_id = r->location_id,
		                .article_id = l->article_id,
		                .qty = l->expired,
		                .data = data };
	int rc = store_append(r->store, &in, &ev->seq, NULL, e);
	json_decref(data);
	if (rc != 0)
		return rc;
	ev->outcome = ROUND_DISCARDED;
	ev->count = l->expired;
	snprintf(ev->article_name, sizeof(ev->article_name), "%s", l->article_name);
	snprintf(ev->message, sizeof(ev->message), _("%s: %lld expired packs discarded"),
	         l->article_name, (long long)l->expired);
	for (size_t k = 0; k < l->batches.n; k++)
		if (l->batches.b[k].expired)
			l->batches.b[k].count = 0;
	line_total(l);
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

size_t round_uncounted(const struct round *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += !r->lines[i].counted && !r->lines[i].off_list && !r->lines[i].skipped;
	return n;
}

size_t round_counted(const struct round *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->lines[i].counted;
	return n;
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
	for (size_t i = 0; i < r->n; i++)
		line_free(&r->lines[i]);
	free(r->lines);
	free(r->location_id);
	free(r->location_name);
	free(r->user);
	pack_job_free(&r->pack);
	free(r);
}
