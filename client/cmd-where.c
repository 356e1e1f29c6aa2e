/*
 * cmd-where.c — `tally where ARTICLE|CODE`: "Hvor kan jeg låne?"  The
 * wards that hold an article on their basis list, with the last count known
 * to this handheld and when; the handheld's own hospital first.  When the
 * article is under a shortage notice: the notice, and which wards hold the
 * alternatives the pharmacy chose.  Works offline, from what was last
 * synced and counted here.
 */
#include "client/cmd.h"
#include "jobs/shortage.h"
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

/* The article's notice (not ended), if any, and for each alternative the
 * wards that hold it: [{article_id, article_name, note, wards:[{location_id,
 * name, last_count}]}]. */
static int where_shortage(struct store *s, const char *article_id, const char *near,
                          json_t **notice, json_t *alt_wards, struct tally_err *e)
{
	json_t *list = NULL;
	*notice = NULL;
	if (store_shortages(s, article_id, &list, e) != 0)
		return e->status;
	*notice = json_incref(json_array_get(list, 0));
	json_decref(list);
	size_t i;
	json_t *alt;
	json_array_foreach(*notice ? json_object_get(*notice, "alternatives") : NULL, i, alt)
	{
		struct holding *h = NULL;
		size_t n = 0;
		if (store_holdings(s, json_string_value(json_object_get(alt, "article_id")), near,
		                   &h, &n, e) != 0)
			return e->status;
		json_t *wards = json_array();
		for (size_t k = 0; k < n; k++)
			json_array_append_new(
			    wards, json_pack("{s:s,s:s,s:o}", "location_id", h[k].location_id,
			                     "name", h[k].location_name, "last_count",
			                     h[k].has_count ? json_integer(h[k].last_count)
			                                    : json_null()));
		holdings_free(h, n);
		json_t *o = json_deep_copy(alt);
		json_object_set_new(o, "wards", wards);
		json_array_append_new(alt_wards, o);
	}
	return 0;
}

static void print_shortage(json_t *notice, json_t *alt_wards)
{
	char text[1024];
	shortage_text(notice, text, sizeof(text));
	printf("\n%s\n", text);
	size_t i, k;
	json_t *alt, *w;
	json_array_foreach(alt_wards, i, alt)
	{
		const char *name = json_string_value(json_object_get(alt, "article_name"));
		json_t *wards = json_object_get(alt, "wards");
		printf(_("%s is on the basis list of %zu places:\n"),
		       name ? name : json_string_value(json_object_get(alt, "article_id")),
		       json_array_size(wards));
		json_array_foreach(wards, k, w)
		{
			json_t *count = json_object_get(w, "last_count");
			if (json_is_integer(count))
				printf(_("  %-36s last count %lld\n"),
				       json_string_value(json_object_get(w, "name")),
				       (long long)json_integer_value(count));
			else
				printf(_("  %-36s no count known\n"),
				       json_string_value(json_object_get(w, "name")));
		}
	}
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
	json_t *notice = NULL, *alt_wards = json_array();
	status = where_shortage(ctx->store, a.id, near, &notice, alt_wards, e);
	if (status != 0) {
		json_decref(alt_wards);
		goto out;
	}
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
		if (notice != NULL) {
			json_object_set(o, "shortage", notice);
			json_object_set(o, "alternatives_held", alt_wards);
		}
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
		if (notice != NULL)
			print_shortage(notice, alt_wards);
	}
	json_decref(notice);
	json_decref(alt_wards);
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
