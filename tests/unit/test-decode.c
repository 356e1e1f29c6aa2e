/*
 * test-decode.c — `tally decode` as a technician or a test script uses it:
 * text in, DESIGN §7's JSON out, exit codes; and real barcode images made
 * with zint, decoded by libzbar and libdmtx.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static json_t *line_json(const char *out, int index)
{
	const char *p = out;
	for (int i = 0; i < index && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	assert_non_null(p);
	json_t *o = json_loadb(p, strcspn(p, "\n"), 0, NULL);
	if (o == NULL)
		fail_msg("not JSON: %s", p);
	return o;
}

static const char *str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "(none)";
}

static void text_in_json_out_and_exit_codes(void **state)
{
	struct tu_run r = tu_tally(NULL, "--lang", "en", "decode", "--json",
	                           "]d20109521234543213\\x1d10AB12\\x1d17270100", NULL);
	assert_int_equal(r.status, 0);
	json_t *o = line_json(r.out, 0);
	assert_true(json_is_true(json_object_get(o, "ok")));
	assert_string_equal(str(o, "type"), "gs1");
	assert_string_equal(str(o, "symbology"), "]d2");
	assert_string_equal(str(o, "gtin"), "09521234543213");
	assert_string_equal(str(o, "batch"), "AB12");
	assert_string_equal(str(o, "expiry"), "2027-01-31");
	assert_string_equal(json_string_value(json_object_get(json_object_get(o, "ais"), "17")),
	                    "270100");
	json_decref(o);
	tu_run_free(&r);

	/* One bad among good: every input answered, exit 65, a plain message. */
	r = tu_tally(NULL, "--lang", "en", "decode", "--json", "]E05701234567899",
	             "]d20109521234543212", NULL);
	assert_int_equal(r.status, 65);
	o = line_json(r.out, 1);
	assert_true(json_is_false(json_object_get(o, "ok")));
	assert_string_equal(str(o, "error"), "check-digit");
	assert_string_equal(str(o, "input"), "]d20109521234543212");
	assert_int_equal(json_integer_value(json_object_get(o, "at")), 18);
	tu_assert_contains(str(o, "message"), "should be 3");
	json_decref(o);
	tu_run_free(&r);

	/* Plain text for people, and one scan per line from stdin. */
	r = tu_tally("]C100095212340000000013\n(01)09521234543213(10)X\n", "--lang", "en", "decode",
	             NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "SSCC 095212340000000013");
	tu_assert_contains(r.out, "batch X");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "en", "decode", "]d201095212345432131012345678901234567890121",
	             NULL);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.out, "separator");
	tu_run_free(&r);
}

/* Make a barcode image with the zint CLI; path returned malloc'd. */
static char *zint(const char *dir, const char *name, const char *const args[])
{
	char *out = tu_path(dir, name);
	char *argv[16];
	int n = 0;
	argv[n++] = "/usr/bin/zint";
	for (int i = 0; args[i] != NULL; i++)
		argv[n++] = (char *)args[i];
	char *o = tu_strfmt("--output=%s", out);
	argv[n++] = o;
	argv[n] = NULL;
	struct tu_run r = tu_run(argv, NULL, NULL);
	if (r.status != 0)
		fail_msg("zint %s failed: %s", name, r.err);
	tu_run_free(&r);
	free(o);
	return out;
}

static json_t *decode_image(const char *path, int expect_status)
{
	struct tu_run r = tu_tally(NULL, "--lang", "en", "decode", "--json", "--image", path, NULL);
	if (r.status != expect_status)
		fail_msg("decode --image %s: exit %d: %s%s", path, r.status, r.out, r.err);
	json_t *o = expect_status == 0 ? line_json(r.out, 0) : NULL;
	tu_run_free(&r);
	return o;
}

/* Every symbology a handheld meets, each as zint draws it, rotated 90° and
 * at two scales; compared field by field. */
