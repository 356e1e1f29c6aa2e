/*
 * fuzz-scan.c — libFuzzer target for the content parser: whatever bytes a
 * scanner sends, scan_parse returns a verdict without reading or writing
 * out of bounds, and an accepted scan's fields are NUL-terminated and
 * consistent with its type.  Input with a newline is also two scans in a
 * row for scan_join (before it, and after it).
 */
#include "barcode/scan.h"
#include "barcode/scan-join.h"
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
		if (s.assumed == SCAN_ASSUMED_AMBIGUOUS && s.type != SCAN_UNKNOWN)
			abort(); /* an ambiguous text is never guessed */
	} else if (f.msg[0] == '\0' || f.at > size + 1) {
		abort(); /* every error says what and where */
	}
	const uint8_t *nl = memchr(data, '\n', size);
	if (nl != NULL) {
		size_t first = (size_t)(nl - data);
		int joined;
		struct scan j;
		struct scan_failure jf;
		enum scan_error jerr = scan_join((const char *)data, first, (const char *)nl + 1,
		                                 size - first - 1, &cfg, &j, &jf, &joined);
		if (joined &&
		    (jerr != SCAN_OK || (j.type != SCAN_GS1 && j.type != SCAN_SSCC) || j.n_ais < 2))
			abort(); /* a join is one valid GS1 message of both (a logistic
			          * label when either carries an SSCC) */
		if (jerr != SCAN_OK && jf.msg[0] == '\0')
			abort();
	}
	/* The JSON rendering must cope with whatever was accepted or refused. */
	json_t *o = scan_to_json(&s, err, &f);
	char *t = json_dumps(o, JSON_COMPACT);
	free(t);
	json_decref(o);
	return 0;
}
