/*
 * api.c — the endpoints (see api.h and docs/protocol.md).
 *
 * Messages in replies are English and fixed: they are for the handheld's
 * log and the admin, and the handheld acts on the `error` code alone.
 */
#include "hub/api.h"
#include "hub/changelog.h"
#include "hub/hub-db.h"
#include "hub/hub-time.h"
#include "hub/ingest.h"
#include "hub/token.h"

#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void api_error(struct api_reply *out, int status, const char *code, const char *message)
{
	out->status = status;
	json_decref(out->body);
	out->body = json_pack("{s:s,s:s}", "error", code, "message", message);
}

static void db_failed(struct api_reply *out, const struct tally_err *e)
{
	fprintf(stderr, "tally-hub: %s\n", e->msg);
	if (e->status == EX_TEMPFAIL) {
		out->retry_after = 1;
		api_error(out, 503, "unavailable", "the hub is busy; nothing was committed, retry");
	} else {
		api_error(out, 500, "internal", "the hub failed; nothing was committed, retry");
	}
}

int api_too_deep(const char *text, size_t len, int max)
{
	int depth = 0, in_string = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return 1;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return 0;
}

static json_t *parse_body(const struct api_request *rq, struct api_reply *out)
{
	if (rq->body == NULL || rq->body_len == 0) {
		api_error(out, 400, "malformed", "the request has no body");
		return NULL;
	}
	if (api_too_deep(rq->body, rq->body_len, API_JSON_DEPTH)) {
		api_error(out, 400, "malformed", "the body is nested more than 16 levels deep");
		return NULL;
	}
	json_t *doc = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(doc)) {
		json_decref(doc);
		api_error(out, 400, "malformed", "the body is not a JSON object");
		return NULL;
	}
	return doc;
}

static void with_time(json_t *body)
{
	char now[32];
	hub_time_format(hub_time_ms(), now);
	json_object_set_new(body, "server_time", json_string(now));
}

struct device {
	int64_t id;
	char db_id[128];
	char scope[128]; /* its location; "" for the whole region */
};

/* 0 with dev filled, or -1 with the reply set. */
static int authenticate(struct hdb *db, const struct api_request *rq, struct device *dev,
                        struct api_reply *out)
{
	const char *h = rq->authorization;
	if (h == NULL || strncmp(h, "Bearer ", 7) != 0 || strlen(h + 7) != TOKEN_HEX_LEN) {
		api_error(out, 401, "unauthorized", "a device token is needed: enrol the handheld");
		return -1;
	}
	char hash[TOKEN_HEX_LEN + 1];
	token_hash(h + 7, hash);
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT id, db_id, scope_id FROM device WHERE token_hash = ?"
	                     " AND revoked = 0",
	                     &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, hash);
		rc = hdb_step(st);
	}
	if (rc == HDB_ROW) {
		dev->id = hdb_column_int64(st, 0);
		snprintf(dev->db_id, sizeof(dev->db_id), "%s",
		         (const char *)hdb_column_text(st, 1));
		snprintf(dev->scope, sizeof(dev->scope), "%s",
		         hdb_column_type(st, 2) == HDB_NULL ? ""
		                                            : (const char *)hdb_column_text(st, 2));
		out->device_id = dev->id;
	}
	hdb_finalize(st);
	if (rc == HDB_ROW)
		return 0;
	if (rc == HDB_DONE) {
		api_error(out, 401, "unauthorized",
		          "unknown or revoked token: enrol the handheld again");
	} else {
		struct tally_err e = { 0 };
		hub_db_fail(&e, db, rc, "checking the token");
		db_failed(out, &e);
	}
	return -1;
}

static const char *opt_str(json_t *doc, const char *key, size_t max, int *bad)
{
	json_t *v = json_object_get(doc, key);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || json_string_length(v) > max) {
		*bad = 1;
		return NULL;
	}
	return json_string_value(v);
}

