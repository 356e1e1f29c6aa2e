/*
 * cmd-drill.c — `tally drill PLAN --user BADGE`: an emergency-stock drill in
 * line mode.  Scan a storage place's label, then its packs (one per scan, or
 * TAB and a quantity); the next label moves on.  At the end of input the
 * drill ends and its report is printed: per article required, counted,
 * shortfall, expired, places below their minimum, and how long it took.
 */
#include "client/cmd.h"
#include "client/drill.h"
#include "client/expiry.h"
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

static void print_event(const struct scanner_input *in, const struct drill_event *ev)
{
	switch (ev->outcome) {
	case DRILL_PLACE:
		printf(_("PLACE %s\n"), ev->name);
		break;
	case DRILL_COUNTED:
		printf(_("OK    %-32s +%lld%s\n"), ev->name, (long long)ev->qty,
		       ev->expired ? _("  [EXPIRED: not counted towards cover]") : "");
		break;
	case DRILL_NOT_IN_PLAN:
		printf(_("NOTE  line %ld: %s\n"), in->lineno, ev->message);
		break;
	case DRILL_UNKNOWN_CODE:
		printf(_("??    line %ld: %s\n"), in->lineno, ev->message);
		break;
	default:
		printf(_("ERROR line %ld: %s\n"), in->lineno, ev->message);
		break;
	}
}

static void print_report(const struct drill *d, int json)
{
	if (json) {
		json_t *o = json_object(), *lines = json_array();
		json_object_set_new(o, "plan", json_string(d->plan_id));
		json_object_set_new(o, "session", json_string(d->session));
		json_object_set_new(o, "duration_s", json_real(drill_duration_s(d)));
		for (size_t i = 0; i < d->n; i++) {
			const struct drill_article *a = &d->articles[i];
			json_array_append_new(
			    lines,
			    json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "article_id", a->article_id,
			              "name", a->name, "required", (json_int_t)a->required,
			              "counted", (json_int_t)a->counted, "shortfall",
			              (json_int_t)drill_shortfall(a), "expired",
			              (json_int_t)a->expired, "places_below_min",
			              (json_int_t)drill_places_below_min(a)));
		}
		json_object_set_new(o, "articles", lines);
		char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(o);
		return;
	}
	printf(_("\nDrill %s (%s): %lld patients for %lld days, %.0f s\n"), d->plan_name,
	       d->plan_id, (long long)d->patients, (long long)d->days, drill_duration_s(d));
	printf(_("%-32s %8s %8s %9s %7s %s\n"), _("article"), _("required"), _("counted"),
	       _("shortfall"), _("expired"), _("places below min"));
	for (size_t i = 0; i < d->n; i++) {
		const struct drill_article *a = &d->articles[i];
		printf("%-32s %8lld %8lld %9lld %7lld %zu\n", a->name, (long long)a->required,
		       (long long)a->counted, (long long)drill_shortfall(a), (long long)a->expired,
		       drill_places_below_min(a));
	}
}

int cmd_drill(struct tally_ctx *ctx, int argc, char **argv)
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
	struct drill *d = NULL;
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
	if (drill_start(&d, s, argv[optind], user, today, &e) != 0)
		goto fail;
	if (!json)
		printf(_("Drill %s: scan a storage place's label, then its packs\n"), d->plan_name);

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
		struct drill_event ev;
		if (drill_scan(d, in.text, strlen(in.text), in.qty, &scfg, &ev, &e) != 0)
			goto fail;
		if (!json)
			print_event(&in, &ev);
	}
	if (drill_finish(d, &e) != 0)
		goto fail;
	print_report(d, json);
	goto out;
fail:
	fprintf(stderr, "tally: %s\n", e.msg);
	status = e.status;
out:
	drill_free(d);
	scanner_close(sc);
	store_close(s);
	config_free(cfg);
	return status;
usage:
	fprintf(stderr, _("usage: tally drill PLAN --user BADGE [--scanner SPEC] [--json]\n"));
	return EX_USAGE;
}
