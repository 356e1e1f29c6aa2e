/*
 * pull.c — fetching master data page by page.
 */
#include "sync/pull.h"

#include "common/i18n.h"
#include "db/store.h"
#include "sync/http.h"
#include "sync/outcome.h"
#include "sync/sync-conf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

int pull_run(struct store *s, struct http *h, const struct sync_conf *c, struct pull_stats *st,
             struct tally_err *e)
{
	const char *what = _("fetching master data");
	for (;;) {
		char *cur = store_meta_get(s, "cursor");
		char *end = NULL;
		long long since = cur ? strtoll(cur, &end, 10) : 0;
		if (cur != NULL && (*end != '\0' || since < 0))
			since = 0; /* a damaged cursor: fetch everything again */
		free(cur);
		char path[96];
		snprintf(path, sizeof(path), "/v1/changes?since=%lld&limit=%ld", since,
		         c->pull_limit);
		struct http_result r;
		http_request(h, "GET", path, NULL, &r);
		int rc = 0;
		if (!r.transport && r.status == 200) {
			json_t *changes = json_object_get(r.body, "changes");
			json_t *next = json_object_get(r.body, "next");
			json_t *more = json_object_get(r.body, "more");
			if (!json_is_array(changes) || !json_is_integer(next) ||
			    !json_is_boolean(more)) {
				rc = outcome_malformed(what, _("no changes, next or more"), e);
			} else if (json_integer_value(next) < since ||
			           (json_is_true(more) && json_array_size(changes) == 0)) {
				rc = outcome_malformed(what, _("the cursor does not move on"), e);
			} else {
				char nt[32];
				snprintf(nt, sizeof(nt), "%" JSON_INTEGER_FORMAT,
				         json_integer_value(next));
				if (store_apply_changes(s, changes, nt, e) != 0) {
					/* A change the store cannot take is the hub's
					 * data, not ours: report it, try again later. */
					if (e->status == EX_DATAERR)
						e->status = EX_TEMPFAIL;
					rc = e->status;
				} else {
					st->changes += (int64_t)json_array_size(changes);
					if (!json_is_true(more)) {
						http_result_release(&r);
						return 0;
					}
				}
			}
		} else {
			st->retry_after = r.retry_after_s;
			rc = outcome_fail(&r, what, e);
		}
		http_result_release(&r);
		if (rc != 0)
			return rc;
	}
}