static void enroll(struct hdb *db, struct ratelimit *rl, const struct api_request *rq,
                   struct api_reply *out)
{
	int wait = ratelimit_hit(rl, rq->client_addr, hub_time_ms());
	if (wait > 0) {
		out->retry_after = wait;
		api_error(out, 429, "rate-limited", "too many enrolment attempts; wait a minute");
		return;
	}
	json_t *doc = parse_body(rq, out);
	if (doc == NULL)
		return;
	int bad = 0;
	const char *code = opt_str(doc, "code", 64, &bad), *name = opt_str(doc, "name", 100, &bad),
	           *hw_id = opt_str(doc, "hw_id", 200, &bad),
	           *db_id = opt_str(doc, "db_id", 100, &bad);
	char canon[ENROLL_CODE_LEN + 1], hash[TOKEN_HEX_LEN + 1], token[TOKEN_HEX_LEN + 1];
	char token_hash_hex[TOKEN_HEX_LEN + 1], now[32], code_name[101] = "";
	char *scope = NULL; /* the code's location, or NULL: the whole region */
	struct tally_err e = { 0 };
	struct hdb_stmt *st = NULL;
	int rc = HDB_OK;
	if (bad || code == NULL || db_id == NULL || *db_id == '\0') {
		api_error(out, 400, "malformed",
		          "enrolment needs a code and a db_id (strings), and a name of up to 100 "
		          "characters");
		goto done;
	}
	if (enroll_code_normalize(code, canon) != 0) {
		api_error(out, 403, "enroll-code-invalid",
		          "the enrolment code is wrong, used or expired: ask for a new one");
		goto done;
	}
	token_hash(canon, hash);
	hub_time_format(hub_time_ms(), now);
	if (hub_db_begin(db, &e) != 0) {
		db_failed(out, &e);
		goto done;
	}
	rc = hdb_prepare(
	    db,
	    "SELECT name, scope_id FROM enroll_code WHERE code_hash = ? AND used_at IS NULL"
	    " AND expires_at > ?",
	    &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, hash);
		hdb_bind_text(st, 2, now);
		rc = hdb_step(st);
		if (rc == HDB_ROW) {
			snprintf(code_name, sizeof(code_name), "%s", hdb_column_text(st, 0));
			if (hdb_column_type(st, 1) != HDB_NULL)
				scope = strdup((const char *)hdb_column_text(st, 1));
		}
	}
	hdb_finalize(st);
	st = NULL;
	if (rc == HDB_DONE) {
		hdb_rollback(db);
		api_error(out, 403, "enroll-code-invalid",
		          "the enrolment code is wrong, used or expired: ask for a new one");
		goto done;
	}
	if (rc != HDB_ROW || token_new(token, &e) != 0)
		goto fail;
	token_hash(token, token_hash_hex);
	rc = hdb_prepare(db,
	                 "INSERT INTO device(name, hw_id, db_id, token_hash, enrolled_at,"
	                 " scope_id) VALUES(?, ?, ?, ?, ?, ?) RETURNING id",
	                 &st);
	if (rc != HDB_OK)
		goto fail;
	hdb_bind_text(st, 1, name != NULL && *name ? name : code_name);
	if (hw_id != NULL)
		hdb_bind_text(st, 2, hw_id);
	hdb_bind_text(st, 3, db_id);
	hdb_bind_text(st, 4, token_hash_hex);
	hdb_bind_text(st, 5, now);
	hdb_bind_text(st, 6, scope);
	if ((rc = hdb_step(st)) != HDB_ROW)
		goto fail;
	int64_t device_id = hdb_column_int64(st, 0);
	hdb_finalize(st);
	rc = hdb_prepare(
	    db, "UPDATE enroll_code SET used_at = ?, device_id = ? WHERE code_hash = ?", &st);
	if (rc != HDB_OK)
		goto fail;
	hdb_bind_text(st, 1, now);
	hdb_bind_int64(st, 2, device_id);
	hdb_bind_text(st, 3, hash);
	if ((rc = hdb_step(st)) != HDB_DONE)
		goto fail;
	hdb_finalize(st);
	st = NULL;
	if (hub_db_commit(db, &e) != 0) {
		hdb_rollback(db);
		db_failed(out, &e);
		goto done;
	}
	out->status = 200;
	out->device_id = device_id;
	out->body = json_pack("{s:I,s:s,s:o}", "device_id", (json_int_t)device_id, "token", token,
	                      "scope", scope != NULL ? json_string(scope) : json_null());
	with_time(out->body);
	goto done;
fail:
	if (e.status == 0)
		hub_db_fail(&e, db, rc, "enrolling a handheld");
	hdb_finalize(st);
	hdb_rollback(db);
	db_failed(out, &e);
done:
	free(scope);
	json_decref(doc);
}

/* Is db_id the store this device was enrolled with, or one it took since
 * (a restored or copied store's new identity)?  1, 0, or -1 on failure. */
