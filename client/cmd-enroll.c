/*
 * cmd-enroll.c — `tally enroll URL CODE` or `tally enroll 'tally://enroll?…'`
 * [--name NAME]: join this handheld to a hub with a one-time code.  With
 * neither, the QR code `tally-hub enroll-code` shows is read from the
 * scanner (--scanner SPEC, or [scanner] spec): on a handheld, enrolling is
 * one scan.
 */
#include "client/cmd.h"
#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"
#include "drivers/scanner.h"
#include "sync/enroll.h"
#include "sync/sync-conf.h"

#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

/* One scan from the scanner: the enrolment QR code's text, without the
 * AIM id a scanner may put before it (]Q0 … ]Q6). */
static int scan_qr(const char *spec, const struct config *cfg, char *out, size_t size,
                   struct tally_err *e)
{
	if (spec == NULL)
		return err_set(
		    e, EX_USAGE,
		    _("no scanner to read the enrolment QR code from: give URL and CODE, "
		      "or --scanner SPEC (or [scanner] spec in tally.conf)"));
	struct scanner *sc = scanner_open(spec, cfg, e);
	if (sc == NULL)
		return e->status;
	fprintf(stderr, _("Scan the enrolment QR code the hub administrator shows you.\n"));
	struct scanner_input in;
	for (;;) {
		int fd = scanner_fd(sc);
		if (fd >= 0) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			poll(&p, 1, scanner_timeout_ms(sc));
		}
		enum scanner_result r = scanner_read(sc, &in, e);
		if (r == SCANNER_SCAN)
			break;
		if (r == SCANNER_END) {
			scanner_close(sc);
			return err_set(
			    e, EX_NOINPUT,
			    _("the scanner gave no enrolment QR code; nothing was done"));
		}
		if (r == SCANNER_BAD || r == SCANNER_GONE)
			cmd_warn(e);
	}
	scanner_close(sc);
	const char *t = in.text;
	if (t[0] == ']' && t[1] == 'Q' && t[2] >= '0' && t[2] <= '6')
		t += 3;
	size_t n = strnlen(t, size - 1);
	memcpy(out, t, n);
	out[n] = '\0';
	return 0;
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = { { "name", required_argument, NULL, 'n' },
		                              { "scanner", required_argument, NULL, 's' },
		                              { NULL, 0, NULL, 0 } };
	char name[101] = "";
	const char *spec = ctx->scanner;
	int c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		if (c == 'n')
			snprintf(name, sizeof(name), "%s", optarg);
		else if (c == 's')
			spec = optarg;
		else
			return EX_USAGE;
	}
	if (argc - optind > 2)
		return EX_USAGE;
	if (cmd_prepare_config(ctx, e) != 0)
		return e->status;
	char url[2048], code[128];
	if (argc - optind == 0) {
		char qr[FRAMER_MAX + 1];
		if (spec == NULL)
			spec = config_get(ctx->config, "scanner", "spec", NULL);
		if (scan_qr(spec, ctx->config, qr, sizeof(qr), e) != 0 ||
		    enroll_parse_qr(qr, url, sizeof(url), code, sizeof(code), e) != 0)
			return e->status;
	} else if (argc - optind == 1) {
		if (enroll_parse_qr(argv[optind], url, sizeof(url), code, sizeof(code), e) != 0)
			return e->status;
	} else {
		snprintf(url, sizeof(url), "%s", argv[optind]);
		snprintf(code, sizeof(code), "%s", argv[optind + 1]);
	}
	/* Without --name the hub names the device as its enrolment code
	 * says (the name given to `tally-hub enroll-code`). */

	/* The store is opened (or made, with --create) only now, once there
	 * is a code to enrol with. */
	if (cmd_prepare(ctx, e) != 0)
		return e->status;
	struct sync_conf sc;
	if (sync_conf_load(ctx->config, &sc, e) != 0)
		return e->status;
	int64_t id = 0;
	int status = enroll_run(ctx->store, &sc.http, url, code, name, &id, e);
	if (status == 0 && name[0] != '\0')
		printf(_("enrolled with %s as device %lld (\"%s\")\n"), url, (long long)id, name);
	else if (status == 0)
		printf(_("enrolled with %s as device %lld, named as its enrolment code says\n"),
		       url, (long long)id);
	return status;
}

const struct cmd_entry cmd_enroll_entry = {
	.doc = { "enroll",
	         N_("enroll URL CODE [--name NAME]\nenroll QR-TEXT [--name NAME]\n"
	            "enroll [--scanner SPEC] [--name NAME]"),
	         N_("join this handheld to a hub") },
	.needs = CMD_NEEDS_CONFIG | CMD_NEEDS_STORE,
	.run = run,
};
