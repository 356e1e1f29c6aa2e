/*
 * test-camera.c — the camera's decoding core and its one-scan-per-appearance
 * rule, fed frames as a camera would deliver them: barcodes drawn by zint,
 * placed on a larger greyscale frame, blank frames between appearances.
 * (No /dev/video here: the zbar_video device layer is not exercised.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "drivers/camera-dedupe.h"
#include "drivers/camera-frame.h"
#include "drivers/scanner.h"
#include "common/i18n.h"
#include "tests/lib/testutil.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>

#define FW 1280
#define FH 480

struct frame {
	unsigned w, h; /* the symbol with a margin, at most FW x FH */
	unsigned char px[FW * FH];
};

/* A zint barcode as a camera frame: grey background, the symbol in the middle. */
static void zint_frame(const char *dir, const char *args, struct frame *f)
{
	char *png = tu_path(dir, "sym.png");
	char *cmd = tu_strfmt("zint %s --scale 2 -o '%s'", args, png);
	assert_int_equal(system(cmd), 0);
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	assert_true(png_image_begin_read_from_file(&img, png));
	img.format = PNG_FORMAT_GRAY;
	unsigned char *buf = malloc(PNG_IMAGE_SIZE(img));
	assert_true(png_image_finish_read(&img, NULL, buf, 0, NULL));
	assert_true(img.width + 64 <= FW && img.height + 64 <= FH);
	/* a small frame: the DataMatrix search costs time per pixel */
	f->w = img.width + 64;
	f->h = img.height + 64;
	memset(f->px, 200, sizeof(f->px));
	for (unsigned y = 0; y < img.height; y++)
		memcpy(f->px + (32 + y) * f->w + 32, buf + y * img.width, img.width);
	free(buf);
	free(cmd);
	free(png);
}

static void symbols_get_their_aim_ids_gs1_datamatrix_too(void **state)
{
	char *dir = tu_mkdtemp();
	static struct frame f;
	struct camera_symbols out;

	zint_frame(dir, "-b 13 -d 570123456789", &f);
	assert_int_equal(camera_frame_decode(f.px, f.w, f.h, 0, &out), 1);
	assert_string_equal(out.text[0], "]E05701234567899");

	zint_frame(dir, "-b 16 --gs1 -d '[01]09521234543213[10]LOT1[17]270131'", &f);
	assert_int_equal(camera_frame_decode(f.px, f.w, f.h, 0, &out), 1);
	assert_string_equal(out.text[0], "]C10109521234543213"
	                                 "10LOT1\x1d"
	                                 "17270131");

	zint_frame(dir, "-b 71 --gs1 -d '[01]09521234543213[10]LOT1[17]270131'", &f);
	assert_int_equal(camera_frame_decode(f.px, f.w, f.h, 0, &out), 1);
	assert_string_equal(out.text[0], "]d20109521234543213"
	                                 "10LOT1\x1d"
	                                 "17270131");

	zint_frame(dir, "-b 58 -d 'LOC:WARD-7'", &f);
	assert_int_equal(camera_frame_decode(f.px, f.w, f.h, 0, &out), 1);
	assert_string_equal(out.text[0], "]Q1LOC:WARD-7");

	memset(f.px, 200, sizeof(f.px));
	f.w = f.h = 200;
	assert_int_equal(camera_frame_decode(f.px, f.w, f.h, 0, &out), 0);
	tu_rmtree(dir);
	free(dir);
}

/* A frame as a camera sees it: light falling off across it, sensor noise,
 * a dark smudge in one corner, and the DataMatrix elsewhere.  The busy
 * region holds both; libdmtx still finds the symbol in it, and a frame of
 * the same light and noise without a symbol gives nothing. */
static void a_datamatrix_in_a_cluttered_frame(void **state)
{
	char *dir = tu_mkdtemp();
	static struct frame sym, f;
	zint_frame(dir, "-b 71 --gs1 -d '[01]09521234543213[10]LOT1[17]270131'", &sym);
	f.w = 640;
	f.h = 480;
	unsigned seed = 12345;
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned y = 0; y < f.h; y++)
			for (unsigned x = 0; x < f.w; x++) {
				seed = seed * 1103515245u + 12345u;
				int noise = (int)((seed >> 16) % 13) - 6; /* ±6 grey levels */
				f.px[y * f.w + x] = (unsigned char)(230 - x / 8 - y / 12 + noise);
			}
		for (unsigned y = 20; y < 70; y++) /* the smudge */
			for (unsigned x = 560; x < 620; x++)
				f.px[y * f.w + x] = (unsigned char)(40 + (x * y) % 30);
		struct camera_symbols out;
		if (pass == 1) {
			assert_int_equal(camera_frame_decode(f.px, f.w, f.h, 2000, &out), 0);
			break;
		}
		for (unsigned y = 0; y < sym.h; y++)
			memcpy(f.px + (300 + y) * f.w + 120, sym.px + y * sym.w, sym.w);
		assert_int_equal(camera_frame_decode(f.px, f.w, f.h, 2000, &out), 1);
		assert_string_equal(out.text[0], "]d20109521234543213"
		                                 "10LOT1\x1d"
		                                 "17270131");
	}
	tu_rmtree(dir);
	free(dir);
}

