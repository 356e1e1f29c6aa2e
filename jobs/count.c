#include "jobs/count.h"
#include "common/grow.h"
#include "jobs/pack.h"
#include "jobs/session.h"
#include "common/i18n.h"
#include "common/str.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int count_start(struct count **out, struct store *s, const char *location, const char *user,
                struct tally_err *e)
{
	struct location loc;
	if (store_location_get(s, location, &loc, e) != 0)
		return e->status;
	struct count *t = calloc(1, sizeof(*t));
	if (t == NULL) {
		location_free(&loc);
		return err_set(e, EX_OSERR, _("out of memory"));
	}
	t->store = s;
	t->location_id = str_dup(loc.id);
	t->location_name = str_dup(loc.name);
	t->user = str_dup(user);
	location_free(&loc);
	json_t *data = json_pack("{s:s,s:s}", "job", "count", "location", t->location_id);
	struct record_in in = {
		.kind = REC_SESSION_START, .user = user, .location_id = t->location_id, .data = data
	};
	int rc = store_append(s, &in, &t->start_seq, t->session, e);
	json_decref(data);
	if (rc != 0) {
		count_free(t);
		return rc;
	}
	t->pack = (struct pack_job){ .store = s,
		                     .session = t->session,
		                     .user = t->user,
		                     .location_id = t->location_id,
		                     .hint = N_("scan a pack of the article you count") };
	*out = t;
	return 0;
}

static struct count_line *line_for(struct count *t, const char *article_id, const char *name,
                                   int *found)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->lines[i].article_id, article_id) == 0) {
			*found = 1;
			return &t->lines[i];
		}
	*found = 0;
	struct count_line *lines = grow(t->lines, &t->cap, t->n, sizeof(*lines));
	if (lines == NULL)
		return NULL;
	t->lines = lines;
	struct count_line *l = &t->lines[t->n++];
	memset(l, 0, sizeof(*l));
	l->article_id = str_dup(article_id);
	l->name = str_dup(name);
	return l;
}

static void line_free(struct count_line *l)
{
	free(l->article_id);
	free(l->name);
	batches_free(&l->batches);
}

static int scan_step(struct count *t, const char *text, size_t len, long count, int confirmed,
                     const struct scan_config *cfg, struct count_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	struct pack p;
	int rc = pack_scan(&t->pack, text, len, count, cfg, &p, e);
	if (rc != 0)
		return rc;
	snprintf(ev->message, sizeof(ev->message), "%s", p.message);
	if (p.outcome == PACK_UNKNOWN) {
		t->unknown++;
		ev->outcome = COUNT_UNKNOWN_CODE;
		return 0;
	}
	if (p.outcome != PACK_KNOWN) {
		ev->outcome = COUNT_INVALID;
		return 0;
	}
	snprintf(ev->name, sizeof(ev->name), "%s", p.article.name);
	if (count < 0) {
		pack_done(&p);
		ev->outcome = COUNT_NEED_COUNT;
		snprintf(ev->message, sizeof(ev->message),
		         _("how many are on the shelf? Scan again with TAB and the count"));
		return 0;
	}
	if (count >= 1000 && !confirmed) {
		pack_done(&p);
		ev->outcome = COUNT_IMPLAUSIBLE;
		snprintf(ev->message, sizeof(ev->message),
		         _("%s: %ld packs is far above plausible: check the count; nothing "
		           "recorded"),
		         ev->name, count);
		return 0;
	}
	if (p.void_seq != 0) {
		/* the label's first half, recorded alone: voided, the pack counts once */
		struct count_event undone;
		rc = count_undo(t, &undone, e);
		if (rc != 0) {
			pack_done(&p);
			return rc;
		}
	}
	json_t *data = json_pack("{s:s}", "job", "count");
	struct record_in in = { .kind = REC_COUNT, .qty = count, .data = data };
	rc = pack_append(&t->pack, &p, &in, NULL, e);
	json_decref(data);
	if (rc == 0) {
		int found;
		struct count_line *l = line_for(t, p.article.id, p.article.name, &found);
		if (l == NULL || batches_set(&l->batches, in.batch, count, 0) != 0) {
			rc = err_set(e, EX_OSERR, _("out of memory"));
		} else {
			ev->outcome = found ? COUNT_RECOUNTED : COUNT_COUNTED;
			ev->previous = l->count;
			l->count = batches_usable(&l->batches);
			ev->count = l->count;
		}
	}
	pack_done(&p);
	return rc;
}

