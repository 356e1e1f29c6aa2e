/*
 * scan-show.c — printing a scan for `tally scan`.
 */
#include "client/scan-show.h"
#include "common/i18n.h"
#include "barcode/scan-json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *aim;
	const char *name;
} aims[] = {
	{ "]C0", N_("Code 128") },
	{ "]C1", N_("GS1-128") },
	{ "]d1", N_("Data Matrix") },
	{ "]d2", N_("GS1 DataMatrix") },
	{ "]Q1", N_("QR Code") },
	{ "]Q3", N_("GS1 QR Code") },
	{ "]e0", N_("GS1 DataBar") },
	{ "]E0", N_("EAN-13 / UPC-A") },
	{ "]E4", N_("EAN-8") },
	{ "]I0", N_("ITF") },
	{ "]I1", N_("ITF with check digit") },
	{ "]A0", N_("Code 39") },
	{ "]X0", N_("unknown symbology") },
};

const char *scan_show_symbology(const char *text)
{
	if (text[0] != ']' || text[1] == '\0' || text[2] == '\0')
		return NULL;
	for (size_t i = 0; i < sizeof(aims) / sizeof(aims[0]); i++)
		if (strncmp(text, aims[i].aim, 3) == 0)
			return aims[i].name;
	return N_("other AIM symbology");
}

void scan_show_visible(const char *text, char *out, size_t size)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p && o + 7 < size; p++) {
		if (*p == 0x1d)
			o += (size_t)snprintf(out + o, size - o, "<GS>");
		else if (*p < 0x20 || *p == 0x7f)
			o += (size_t)snprintf(out + o, size - o, "<0x%02X>", *p);
		else
			out[o++] = (char)*p;
	}
	out[o] = '\0';
}

enum scan_error scan_show(FILE *out, const struct scanner_input *in, const struct scan_config *cfg,
                          int json)
{
	const char *sym = scan_show_symbology(in->text);
	struct scan parsed;
	struct scan_failure fail;
	memset(&fail, 0, sizeof(fail));
	enum scan_error err = scan_parse(in->text, strlen(in->text), cfg, &parsed, &fail);
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "raw", json_string(in->text));
		json_object_set_new(o, "symbology", sym ? json_stringn(in->text, 3) : json_null());
		json_object_set_new(o, "symbology_name", sym ? json_string(sym) : json_null());
		json_object_set_new(o, "data", json_string(sym ? in->text + 3 : in->text));
		json_object_set_new(o, "qty", in->qty >= 0 ? json_integer(in->qty) : json_null());
		json_object_set_new(o, "line", in->lineno ? json_integer(in->lineno) : json_null());
		json_object_set_new(o, "parse", scan_to_json(&parsed, err, &fail));
		char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fprintf(out, "%s\n", text ? text : "{}");
		free(text);
		json_decref(o);
		return err;
	}
	char vis[4 * sizeof(in->text) + 8];
	scan_show_visible(sym ? in->text + 3 : in->text, vis, sizeof(vis));
	if (sym)
		fprintf(out, _("%.3s %s: %s"), in->text, _(sym), vis);
	else
		fprintf(out, _("(no AIM id) %s"), vis);
	if (in->qty >= 0)
		fprintf(out, _("  quantity %ld"), in->qty);
	fputs("\n    ", out);
	scan_print(out, &parsed, err, &fail);
	return err;
}
