#include "client/linemode.h"
#include "jobs/pack.h"
#include "core/expiry.h"
#include "client/sync-pid.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"
#include "jobs/signin.h"

#include <stdint.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>

#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

static int dump_read_before(struct linemode *lm, const char *path, struct tally_err *e);

int linemode_open(struct linemode *lm, struct tally_ctx *ctx, int argc, char **argv, int flags,
                  struct tally_err *e)
{
	int arg_optional = (flags & LINEMODE_ARG_OPTIONAL) != 0;
	static const struct option opts[] = { { "user", required_argument, NULL, 'u' },
		                              { "scanner", required_argument, NULL, 's' },
		                              { "json", no_argument, NULL, 'j' },
		                              { "again", no_argument, NULL, 'a' },
		                              { NULL, 0, NULL, 0 } };
	const char *spec = ctx->scanner;
	int c;
	memset(lm, 0, sizeof(*lm));
	lm->json = ctx->json;
	lm->job = argv[0];
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 'u')
			lm->user = optarg;
		else if (c == 's')
			spec = optarg;
		else if (c == 'j' && (flags & LINEMODE_TEXT_ONLY))
			return EX_USAGE; /* its usage lists no --json */
		else if (c == 'j')
			lm->json = 1;
		else if (c == 'a')
			lm->again = 1;
		else
			return EX_USAGE;
	}
	if (optind + 1 < argc || (optind == argc && !arg_optional) || lm->user == NULL)
		return EX_USAGE;
	if (flags & LINEMODE_TEXT_ONLY)
		lm->json = 0; /* tally's own --json too: warnings in words */
	lm->arg = optind < argc ? argv[optind] : NULL;

	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	lm->cfg = ctx->config;
	lm->store = ctx->store;
	struct user u;
	if (store_user_get(lm->store, lm->user, &u, e) != 0) {
		char why[sizeof(e->msg)];
		snprintf(why, sizeof(why), "%s", e->msg);
		return err_set(e, EX_NOPERM,
		               _("%s: sign in with a badge this handheld knows (sync first if it "
		                 "is new)"),
		               why);
	}
	int may = signin_may_job(u.roles, lm->job);
	user_free(&u);
	if (!may)
		return err_set(e, EX_NOPERM,
		               _("%s may not do the job '%s': the pharmacy gives the role; "
		                 "nothing recorded"),
		               lm->user, lm->job);
	if (spec == NULL)
		spec = config_get(lm->cfg, "scanner", "spec", "stdin");
	if (strncmp(spec, "file:", 5) == 0 && dump_read_before(lm, spec + 5, e) != 0)
		return e->status;
	lm->scanner = scanner_open(spec, lm->cfg, e);
	if (lm->scanner == NULL)
		return e->status;
	expiry_today(lm->today);
	lm->scan_cfg.location_prefix = config_get(lm->cfg, "labels", "location_prefix", "LOC:");
	lm->scan_cfg.badge_prefix = config_get(lm->cfg, "labels", "badge_prefix", "B:");
	return 0;
}

/* FNV-1a over the dump's bytes: the same file read twice has the same
 * fingerprint. */
static int dump_fingerprint(const char *path, char out[17])
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1; /* the scanner says why when it opens it */
	uint64_t h = 1469598103934665603ULL;
	int c;
	size_t n = 0;
	while ((c = getc(f)) != EOF) {
		h = (h ^ (uint64_t)(unsigned char)c) * 1099511628211ULL;
		n++;
	}
	fclose(f);
	if (n == 0)
		return -1;
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return 0;
}

/* A dump file read before: its scans are recorded already, and reading it
 * again would count them twice.  Refused unless --again; remembered in the
 * store when read. */
static int dump_read_before(struct linemode *lm, const char *path, struct tally_err *e)
{
	char fp[17], key[64];
	if (dump_fingerprint(path, fp) != 0)
		return 0;
	snprintf(key, sizeof(key), "dump:%s:%s", lm->job, fp);
	char *when = store_meta_get(lm->store, key);
	if (when != NULL && !lm->again) {
		err_set(e, EX_DATAERR,
		        _("%s was read on %s already: its scans are recorded. Nothing "
		          "recorded now; to read it again on purpose, add --again"),
		        path, when);
		free(when);
		return e->status;
	}
	free(when);
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%d %H:%M", &tm);
	return store_meta_set(lm->store, key, now, e);
}

