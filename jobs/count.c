#include "jobs/count.h"
#include "common/grow.h"
#include "jobs/pack.h"
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
	int rc = store_append(s, &in, NULL, t->session, e);
	json_decref(data);
	if (rc != 0) {
		count_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

static struct count_line *line_for(struct count *t, const struct article *a, int *found)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->lines[i].article_id, a->id) == 0) {
			*found = 1;
			return &t->lines[i];
		}
	*found = 0;
	struct count_line *lines = grow(t->lines, &t->cap, t->n, sizeof(*lines));
	if (lines == NULL)
		return NULL;
	t->lines = lines;
	struct count_line *l = &t->lines[t->n++];
	l->article_id = str_dup(a->id);
	l->name = str_dup(a->name);
	l->count = 0;
	return l;
}

int count_scan(struct count *t, const char *text, size_t len, long count,
               const struct scan_config *cfg, struct count_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	struct scan sc;
	struct scan_failure f;
	if (scan_parse(text, len, cfg, &sc, &f) != SCAN_OK) {
		ev->outcome = COUNT_INVALID;
		snprintf(ev->message, sizeof(ev->message), "%s", f.msg);
		return 0;
	}
	if (sc.type == SCAN_LOCATION || sc.type == SCAN_SSCC) {
		ev->outcome = COUNT_INVALID;
		snprintf(ev->message, sizeof(ev->message),
		         _("not a pack: scan a pack of the article you count"));
		return 0;
	}
	struct article a;
	int known = pack_article(t->store, &sc, &a, NULL, e);
	if (known != 0 && known != EX_DATAERR)
		return known; /* the store failed: not an unknown code */
	if (known == EX_DATAERR) {
		if (pack_record_unknown(t->store, t->session, t->user, t->location_id, text, count,
		                        NULL, e) != 0)
			return e->status;
		t->unknown++;
		ev->outcome = COUNT_UNKNOWN_CODE;
		snprintf(ev->message, sizeof(ev->message),
		         _("unknown code: kept for the pharmacy to resolve; go on"));
		return 0;
	}
	snprintf(ev->name, sizeof(ev->name), "%s", a.name);
	if (count < 0) {
		article_free(&a);
		ev->outcome = COUNT_NEED_COUNT;
		snprintf(ev->message, sizeof(ev->message),
		         _("how many are on the shelf? Scan again with TAB and the count"));
		return 0;
	}
	json_t *data = json_pack("{s:s}", "job", "count");
	struct record_in in = { .kind = REC_COUNT,
		                .session = t->session,
		                .user = t->user,
		                .location_id = t->location_id,
		                .article_id = a.id,
		                .code = text,
		                .qty = count,
		                .data = data };
	pack_fields(&in, &sc);
	int rc = store_append(t->store, &in, NULL, NULL, e);
	json_decref(data);
	if (rc == 0) {
		int found;
		struct count_line *l = line_for(t, &a, &found);
		if (l == NULL) {
			rc = err_set(e, EX_OSERR, _("out of memory"));
		} else {
			ev->outcome = found ? COUNT_RECOUNTED : COUNT_COUNTED;
			ev->previous = l->count;
			ev->count = count;
			l->count = count;
		}
	}
	article_free(&a);
	return rc;
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
	for (size_t i = 0; i < t->n; i++) {
		free(t->lines[i].article_id);
		free(t->lines[i].name);
	}
	free(t->lines);
	free(t->location_id);
	free(t->location_name);
	free(t->user);
	free(t);
}
