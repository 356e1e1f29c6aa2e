/*
 * cmd-calc.c — `tally calc`: the emergency-stock calculator on its own.
 */
#include "core/calc.h"
#include "client/cmd.h"
#include "common/i18n.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

static int number(const char *s, double *out)
{
	char *end;
	*out = strtod(s, &end);
	return end != s && *end == '\0' ? 0 : -1;
}

static int run(struct tally_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "dose", required_argument, NULL, 'd' },
		{ "strength", required_argument, NULL, 's' },
		{ "units", required_argument, NULL, 'u' },
		{ "patients", required_argument, NULL, 'p' },
		{ "days", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct calc_in in = { 0 };
	int c, json = ctx->json, seen = 0;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		double *dst = c == 'd'   ? &in.dose
		              : c == 's' ? &in.strength
		              : c == 'u' ? &in.units_per_pack
		              : c == 'p' ? &in.patients
		              : c == 'n' ? &in.days
		                         : NULL;
		if (c == 'j') {
			json = 1;
			continue;
		}
		if (dst == NULL)
			return EX_USAGE;
		if (number(optarg, dst) != 0)
			return err_set(e, EX_USAGE, _("'%s' is not a number"), optarg);
		seen++;
	}
	if (seen < 5 || optind < argc)
		return EX_USAGE;

	double ppd;
	int64_t required;
	if (calc_required(&in, &ppd, &required, e) != 0)
		return e->status = EX_USAGE; /* a value out of range: show the usage too */
	if (json) {
		json_t *o = json_pack("{s:f,s:f,s:f,s:f,s:f,s:f,s:I}", "dose", in.dose, "strength",
		                      in.strength, "units_per_pack", in.units_per_pack, "patients",
		                      in.patients, "days", in.days, "packs_per_patient_day", ppd,
		                      "required_packs", (json_int_t)required);
		char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(o);
	} else {
		printf(_("packs per patient-day: %.4g\nrequired:              %lld packs\n"), ppd,
		       (long long)required);
	}
	return 0;
}

const struct cmd_entry cmd_calc_entry = {
	.doc = { "calc", N_("calc --dose D --strength S --units U --patients P --days N [--json]"),
	         N_("the emergency-stock calculator: packs needed") },
	.run = run,
};
