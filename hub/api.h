/*
 * api.h — the four endpoints of docs/protocol.md, apart from HTTP: a
 * request's parts in, a status and a JSON body out.
 */
#ifndef TALLY_SYNC_HUB_API_H
#define TALLY_SYNC_HUB_API_H

#include "hub/ratelimit.h"

#include <jansson.h>
#include "hub/hdb.h"
#include <stddef.h>
#include <stdint.h>

#define API_BODY_MAX   (1024 * 1024) /* bytes, after gzip inflate */
#define API_JSON_DEPTH 16
#define API_EVENTS_MAX 1000

struct api_request {
	const char *method, *path;
	const char *authorization; /* the header, or NULL */
	const char *since, *limit; /* query arguments of /v1/changes, or NULL */
	const char *body;          /* NUL-terminated, or NULL */
	size_t body_len;
	const char *client_addr; /* numeric */
};

struct api_reply {
	int status;
	json_t *body;
	char *text;        /* the body as JSON text already (malloc'd), sent instead of body */
	int retry_after;   /* seconds, or 0 */
	int64_t device_id; /* for the log; 0 when none */
};

/* Answer rq with db (a connection of this thread's own); rl counts
 * enrolment attempts. */
void api_handle(struct hdb *db, struct ratelimit *rl, const struct api_request *rq,
                struct api_reply *out);

/* An error reply: {"error": code, "message": message}. */
void api_error(struct api_reply *out, int status, const char *code, const char *message);

/* Does text nest arrays and objects deeper than max? (jansson has no
 * limit of its own that a hub can set.) */
int api_too_deep(const char *text, size_t len, int max);

#endif
