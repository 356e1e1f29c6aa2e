/*
 * scan.h — what a scan means.
 *
 * Every driver delivers the canonical scan text of DESIGN §3: an AIM
 * symbology identifier ("]C1", "]d2", "]Q3", "]e0", "]E0", ...) followed by
 * the data, with GS (0x1D) as the FNC1 separator — or the bare data when the
 * scanner sends no AIM id.  scan_parse() turns it into typed fields, checked
 * the way a pharmacy needs them checked — every rule of GS1's syntax
 * dictionary (gs1-ai.h): a wrong check digit, an impossible date, a batch
 * that swallowed the next field or a batch without its GTIN is an error with
 * a code naming the rule, the position and a sentence saying what was
 * expected.  A bare element string is read as GS1 only when it parses fully
 * and unambiguously (`assumed`, `note`).
 */
#ifndef TALLY_DRIVERS_SCAN_H
#define TALLY_DRIVERS_SCAN_H

#include <stddef.h>

#define SCAN_MAX_TEXT 512 /* longer input is refused (bounded input) */
#define SCAN_MAX_AIS  32

enum scan_type {
	SCAN_UNKNOWN,  /* well-formed but not something tally knows */
	SCAN_GS1,      /* GS1 element string / Digital Link with more than a GTIN */
	SCAN_GTIN,     /* a bare GTIN: EAN-13/8, UPC-A/E, ITF-14, or (01) alone */
	SCAN_HIBC,     /* HIBC primary and/or secondary data */
	SCAN_SSCC,     /* (00) serial shipping container code */
	SCAN_LOCATION, /* an internal location label (configurable pattern) */
	SCAN_BADGE,    /* a staff badge (configurable pattern) */
};

/* "unknown", "gs1", "gtin", "hibc", "sscc", "location", "badge". */
const char *scan_type_name(enum scan_type t);

struct scan_ai {
	char ai[5];        /* "01", "3103", ... */
	unsigned char row; /* its row in the AI table + 1 (gs1-ai.h); 0: none */
	unsigned short at; /* offset of the AI in the input */
	char value[91];    /* as scanned, without separators */
};

/* How a scan without an AIM identifier was read. */
enum scan_assumed {
	SCAN_ASSUMED_NONE,      /* it said what it is (AIM id, brackets, URI, ...) */
	SCAN_ASSUMED_GS1,       /* a bare element string that parsed fully: read as GS1 */
	SCAN_ASSUMED_AMBIGUOUS, /* it parses as GS1 in more than one way: not read */
};

struct scan {
	char raw[SCAN_MAX_TEXT + 1]; /* the input, as given */
	enum scan_type type;
	char symbology[8]; /* "]d2", or "" when none was sent */

	char gtin[15]; /* GTIN-14, zero-padded; "" when none */
	char sscc[19];
	char batch[21];
	char serial[21];
	char expiry[11];     /* YYYY-MM-DD; "" when none */
	char expiry_raw[7];  /* YYMMDD as scanned */
	int expiry_day_zero; /* the day was 00: last day of the month */
	long count;          /* (30)/(37) or HIBC quantity; -1 when none */

	int reference_year; /* the "current year" of the GS1 century rule */

	/* HIBC */
	char hibc_lic[5];
	char hibc_product[19];
	int hibc_unit;

	/* location labels and badges: the id after the configured prefix */
	char id[64];

	enum scan_assumed assumed;
	char note[320]; /* translated: why a bare text was or was not read as GS1 */

	size_t n_ais;
	struct scan_ai ais[SCAN_MAX_AIS];
};

/* Error codes, stable: they appear in `tally decode --json`. */
enum scan_error {
	SCAN_OK = 0,
	SCAN_E_EMPTY,
	SCAN_E_TOO_LONG,
	SCAN_E_CHARSET, /* a character not allowed here */
	SCAN_E_UNKNOWN_AI,
	SCAN_E_LENGTH, /* a field too short or too long */
	SCAN_E_CHECK_DIGIT,
	SCAN_E_DATE,
	SCAN_E_SEPARATOR,   /* missing, doubled or misplaced FNC1 */
	SCAN_E_REPEATED_AI, /* the same AI twice with different values */
	SCAN_E_ASSOCIATION, /* e.g. (10) without (01) or (02) */
	SCAN_E_EXCLUSIVE,   /* mutually exclusive AIs together */
	SCAN_E_HIBC,        /* malformed HIBC, or its mod-43 check fails */
	SCAN_E_URI,         /* malformed Digital Link */
	/* The GS1 syntax dictionary's linters, one code per rule class: */
	SCAN_E_CHECK_PAIR,     /* csumalpha: the two check characters of (8013)/(8014) */
	SCAN_E_COMPANY_PREFIX, /* gcppos1/2: a key must start with a GS1 Company Prefix */
	SCAN_E_TIME,           /* hhmi, hh, mi, ss: an hour, minute or second */
	SCAN_E_COUNTRY,        /* iso3166, iso3166999, iso3166alpha2 */
	SCAN_E_CURRENCY,       /* iso4217 */
	SCAN_E_IBAN,           /* iban: structure, country, check characters */
	SCAN_E_PIECE,          /* pieceoftotal: piece 1..total of (8006)/(8026) */
	SCAN_E_ENUMERATION,    /* yesno, winding, iso5218, mediatype, packagetype, zero,
	                          hyphen: a value from a fixed list */
	SCAN_E_ZERO,           /* nonzero, nozeroprefix: zero where it cannot be */
	SCAN_E_IMPORTER,       /* importeridx: (7040)'s importer index */
	SCAN_E_PADDING,        /* CSET 64 '=' padding of (8030) */
	SCAN_E_COUPON,         /* (8110)/(8112) coupons: not accepted */
	SCAN_E_COORDINATE,     /* latitude, longitude of (4309) */
	SCAN_E_PERCENT,        /* pcenc: a %% not followed by two hex digits */
	SCAN_E_SEQUENCE,       /* posinseqslash: "n/m" of (7258) */
	SCAN_E_COMPOSITE,      /* a composite ('|') whose linear part cannot carry one */
};

/* "empty", "too-long", "charset", "unknown-ai", "length", "check-digit",
 * "date", "separator", "repeated-ai", "association", "exclusive", "hibc",
 * "uri", "check-pair", "company-prefix", "time", "country", "currency",
 * "iban", "piece-of-total", "enumeration", "zero", "importer-index",
 * "padding", "coupon", "coordinate", "percent-encoding", "sequence",
 * "composite". */
const char *scan_error_name(enum scan_error e);

struct scan_failure {
	enum scan_error code;
	size_t at;     /* byte offset into the input */
	char ai[5];    /* the AI concerned, or "" */
	char msg[256]; /* translated: what is wrong and what was expected */
};

/* Configurable patterns for internal labels (tally.conf [labels]): a scan
 * whose data starts with the prefix is that kind; defaults "LOC:" and "B:". */
struct scan_config {
	const char *location_prefix;
	const char *badge_prefix;
	int year; /* the current year for the GS1 century rule; 0: today's */
};

/* Parse `text` (len bytes; may hold GS).  cfg may be NULL for defaults.
 * Returns SCAN_OK and fills out, or an error and fills fail (out->raw is
 * still set). */
enum scan_error scan_parse(const char *text, size_t len, const struct scan_config *cfg,
                           struct scan *out, struct scan_failure *fail);

#endif
