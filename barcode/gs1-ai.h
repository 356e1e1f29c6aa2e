/*
 * gs1-ai.h — the GS1 Application Identifier table: for each AI, as GS1's
 * Barcode Syntax Dictionary defines it, the components of its data (character
 * set, length, optional or not), the linters each component must pass, the
 * partner AIs it requires (req=) and those it must not appear with (ex=), and
 * its data title.  The table itself (gs1-ai-table.c) is generated from the
 * dictionary by tools/gen-gs1-ai-table.py; gs1_ai_find() finds an AI in
 * constant time.
 */
#ifndef TALLY_BARCODE_GS1_AI_H
#define TALLY_BARCODE_GS1_AI_H

#include <stddef.h>

enum gs1_charset {
	GS1_N, /* digits */
	GS1_X, /* CSET 82: GS1 AI encodable character set 82 */
	GS1_Y, /* CSET 39 */
	GS1_Z, /* CSET 64 (file-safe base64) */
};

/* The dictionary's linters (content checks of one component). */
enum gs1_lint {
	GS1_LINT_NONE,
	GS1_LINT_CSUM,
	GS1_LINT_CSUMALPHA,
	GS1_LINT_GCPPOS1,
	GS1_LINT_GCPPOS2,
	GS1_LINT_YYMMD0,
	GS1_LINT_YYMMDD,
	GS1_LINT_YYYYMMD0,
	GS1_LINT_YYYYMMDD,
	GS1_LINT_HHMI,
	GS1_LINT_HH,
	GS1_LINT_MI,
	GS1_LINT_SS,
	GS1_LINT_ISO3166,
	GS1_LINT_ISO3166999,
	GS1_LINT_ISO3166ALPHA2,
	GS1_LINT_ISO4217,
	GS1_LINT_IBAN,
	GS1_LINT_PCENC,
	GS1_LINT_LATITUDE,
	GS1_LINT_LONGITUDE,
	GS1_LINT_YESNO,
	GS1_LINT_HYPHEN,
	GS1_LINT_IMPORTERIDX,
	GS1_LINT_PACKAGETYPE,
	GS1_LINT_MEDIATYPE,
	GS1_LINT_ISO5218,
	GS1_LINT_POSINSEQSLASH,
	GS1_LINT_NONZERO,
	GS1_LINT_WINDING,
	GS1_LINT_ZERO,
	GS1_LINT_PIECEOFTOTAL,
	GS1_LINT_NOZEROPREFIX,
	GS1_LINT_HASNONDIGIT,
	GS1_LINT_COUPONCODE,
	GS1_LINT_COUPONPOSOFFER,
};

struct gs1_component {
	unsigned char cset;     /* enum gs1_charset */
	unsigned char min, max; /* length */
	unsigned char optional;
	unsigned char lint[3]; /* enum gs1_lint, 0-terminated */
};

/* One term of a requisite or exclusion list: the rows lo..hi (an AI pattern
 * such as "31nn" covers several); terms of a group all required ("01+21"),
 * groups alternatives ("01,02"). */
struct gs1_ai_term {
	unsigned char lo, hi;
	unsigned char end_of_group, end_of_list;
};

struct gs1_ai {
	char first[5], last[5]; /* the AI, or a range "3100".."3105" */
	unsigned char ai_len;
	unsigned char min_len, max_len; /* of its data, all components */
	unsigned char predefined;       /* needs no FNC1 after it */
	unsigned char dl_attr;          /* may be a Digital Link data attribute */
	unsigned char dl_key;           /* a Digital Link primary key */
	unsigned char n_comp;
	struct gs1_component comp[5];
	unsigned short req[2]; /* offsets into gs1_ai_terms */
	unsigned char n_req;
	unsigned short ex;
	unsigned char has_ex;
	const char *title; /* GS1 data title, e.g. "BATCH/LOT" */
	/* a Digital Link primary key's qualifiers, in their order, alternatives
	 * apart: "22,10,21|235"; "" when none */
	const char *dl_qualifiers;
};

extern const struct gs1_ai gs1_ai_table[];
extern const unsigned gs1_ai_table_size;
extern const struct gs1_ai_term gs1_ai_terms[];
extern const unsigned char gs1_ai_length_by_prefix[100];
extern const unsigned char gs1_ai_row2[100], gs1_ai_row3[1000], gs1_ai_row4[10000];

/*
 * The AI at the start of `s` (n bytes), in constant time: its first two digits
 * give its length, its digits its row.  NULL when none; AIs are prefix-free,
 * so at most one matches.
 */
const struct gs1_ai *gs1_ai_find(const char *s, size_t n);

/* The length an AI starting with these two digits has (2, 3 or 4), or 0. */
unsigned gs1_ai_length(const char *s, size_t n);

/* For each byte, a bit (1 << enum gs1_charset) per set that holds it. */
extern const unsigned char gs1_cset_class[256];

/* mod-10 check digit over digits[0..n-1] (GTIN, SSCC, GLN): the digit that
 * should follow them. */
int gs1_check_digit(const char *digits, size_t n);

#endif
