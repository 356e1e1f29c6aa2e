/*
 * fuzz-scan.c — libFuzzer target for the content parser: whatever bytes a
 * scanner sends, scan_parse returns a verdict without reading or writing
 * out of bounds, and an accepted scan's fields are NUL-terminated and
 * consistent with its type.
 */
#include "barcode/scan.h"
#include "barcode/scan-json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scan s;
	struct scan_failure f;
	struct scan_config cfg = { .year = 2026 };
	enum scan_error err = scan_parse((const char *)data, size, &cfg, &s, &f);
	if (err == SCAN_OK) {
		if (strlen(s.gtin) != 0 && strlen(s.gtin) != 14)
			abort();
		if (s.type == SCAN_SSCC && strlen(s.sscc) != 18)
			abort();
		if (s.expiry[0] && strlen(s.expiry) != 10)
			abort();
	} else if (f.msg[0] == '\0' || f.at > size + 1) {
		abort(); /* every error says what and where */
	}
	/* The JSON rendering must cope with whatever was accepted or refused. */
	json_t *o = scan_to_json(&s, err, &f);
	char *t = json_dumps(o, JSON_COMPACT);
	free(t);
	json_decref(o);
	return 0;
}