static const struct symbol_case {
	const char *name, *barcode, *gs1, *data;
	const char *fields[6][2]; /* key, expected value */
} symbol_cases[] = {
	{ "gs1-128",
	  "16",
	  NULL,
	  "[01]09521234543213[10]LOT1[17]271231",
	  { { "symbology", "]C1" }, { "batch", "LOT1" }, { "expiry", "2027-12-31" } } },
	{ "gs1-datamatrix",
	  "71",
	  "--gs1",
	  "[01]09521234543213[17]271231[10]AB12[21]SN42",
	  { { "symbology", "]d2" },
	    { "batch", "AB12" },
	    { "serial", "SN42" },
	    { "expiry", "2027-12-31" } } },
	{ "ean-13",
	  "13",
	  NULL,
	  "570123456789",
	  { { "symbology", "]E0" }, { "gtin", "05701234567899" } } },
	{ "ean-8",
	  "13",
	  NULL,
	  "9638507",
	  { { "symbology", "]E4" }, { "gtin", "00000096385074" } } },
	{ "upc-a",
	  "34",
	  NULL,
	  "03600029145",
	  { { "symbology", "]E0" }, { "gtin", "00036000291452" } } },
	{ "qr-digital-link",
	  "58",
	  NULL,
	  "https://id.gs1.org/01/09521234543213/10/DL7?17=280131",
	  { { "symbology", "]Q1" }, { "batch", "DL7" }, { "expiry", "2028-01-31" } } },
	{ "gs1-qr",
	  "58",
	  "--gs1",
	  "[01]09521234543213[10]QR1",
	  { { "symbology", "]Q3" }, { "batch", "QR1" } } },
	{ "hibc-128", "98", NULL, "A123BJC5D6E71", { { "type", "hibc" }, { "lic", "A123" } } },
	{ "hibc-datamatrix",
	  "102",
	  NULL,
	  "A123BJC5D6E71/$$3271231LOT12",
	  { { "type", "hibc" }, { "batch", "LOT12" }, { "expiry", "2027-12-31" } } },
	{ "databar-expanded",
	  "31",
	  NULL,
	  "[01]09521234543213[10]DB1",
	  { { "symbology", "]e0" }, { "batch", "DB1" } } },
};

static void barcode_images_made_with_zint(void **state)
{
	char *dir = tu_mkdtemp();
	static const char *const rotations[] = { "0", "90" };
	static const char *const scales[] = { "2", "4" };
	for (size_t i = 0; i < sizeof(symbol_cases) / sizeof(symbol_cases[0]); i++) {
		const struct symbol_case *c = &symbol_cases[i];
		for (size_t r = 0; r < 2; r++) {
			for (size_t sc = 0; sc < 2; sc++) {
				char *b = tu_strfmt("--barcode=%s", c->barcode);
				char *d = tu_strfmt("--data=%s", c->data);
				char *rot = tu_strfmt("--rotate=%s", rotations[r]);
				char *scale = tu_strfmt("--scale=%s", scales[sc]);
				char *name =
				    tu_strfmt("%s-r%s-s%s.png", c->name, rotations[r], scales[sc]);
				const char *args[] = { b, d, rot, scale, c->gs1, NULL };
				char *p = zint(dir, name, args);
				json_t *o = decode_image(p, 0);
				for (size_t k = 0; k < 6 && c->fields[k][0] != NULL; k++) {
					const char *got = str(o, c->fields[k][0]);
					if (strcmp(got, c->fields[k][1]) != 0)
						fail_msg("%s: %s is %s, expected %s", name,
						         c->fields[k][0], got, c->fields[k][1]);
				}
				json_decref(o);
				free(b), free(d), free(rot), free(scale), free(name), free(p);
			}
		}
	}
	tu_rmtree(dir);
	free(dir);
}

static void datamatrix_touching_the_border(void **state)
{
	char *dir = tu_mkdtemp();
	const char *dm[] = { "--barcode=71",
		             "--gs1",
		             "--whitesp=0",
		             "--vwhitesp=0",
		             "--filetype=png",
		             "--data=[01]09521234543213[10]EDGE",
		             NULL };
	char *p = zint(dir, "edge.png", dm);
	json_t *o = decode_image(p, 0);
	assert_string_equal(str(o, "batch"), "EDGE");
	json_decref(o);
	free(p);
	tu_rmtree(dir);
	free(dir);
}

