/*
 * server.h — tally-hub's HTTP(S) server: libmicrohttpd with a pool of
 * threads, each request answered with a SQLite connection of its own.
 */
#ifndef TALLY_SYNC_HUB_SERVER_H
#define TALLY_SYNC_HUB_SERVER_H

#include "common/err.h"

struct server;

struct server_options {
	const char *db_path;
	const char *listen;   /* "ADDR:PORT"; PORT 0 picks a free one */
	const char *tls_cert; /* PEM files, or both NULL for plain HTTP */
	const char *tls_key;
	int threads;
	int no_public;          /* the web front's public pages off */
	const char *sso_proxy;  /* single sign-on: the proxy's address, */
	const char *sso_header; /* and the header naming the hub account */
};

/* Start serving; NULL with e set. */
struct server *server_start(const struct server_options *o, struct tally_err *e);

/* The port it listens on (the one picked, when asked for 0). */
int server_port(const struct server *s);

/* Stop: finishes the requests under way, closes the connections. */
void server_stop(struct server *s);

#endif