static int store_known(struct hdb *db, const struct device *dev, const char *db_id)
{
	if (strcmp(db_id, dev->db_id) == 0)
		return 1;
	struct hdb_stmt *st = NULL;
	int rc =
	    hdb_prepare(db, "SELECT 1 FROM device_store WHERE device_id = ? AND db_id = ?", &st);
	if (rc == HDB_OK) {
		hdb_bind_int64(st, 1, dev->id);
		hdb_bind_text(st, 2, db_id);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	return rc == HDB_ROW ? 1 : rc == HDB_DONE ? 0 : -1;
}

/* "highest_seq" and "highest_uuid": the newest record the hub holds from
 * this store, so that a store restored from a backup finds it is behind. */
static int with_highest(struct hdb *db, const struct device *dev, const char *db_id, json_t *body)
{
	int64_t seq;
	char uuid[37];
	if (ingest_highest(db, dev->id, db_id, &seq, uuid) != 0)
		return -1;
	json_object_set_new(body, "highest_seq", json_integer((json_int_t)seq));
	if (seq > 0)
		json_object_set_new(body, "highest_uuid", json_string(uuid));
	return 0;
}

static void events(struct hdb *db, const struct api_request *rq, struct api_reply *out)
{
	struct device dev;
	if (authenticate(db, rq, &dev, out) != 0)
		return;
	json_t *doc = parse_body(rq, out);
	if (doc == NULL)
		return;
	const char *db_id = json_string_value(json_object_get(doc, "db_id"));
	json_t *evs = json_object_get(doc, "events"), *dt = json_object_get(doc, "device_time");
	if (db_id == NULL || !json_is_array(evs) || (dt != NULL && !json_is_string(dt))) {
		api_error(out, 400, "malformed",
		          "expected {\"db_id\": ..., \"device_time\": ..., \"events\": [...]}");
	} else if (json_array_size(evs) > API_EVENTS_MAX) {
		api_error(out, 413, "too-large",
		          "more than 1000 events in one request: send fewer");
	} else if (store_known(db, &dev, db_id) != 1) {
		api_error(out, 409, "db-id-changed",
		          "this handheld's store is not the one that was enrolled: re-enrol it");
	} else {
		struct tally_err e = { 0 };
		json_t *mono = json_object_get(doc, "mono_ms");
		struct sender_clock clock = {
			.device_time = json_string_value(dt),
			.boot_id = json_is_integer(mono)
			               ? json_string_value(json_object_get(doc, "boot_id"))
			               : NULL,
			.mono_ms = json_is_integer(mono) ? json_integer_value(mono) : 0,
		};
		json_t *results = ingest_events_at(db, dev.id, db_id, &clock, evs, &e);
		if (results == NULL) {
			db_failed(out, &e);
		} else {
			out->status = 200;
			out->body = json_pack("{s:o}", "results", results);
			with_time(out->body);
			if (with_highest(db, &dev, db_id, out->body) != 0) {
				hub_db_fail(&e, db, hdb_errcode(db), "reading the highest seq");
				db_failed(out, &e);
			}
		}
	}
	json_decref(doc);
}

/* A restored or copied store takes a new identity: {"db_id": old,
 * "new_db_id": fresh UUID, "highest_seq": the device's own highest}. */
static void rebase(struct hdb *db, const struct api_request *rq, struct api_reply *out)
{
	struct device dev;
	if (authenticate(db, rq, &dev, out) != 0)
		return;
	json_t *doc = parse_body(rq, out);
	if (doc == NULL)
		return;
	int bad = 0;
	const char *old = opt_str(doc, "db_id", 100, &bad),
	           *fresh = opt_str(doc, "new_db_id", 36, &bad);
	json_t *jhigh = json_object_get(doc, "highest_seq");
	struct tally_err e = { 0 };
	int64_t hub_high = 0;
	char hub_uuid[37];
	if (bad || old == NULL || fresh == NULL || strlen(fresh) != 36 || !json_is_integer(jhigh)) {
		api_error(out, 400, "malformed",
		          "expected {\"db_id\": ..., \"new_db_id\": UUID, \"highest_seq\": N}");
	} else if (store_known(db, &dev, old) != 1) {
		api_error(out, 409, "db-id-changed",
		          "this handheld's store is not the one that was enrolled: re-enrol it");
	} else if (hub_db_begin(db, &e) != 0) {
		db_failed(out, &e);
	} else {
		char now[32];
		hub_time_format(hub_time_ms(), now);
		struct hdb_stmt *st = NULL;
		int rc = ingest_highest(db, dev.id, old, &hub_high, hub_uuid);
		if (rc == HDB_OK)
			rc = hdb_prepare(db,
			                 "INSERT INTO device_store(device_id, db_id, from_db_id,"
			                 " device_highest, hub_highest, at)"
			                 " VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
			                 &st);
		if (rc == HDB_OK) {
			hdb_bind_int64(st, 1, dev.id);
			hdb_bind_text(st, 2, fresh);
			hdb_bind_text(st, 3, old);
			hdb_bind_int64(st, 4, json_integer_value(jhigh));
			hdb_bind_int64(st, 5, hub_high);
			hdb_bind_text(st, 6, now);
			rc = hdb_step(st);
		}
		hdb_finalize(st);
		if (rc != HDB_DONE || hub_db_commit(db, &e) != 0) {
			if (e.status == 0)
				hub_db_fail(&e, db, rc, "recording a store's new identity");
			hdb_rollback(db);
			db_failed(out, &e);
		} else {
			fprintf(
			    stderr,
			    _("tally-hub: device %lld: its store %s was restored from a backup or "
			      "copied (it holds up to seq %lld, the hub up to %lld); it goes on "
			      "as store %s, and nothing is lost.\n"),
			    (long long)dev.id, old, (long long)json_integer_value(jhigh),
			    (long long)hub_high, fresh);
			out->status = 200;
			out->body = json_pack("{s:s}", "db_id", fresh);
			with_time(out->body);
		}
	}
	json_decref(doc);
}

/* A non-negative decimal number, or -1. */
static long long number_arg(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return -1;
	long long n = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

static void changes(struct hdb *db, const struct api_request *rq, struct api_reply *out)
{
	struct device dev;
	if (authenticate(db, rq, &dev, out) != 0)
		return;
	long long since = rq->since != NULL ? number_arg(rq->since) : 0;
	long long limit = rq->limit != NULL ? number_arg(rq->limit) : 1000;
	if (since < 0 || limit < 1) {
		api_error(out, 400, "malformed",
		          "since and limit must be whole numbers (limit 1 or more)");
		return;
	}
	struct tally_err e = { 0 };
	char *page = changelog_page_text(db, dev.id, dev.scope[0] ? dev.scope : NULL, since,
	                                 limit > 5000 ? 5000 : (int)limit, &e);
	if (page == NULL) {
		db_failed(out, &e);
		return;
	}
	out->status = 200;
	out->text = page;
}

/* For monitoring and load balancers: no token, and nothing in it but that
 * the hub answers, reaches its database, and its clock.  A hub whose
 * database is away (PostgreSQL restarting, a failover under way) answers
 * 503 with Retry-After, so a load balancer sends the handhelds to another
 * hub meanwhile. */
static void health(struct hdb *db, struct api_reply *out)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "SELECT 1", &st);
	if (rc == HDB_OK)
		rc = hdb_step(st);
	hdb_finalize(st);
	if (rc != HDB_ROW) {
		fprintf(stderr, "tally-hub: health: the database does not answer: %s\n",
		        hdb_errmsg(db));
		out->status = 503;
		out->retry_after = 1;
		out->body = json_pack("{s:b,s:s}", "ok", 0, "error", "database-unavailable");
	} else {
		out->status = 200;
		out->body = json_pack("{s:b}", "ok", 1);
	}
	with_time(out->body);
}

void api_handle(struct hdb *db, struct ratelimit *rl, const struct api_request *rq,
                struct api_reply *out)
{
	static const struct {
		const char *path, *method;
	} routes[] = {
		{ "/v1/enroll", "POST" }, { "/v1/events", "POST" }, { "/v1/changes", "GET" },
		{ "/v1/health", "GET" },  { "/v1/rebase", "POST" },
	};
	size_t r = 0, n = sizeof(routes) / sizeof(routes[0]);
	while (r < n && strcmp(routes[r].path, rq->path) != 0)
		r++;
	if (r == n) {
		api_error(out, 404, "not-found", "no such endpoint");
		return;
	}
	if (strcmp(routes[r].method, rq->method) != 0) {
		api_error(out, 405, "method-not-allowed", "wrong method for this endpoint");
		return;
	}
	switch (r) {
	case 0:
		enroll(db, rl, rq, out);
		break;
	case 1:
		events(db, rq, out);
		break;
	case 2:
		changes(db, rq, out);
		break;
	case 4:
		rebase(db, rq, out);
		break;
	default:
		health(db, out);
	}
}
