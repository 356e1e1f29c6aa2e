/*
 * sync.c — one round: push, then pull, then the bookkeeping.
 */
#include "sync/sync.h"

#include "common/i18n.h"
#include "db/store.h"
#include "sync/clock.h"
#include "sync/http.h"
#include "sync/pull.h"
#include "sync/push.h"
#include "sync/sync-conf.h"
#include "sync/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sync_session {
	struct store *s;
	const struct sync_conf *c;
	struct http *h;
	char *url;
};

struct sync_session *sync_session_new(struct store *s, const struct sync_conf *c)
{
	struct sync_session *ss = calloc(1, sizeof(*ss));
	if (ss != NULL) {
		ss->s = s;
		ss->c = c;
	}
	return ss;
}

void sync_session_free(struct sync_session *ss)
{
	if (ss == NULL)
		return;
	http_free(ss->h);
	free(ss->url);
	free(ss);
}

void sync_bytes(const struct sync_session *ss, uint64_t *up, uint64_t *down)
{
	*up = *down = 0;
	if (ss->h != NULL)
		http_bytes(ss->h, up, down);
}

/* The handle for the enrolled hub, with the current token: both are read
 * each round, so re-enrolling needs no restart of the daemon. */
static int connect_hub(struct sync_session *ss, struct tally_err *e)
{
	char *url = store_meta_get(ss->s, "hub_url");
	if (url == NULL)
		return err_set(
		    e, EX_NOPERM,
		    _("this handheld is not enrolled: run 'tally enroll URL CODE' first"));
	char token[TOKEN_MAX + 1];
	if (token_load(store_path(ss->s), token, e) != 0) {
		free(url);
		return e->status;
	}
	if (ss->h == NULL || strcmp(ss->url, url) != 0) {
		http_free(ss->h);
		free(ss->url);
		ss->url = url;
		ss->h = http_new(url, &ss->c->http, e);
		if (ss->h == NULL) {
			memset(token, 0, sizeof(token));
			return e->status;
		}
	} else {
		free(url);
	}
	http_set_token(ss->h, token);
	memset(token, 0, sizeof(token));
	return 0;
}

int sync_round(struct sync_session *ss, struct sync_outcome *out, struct tally_err *e)
{
	memset(out, 0, sizeof(*out));
	if (connect_hub(ss, e) != 0)
		return e->status;
	struct push_stats ps = { 0 };
	int rc = push_run(ss->s, ss->h, ss->c, &ps, e);
	snprintf(out->said, sizeof(out->said), "%s", ps.said);
	out->sent = ps.sent;
	out->rejected = ps.rejected;
	out->retry_after_s = ps.retry_after;
	struct tally_err ignore = { 0 };
	if (ps.have_offset) {
		char off[32];
		snprintf(off, sizeof(off), "%" PRId64, ps.clock_offset_ms);
		store_meta_set(ss->s, "clock_offset_ms", off, &ignore);
	}
	if (rc != 0)
		return rc;
	struct pull_stats pl = { 0 };
	rc = pull_run(ss->s, ss->h, ss->c, &pl, e);
	out->pulled = pl.changes;
	out->retry_after_s = pl.retry_after;
	if (rc != 0)
		return rc;
	char now[32];
	clock_format_ms(clock_now_ms(), now, sizeof(now));
	if (store_meta_set(ss->s, "last_sync", now, e) != 0)
		return e->status;
	if (out->rejected > 0)
		return err_set(
		    e, EX_DATAERR,
		    _("the hub rejected records (%lld): they are kept here and not sent again; "
		      "'tally status' lists them with the hub's reason. Ask IT to resolve "
		      "them."),
		    (long long)out->rejected);
	return 0;
}