int count_scan(struct count *t, const char *text, size_t len, long count,
               const struct scan_config *cfg, struct count_event *ev, struct tally_err *e)
{
	return scan_step(t, text, len, count, 0, cfg, ev, e);
}

int count_scan_confirmed(struct count *t, const char *text, size_t len, long count,
                         const struct scan_config *cfg, struct count_event *ev, struct tally_err *e)
{
	return scan_step(t, text, len, count, 1, cfg, ev, e);
}

static int rebuild(struct count *t, struct tally_err *e);

int count_undo(struct count *t, struct count_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	pack_break(&t->pack); /* the next scan joins nothing before the undo */
	struct record undone;
	int rc = session_undo(t->store, t->session, t->start_seq, t->user, &undone, e);
	if (rc != 0)
		return rc;
	ev->outcome = COUNT_UNDONE;
	ev->count = undone.qty;
	record_free(&undone);
	rc = rebuild(t, e);
	snprintf(ev->message, sizeof(ev->message), "%s", _("Undone: the last count"));
	return rc;
}

/* The lines again from the session's standing records (after an undo, on
 * resuming). */
static int rebuild(struct count *t, struct tally_err *e)
{
	int rc = 0;
	for (size_t i = 0; i < t->n; i++)
		line_free(&t->lines[i]);
	t->n = 0;
	t->unknown = 0;
	struct record *rec;
	size_t n;
	if (store_session_records(t->store, t->session, t->start_seq, &rec, &n, e) != 0)
		return e->status;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (rec[i].kind == REC_UNKNOWN_CODE)
			t->unknown++;
		if (rec[i].kind != REC_COUNT || rec[i].article_id == NULL)
			continue;
		struct article a;
		int found, known = store_article_get(t->store, rec[i].article_id, &a, NULL) == 0;
		struct count_line *l =
		    line_for(t, rec[i].article_id, known ? a.name : rec[i].article_id, &found);
		if (known)
			article_free(&a);
		if (l == NULL || batches_set(&l->batches, rec[i].batch, rec[i].qty, 0) != 0)
			rc = err_set(e, EX_OSERR, _("out of memory"));
		else
			l->count = batches_usable(&l->batches);
	}
	records_free(rec, n);
	return rc;
}

int count_resume(struct count **out, struct store *s, const char *location, const char *user,
                 const struct open_session *o, struct tally_err *e)
{
	struct location loc;
	if (store_location_get(s, location, &loc, e) != 0)
		return e->status;
	struct count *t = calloc(1, sizeof(*t));
	if (t == NULL) {
		location_free(&loc);
		return err_set(e, EX_OSERR, _("out of memory"));
	}
	t->store = s;
	t->location_id = str_dup(loc.id);
	t->location_name = str_dup(loc.name);
	t->user = str_dup(user);
	location_free(&loc);
	snprintf(t->session, sizeof(t->session), "%s", o->session);
	t->start_seq = o->start_seq;
	t->pack = (struct pack_job){ .store = s,
		                     .session = t->session,
		                     .user = t->user,
		                     .location_id = t->location_id,
		                     .hint = N_("scan a pack of the article you count") };
	int rc = rebuild(t, e);
	if (rc != 0) {
		count_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int count_finish(struct count *t, struct tally_err *e)
{
	json_t *data = json_pack("{s:s,s:I}", "job", "count", "articles", (json_int_t)t->n);
	struct record_in end = { .kind = REC_SESSION_END,
		                 .session = t->session,
		                 .user = t->user,
		                 .location_id = t->location_id,
		                 .data = data };
	int rc = store_append(t->store, &end, NULL, NULL, e);
	json_decref(data);
	return rc;
}

void count_free(struct count *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		line_free(&t->lines[i]);
	free(t->lines);
	pack_job_free(&t->pack);
	free(t->location_id);
	free(t->location_name);
	free(t->user);
	free(t);
}
