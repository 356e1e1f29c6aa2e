/*
 * cmd-devices.c — tally-hub devices: every enrolled handheld as an
 * administrator sees it (hub/device-admin.h, the same list as the devices
 * page): number, name, scope, when enrolled, last sync, records received,
 * the last record's arrival, and whether it is revoked.
 */
#include "hub/device-admin.h"
#include "hub/hub-cmd.h"
#include "common/i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* s and spaces up to w characters on screen (code points: æ, ø, å). */
static void column(const char *s, size_t w)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	fputs(s, stdout);
	putchar(' ');
	for (n++; n < w; n++)
		putchar(' ');
}

static const char *text_or(json_t *d, const char *key, const char *none)
{
	const char *v = json_string_value(json_object_get(d, key));
	return v != NULL ? v : none;
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	if (command_getopt(argc, argv, opts, e) != -1 || argc != optind)
		return EX_USAGE;
	if (hub_cmd_prepare(ctx, e) != 0)
		return e->status;
	json_t *all = device_list(ctx->db, e);
	if (all == NULL)
		return e->status;
	const char *head[] = { _("id"),        _("name"),    _("scope"),      _("enrolled"),
		               _("last sync"), _("records"), _("last record") };
	const size_t w[] = { 5, 25, 12, 21, 21, 8, 21 };
	for (int i = 0; i < 7; i++)
		column(head[i], w[i]);
	printf("%s\n", _("state"));
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(all, "devices"), i, d)
	{
		char num[32];
		snprintf(num, sizeof(num), "%lld",
		         (long long)json_integer_value(json_object_get(d, "id")));
		column(num, w[0]);
		column(text_or(d, "name", ""), w[1]);
		column(text_or(d, "scope_id", _("(region)")), w[2]);
		column(text_or(d, "enrolled_at", ""), w[3]);
		column(text_or(d, "last_seen", _("never")), w[4]);
		snprintf(num, sizeof(num), "%lld",
		         (long long)json_integer_value(json_object_get(d, "events")));
		column(num, w[5]);
		column(text_or(d, "last_event", _("none")), w[6]);
		printf("%s\n",
		       json_is_true(json_object_get(d, "revoked")) ? _("revoked") : _("active"));
	}
	if (json_array_size(json_object_get(all, "devices")) == 0)
		printf("%s\n",
		       _("No handheld is enrolled yet: 'tally-hub enroll-code NAME' makes a "
		         "code for one."));
	json_decref(all);
	return 0;
}

const struct hub_cmd_entry hub_cmd_devices_entry = {
	.doc = { "devices", N_("devices"),
	         N_("list the enrolled handhelds: scope, last sync, records received, revoked") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
