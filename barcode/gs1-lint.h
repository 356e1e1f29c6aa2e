/*
 * gs1-lint.h — run one of the syntax dictionary's linters (gs1-ai.h) over one
 * component of an AI's data.  SCAN_OK, or the error code of the rule class
 * with the position (`at` + offset in the component) and a translated
 * sentence in fail.
 */
#ifndef TALLY_BARCODE_GS1_LINT_H
#define TALLY_BARCODE_GS1_LINT_H

#include "barcode/gs1-ai.h"
#include "barcode/scan.h"

struct gs1_lint_ctx {
	const char *ai;    /* "01" */
	const char *title; /* "GTIN" */
	size_t at;         /* offset of the component in the input */
	int year;          /* for the century rule of YYMMDD */
};

enum scan_error gs1_lint(enum gs1_lint lint, const char *d, size_t n, const struct gs1_lint_ctx *c,
                         struct scan_failure *fail);

/* CSET 64 (base64url) '=' padding: only at the end, at most two, and only to
 * a length divisible by 3. */
enum scan_error gs1_padding(const char *d, size_t n, const struct gs1_lint_ctx *c,
                            struct scan_failure *fail);

#endif
