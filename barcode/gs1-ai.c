/*
 * gs1-ai.c — the AI table.  Formats follow the GS1 General Specifications'
 * AI list: "N2+N18" for (00) becomes fixed 18 with a check digit; "N2+X..20"
 * for (10) becomes a variable CSET 82 part of 1 to 20.  A composite format
 * such as (253) "N3+N13+X..17" is a checked fixed part then a variable one.
 *
 * Four-digit AIs whose last digit is a decimal-point position (310n ...)
 * are listed once with a 3-digit stem; gs1_ai_find accepts any last digit.
 */
#include "barcode/gs1-ai.h"

#include <string.h>

#define P 1 /* predefined length: no separator needed after it */

static const struct gs1_ai table[] = {
	{ "00", 2, 18, GS1_CHECK, GS1_NONE, 0, 0, P, "SSCC" },
	{ "01", 2, 14, GS1_CHECK, GS1_NONE, 0, 0, P, "GTIN" },
	{ "02", 2, 14, GS1_CHECK, GS1_NONE, 0, 0, P, "CONTENT" },
	{ "03", 2, 14, GS1_CHECK, GS1_NONE, 0, 0, P, "MTO GTIN" },
	{ "10", 2, 0, 0, GS1_X, 1, 20, 0, "BATCH/LOT" },
	{ "11", 2, 6, GS1_DATE, GS1_NONE, 0, 0, P, "PROD DATE" },
	{ "12", 2, 6, GS1_DATE, GS1_NONE, 0, 0, P, "DUE DATE" },
	{ "13", 2, 6, GS1_DATE, GS1_NONE, 0, 0, P, "PACK DATE" },
	{ "15", 2, 6, GS1_DATE, GS1_NONE, 0, 0, P, "BEST BEFORE" },
	{ "16", 2, 6, GS1_DATE, GS1_NONE, 0, 0, P, "SELL BY" },
	{ "17", 2, 6, GS1_DATE, GS1_NONE, 0, 0, P, "USE BY / EXPIRY" },
	{ "20", 2, 2, 0, GS1_NONE, 0, 0, P, "VARIANT" },
	{ "21", 2, 0, 0, GS1_X, 1, 20, 0, "SERIAL" },
	{ "22", 2, 0, 0, GS1_X, 1, 20, 0, "CPV" },
	{ "235", 3, 0, 0, GS1_X, 1, 28, 0, "TPX" },
	{ "240", 3, 0, 0, GS1_X, 1, 30, 0, "ADDITIONAL ID" },
	{ "241", 3, 0, 0, GS1_X, 1, 30, 0, "CUST. PART No." },
	{ "242", 3, 0, 0, GS1_N, 1, 6, 0, "MTO VARIANT" },
	{ "243", 3, 0, 0, GS1_X, 1, 20, 0, "PCN" },
	{ "250", 3, 0, 0, GS1_X, 1, 30, 0, "SECONDARY SERIAL" },
	{ "251", 3, 0, 0, GS1_X, 1, 30, 0, "REF. TO SOURCE" },
	{ "253", 3, 13, GS1_CHECK, GS1_X, 0, 17, 0, "GDTI" },
	{ "254", 3, 0, 0, GS1_X, 1, 20, 0, "GLN EXTENSION COMPONENT" },
	{ "255", 3, 13, GS1_CHECK, GS1_N, 0, 12, 0, "GCN" },
	{ "30", 2, 0, 0, GS1_N, 1, 8, 0, "VAR. COUNT" },
	{ "310", 4, 6, 0, GS1_NONE, 0, 0, P, "NET WEIGHT (kg)" },
	{ "311", 4, 6, 0, GS1_NONE, 0, 0, P, "LENGTH (m)" },
	{ "312", 4, 6, 0, GS1_NONE, 0, 0, P, "WIDTH (m)" },
	{ "313", 4, 6, 0, GS1_NONE, 0, 0, P, "HEIGHT (m)" },
	{ "314", 4, 6, 0, GS1_NONE, 0, 0, P, "AREA (m2)" },
	{ "315", 4, 6, 0, GS1_NONE, 0, 0, P, "NET VOLUME (l)" },
	{ "316", 4, 6, 0, GS1_NONE, 0, 0, P, "NET VOLUME (m3)" },
	{ "320", 4, 6, 0, GS1_NONE, 0, 0, P, "NET WEIGHT (lb)" },
	{ "321", 4, 6, 0, GS1_NONE, 0, 0, P, "LENGTH (in)" },
	{ "322", 4, 6, 0, GS1_NONE, 0, 0, P, "LENGTH (ft)" },
	{ "323", 4, 6, 0, GS1_NONE, 0, 0, P, "LENGTH (yd)" },
	{ "324", 4, 6, 0, GS1_NONE, 0, 0, P, "WIDTH (in)" },
	{ "325", 4, 6, 0, GS1_NONE, 0, 0, P, "WIDTH (ft)" },
	{ "326", 4, 6, 0, GS1_NONE, 0, 0, P, "WIDTH (yd)" },
	{ "327", 4, 6, 0, GS1_NONE, 0, 0, P, "HEIGHT (in)" },
	{ "328", 4, 6, 0, GS1_NONE, 0, 0, P, "HEIGHT (ft)" },
	{ "329", 4, 6, 0, GS1_NONE, 0, 0, P, "HEIGHT (yd)" },
	{ "330", 4, 6, 0, GS1_NONE, 0, 0, P, "GROSS WEIGHT (kg)" },
	{ "331", 4, 6, 0, GS1_NONE, 0, 0, P, "LENGTH (m), log" },
	{ "332", 4, 6, 0, GS1_NONE, 0, 0, P, "WIDTH (m), log" },
	{ "333", 4, 6, 0, GS1_NONE, 0, 0, P, "HEIGHT (m), log" },
	{ "334", 4, 6, 0, GS1_NONE, 0, 0, P, "AREA (m2), log" },
	{ "335", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (l), log" },
	{ "336", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (m3), log" },
	{ "337", 4, 6, 0, GS1_NONE, 0, 0, P, "KG PER m2" },
	{ "340", 4, 6, 0, GS1_NONE, 0, 0, P, "GROSS WEIGHT (lb)" },
	{ "341", 4, 6, 0, GS1_NONE, 0, 0, P, "LENGTH (in), log" },
	{ "342", 4, 6, 0, GS1_NONE, 0, 0, P, "LENGTH (ft), log" },
	{ "343", 4, 6, 0, GS1_NONE, 0, 0, P, "LENGTH (yd), log" },
	{ "344", 4, 6, 0, GS1_NONE, 0, 0, P, "WIDTH (in), log" },
	{ "345", 4, 6, 0, GS1_NONE, 0, 0, P, "WIDTH (ft), log" },
	{ "346", 4, 6, 0, GS1_NONE, 0, 0, P, "WIDTH (yd), log" },
	{ "347", 4, 6, 0, GS1_NONE, 0, 0, P, "HEIGHT (in), log" },
	{ "348", 4, 6, 0, GS1_NONE, 0, 0, P, "HEIGHT (ft), log" },
	{ "349", 4, 6, 0, GS1_NONE, 0, 0, P, "HEIGHT (yd), log" },
	{ "350", 4, 6, 0, GS1_NONE, 0, 0, P, "AREA (in2)" },
	{ "351", 4, 6, 0, GS1_NONE, 0, 0, P, "AREA (ft2)" },
	{ "352", 4, 6, 0, GS1_NONE, 0, 0, P, "AREA (yd2)" },
	{ "353", 4, 6, 0, GS1_NONE, 0, 0, P, "AREA (in2), log" },
	{ "354", 4, 6, 0, GS1_NONE, 0, 0, P, "AREA (ft2), log" },
	{ "355", 4, 6, 0, GS1_NONE, 0, 0, P, "AREA (yd2), log" },
	{ "356", 4, 6, 0, GS1_NONE, 0, 0, P, "NET WEIGHT (t oz)" },
	{ "357", 4, 6, 0, GS1_NONE, 0, 0, P, "NET VOLUME (oz)" },
	{ "360", 4, 6, 0, GS1_NONE, 0, 0, P, "NET VOLUME (qt)" },
	{ "361", 4, 6, 0, GS1_NONE, 0, 0, P, "NET VOLUME (gal.)" },
	{ "362", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (qt), log" },
	{ "363", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (gal.), log" },
	{ "364", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (in3)" },
	{ "365", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (ft3)" },
	{ "366", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (yd3)" },
	{ "367", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (in3), log" },
	{ "368", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (ft3), log" },
	{ "369", 4, 6, 0, GS1_NONE, 0, 0, P, "VOLUME (yd3), log" },
	{ "37", 2, 0, 0, GS1_N, 1, 8, 0, "COUNT" },
	{ "390", 4, 0, 0, GS1_N, 1, 15, 0, "AMOUNT" },
	{ "391", 4, 3, 0, GS1_N, 1, 15, 0, "AMOUNT (ISO currency)" },
	{ "392", 4, 0, 0, GS1_N, 1, 15, 0, "PRICE" },
	{ "393", 4, 3, 0, GS1_N, 1, 15, 0, "PRICE (ISO currency)" },
	{ "394", 4, 4, 0, GS1_NONE, 0, 0, 0, "PRCNT OFF" },
	{ "395", 4, 6, 0, GS1_NONE, 0, 0, 0, "PRICE/UoM" },
	{ "400", 3, 0, 0, GS1_X, 1, 30, 0, "ORDER NUMBER" },
	{ "401", 3, 0, 0, GS1_X, 1, 30, 0, "GINC" },
	{ "402", 3, 17, GS1_CHECK, GS1_NONE, 0, 0, 0, "GSIN" },
	{ "403", 3, 0, 0, GS1_X, 1, 30, 0, "ROUTE" },
	{ "410", 3, 13, GS1_CHECK, GS1_NONE, 0, 0, P, "SHIP TO LOC" },
	{ "411", 3, 13, GS1_CHECK, GS1_NONE, 0, 0, P, "BILL TO" },
	{ "412", 3, 13, GS1_CHECK, GS1_NONE, 0, 0, P, "PURCHASE FROM" },
	{ "413", 3, 13, GS1_CHECK, GS1_NONE, 0, 0, P, "SHIP FOR LOC" },
	{ "414", 3, 13, GS1_CHECK, GS1_NONE, 0, 0, P, "LOC No." },
	{ "415", 3, 13, GS1_CHECK, GS1_NONE, 0, 0, P, "PAY TO" },
	{ "416", 3, 13, GS1_CHECK, GS1_NONE, 0, 0, P, "PROD/SERV LOC" },
	{ "417", 3, 13, GS1_CHECK, GS1_NONE, 0, 0, P, "PARTY" },
	{ "420", 3, 0, 0, GS1_X, 1, 20, 0, "SHIP TO POST" },
	{ "421", 3, 3, 0, GS1_X, 1, 9, 0, "SHIP TO POST (ISO country)" },
	{ "422", 3, 3, 0, GS1_NONE, 0, 0, 0, "ORIGIN" },
	{ "423", 3, 3, 0, GS1_N, 0, 12, 0, "COUNTRY - INITIAL PROCESS" },
	{ "424", 3, 3, 0, GS1_NONE, 0, 0, 0, "COUNTRY - PROCESS" },
	{ "425", 3, 3, 0, GS1_N, 0, 12, 0, "COUNTRY - DISASSEMBLY" },
	{ "426", 3, 3, 0, GS1_NONE, 0, 0, 0, "COUNTRY - FULL PROCESS" },
	{ "427", 3, 0, 0, GS1_X, 1, 3, 0, "ORIGIN SUBDIVISION" },
	{ "4300", 4, 0, 0, GS1_X, 1, 35, 0, "SHIP TO COMP" },
	{ "4301", 4, 0, 0, GS1_X, 1, 35, 0, "SHIP TO NAME" },
	{ "4302", 4, 0, 0, GS1_X, 1, 70, 0, "SHIP TO ADD1" },
	{ "4303", 4, 0, 0, GS1_X, 1, 70, 0, "SHIP TO ADD2" },
	{ "4304", 4, 0, 0, GS1_X, 1, 70, 0, "SHIP TO SUB" },
	{ "4305", 4, 0, 0, GS1_X, 1, 70, 0, "SHIP TO LOC" },
	{ "4306", 4, 0, 0, GS1_X, 1, 70, 0, "SHIP TO REG" },
	{ "4307", 4, 0, 0, GS1_X, 2, 2, 0, "SHIP TO COUNTRY" },
	{ "4308", 4, 0, 0, GS1_X, 1, 30, 0, "SHIP TO PHONE" },
	{ "4309", 4, 20, 0, GS1_NONE, 0, 0, 0, "SHIP TO GEO" },
	{ "4310", 4, 0, 0, GS1_X, 1, 35, 0, "RTN TO COMP" },
	{ "4311", 4, 0, 0, GS1_X, 1, 35, 0, "RTN TO NAME" },
	{ "4312", 4, 0, 0, GS1_X, 1, 70, 0, "RTN TO ADD1" },
	{ "4313", 4, 0, 0, GS1_X, 1, 70, 0, "RTN TO ADD2" },
	{ "4314", 4, 0, 0, GS1_X, 1, 70, 0, "RTN TO SUB" },
	{ "4315", 4, 0, 0, GS1_X, 1, 70, 0, "RTN TO LOC" },
	{ "4316", 4, 0, 0, GS1_X, 1, 70, 0, "RTN TO REG" },
	{ "4317", 4, 0, 0, GS1_X, 2, 2, 0, "RTN TO COUNTRY" },
	{ "4318", 4, 0, 0, GS1_X, 1, 20, 0, "RTN TO POST" },
	{ "4319", 4, 0, 0, GS1_X, 1, 30, 0, "RTN TO PHONE" },
	{ "4320", 4, 0, 0, GS1_X, 1, 35, 0, "SRV DESCRIPTION" },
	{ "4321", 4, 1, 0, GS1_NONE, 0, 0, 0, "DANGEROUS GOODS" },
	{ "4322", 4, 1, 0, GS1_NONE, 0, 0, 0, "AUTH TO LEAVE" },
	{ "4323", 4, 1, 0, GS1_NONE, 0, 0, 0, "SIG REQUIRED" },
	{ "4324", 4, 10, 0, GS1_NONE, 0, 0, 0, "NBEF DEL DT." },
	{ "4325", 4, 10, 0, GS1_NONE, 0, 0, 0, "NAFT DEL DT." },
	{ "4326", 4, 6, GS1_DATE, GS1_NONE, 0, 0, 0, "REL DATE" },
	{ "7001", 4, 13, 0, GS1_NONE, 0, 0, 0, "NSN" },
	{ "7002", 4, 0, 0, GS1_X, 1, 30, 0, "MEAT CUT" },
	{ "7003", 4, 10, 0, GS1_NONE, 0, 0, 0, "EXPIRY TIME" },
	{ "7004", 4, 0, 0, GS1_N, 1, 4, 0, "ACTIVE POTENCY" },
	{ "7005", 4, 0, 0, GS1_X, 1, 12, 0, "CATCH AREA" },
	{ "7006", 4, 6, GS1_DATE, GS1_NONE, 0, 0, 0, "FIRST FREEZE DATE" },
	{ "7007", 4, 6, 0, GS1_N, 0, 6, 0, "HARVEST DATE" },
	{ "7008", 4, 0, 0, GS1_X, 1, 3, 0, "AQUATIC SPECIES" },
	{ "7009", 4, 0, 0, GS1_X, 1, 10, 0, "FISHING GEAR TYPE" },
	{ "7010", 4, 0, 0, GS1_X, 1, 2, 0, "PROD METHOD" },
	{ "7011", 4, 4, 0, GS1_N, 0, 6, 0, "TEST BY DATE" },
	{ "7020", 4, 0, 0, GS1_X, 1, 20, 0, "REFURB LOT" },
	{ "7021", 4, 0, 0, GS1_X, 1, 20, 0, "FUNC STAT" },
	{ "7022", 4, 0, 0, GS1_X, 1, 20, 0, "REV STAT" },
	{ "7023", 4, 0, 0, GS1_X, 1, 30, 0, "GIAI - ASSEMBLY" },
	{ "703", 4, 3, 0, GS1_X, 1, 27, 0, "PROCESSOR #" },
	{ "7040", 4, 1, 0, GS1_X, 3, 3, 0, "UIC+EXT" },
	{ "710", 3, 0, 0, GS1_X, 1, 20, 0, "NHRN PZN" },
	{ "711", 3, 0, 0, GS1_X, 1, 20, 0, "NHRN CIP" },
	{ "712", 3, 0, 0, GS1_X, 1, 20, 0, "NHRN CN" },
	{ "713", 3, 0, 0, GS1_X, 1, 20, 0, "NHRN DRN" },
	{ "714", 3, 0, 0, GS1_X, 1, 20, 0, "NHRN AIM" },
	{ "715", 3, 0, 0, GS1_X, 1, 20, 0, "NHRN NDC" },
	{ "716", 3, 0, 0, GS1_X, 1, 20, 0, "NHRN AIC" },
	{ "723", 4, 0, 0, GS1_X, 3, 30, 0, "CERT #" },
	{ "7240", 4, 0, 0, GS1_X, 1, 20, 0, "PROTOCOL" },
	{ "7241", 4, 2, 0, GS1_NONE, 0, 0, 0, "AIDC MEDIA TYPE" },
	{ "7242", 4, 0, 0, GS1_X, 1, 25, 0, "VCN" },
	{ "7250", 4, 8, 0, GS1_NONE, 0, 0, 0, "DOB" },
	{ "7251", 4, 12, 0, GS1_NONE, 0, 0, 0, "DOB TIME" },
	{ "7252", 4, 1, 0, GS1_NONE, 0, 0, 0, "BIO SEX" },
	{ "7253", 4, 0, 0, GS1_X, 1, 40, 0, "FAMILY NAME" },
	{ "7254", 4, 0, 0, GS1_X, 1, 40, 0, "GIVEN NAME" },
	{ "7255", 4, 0, 0, GS1_X, 1, 10, 0, "SUFFIX" },
	{ "7256", 4, 0, 0, GS1_X, 1, 90, 0, "FULL NAME" },
	{ "7257", 4, 0, 0, GS1_X, 1, 70, 0, "PERSON ADDR" },
	{ "7258", 4, 0, 0, GS1_X, 3, 3, 0, "BIRTH SEQUENCE" },
	{ "7259", 4, 0, 0, GS1_X, 1, 40, 0, "BABY" },
	{ "8001", 4, 14, 0, GS1_NONE, 0, 0, 0, "DIMENSIONS" },
	{ "8002", 4, 0, 0, GS1_X, 1, 20, 0, "CMT No." },
	{ "8003", 4, 14, GS1_CHECK, GS1_X, 0, 16, 0, "GRAI" },
	{ "8004", 4, 0, 0, GS1_X, 1, 30, 0, "GIAI" },
	{ "8005", 4, 6, 0, GS1_NONE, 0, 0, 0, "PRICE PER UNIT" },
	{ "8006", 4, 18, 0, GS1_NONE, 0, 0, 0, "ITIP" },
	{ "8007", 4, 0, 0, GS1_X, 1, 34, 0, "IBAN" },
	{ "8008", 4, 8, 0, GS1_N, 0, 4, 0, "PROD TIME" },
	{ "8009", 4, 0, 0, GS1_X, 1, 50, 0, "OPTSEN" },
	{ "8010", 4, 0, 0, GS1_Y, 1, 30, 0, "CPID" },
	{ "8011", 4, 0, 0, GS1_N, 1, 12, 0, "CPID SERIAL" },
	{ "8012", 4, 0, 0, GS1_X, 1, 20, 0, "VERSION" },
	{ "8013", 4, 0, 0, GS1_X, 1, 25, 0, "GMN" },
	{ "8017", 4, 18, GS1_CHECK, GS1_NONE, 0, 0, 0, "GSRN - PROVIDER" },
	{ "8018", 4, 18, GS1_CHECK, GS1_NONE, 0, 0, 0, "GSRN - RECIPIENT" },
	{ "8019", 4, 0, 0, GS1_N, 1, 10, 0, "SRIN" },
	{ "8020", 4, 0, 0, GS1_X, 1, 25, 0, "REF No." },
	{ "8026", 4, 18, 0, GS1_NONE, 0, 0, 0, "ITIP CONTENT" },
	{ "8030", 4, 0, 0, GS1_Z, 1, 90, 0, "DIGSIG" },
	{ "8110", 4, 0, 0, GS1_X, 1, 70, 0, "COUPON" },
	{ "8111", 4, 4, 0, GS1_NONE, 0, 0, 0, "POINTS" },
	{ "8112", 4, 0, 0, GS1_X, 1, 70, 0, "COUPON (paperless)" },
	{ "8200", 4, 0, 0, GS1_X, 1, 70, 0, "PRODUCT URL" },
	{ "90", 2, 0, 0, GS1_X, 1, 30, 0, "INTERNAL" },
	{ "91", 2, 0, 0, GS1_X, 1, 90, 0, "INTERNAL" },
	{ "92", 2, 0, 0, GS1_X, 1, 90, 0, "INTERNAL" },
	{ "93", 2, 0, 0, GS1_X, 1, 90, 0, "INTERNAL" },
	{ "94", 2, 0, 0, GS1_X, 1, 90, 0, "INTERNAL" },
	{ "95", 2, 0, 0, GS1_X, 1, 90, 0, "INTERNAL" },
	{ "96", 2, 0, 0, GS1_X, 1, 90, 0, "INTERNAL" },
	{ "97", 2, 0, 0, GS1_X, 1, 90, 0, "INTERNAL" },
	{ "98", 2, 0, 0, GS1_X, 1, 90, 0, "INTERNAL" },
	{ "99", 2, 0, 0, GS1_X, 1, 90, 0, "INTERNAL" },
};

const struct gs1_ai *gs1_ai_find(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct gs1_ai *a = &table[i];
		size_t stem = strlen(a->ai);
		if (n < a->ai_len || memcmp(s, a->ai, stem) != 0)
			continue;
		/* a 3-digit stem of a 4-digit AI: the last digit is any digit */
		if (stem < a->ai_len && (s[stem] < '0' || s[stem] > '9'))
			continue;
		return a;
	}
	return NULL;
}

int gs1_in_charset(enum gs1_charset set, unsigned char c)
{
	switch (set) {
	case GS1_N:
		return c >= '0' && c <= '9';
	case GS1_X:
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		       (c != 0 && strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL);
	case GS1_Y:
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		       (c != 0 && strchr("#-/", c) != NULL);
	case GS1_Z:
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		       c == '-' || c == '_' || c == '=';
	default:
		return 0;
	}
}

int gs1_check_digit(const char *digits, size_t n)
{
	/* Weights 3,1,3,1... from the right of the digits the check follows. */
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		sum += (i % 2 == 0) ? 3 * d : d;
	}
	return (10 - sum % 10) % 10;
}
