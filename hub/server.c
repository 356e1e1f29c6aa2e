/*
 * server.c — HTTP plumbing around api.c (see server.h).
 *
 * A body is read, inflated and bounded here as it arrives, so a request
 * larger than the limit is refused before it is kept whole: a
 * Content-Length above it is refused before a byte of the body is read.
 */
#include "hub/server.h"
#include "hub/api.h"
#include "hub/gz.h"
#include "hub/hub-db.h"
#include "hub/hub-time.h"
#include "hub/ratelimit.h"
#include "hub/web.h"
#include "common/i18n.h"
#include "common/str.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Half-open connections (slowloris) must not shut real syncs out: each
 * address may hold this many at once, and a connection that sends nothing
 * for this long is closed.  A handheld's request takes a second or two. */
#define SERVER_CONNECTIONS_MAX         4000u
#define SERVER_CONNECTIONS_PER_ADDRESS 64u
#define SERVER_IDLE_TIMEOUT_S          15u

struct server {
	struct MHD_Daemon *daemon;
	struct ratelimit rl;
	struct web web;     /* everything not under /v1/ */
	pthread_mutex_t mu; /* guards the pool */
	pthread_cond_t cv;
	struct hdb **idle;
	int n_idle, n_conns;
	int port;
	char *cert, *key;
};

/* What a connection carries between the calls for one request. */
struct exchange {
	long long start_ms;
	struct gz_body body;
	int refused; /* a reply was already queued */
};

static struct hdb *pool_take(struct server *s)
{
	pthread_mutex_lock(&s->mu);
	while (s->n_idle == 0)
		pthread_cond_wait(&s->cv, &s->mu);
	struct hdb *db = s->idle[--s->n_idle];
	pthread_mutex_unlock(&s->mu);
	return db;
}

static void pool_give(struct server *s, struct hdb *db)
{
	pthread_mutex_lock(&s->mu);
	s->idle[s->n_idle++] = db;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static void client_addr(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, size, "?");
	if (ci == NULL || ci->client_addr == NULL)
		return;
	socklen_t len = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                                       : sizeof(struct sockaddr_in);
	getnameinfo(ci->client_addr, len, out, (socklen_t)size, NULL, 0, NI_NUMERICHOST);
}

static enum MHD_Result send_reply(struct MHD_Connection *c, const char *method, const char *url,
                                  struct exchange *x, struct api_reply *r)
{
	char *text = r->text != NULL ? r->text : json_dumps(r->body, JSON_COMPACT);
	r->text = NULL; /* the response frees it */
	size_t len = text != NULL ? strlen(text) : 0;
	const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
	int gzip = 0;
	if (text != NULL && accept != NULL && str_icontains(accept, "gzip")) {
		size_t zlen;
		char *z = gz_deflate(text, len, &zlen);
		if (z != NULL) {
			free(text);
			text = z;
			len = zlen;
			gzip = 1;
		}
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer(
	    len, text != NULL ? text : (char *)"",
	    text != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, "Content-Type", "application/json");
	MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (gzip)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	if (r->retry_after > 0) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%d", r->retry_after);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	/* One line a request; never a header or a body (they hold tokens). */
	fprintf(stderr, "%s %s %d device=%lld %lldms\n", method, url, r->status,
	        (long long)r->device_id, hub_time_ms() - x->start_ms);
	json_decref(r->body);
	r->body = NULL;
	return ok;
}

static enum MHD_Result refuse(struct MHD_Connection *c, const char *method, const char *url,
                              struct exchange *x, int status, const char *code, const char *message)
{
	struct api_reply r = { 0 };
	api_error(&r, status, code, message);
	x->refused = 1;
	return send_reply(c, method, url, x, &r);
}

/* A query argument, cookie or header of the request, for web.c. */
static const char *web_get(void *conn, enum web_part part, const char *name)
{
	enum MHD_ValueKind kind = part == WEB_QUERY    ? MHD_GET_ARGUMENT_KIND
	                          : part == WEB_COOKIE ? MHD_COOKIE_KIND
	                                               : MHD_HEADER_KIND;
	return MHD_lookup_connection_value(conn, kind, name);
}

static enum MHD_Result web_reply(struct server *s, struct MHD_Connection *c, const char *method,
                                 const char *url, struct exchange *x)
{
	char addr[64];
	client_addr(c, addr, sizeof(addr));
	struct web_request rq = { .method = method,
		                  .path = url,
		                  .get = web_get,
		                  .conn = c,
		                  .client_addr = addr,
		                  .tls = s->cert != NULL,
		                  .body = x->body.buf,
		                  .body_len = x->body.len };
	struct web_reply r;
	struct hdb *db = pool_take(s);
	web_handle(&s->web, db, &rq, &r);
	pool_give(s, db);
	x->refused = 1;
	struct MHD_Response *resp = MHD_create_response_from_buffer(
	    r.len, r.body != NULL ? r.body : (char *)"",
	    r.body != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	r.body = NULL; /* the response frees it */
	MHD_add_response_header(resp, "Content-Type",
	                        r.content_type ? r.content_type : "text/plain; charset=utf-8");
	for (int i = 0; i < r.n_headers; i++)
		MHD_add_response_header(resp, r.headers[i].name, r.headers[i].value);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)r.status, resp);
	MHD_destroy_response(resp);
	fprintf(stderr, "%s %s %d web %lldms\n", method, url, r.status,
	        hub_time_ms() - x->start_ms);
	web_reply_free(&r);
	return ok;
}

/* %00 in a URL would end the path where the endpoints compare it
 * ("/v1/health%00" answering as "/v1/health"): such a URL is left as it
 * came, and so matches no endpoint (404).  No endpoint needs escapes. */
