/*
 * cmd-decode.c — `tally decode [--json] TEXT…`, `tally decode --image FILE…`:
 * what a scan means, with no store needed.  Without TEXT, one scan per line
 * from standard input.
 *
 * A shell argument cannot easily carry the GS separator (0x1D), so the
 * text `\x1d` (also `\x1D`) stands for it; a literal GS byte works too.
 */
#include "client/cmd.h"
#include "common/config.h"
#include "common/i18n.h"
#include "drivers/image.h"
#include "barcode/scan-json.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

struct decode_out {
	int json;
	int bad;
	struct scan_config cfg;
};

/* Turn each \x1d into GS, in place; returns the new length. */
static size_t unescape_gs(char *s)
{
	size_t o = 0, n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' &&
		    (strncmp(s + i, "\\x1d", 4) == 0 || strncmp(s + i, "\\x1D", 4) == 0)) {
			s[o++] = 0x1d;
			i += 3;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	return o;
}

static void decode_one(struct decode_out *d, const char *text, size_t len)
{
	struct scan s;
	struct scan_failure f;
	enum scan_error err = scan_parse(text, len, &d->cfg, &s, &f);
	if (err != SCAN_OK)
		d->bad = 1;
	if (d->json) {
		json_t *o = scan_to_json(&s, err, &f);
		char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(o);
	} else {
		scan_print(stdout, &s, err, &f);
	}
}

static int decode_image(struct decode_out *d, const char *path, struct tally_err *e)
{
	struct grey_frame fr;
	if (image_load(path, &fr, e) != 0)
		return e->status;
	struct image_symbols *syms = malloc(sizeof(*syms));
	if (syms == NULL) {
		image_free(&fr);
		return EX_OSERR;
	}
	image_decode(&fr, 0, syms);
	if (syms->n == 0) {
		fprintf(stderr, _("tally: no barcode found in %s\n"), path);
		d->bad = 1;
	}
	for (size_t i = 0; i < syms->n; i++)
		decode_one(d, syms->text[i], syms->len[i]);
	free(syms);
	image_free(&fr);
	return 0;
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
		                              { "image", no_argument, NULL, 'i' },
		                              { NULL, 0, NULL, 0 } };
	struct decode_out d = { .json = ctx->json };
	int c, images = 0;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 'j')
			d.json = 1;
		else if (c == 'i')
			images = 1;
		else
			return EX_USAGE;
	}
	if (images && optind >= argc)
		return EX_USAGE;
	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	d.cfg.location_prefix = config_get(ctx->config, "labels", "location_prefix", "LOC:");
	d.cfg.badge_prefix = config_get(ctx->config, "labels", "badge_prefix", "B:");

	int status = 0;
	if (images) {
		for (int i = optind; i < argc && status == 0; i++)
			status = decode_image(&d, argv[i], e);
	} else if (optind < argc) {
		for (int i = optind; i < argc; i++) {
			size_t len = unescape_gs(argv[i]);
			decode_one(&d, argv[i], len);
		}
	} else {
		char line[SCAN_MAX_TEXT + 64];
		while (fgets(line, sizeof(line), stdin) != NULL) {
			line[strcspn(line, "\r\n")] = '\0';
			if (line[0] == '\0')
				continue;
			size_t len = unescape_gs(line);
			decode_one(&d, line, len);
		}
	}
	if (status != 0)
		return status;
	return d.bad ? EX_DATAERR : 0;
}

const struct cmd_entry cmd_decode_entry = {
	.doc = { "decode", N_("decode [--json] [TEXT...]\ndecode [--json] --image FILE..."),
	         N_("what a scan means (no store needed)") },
	.needs = CMD_NEEDS_CONFIG,
	.run = run,
};
