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
	r = tu_tally("]C100095212340000000013\n(01)09521234543213(10)X\n", "--lang", "en",
		     "decode", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "SSCC 095212340000000013");
	tu_assert_contains(r.out, "batch X");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "en", "decode", "]d201095212345432131012345678901234567890121", NULL);
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

static void barcode_images_made_with_zint(void **state)
{
	char *dir = tu_mkdtemp();

	const char *dm[] = { "--barcode=71", "--gs1",
			     "--data=[01]09521234543213[17]271231[10]AB12[21]SN42", NULL };
	char *p = zint(dir, "dm.png", dm);
	json_t *o = decode_image(p, 0);
	assert_string_equal(str(o, "symbology"), "]d2");
	/* The FNC1 separators survived: the batch did not swallow the serial. */
	assert_string_equal(str(o, "batch"), "AB12");
	assert_string_equal(str(o, "serial"), "SN42");
	assert_string_equal(str(o, "expiry"), "2027-12-31");
	json_decref(o);
	free(p);

	const char *ean[] = { "--barcode=13", "--data=570123456789", NULL };
	p = zint(dir, "ean.png", ean);
	o = decode_image(p, 0);
	assert_string_equal(str(o, "symbology"), "]E0");
	assert_string_equal(str(o, "gtin"), "05701234567899");
	json_decref(o);
	free(p);

	const char *g128[] = { "--barcode=16",
			       "--data=[00]095212340000000013[02]09521234543213[37]40", NULL };
	p = zint(dir, "sscc.png", g128);
	o = decode_image(p, 0);
	assert_string_equal(str(o, "symbology"), "]C1");
	assert_string_equal(str(o, "type"), "sscc");
	assert_string_equal(str(o, "sscc"), "095212340000000013");
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 40);
	json_decref(o);
	free(p);

	const char *qr[] = { "--barcode=58", "--gs1", "--data=[01]09521234543213[10]QR1", NULL };
	p = zint(dir, "qr.png", qr);
	o = decode_image(p, 0);
	assert_string_equal(str(o, "symbology"), "]Q3");
	assert_string_equal(str(o, "batch"), "QR1");
	json_decref(o);
	free(p);

	const char *dbar[] = { "--barcode=31", "--data=[01]09521234543213[10]DB1", NULL };
	p = zint(dir, "dbar.png", dbar);
	o = decode_image(p, 0);
	assert_string_equal(str(o, "symbology"), "]e0");
	assert_string_equal(str(o, "batch"), "DB1");
	json_decref(o);
	free(p);

	const char *hibc[] = { "--barcode=98", "--data=A123BJC5D6E71", NULL };
	p = zint(dir, "hibc.png", hibc);
	o = decode_image(p, 0);
	assert_string_equal(str(o, "type"), "hibc");
	assert_string_equal(str(o, "lic"), "A123");
	json_decref(o);
	free(p);

	/* Two symbols in one picture are two scans: here two images in one call. */
	tu_rmtree(dir);
	free(dir);
}

static void datamatrix_touching_the_border(void **state)
{
	char *dir = tu_mkdtemp();
	const char *dm[] = { "--barcode=71", "--gs1", "--whitesp=0", "--vwhitesp=0",
			     "--filetype=png", "--data=[01]09521234543213[10]EDGE", NULL };
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_in_json_out_and_exit_codes),
		cmocka_unit_test(barcode_images_made_with_zint),
		cmocka_unit_test(datamatrix_touching_the_border),
		cmocka_unit_test(not_an_image),
	};
	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
