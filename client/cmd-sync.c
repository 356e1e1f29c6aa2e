/*
 * cmd-sync.c — `tally sync --once`: one round, its outcome as the exit
 * status; `tally sync --daemon`: rounds whenever there may be something to
 * do, backing off while the hub is unreachable (tally-sync.service).
 */
#include "client/cmd.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"
#include "sync/backoff.h"
#include "sync/clock.h"
#include "client/sync-pid.h"
#include "sync/sync-conf.h"
#include "sync/sync.h"
#include "sync/wake.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#define BACKOFF_BASE_MS 1000u
#define BACKOFF_MAX_MS  (5u * 60u * 1000u)

static void report(const struct sync_outcome *o)
{
	if (o->said[0])
		printf("%s\n", o->said);
	printf(_("sent %lld, rejected %lld, pulled %lld changes\n"), (long long)o->sent,
	       (long long)o->rejected, (long long)o->pulled);
	fflush(stdout);
}

/* What the last try found, for Status on the handheld: when, and the
 * hub's answer ("" when it answered; else what failed). */
static void note_try(struct store *s, int rc, const struct tally_err *e)
{
	char now[32];
	struct tally_err ignore = { 0 };
	clock_format_ms(clock_now_ms(), now, sizeof(now));
	store_meta_set(s, "last_try", now, &ignore);
	store_meta_set(s, "last_try_error", rc == 0 ? "" : e->msg, &ignore);
}

static int is_retryable(int status)
{
	return status == EX_TEMPFAIL;
}

static int daemon_loop(struct sync_session *ss, const struct sync_conf *c, struct store *s,
                       struct tally_err *e)
{
	const char *store = store_path(s);
	/* Signals are taken through the wake-up before the pid is published,
	 * so a poke can never kill the daemon with SIGUSR1's default action. */
	struct wake *w = wake_new(store, e);
	if (w == NULL)
		return e->status;
	if (sync_pid_write(store, e) != 0) {
		wake_free(w);
		return e->status;
	}
	struct backoff b;
	backoff_init(&b, BACKOFF_BASE_MS, BACKOFF_MAX_MS);
	uint32_t seed = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	int status = 0;
	for (;;) {
		struct sync_outcome o;
		err_clear(e);
		int rc = sync_round(ss, &o, e);
		note_try(s, rc, e);
		long wait_ms;
		/* A round that quarantined records is done: said, not retried. */
		if (rc == EX_DATAERR && o.rejected > 0) {
			cmd_warn(e);
			rc = 0;
		}
		if (rc == 0) {
			if (o.sent > 0 || o.rejected > 0 || o.pulled > 0 || o.said[0])
				report(&o);
			backoff_reset(&b);
			wait_ms = c->interval_s * 1000L;
		} else if (is_retryable(rc)) {
			if (o.sent > 0 || o.rejected > 0)
				report(&o);
			seed = seed * 1664525u + 1013904223u;
			wait_ms = backoff_next(&b, seed, o.retry_after_s);
			fprintf(stderr, _("tally: %s (next try in %ld s)\n"), e->msg,
			        (wait_ms + 999) / 1000);
		} else {
			/* 77 and the like: retrying cannot help until a person
			 * acts; the service unit does not restart on 77. */
			status = rc;
			break;
		}
		if (wake_wait(w, wait_ms) == WAKE_STOP) {
			err_clear(e);
			break;
		}
	}
	sync_pid_remove(store);
	wake_free(w);
	return status;
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { "once", no_argument, NULL, 'o' },
		                              { "daemon", no_argument, NULL, 'd' },
		                              { NULL, 0, NULL, 0 } };
	int c, mode = 'o';
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c != 'o' && c != 'd')
			return EX_USAGE;
		mode = c;
	}
	if (optind != argc)
		return EX_USAGE;
	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	struct sync_conf sc;
	if (sync_conf_load(ctx->config, &sc, e) != 0)
		return e->status;
	struct sync_session *ss = sync_session_new(ctx->store, &sc);
	int status;
	if (ss == NULL) {
		status = err_set(e, EX_OSERR, _("out of memory"));
	} else if (mode == 'd') {
		status = daemon_loop(ss, &sc, ctx->store, e);
	} else {
		struct sync_outcome o;
		status = sync_round(ss, &o, e);
		note_try(ctx->store, status, e);
		if (status == 0 || o.sent > 0 || o.rejected > 0 || o.said[0])
			report(&o);
	}
	sync_session_free(ss);
	return status;
}

const struct cmd_entry cmd_sync_entry = {
	.doc = { "sync", N_("sync [--once | --daemon]"), N_("send records, fetch master data") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
