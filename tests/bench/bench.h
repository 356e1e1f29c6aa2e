/*
 * bench.h — what every benchmark prints: one row per figure, tab-separated,
 * for tests/bench/run.sh to put into one table:
 *   name  measured  unit  baseline  target  met
 * The baseline is measured in the same run on the same machine, so the
 * ratio means something on a shared, noisy host.
 */
#ifndef TALLY_TESTS_BENCH_H
#define TALLY_TESTS_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void bench_row(const char *name, double value, const char *unit, double baseline,
                             const char *target, int met)
{
	printf("%s\t%.6g\t%s\t%.6g\t%s\t%s\n", name, value, unit, baseline, target,
	       met ? "yes" : "no");
	fflush(stdout);
}

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of n samples; sorts them. */
static inline double bench_quantile(double *v, size_t n, double q)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

#endif