/* Frames 100 ms apart (10 fps), the DataMatrix search cut short (these are
 * EAN and QR) to keep the test quick; pattern letters: A, B symbols, '.' blank. */
static int scans_for(const char *pattern, long gone_ms, long repeat_ms, char *got, size_t size)
{
	static struct frame fa, fb, blank;
	static int made;
	if (!made) {
		char *dir = tu_mkdtemp();
		zint_frame(dir, "-b 13 -d 570123456789", &fa);
		zint_frame(dir, "-b 58 -d 'LOC:WARD-7'", &fb);
		memset(blank.px, 200, sizeof(blank.px));
		blank.w = fa.w;
		blank.h = fa.h;
		tu_rmtree(dir);
		free(dir);
		made = 1;
	}
	struct camera_dedupe dd;
	camera_dedupe_init(&dd, gone_ms, repeat_ms);
	struct camera_symbols out;
	int n = 0;
	got[0] = '\0';
	for (size_t i = 0; pattern[i]; i++) {
		int64_t t = (int64_t)i * 100;
		const struct frame *f = pattern[i] == 'A' ? &fa : pattern[i] == 'B' ? &fb : &blank;
		camera_frame_decode(f->px, f->w, f->h, 2, &out);
		for (size_t k = 0; k < out.n; k++)
			if (camera_dedupe_seen(&dd, out.text[k], t)) {
				n++;
				strncat(got, strncmp(out.text[k], "]E0", 3) == 0 ? "A" : "B",
				        size - strlen(got) - 1);
			}
		camera_dedupe_frame_done(&dd, t);
	}
	return n;
}

static void one_scan_per_appearance(void **state)
{
	char got[64];
	/* held for 4 frames, gone for 4 (400 ms >= 300 ms), back: two scans */
	assert_int_equal(scans_for("..AAAA....AA..", 300, 3000, got, sizeof(got)), 2);
	assert_string_equal(got, "AA");
	/* one or two blurred (blank) frames are not leaving the view */
	assert_int_equal(scans_for("AA.AA..AA", 300, 3000, got, sizeof(got)), 1);
	/* two different symbols in turn, each once per appearance */
	assert_int_equal(scans_for("AA....BB....AA", 300, 3000, got, sizeof(got)), 3);
	assert_string_equal(got, "ABA");
}

static void held_in_view_repeats_after_the_configured_time(void **state)
{
	char got[64];
	/* 12 frames = 1.1 s held; repeat every 500 ms: at 0, 500 and 1000 ms */
	assert_int_equal(scans_for("AAAAAAAAAAAA", 300, 500, got, sizeof(got)), 3);
	/* repeat 0: never while in view */
	assert_int_equal(scans_for("AAAAAAAAAAAA", 300, 0, got, sizeof(got)), 1);
}

static void dedupe_alone_with_many_symbols(void **state)
{
	struct camera_dedupe d;
	camera_dedupe_init(&d, 300, 0);
	char text[16];
	/* more symbols than slots in one frame: each is still a scan once */
	int n = 0;
	for (int i = 0; i < CAMERA_IN_VIEW_MAX + 4; i++) {
		snprintf(text, sizeof(text), "]E0%d", i);
		n += camera_dedupe_seen(&d, text, 0);
	}
	assert_int_equal(n, CAMERA_IN_VIEW_MAX + 4);
	camera_dedupe_frame_done(&d, 0);
	assert_int_equal(camera_dedupe_seen(&d,
	                                    "]E0"
	                                    "11",
	                                    40),
	                 0);
	camera_dedupe_frame_done(&d, 400);
	assert_int_equal(camera_dedupe_seen(&d,
	                                    "]E0"
	                                    "11",
	                                    400),
	                 1);
}

static void a_camera_that_is_not_there_or_not_a_camera_is_named(void **state)
{
	struct tally_err e = { 0 };
	assert_null(scanner_open("camera:/dev/tally-no-such-video", NULL, &e));
	assert_int_equal(e.status, EX_UNAVAILABLE);
	tu_assert_contains(e.msg, "/dev/tally-no-such-video");
	tu_assert_contains(e.msg, "plugged in");

	memset(&e, 0, sizeof(e));
	assert_null(scanner_open("camera:/dev/null", NULL, &e));
	tu_assert_contains(e.msg, "the camera /dev/null cannot stream");

	memset(&e, 0, sizeof(e));
	assert_null(scanner_open("camera:", NULL, &e));
	assert_int_equal(e.status, EX_USAGE);
}

int main(void)
{
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(symbols_get_their_aim_ids_gs1_datamatrix_too),
		cmocka_unit_test(a_datamatrix_in_a_cluttered_frame),
		cmocka_unit_test(one_scan_per_appearance),
		cmocka_unit_test(held_in_view_repeats_after_the_configured_time),
		cmocka_unit_test(dedupe_alone_with_many_symbols),
		cmocka_unit_test(a_camera_that_is_not_there_or_not_a_camera_is_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
