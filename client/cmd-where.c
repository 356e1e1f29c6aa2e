/*
 * cmd-where.c — `tally where ARTICLE|CODE`: "Hvor kan jeg låne?"  The
 * wards that hold an article on their basis list, with the last count known
 * to this handheld and when; the handheld's own hospital first.  Works
 * offline, from what was last synced and counted here.
 */
#include "client/cmd.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"
#include "common/local-time.h"
#include "jobs/where.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

/* The one article `what` names: an id, a pack's code or a name that only
 * one article holds; several names are listed for the user to choose. */
static int resolve(struct store *s, const char *what, struct article *a, struct tally_err *e)
{
	struct article *m;
	size_t n;
	int rc = where_find(s, what, NULL, &m, &n, e);
	if (rc != 0)
		return rc;
	if (n == 1) {
		*a = m[0];
		free(m);
		return 0;
	}
	if (n == 0) {
		err_set(e, EX_DATAERR, _("no article is named or coded %s on this handheld"), what);
		return EX_DATAERR;
	}
	for (size_t i = 0; i < n; i++)
		printf("  %-12s %s\n", m[i].id, m[i].name);
	articles_free(m, n);
	err_set(e, EX_DATAERR, _("%zu articles match %s: give one of the ids above"), n, what);
	return EX_DATAERR;
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { "near", required_argument, NULL, 'n' },
		                              { "json", no_argument, NULL, 'j' },
		                              { NULL, 0, NULL, 0 } };
	const char *near = NULL;
	int c, json = ctx->json;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 'n')
			near = optarg;
		else if (c == 'j')
			json = 1;
		else
			return EX_USAGE;
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	if (near == NULL)
		near = config_get(ctx->config, "device", "hospital", NULL);
	struct holding *h = NULL;
	size_t n = 0;
	struct article a = { 0 };
	int status = resolve(ctx->store, argv[optind], &a, e);
	if (status == 0)
		status = store_holdings(ctx->store, a.id, near, &h, &n, e);
	if (status != 0)
		goto out;
	if (json) {
		json_t *o =
		    json_pack("{s:s,s:s,s:[]}", "article_id", a.id, "name", a.name, "wards");
		json_t *wards = json_object_get(o, "wards");
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
			    wards,
			    json_pack("{s:s,s:s,s:s?,s:I,s:I,s:o,s:s?}", "location_id",
			              h[i].location_id, "name", h[i].location_name, "hospital_id",
			              h[i].hospital_id, "min", (json_int_t)h[i].min, "max",
			              (json_int_t)h[i].max, "last_count",
			              h[i].has_count ? json_integer(h[i].last_count) : json_null(),
			              "counted_at", h[i].counted_at));
		char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(o);
	} else {
		printf(_("%s is on the basis list of %zu places:\n"), a.name, n);
		time_t now = time(NULL);
		for (size_t i = 0; i < n; i++) {
			char when[64];
			if (h[i].has_count)
				printf(_("  %-36s last count %lld (%s)\n"), h[i].location_name,
				       (long long)h[i].last_count,
				       local_time_relative_utc(h[i].counted_at, now, when,
				                               sizeof(when)));
			else
				printf(_("  %-36s no count known (min %lld, max %lld)\n"),
				       h[i].location_name, (long long)h[i].min,
				       (long long)h[i].max);
		}
	}
out:
	holdings_free(h, n);
	article_free(&a);
	return status;
}

const struct cmd_entry cmd_where_entry = {
	.doc = { "where", N_("where ARTICLE|CODE|NAME [--near HOSPITAL] [--json]"),
	         N_("which wards hold it: where to borrow (works offline)") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
