/*
 * scan-json.c — a parse as JSON and as one line of text (scan-json.h).
 */
#include "barcode/scan-json.h"
#include "common/i18n.h"

#include <string.h>

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v != NULL && v[0] != '\0')
		json_object_set_new(o, key, json_string(v));
}

json_t *scan_to_json(const struct scan *s, enum scan_error err, const struct scan_failure *f)
{
	json_t *o = json_object();
	if (err != SCAN_OK) {
		json_object_set_new(o, "ok", json_false());
		json_object_set_new(o, "input", json_string(s->raw));
		json_object_set_new(o, "error", json_string(scan_error_name(err)));
		set_str(o, "ai", f->ai);
		json_object_set_new(o, "message", json_string(f->msg));
		json_object_set_new(o, "at", json_integer((json_int_t)f->at));
		return o;
	}
	json_object_set_new(o, "ok", json_true());
	json_object_set_new(o, "type", json_string(scan_type_name(s->type)));
	json_object_set_new(o, "symbology",
	                    s->symbology[0] ? json_string(s->symbology) : json_null());
	/* the decoded text, GS1 or not: the data after any AIM id */
	size_t aim = strlen(s->symbology);
	json_object_set_new(o, "text", json_stringn(s->raw + aim, strlen(s->raw + aim)));
	if (s->assumed == SCAN_ASSUMED_GS1)
		json_object_set_new(o, "assumed", json_string("gs1"));
	else if (s->assumed == SCAN_ASSUMED_AMBIGUOUS)
		json_object_set_new(o, "assumed", json_string("ambiguous"));
	set_str(o, "note", s->note);
	set_str(o, "gtin", s->gtin);
	set_str(o, "batch", s->batch);
	set_str(o, "expiry", s->expiry);
	if (s->expiry[0]) {
		json_object_set_new(o, "expiry_raw", json_string(s->expiry_raw));
		json_object_set_new(o, "expiry_day_zero", json_boolean(s->expiry_day_zero));
	}
	set_str(o, "serial", s->serial);
	set_str(o, "sscc", s->sscc);
	if (s->count >= 0)
		json_object_set_new(o, "count", json_integer(s->count));
	if (s->type == SCAN_HIBC) {
		set_str(o, "lic", s->hibc_lic);
		set_str(o, "product", s->hibc_product);
		if (s->hibc_lic[0])
			json_object_set_new(o, "unit", json_integer(s->hibc_unit));
	}
	set_str(o, "id", s->id);
	json_t *ais = json_object();
	for (size_t i = 0; i < s->n_ais; i++)
		json_object_set_new(ais, s->ais[i].ai, json_string(s->ais[i].value));
	json_object_set_new(o, "ais", ais);
	return o;
}

void scan_print(FILE *out, const struct scan *s, enum scan_error err, const struct scan_failure *f)
{
	if (err != SCAN_OK) {
		fprintf(out, _("invalid (%s at %zu): %s\n"), scan_error_name(err), f->at, f->msg);
		return;
	}
	fprintf(out, "%-8s %-3s", scan_type_name(s->type), s->symbology);
	if (s->gtin[0])
		fprintf(out, _("  GTIN %s"), s->gtin);
	if (s->sscc[0])
		fprintf(out, _("  SSCC %s"), s->sscc);
	if (s->hibc_lic[0])
		fprintf(out, _("  labeler %s product %s unit %d"), s->hibc_lic, s->hibc_product,
		        s->hibc_unit);
	if (s->batch[0])
		fprintf(out, _("  batch %s"), s->batch);
	if (s->expiry[0])
		fprintf(out, _("  expiry %s"), s->expiry);
	if (s->serial[0])
		fprintf(out, _("  serial %s"), s->serial);
	if (s->count >= 0)
		fprintf(out, _("  count %ld"), s->count);
	if (s->id[0])
		fprintf(out, "  %s", s->id);
	if (s->type == SCAN_UNKNOWN)
		fprintf(out, "  %s", s->raw);
	if (s->assumed == SCAN_ASSUMED_GS1)
		fprintf(out, _("  (no AIM id: read as GS1)"));
	if (s->note[0] && s->assumed != SCAN_ASSUMED_GS1)
		fprintf(out, "  (%s)", s->note);
	fputc('\n', out);
}