int linemode_is_undo(const char *text)
{
	return text != NULL && strcasecmp(text, "UNDO") == 0;
}

void linemode_shortage(struct linemode *lm, long lineno, struct pack_job *j)
{
	if (j->shortage[0] && !lm->json)
		printf(_("SHORTAGE line %ld: %s\n"), lineno, j->shortage);
	if (j->shortage[0] && lm->json) {
		/* The notice as it was pulled, with the line and the words. */
		struct tally_err e = { 0 };
		json_t *list = NULL, *w;
		if (store_shortages(lm->store, j->shortage_article, &list, &e) != 0)
			cmd_warn(&e); /* the scan is recorded; only its warning is lost */
		w = json_array_get(list, 0);
		w = w != NULL ? json_deep_copy(w)
		              : json_pack("{s:s}", "article_id", j->shortage_article);
		json_object_set_new(w, "line", json_integer(lineno));
		json_object_set_new(w, "warning", json_string(j->shortage));
		if (lm->shortages == NULL)
			lm->shortages = json_array();
		json_array_append_new(lm->shortages, w);
		json_decref(list);
	}
	j->shortage[0] = j->shortage_article[0] = '\0';
}

json_t *linemode_shortages(struct linemode *lm)
{
	return lm->shortages != NULL ? json_incref(lm->shortages) : json_array();
}

void linemode_bad(struct linemode *lm, long lineno, const char *why)
{
	char line[400];
	int n = lineno > 0 ? snprintf(line, sizeof(line), _("  line %ld: %s\n"), lineno, why)
	                   : snprintf(line, sizeof(line), "  %s\n", why);
	if (n < 0)
		return;
	size_t len = strlen(line);
	char *more = realloc(lm->bad, lm->bad_len + len + 1);
	if (more == NULL)
		return;
	lm->bad = more;
	memcpy(lm->bad + lm->bad_len, line, len + 1);
	lm->bad_len += len;
	lm->n_bad++;
	if (lm->bad_lines == NULL)
		lm->bad_lines = json_array();
	json_array_append_new(
	    lm->bad_lines, json_pack("{s:o,s:s}", "line",
	                             lineno > 0 ? json_integer(lineno) : json_null(), "why", why));
}

json_t *linemode_bad_lines(struct linemode *lm)
{
	return lm->bad_lines != NULL ? json_incref(lm->bad_lines) : json_array();
}

int linemode_end(struct linemode *lm)
{
	if (lm->n_bad == 0)
		return 0;
	fprintf(stderr,
	        ngettext("tally: %zu scan recorded; ", "tally: %zu scans recorded; ", lm->recorded),
	        lm->recorded);
	fprintf(
	    stderr,
	    ngettext("%zu line was NOT recorded:\n", "%zu lines were NOT recorded:\n", lm->n_bad),
	    lm->n_bad);
	fputs(lm->bad, stderr);
	fputs(_("Scan only these again (not the whole file: the other lines are "
	        "recorded).\n"),
	      stderr);
	return EX_DATAERR;
}

int linemode_next(struct linemode *lm, struct scanner_input *in)
{
	struct tally_err e = { 0 };
	for (;;) {
		struct pollfd p = { scanner_fd(lm->scanner), POLLIN, 0 };
		if (p.fd >= 0)
			poll(&p, 1, scanner_timeout_ms(lm->scanner));
		switch (scanner_read(lm->scanner, in, &e)) {
		case SCANNER_SCAN:
			return 1;
		case SCANNER_END:
			return 0;
		case SCANNER_BAD:
			cmd_warn(&e);
			linemode_bad(lm, 0, e.msg); /* e names the line */
			break;
		case SCANNER_GONE:
			cmd_warn(&e);
			break;
		default:
			break;
		}
	}
}

void linemode_close(struct linemode *lm)
{
	/* The job's records are in: the sync daemon may send them now. */
	if (lm->store != NULL)
		sync_pid_poke(store_path(lm->store));
	scanner_close(lm->scanner);
	json_decref(lm->shortages);
	json_decref(lm->bad_lines);
	free(lm->bad);
}
