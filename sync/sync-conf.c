/*
 * sync-conf.c — [hub] settings with bounds: a value outside them would
 * either be refused by the hub or make a handheld hammer it.
 */
#include "sync/sync-conf.h"

#include "common/config.h"
#include "common/i18n.h"

#include <string.h>

static int get(const struct config *cfg, const char *key, long def, long lo, long hi, long *out,
               struct tally_err *e)
{
	if (cfg == NULL) {
		*out = def;
		return 0;
	}
	long v = config_get_long(cfg, "hub", key, def, e);
	if (e->status != 0)
		return e->status;
	if (v < lo || v > hi)
		return err_set(e, EX_CONFIG,
		               _("[hub] %s = %ld in tally.conf is out of range (%ld to %ld)"), key,
		               v, lo, hi);
	*out = v;
	return 0;
}

int sync_conf_load(const struct config *cfg, struct sync_conf *c, struct tally_err *e)
{
	memset(c, 0, sizeof(*c));
	if (cfg != NULL) {
		c->http.ca_file = config_get(cfg, "hub", "ca_file", NULL);
		c->http.pinned_pubkey = config_get(cfg, "hub", "pinned_pubkey", NULL);
	}
	if (get(cfg, "connect_timeout_s", 10, 1, 600, &c->http.connect_timeout_s, e) != 0 ||
	    get(cfg, "timeout_s", 60, 1, 3600, &c->http.timeout_s, e) != 0 ||
	    get(cfg, "batch_records", SYNC_BATCH_RECORDS, 1, 100000, &c->batch_records, e) != 0 ||
	    get(cfg, "batch_bytes", SYNC_BATCH_BYTES, 1024, 64L * 1024 * 1024, &c->batch_bytes,
	        e) != 0 ||
	    get(cfg, "pull_limit", SYNC_PULL_LIMIT, 1, 5000, &c->pull_limit, e) != 0 ||
	    get(cfg, "interval_s", SYNC_INTERVAL_S, 1, 86400, &c->interval_s, e) != 0)
		return e->status;
	return 0;
}
