/*
 * scan-internal.h — shared by the content parsers (scan.c, gs1.c,
 * digital-link.c, hibc.c, ean.c); not for other modules.
 */
#ifndef TALLY_BARCODE_SCAN_INTERNAL_H
#define TALLY_BARCODE_SCAN_INTERNAL_H

#include "barcode/scan.h"

#define GS '\x1d'

/* Fill fail and return its code. */
enum scan_error scan_fail(struct scan_failure *fail, enum scan_error code, size_t at,
                          const char *ai, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* GS1 element string (after any AIM id): AIs with GS separators.  `base` is
 * the offset of data within the whole input, for error positions. */
enum scan_error gs1_parse_element_string(const char *data, size_t n, size_t base, int year,
                                         struct scan *out, struct scan_failure *fail);
/* "(01)...(17)..." as typed by hand. */
enum scan_error gs1_parse_bracketed(const char *data, size_t n, size_t base, int year,
                                    struct scan *out, struct scan_failure *fail);
/* Check one AI's value and add it; checks repeats.  at = offset of the AI. */
enum scan_error gs1_add(struct scan *out, const char *ai, const char *value, size_t len, size_t at,
                        int year, struct scan_failure *fail);
/* The AIs of an element string (no association checks yet): several
 * calls add to one message (a composite's two parts). */
enum scan_error gs1_read_elements(const char *data, size_t n, size_t base, int year,
                                  struct scan *out, struct scan_failure *fail);
/* Once per message, after all its AIs are read: requisites (req=) and
 * invalid pairs (ex=) of the syntax dictionary. */
enum scan_error gs1_check_pairs(const struct scan *out, struct scan_failure *fail);
/* The typed fields (gtin, batch, expiry, ...) and the type from the AIs. */
void gs1_fill_fields(struct scan *out);
/* Where a composite's 2D component starts after the '|' at data[bar]: its
 * element string, or "]e0" and its element string (as scanners send it). */
size_t gs1_composite_start(const char *data, size_t n, size_t bar);
/* gs1_check_pairs, then gs1_fill_fields. */
enum scan_error gs1_finish(struct scan *out, struct scan_failure *fail);
/* The longest data an AI of the table may carry. */
struct gs1_ai;
size_t gs1_ai_max_length(const struct gs1_ai *def);

/* https://any.host/01/{gtin}/10/{batch}?17=... */
enum scan_error digital_link_parse(const char *uri, size_t n, int year, struct scan *out,
                                   struct scan_failure *fail);

/* "+..." HIBC primary, secondary or concatenated. */
enum scan_error hibc_parse(const char *data, size_t n, size_t base, int year, struct scan *out,
                           struct scan_failure *fail);

/* Digits of an EAN/UPC/ITF symbol → GTIN-14 in out->gtin.  upce: expand. */
enum scan_error ean_parse(const char *digits, size_t n, size_t base, int upce, struct scan *out,
                          struct scan_failure *fail);

/* YYMMDD → YYYY-MM-DD with the GS1 century rule against `year`; day 00 is the
 * last day of the month.  0, or -1 when no such date. */
int gs1_date(const char *yymmdd, int year, char out[11], int *day_zero);

#endif