static void not_an_image(void **state)
{
	char *dir = tu_mkdtemp(), *p = tu_path(dir, "note.png");
	tu_write_file(p, "this is text\n");
	struct tu_run r = tu_tally(NULL, "--lang", "en", "decode", "--image", p, NULL);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "neither a PNG nor a PGM");
	tu_run_free(&r);
	r = tu_tally(NULL, "--lang", "en", "decode", "--image", "/nonexistent.png", NULL);
	assert_int_equal(r.status, 66);
	tu_run_free(&r);

	/* A white PGM: no barcode is a bad-data answer, said plainly. */
	char *pgm = tu_path(dir, "blank.pgm");
	FILE *f = fopen(pgm, "wb");
	fprintf(f, "P5 64 64 255\n");
	for (int i = 0; i < 64 * 64; i++)
		fputc(255, f);
	fclose(f);
	r = tu_tally(NULL, "--lang", "en", "decode", "--image", pgm, NULL);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "no barcode found");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir), free(p), free(pgm);
}

/* Whatever a symbol holds, GS1 or not, its text is in the answer; a bare
 * element string says it was assumed to be GS1, or why it was not. */
static void the_text_of_every_symbol(void **state)
{
	char *dir = tu_mkdtemp();
	const char *c128[] = { "--barcode=20", "--data=WARD-7 SHELF 3", NULL };
	const char *qr[] = { "--barcode=58", "--data=Ring 5555 ved feil", NULL };
	const char *const *args[] = { c128, qr };
	const char *names[] = { "c128.png", "qr.png" },
	           *texts[] = { "WARD-7 SHELF 3", "Ring 5555 ved feil" };
	const char *syms[] = { "]C0", "]Q1" };
	for (int i = 0; i < 2; i++) {
		char *p = zint(dir, names[i], args[i]);
		json_t *o = decode_image(p, 0);
		assert_string_equal(str(o, "type"), "unknown");
		assert_string_equal(str(o, "symbology"), syms[i]);
		assert_string_equal(str(o, "text"), texts[i]);
		json_decref(o);
		free(p);
	}
	tu_rmtree(dir);
	free(dir);

	struct tu_run r =
	    tu_tally(NULL, "--lang", "en", "decode", "--json", "010952123454321317271231",
	             "010952123454321310AB1217271231", "]E09521234543213|10AB12", NULL);
	assert_int_equal(r.status, 0);
	json_t *o = line_json(r.out, 0);
	assert_string_equal(str(o, "type"), "gs1");
	assert_string_equal(str(o, "assumed"), "gs1");
	assert_string_equal(str(o, "text"), "010952123454321317271231");
	json_decref(o);
	o = line_json(r.out, 1);
	assert_string_equal(str(o, "type"), "unknown");
	assert_string_equal(str(o, "assumed"), "ambiguous");
	tu_assert_contains(str(o, "note"), "(10)AB12");
	json_decref(o);
	o = line_json(r.out, 2);
	assert_string_equal(str(o, "gtin"), "09521234543213");
	assert_string_equal(str(o, "batch"), "AB12");
	json_decref(o);
	tu_run_free(&r);

	/* in Norwegian too: the rule's sentence in the user's language */
	r = tu_tally(NULL, "--lang", "nb", "decode", "--json",
	             "]C18018095212340000000006\\x1d72523", NULL);
	assert_int_equal(r.status, 65);
	o = line_json(r.out, 0);
	assert_string_equal(str(o, "error"), "enumeration");
	assert_string_equal(str(o, "ai"), "7252");
	assert_int_equal(json_integer_value(json_object_get(o, "at")), 30);
	tu_assert_contains(str(o, "message"), "må være 0, 1, 2 eller 9");
	json_decref(o);
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_in_json_out_and_exit_codes),
		cmocka_unit_test(barcode_images_made_with_zint),
		cmocka_unit_test(datamatrix_touching_the_border),
		cmocka_unit_test(not_an_image),
		cmocka_unit_test(the_text_of_every_symbol),
	};
	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
