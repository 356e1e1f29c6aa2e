/*
 * calc.h — the emergency-stock calculator (DESIGN §1).
 *
 *   packs per patient-day = max daily dose ÷ strength per unit ÷ units per pack
 *   required packs        = ceil(patients × days × packs per patient-day)
 *
 * Worked example: 10 × 2 g per pack, 6 g a day → 0.3 packs a day; 100
 * patients for 2 days → 60 packs.
 */
#ifndef TALLY_CLIENT_CALC_H
#define TALLY_CLIENT_CALC_H

#include "common/err.h"

#include <stdint.h>

struct calc_in {
	double dose, strength, units_per_pack;
	double patients, days;
};

/* Packs per patient-day and required packs; EX_DATAERR for a value that is
 * not a positive number (with which one). */
int calc_required(const struct calc_in *in, double *per_patient_day, int64_t *required,
                  struct tally_err *e);

#endif
