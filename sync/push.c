/*
 * push.c — sending records.  A batch is marked only when the whole answer
 * makes sense: a result for a seq that was not in the batch means the
 * answer cannot be trusted, and nothing of it is marked.
 */
#include "sync/push.h"

#include "common/i18n.h"
#include "db/store.h"
#include "sync/clock.h"
#include "sync/http.h"
#include "sync/outcome.h"
#include "sync/restore.h"
#include "sync/sync-conf.h"

#include <stdlib.h>
#include <string.h>

static int cmp_seq(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = ((const struct record *)b)->seq;
	return x < y ? -1 : x > y;
}

/* Parse results against batch[0..n); fill res (n entries) and *nres. */
static int parse_results(const json_t *body, const struct record *batch, size_t n,
                         struct sync_result *res, size_t *nres, const char **why)
{
	json_t *results = json_object_get(body, "results");
	if (!json_is_array(results)) {
		*why = "results";
		return -1;
	}
	if (json_array_size(results) > n) {
		*why = "more results than records";
		return -1;
	}
	unsigned char *seen = calloc(n ? n : 1, 1);
	if (seen == NULL) {
		*why = "out of memory";
		return -1;
	}
	size_t i, k = 0;
	json_t *it;
	json_array_foreach(results, i, it)
	{
		json_t *jseq = json_object_get(it, "seq");
		const char *st = json_string_value(json_object_get(it, "status"));
		if (!json_is_integer(jseq) || st == NULL) {
			*why = "a result without seq or status";
			goto bad;
		}
		int64_t seq = json_integer_value(jseq);
		const struct record *r = bsearch(&seq, batch, n, sizeof(*batch), cmp_seq);
		if (r == NULL || seen[r - batch]) {
			*why = "a result for a record that was not sent";
			goto bad;
		}
		seen[r - batch] = 1;
		res[k].seq = seq;
		res[k].reason = NULL;
		if (strcmp(st, "accepted") == 0 || strcmp(st, "duplicate") == 0) {
			res[k].state = SYNC_SENT;
		} else if (strcmp(st, "rejected") == 0) {
			const char *reason = json_string_value(json_object_get(it, "reason"));
			res[k].state = SYNC_REJECTED;
			res[k].reason = reason ? reason : "rejected";
		} else {
			*why = "an unknown result status";
			goto bad;
		}
		k++;
	}
	free(seen);
	*nres = k;
	return 0;
bad:
	free(seen);
	return -1;
}

/* How many of recs[0..n) fit in max_bytes of JSON (at least one). */
static size_t fit_bytes(json_t **ev, size_t n, long max_bytes)
{
	size_t total = 64;
	for (size_t i = 0; i < n; i++) {
		char *t = json_dumps(ev[i], JSON_COMPACT);
		size_t len = t ? strlen(t) + 1 : 0;
		free(t);
		if (i > 0 && total + len > (size_t)max_bytes)
			return i;
		total += len;
	}
	return n;
}

int push_run(struct store *s, struct http *h, const struct sync_conf *c, struct push_stats *st,
             struct tally_err *e)
{
	const char *what = _("sending records");
	long limit = c->batch_records;
	int64_t after = 0;
	int rebased = 0;
	for (;;) {
		struct record *recs = NULL;
		size_t n = 0;
		if (store_records(s, after, 1, (int)limit, &recs, &n, e) != 0)
			return e->status;
		if (n == 0) {
			records_free(recs, n);
			return 0;
		}
		json_t **ev = malloc(n * sizeof(*ev));
		struct sync_result *res = malloc(n * sizeof(*res));
		if (ev == NULL || res == NULL) {
			free(ev);
			free(res);
			records_free(recs, n);
			return err_set(e, EX_OSERR, _("out of memory"));
		}
		for (size_t i = 0; i < n; i++)
			ev[i] = record_to_json(&recs[i]);
		size_t m = fit_bytes(ev, n, c->batch_bytes);
		char now[32];
		json_t *arr = json_array();
		for (size_t i = 0; i < m; i++)
			json_array_append(arr, ev[i]);
		json_t *body =
		    json_pack("{s:s, s:s, s:o}", "db_id", store_db_id(s), "device_time",
		              clock_format_ms(clock_now_ms(), now, sizeof(now)), "events", arr);
		/* This boot and the time since it: the hub places a record made in
		 * the same boot by how long ago it was made, whatever the wall
		 * clock did meanwhile. */
		char boot[37];
		int64_t mono;
		store_boot_clock(boot, &mono);
		if (boot[0]) {
			json_object_set_new(body, "boot_id", json_string(boot));
			json_object_set_new(body, "mono_ms", json_integer(mono));
		}
		struct http_result r;
		http_request(h, "POST", "/v1/events", body, &r);
		int64_t got_at = clock_now_ms();
		json_decref(body);
		for (size_t i = 0; i < n; i++)
			json_decref(ev[i]);
		free(ev);

		int rc = 0;
		if (!r.transport && r.status == 413) {
			if (m <= 1) {
				rc = err_set(
				    e, EX_DATAERR,
				    _("%s: the hub refuses record %lld as too large; it stays "
				      "here, pending"),
				    what, (long long)recs[0].seq);
			} else {
				limit = (long)(m / 2); /* and send again from the same place */
			}
		} else if (!r.transport && r.status == 200) {
			const char *why = NULL;
			size_t nres = 0;
			int64_t hub_seq = 0;
			int restored = 0;
			if (parse_results(r.body, recs, m, res, &nres, &why) != 0) {
				rc = outcome_malformed(what, why, e);
			} else if (restore_needed(s, r.body, res, nres, &hub_seq, &restored, e) !=
			           0) {
				rc = e->status;
			} else if (restored && rebased < 2) {
				/* Nothing of this answer is marked: the batch goes again
				 * under the store's new identity. */
				rebased++;
				rc = restore_rebase(s, h, hub_seq, st->said, sizeof(st->said), e);
			} else if (store_mark(s, res, nres, e) != 0) {
				rc = e->status;
			} else {
				for (size_t i = 0; i < nres; i++) {
					if (res[i].state == SYNC_SENT)
						st->sent++;
					else
						st->rejected++;
				}
				int64_t hub_ms;
				if (clock_parse_ms(
				        json_string_value(json_object_get(r.body, "server_time")),
				        &hub_ms) == 0) {
					st->have_offset = 1;
					st->clock_offset_ms = hub_ms - got_at;
				}
				after = recs[m - 1].seq;
			}
		} else {
			st->retry_after = r.retry_after_s;
			rc = outcome_fail(&r, what, e);
		}
		http_result_release(&r);
		free(res);
		records_free(recs, n);
		if (rc != 0)
			return rc;
	}
}