static size_t unescape_path(void *cls, struct MHD_Connection *c, char *uri)
{
	(void)cls;
	(void)c;
	if (strstr(uri, "%00") != NULL)
		return strlen(uri);
	return MHD_http_unescape(uri);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct exchange *x = *con_cls;
	if (x == NULL) {
		x = calloc(1, sizeof(*x));
		if (x == NULL)
			return MHD_NO;
		x->start_ms = hub_time_ms();
		*con_cls = x;
		const char *enc =
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Encoding");
		int gzip = enc != NULL && strcasecmp(enc, "gzip") == 0;
		gz_body_init(&x->body, API_BODY_MAX, gzip);
		if (enc != NULL && !gzip && strcasecmp(enc, "identity") != 0)
			return refuse(c, method, url, x, 415, "unsupported-encoding",
			              "only gzip or identity request bodies");
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl != NULL && strtoull(cl, NULL, 10) > API_BODY_MAX)
			return refuse(c, method, url, x, 413, "too-large",
			              "the body is larger than 1 MiB: send fewer events");
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!x->refused)
			gz_body_add(&x->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (x->refused)
		return MHD_YES;
	gz_body_finish(&x->body);
	if (x->body.too_large)
		return refuse(c, method, url, x, 413, "too-large",
		              "the body is larger than 1 MiB: send fewer events");
	if (x->body.corrupt)
		return refuse(c, method, url, x, 400, "malformed", "the gzip body is damaged");
	if (strncmp(url, "/v1/", 4) != 0)
		return web_reply(s, c, method, url, x);

	char addr[64];
	client_addr(c, addr, sizeof(addr));
	struct api_request rq = {
		.method = method,
		.path = url,
		.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization"),
		.since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since"),
		.limit = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit"),
		.body = x->body.buf,
		.body_len = x->body.len,
		.client_addr = addr,
	};
	struct api_reply r = { 0 };
	struct hdb *db = pool_take(s);
	api_handle(db, &s->rl, &rq, &r);
	pool_give(s, db);
	x->refused = 1;
	return send_reply(c, method, url, x, &r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct exchange *x = *con_cls;
	if (x != NULL) {
		gz_body_release(&x->body);
		free(x);
		*con_cls = NULL;
	}
}

static char *read_pem(const char *path, struct tally_err *e)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		err_set(e, EX_NOINPUT, _("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct tally_err *e)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	char *end;
	long port = colon != NULL ? strtol(colon + 1, &end, 10) : -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host) || *end != '\0' || port < 0 ||
	    port > 65535)
		return err_set(e, EX_USAGE, _("--listen wants ADDR:PORT, like 0.0.0.0:8443"));
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	if (host[0] == '\0' || strcmp(host, "*") == 0)
		snprintf(host, sizeof(host), "0.0.0.0");
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return err_set(e, EX_USAGE, _("--listen: '%s' is not an IPv4 address"), host);
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

void server_stop(struct server *s)
{
	if (s == NULL)
		return;
	if (s->daemon != NULL)
		MHD_stop_daemon(s->daemon);
	for (int i = 0; i < s->n_idle; i++)
		hdb_close(s->idle[i]);
	free(s->idle);
	free(s->cert);
	free(s->key);
	ratelimit_release(&s->rl);
	web_free(&s->web);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}

struct server *server_start(const struct server_options *o, struct tally_err *e)
{
	struct sockaddr_in sa;
	if (parse_listen(o->listen, &sa, e) != 0)
		return NULL;
	struct server *s = calloc(1, sizeof(*s));
	ratelimit_init(&s->rl);
	web_init(&s->web, !o->no_public);
	web_trust_proxy(&s->web, o->sso_proxy, o->sso_header);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	int threads = o->threads > 0 ? o->threads : 4;
	s->idle = calloc((size_t)threads, sizeof(struct hdb *));
	for (int i = 0; i < threads; i++) {
		struct hdb *db = hub_db_open(o->db_path, 0, e);
		if (db == NULL) {
			server_stop(s);
			return NULL;
		}
		s->idle[s->n_idle++] = db;
	}
	/* epoll where there is one: select() stops at 1024 descriptors. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_AUTO;
	int tls = o->tls_cert != NULL || o->tls_key != NULL;
	if (tls) {
		if (o->tls_cert == NULL || o->tls_key == NULL) {
			err_set(e, EX_USAGE, _("HTTPS needs both --tls-cert and --tls-key"));
			server_stop(s);
			return NULL;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			err_set(e, EX_UNAVAILABLE,
			        _("this libmicrohttpd was built without TLS; put a TLS "
			          "proxy in "
			          "front of tally-hub or install one with TLS"));
			server_stop(s);
			return NULL;
		}
		if ((s->cert = read_pem(o->tls_cert, e)) == NULL ||
		    (s->key = read_pem(o->tls_key, e)) == NULL) {
			server_stop(s);
			return NULL;
		}
		flags |= MHD_USE_TLS;
	}
	s->daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, s, MHD_OPTION_CONNECTION_TIMEOUT, SERVER_IDLE_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_LIMIT, SERVER_CONNECTIONS_MAX, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    SERVER_CONNECTIONS_PER_ADDRESS, MHD_OPTION_UNESCAPE_CALLBACK, unescape_path, NULL,
	    tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->cert, MHD_OPTION_HTTPS_MEM_KEY,
	    s->key, MHD_OPTION_END);
	if (s->daemon == NULL) {
		err_set(e, EX_UNAVAILABLE,
		        _("cannot listen on %s (in use, or a TLS certificate or key that does "
		          "not load)"),
		        o->listen);
		server_stop(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di != NULL ? di->port : ntohs(sa.sin_port);
	return s;
}

int server_port(const struct server *s)
{
	return s->port;
}
