/*
 * cmd-round.c — `tally round LOCATION --user BADGE`: a restocking round in
 * line mode.  Scans come from --scanner (default: tally.conf's, else stdin),
 * one per line with TAB and the count on the shelf; the same workflow as the
 * handheld UI (client/round.c).  At the end of input the round ends: what
 * was not counted is skipped explicitly and the refill order printed.
 */
#include "client/cmd.h"
#include "client/expiry.h"
#include "client/round.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"
#include "drivers/scanner.h"

#include <getopt.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static void print_event(const struct scanner_input *in, const struct round_event *ev)
{
	switch (ev->outcome) {
	case ROUND_COUNTED:
		printf(_("OK    %-32s counted %lld  (min %lld, max %lld)  refill %lld"),
		       ev->article_name, (long long)ev->count, (long long)ev->min,
		       (long long)ev->max, (long long)ev->refill);
		if (ev->off_list)
			printf(_("  [not on this ward's basis list]"));
		if (ev->expiry == EXPIRY_EXPIRED)
			printf(_("  [EXPIRED %ld days ago: discard]"), -ev->days_left);
		else if (ev->expiry == EXPIRY_SHORT)
			printf(_("  [short-dated: expires in %ld days]"), ev->days_left);
		putchar('\n');
		break;
	case ROUND_UNKNOWN_CODE:
		printf(_("??    line %ld: %s\n"), in->lineno, ev->message);
		break;
	default:
		printf(_("ERROR line %ld: %s\n"), in->lineno, ev->message);
		break;
	}
}

int cmd_round(struct tally_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "user", required_argument, NULL, 'u' },
		                              { "scanner", required_argument, NULL, 's' },
		                              { "json", no_argument, NULL, 'j' },
		                              { NULL, 0, NULL, 0 } };
	const char *user = NULL, *spec = ctx->scanner;
	int c, json = ctx->json;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'u')
			user = optarg;
		else if (c == 's')
			spec = optarg;
		else if (c == 'j')
			json = 1;
		else
			goto usage;
	}
	if (optind + 1 != argc || user == NULL)
		goto usage;

	struct tally_err e = { 0 };
	struct config *cfg = config_load(ctx->config_path, &e);
	if (cfg == NULL) {
		fprintf(stderr, "tally: %s\n", e.msg);
		return e.status;
	}
	int status = 0;
	struct store *s = cmd_open_store(ctx, &status);
	struct scanner *sc = NULL;
	struct round *r = NULL;
	if (s == NULL)
		goto out;
	struct user u;
	if (store_user_get(s, user, &u, &e) != 0) {
		fprintf(stderr,
		        _("tally: %s: sign in with a badge this handheld knows (sync "
		          "first if it is new)\n"),
		        e.msg);
		status = EX_NOPERM;
		goto out;
	}
	user_free(&u);
	if (spec == NULL)
		spec = config_get(cfg, "scanner", "spec", "stdin");
	sc = scanner_open(spec, cfg, &e);
	if (sc == NULL)
		goto fail;
	char today[11];
	expiry_today(today);
	if (round_start(&r, s, argv[optind], user, today, &e) != 0)
		goto fail;
	if (!json)
		printf(_("Round at %s (%s), %zu articles on the basis list\n"), r->location_name,
		       r->location_id, r->n);

	struct scan_config scfg = {
		.location_prefix = config_get(cfg, "labels", "location_prefix", "LOC:"),
		.badge_prefix = config_get(cfg, "labels", "badge_prefix", "B:"),
	};
	for (;;) {
		struct scanner_input in;
		struct pollfd p = { scanner_fd(sc), POLLIN, 0 };
		if (p.fd >= 0)
			poll(&p, 1, scanner_timeout_ms(sc));
		enum scanner_result res = scanner_read(sc, &in, &e);
		if (res == SCANNER_END)
			break;
		if (res == SCANNER_BAD || res == SCANNER_GONE) {
			fprintf(stderr, "tally: %s\n", e.msg);
			continue;
		}
		if (res != SCANNER_SCAN)
			continue;
		struct round_event ev;
		if (round_scan(r, in.text, strlen(in.text), in.qty, &scfg, &ev, &e) != 0)
			goto fail; /* the store failed: nothing more can be recorded */
		if (!json)
			print_event(&in, &ev);
	}
	if (round_finish(r, &e) != 0)
		goto fail;

	if (json) {
		json_t *o = json_object(), *lines = json_array();
		json_object_set_new(o, "location", json_string(r->location_id));
		json_object_set_new(o, "session", json_string(r->session));
		for (size_t i = 0; i < r->n; i++) {
			struct round_line *l = &r->lines[i];
			json_array_append_new(
			    lines,
			    json_pack("{s:s,s:s,s:b,s:o,s:I,s:I,s:I,s:b}", "article_id",
			              l->article_id, "name", l->article_name, "counted", l->counted,
			              "count", l->counted ? json_integer(l->count) : json_null(),
			              "min", (json_int_t)l->min, "max", (json_int_t)l->max,
			              "refill", (json_int_t)l->refill, "off_list", l->off_list));
		}
		json_object_set_new(o, "lines", lines);
		char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(o);
	} else {
		size_t skipped = 0;
		printf(_("\nRefill order for %s:\n"), r->location_name);
		for (size_t i = 0; i < r->n; i++)
			if (r->lines[i].refill > 0)
				printf("  %5lld  %s\n", (long long)r->lines[i].refill,
				       r->lines[i].article_name);
		for (size_t i = 0; i < r->n; i++) {
			if (r->lines[i].counted || r->lines[i].off_list)
				continue;
			if (skipped++ == 0)
				printf(_("Not counted (recorded as skipped):\n"));
			printf("         %s\n", r->lines[i].article_name);
		}
	}
	goto out;
fail:
	fprintf(stderr, "tally: %s\n", e.msg);
	status = e.status;
out:
	round_free(r);
	scanner_close(sc);
	store_close(s);
	config_free(cfg);
	return status;
usage:
	fprintf(stderr, _("usage: tally round LOCATION --user BADGE [--scanner SPEC] [--json]\n"));
	return EX_USAGE;
}
