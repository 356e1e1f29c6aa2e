/*
 * image-file.c — PNG (libpng) and binary PGM files to a grey frame.
 */
#include "drivers/image.h"
#include "common/i18n.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMAGE_MAX_SIDE 8192

static int load_pgm(FILE *fp, const char *path, struct grey_frame *f, struct tally_err *e)
{
	unsigned w, h, maxval;
	char magic[3] = "";
	if (fscanf(fp, "%2s %u %u %u", magic, &w, &h, &maxval) != 4 || strcmp(magic, "P5") != 0 ||
	    maxval == 0 || maxval > 255 || fgetc(fp) == EOF)
		return err_set(e, EX_DATAERR, _("%s is not a binary PGM (P5, 8-bit) image"), path);
	if (w == 0 || h == 0 || w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE)
		return err_set(e, EX_DATAERR, _("%s: %u × %u pixels is not a size tally reads"),
			       path, w, h);
	f->width = w;
	f->height = h;
	f->pixels = malloc((size_t)w * h);
	if (f->pixels == NULL)
		return err_set(e, EX_OSERR, _("out of memory reading %s"), path);
	if (fread(f->pixels, 1, (size_t)w * h, fp) != (size_t)w * h) {
		image_free(f);
		return err_set(e, EX_DATAERR, _("%s is cut short"), path);
	}
	return 0;
}

static int load_png(FILE *fp, const char *path, struct grey_frame *f, struct tally_err *e)
{
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_stdio(&img, fp))
		return err_set(e, EX_DATAERR, _("%s is not a readable PNG: %s"), path, img.message);
	if (img.width == 0 || img.height == 0 || img.width > IMAGE_MAX_SIDE ||
	    img.height > IMAGE_MAX_SIDE) {
		png_image_free(&img);
		return err_set(e, EX_DATAERR, _("%s: %u × %u pixels is not a size tally reads"),
			       path, img.width, img.height);
	}
	/* Composite onto white: a transparent background is paper. */
	img.format = PNG_FORMAT_GRAY;
	png_color white = { 255, 255, 255 };
	f->width = img.width;
	f->height = img.height;
	f->pixels = malloc(PNG_IMAGE_SIZE(img));
	if (f->pixels == NULL) {
		png_image_free(&img);
		return err_set(e, EX_OSERR, _("out of memory reading %s"), path);
	}
	if (!png_image_finish_read(&img, &white, f->pixels, 0, NULL)) {
		image_free(f);
		return err_set(e, EX_DATAERR, _("%s: %s"), path, img.message);
	}
	return 0;
}

int image_load(const char *path, struct grey_frame *f, struct tally_err *e)
{
	memset(f, 0, sizeof(*f));
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return err_set(e, EX_NOINPUT, _("cannot read %s: %s"), path, strerror(errno));
	unsigned char sig[8] = { 0 };
	size_t got = fread(sig, 1, sizeof(sig), fp);
	rewind(fp);
	int rc;
	if (got == 8 && png_sig_cmp(sig, 0, 8) == 0)
		rc = load_png(fp, path, f, e);
	else if (got >= 2 && sig[0] == 'P' && sig[1] == '5')
		rc = load_pgm(fp, path, f, e);
	else
		rc = err_set(e, EX_DATAERR, _("%s is neither a PNG nor a PGM image"), path);
	fclose(fp);
	return rc;
}

void image_free(struct grey_frame *f)
{
	free(f->pixels);
	f->pixels = NULL;
}
