/*
 * cmd-serve.c — tally-hub serve --listen ADDR:PORT [--tls-cert F --tls-key F]
 * [--threads N] [--public-url URL]: answer the handhelds until SIGTERM or
 * SIGINT.
 */
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "hub/hub-meta.h"
#include "hub/server.h"
#include "common/i18n.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int remember_url(const char *db_path, const char *url, struct tally_err *e)
{
	struct hdb *db = hub_db_open(db_path, 0, e);
	if (db == NULL)
		return e->status;
	int rc = hub_meta_set(db, "url", url, e);
	hdb_close(db);
	return rc;
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ "threads", required_argument, NULL, 't' },
		{ "public-url", required_argument, NULL, 'u' },
		{ "no-public", no_argument, NULL, 'n' },
		{ "trusted-proxy", required_argument, NULL, 'P' },
		{ "proxy-user-header", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	struct server_options o = { .db_path = ctx->db_path, .threads = 4 };
	const char *public_url = NULL;
	int c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		char *end;
		switch (c) {
		case 'l':
			o.listen = optarg;
			break;
		case 'c':
			o.tls_cert = optarg;
			break;
		case 'k':
			o.tls_key = optarg;
			break;
		case 't':
			o.threads = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o.threads < 1 || o.threads > 256)
				return err_set(e, EX_USAGE, _("--threads takes a number, 1 to %d"),
				               256);
			break;
		case 'u':
			public_url = optarg;
			break;
		case 'n':
			o.no_public = 1;
			break;
		case 'P':
			o.sso_proxy = optarg;
			break;
		case 'H':
			o.sso_header = optarg;
			break;
		default:
			return EX_USAGE;
		}
	}
	if (o.listen == NULL || optind != argc || (o.sso_proxy == NULL) != (o.sso_header == NULL))
		return EX_USAGE;

	if (public_url != NULL && remember_url(ctx->db_path, public_url, e) != 0)
		return e->status;
	/* Block the stop signals before the threads start, so they all inherit
	 * the mask and only sigwait below sees them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct server *s = server_start(&o, e);
	if (s == NULL)
		return e->status;
	char host[64];
	const char *colon = strrchr(o.listen, ':');
	snprintf(host, sizeof(host), "%.*s", (int)(colon - o.listen), o.listen);
	printf("listening on %s://%s:%d\n", o.tls_cert != NULL ? "https" : "http",
	       host[0] && strcmp(host, "*") ? host : "0.0.0.0", server_port(s));
	fflush(stdout);
	int sig;
	sigwait(&stop, &sig);
	fprintf(stderr, _("tally-hub: stopping (signal %d)\n"), sig);
	server_stop(s);
	return 0;
}

/* The database is opened by each worker thread (server.c), not here. */
const struct hub_cmd_entry hub_cmd_serve_entry = {
	.doc = { "serve",
	         N_("serve --listen ADDR:PORT [--tls-cert FILE --tls-key FILE] [--threads N] "
	            "[--public-url URL] [--no-public] [--trusted-proxy ADDR --proxy-user-header "
	            "NAME]"),
	         N_("answer the handhelds (HTTP API and web pages)") },
	.run = run,
};
