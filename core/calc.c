#include "core/calc.h"
#include "common/i18n.h"

#include <math.h>
#include <stddef.h>

int calc_required(const struct calc_in *in, double *per_patient_day, int64_t *required,
                  struct tally_err *e)
{
	const struct {
		double v;
		const char *name;
	} check[] = {
		{ in->dose, N_("dose") },
		{ in->strength, N_("strength") },
		{ in->units_per_pack, N_("units per pack") },
		{ in->patients, N_("patients") },
		{ in->days, N_("days") },
	};
	for (size_t i = 0; i < sizeof(check) / sizeof(check[0]); i++)
		if (!(check[i].v > 0) || !isfinite(check[i].v))
			return err_set(e, EX_DATAERR, _("%s must be a number above zero"),
			               _(check[i].name));
	double ppd = in->dose / in->strength / in->units_per_pack;
	double total = in->patients * in->days * ppd;
	/* 6 / 2 / 10 is 0.30000000000000004 in binary; times 200 it is a hair
	 * above 60.  Round away what floating point added before rounding up,
	 * so the plan asks for 60 packs, not 61. */
	double eps = 1e-9 * (total > 1 ? total : 1);
	if (total > 1e15)
		return err_set(e, EX_DATAERR,
		               _("the plan asks for more packs than can be counted"));
	*per_patient_day = ppd;
	*required = (int64_t)ceil(total - eps);
	return 0;
}
