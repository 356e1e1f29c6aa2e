/*
 * scan-join.c — two scans of one label read as one message (scan-join.h).
 */
#include "barcode/scan-join.h"
#include "barcode/scan-internal.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Can this parse be half of a GS1 message: GS1 AIs, all read, and at worst
 * missing a partner? */
static int joinable(const struct scan *s, enum scan_error err)
{
	if (s->n_ais == 0)
		return 0;
	if (err == SCAN_E_ASSOCIATION)
		return 1;
	return err == SCAN_OK && (s->type == SCAN_GS1 || s->type == SCAN_GTIN);
}

enum scan_error scan_join(const char *prev, size_t prev_len, const char *text, size_t len,
                          const struct scan_config *cfg, struct scan *out,
                          struct scan_failure *fail, int *joined)
{
	*joined = 0;
	enum scan_error err = scan_parse(text, len, cfg, out, fail);
	if (prev == NULL || prev_len == 0 || (err != SCAN_OK && err != SCAN_E_ASSOCIATION))
		return err;
	struct scan *before = malloc(sizeof(*before));
	struct scan *both = malloc(sizeof(*both));
	if (before == NULL || both == NULL) {
		free(before);
		free(both);
		return err;
	}
	enum scan_error perr = scan_parse(prev, prev_len, cfg, before, NULL);
	/* Only a half completes: two whole scans stay two scans. */
	int half = err == SCAN_E_ASSOCIATION || perr == SCAN_E_ASSOCIATION;
	if (half && joinable(before, perr) && joinable(out, err)) {
		*both = *before;
		int ok = 1;
		for (size_t i = 0; i < out->n_ais && ok; i++)
			ok = gs1_add(both, out->ais[i].ai, out->ais[i].value,
			             strlen(out->ais[i].value), out->ais[i].at, out->reference_year,
			             NULL) == SCAN_OK;
		if (ok && gs1_check_pairs(both, NULL) == SCAN_OK) {
			/* the message of both, told as this scan */
			memcpy(both->raw, out->raw, sizeof(both->raw));
			memcpy(both->symbology, out->symbology, sizeof(both->symbology));
			both->gtin[0] = both->sscc[0] = both->batch[0] = both->serial[0] = '\0';
			both->expiry[0] = both->expiry_raw[0] = '\0';
			both->expiry_day_zero = 0;
			both->count = -1;
			both->assumed = SCAN_ASSUMED_NONE;
			gs1_fill_fields(both);
			if (both->type == SCAN_GTIN)
				both->type = SCAN_GS1;
			snprintf(both->note, sizeof(both->note),
			         _("read together with the scan before it: one label in two "
			           "symbols"));
			*out = *both;
			if (fail != NULL)
				memset(fail, 0, sizeof(*fail));
			*joined = 1;
			err = SCAN_OK;
		}
	}
	free(before);
	free(both);
	return err;
}
