/*
 * test-scan-cases.c — every row of tests/fixtures/scan-cases.tsv is one
 * test: an input as a scanner delivers it, and what it must mean (or which
 * error it must be, at which AI).  The GS1 century rule is computed against
 * 2026 so the table does not age.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "barcode/scan.h"
#include "common/i18n.h"
#include "tests/lib/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row {
	char input[1024];
	size_t len;
	char expect[32];
	char fields[512];
	char note[200];
};

static const char *field_of(const struct scan *s, const char *key, char *buf, size_t size)
{
	if (strcmp(key, "type") == 0)
		return scan_type_name(s->type);
	if (strcmp(key, "gtin") == 0)
		return s->gtin;
	if (strcmp(key, "batch") == 0)
		return s->batch;
	if (strcmp(key, "expiry") == 0)
		return s->expiry;
	if (strcmp(key, "serial") == 0)
		return s->serial;
	if (strcmp(key, "sscc") == 0)
		return s->sscc;
	if (strcmp(key, "lic") == 0)
		return s->hibc_lic;
	if (strcmp(key, "product") == 0)
		return s->hibc_product;
	if (strcmp(key, "id") == 0)
		return s->id;
	if (strcmp(key, "assumed") == 0)
		return s->assumed == SCAN_ASSUMED_GS1         ? "gs1"
		       : s->assumed == SCAN_ASSUMED_AMBIGUOUS ? "ambiguous"
		                                              : "none";
	if (strcmp(key, "nais") == 0) {
		snprintf(buf, size, "%zu", s->n_ais);
		return buf;
	}
	if (strcmp(key, "day0") == 0) {
		snprintf(buf, size, "%d", s->expiry_day_zero);
		return buf;
	}
	if (strcmp(key, "count") == 0) {
		snprintf(buf, size, "%ld", s->count);
		return buf;
	}
	if (strcmp(key, "unit") == 0) {
		snprintf(buf, size, "%d", s->hibc_unit);
		return buf;
	}
	fail_msg("unknown field '%s' in the case table", key);
	return NULL;
}

static void one_case(void **state)
{
	const struct row *r = *state;
	struct scan_config cfg = { .year = 2026 };
	struct scan s;
	struct scan_failure f;
	enum scan_error err = scan_parse(r->input, r->len, &cfg, &s, &f);

	if (strcmp(r->expect, "ok") == 0) {
		if (err != SCAN_OK)
			fail_msg("%s: expected ok, got %s: %s", r->note, scan_error_name(err),
			         f.msg);
	} else {
		if (strcmp(scan_error_name(err), r->expect) != 0)
			fail_msg("%s: expected error %s, got %s (%s)", r->note, r->expect,
			         scan_error_name(err), err ? f.msg : "ok");
		assert_true(f.msg[0] != '\0'); /* every error says what is wrong */
		assert_true(f.at <= r->len);   /* and where, inside the input */
	}
	char fields[512];
	snprintf(fields, sizeof(fields), "%s", r->fields);
	for (char *save, *kv = strtok_r(fields, " ", &save); kv; kv = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(kv, '=');
		assert_non_null(eq);
		*eq = '\0';
		char buf[32];
		const char *got = strcmp(kv, "ai") == 0 ? f.ai : field_of(&s, kv, buf, sizeof(buf));
		if (strcmp(got, eq + 1) != 0)
			fail_msg("%s: %s is '%s', expected '%s'", r->note, kv, got, eq + 1);
	}
}

static size_t unescape(const char *in, char *out)
{
	size_t o = 0;
	for (size_t i = 0; in[i]; i++) {
		if (strncmp(in + i, "\\x1d", 4) == 0) {
			out[o++] = 0x1d;
			i += 3;
		} else {
			out[o++] = in[i];
		}
	}
	out[o] = '\0';
	return o;
}

int main(void)
{
	i18n_init("en");
	char *path = tu_srcfile("tests/fixtures/scan-cases.tsv");
	FILE *fp = fopen(path, "r");
	if (fp == NULL) {
		fprintf(stderr, "cannot read %s\n", path);
		return 1;
	}
	size_t cap = 512, n = 0;
	struct row *rows = calloc(cap, sizeof(*rows));
	struct CMUnitTest *tests = calloc(cap, sizeof(*tests));
	char line[2048];
	while (fgets(line, sizeof(line), fp) != NULL && n < cap) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *cols[4] = { line, NULL, NULL, NULL };
		for (int c = 1; c < 4; c++) {
			char *tab = cols[c - 1] ? strchr(cols[c - 1], '\t') : NULL;
			if (tab != NULL) {
				*tab = '\0';
				cols[c] = tab + 1;
			}
		}
		struct row *r = &rows[n];
		r->len = unescape(cols[0], r->input);
		snprintf(r->expect, sizeof(r->expect), "%s", cols[1] ? cols[1] : "");
		snprintf(r->fields, sizeof(r->fields), "%s", cols[2] ? cols[2] : "");
		snprintf(r->note, sizeof(r->note), "%zu: %s", n + 1, cols[3] ? cols[3] : "");
		tests[n] = (struct CMUnitTest){ r->note, one_case, NULL, NULL, r };
		n++;
	}
	fclose(fp);
	free(path);
	int rc = _cmocka_run_group_tests("scan-cases", tests, n, NULL, NULL);
	free(tests);
	free(rows);
	return rc;
}
