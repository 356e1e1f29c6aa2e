/*
 * region-gen.h — a simulated health region for the region benchmark: its
 * master data as the import files `tally-hub import` reads (docs/hub.md,
 * "Master data"), the handhelds that serve it with their scopes, and the
 * records each of them makes in a day.
 *
 * The region: a root (HMN), the logistics warehouse with its bins, the
 * trusts, their hospitals (each with a pharmacy and an emergency store),
 * the wards spread over the hospitals; articles with a GTIN each and a
 * case code (multiplier 10) for every third; each ward's basis list of
 * basis_min..basis_max articles, with an opening count for every line;
 * the pharmacy's opening stock; an emergency plan per hospital with its
 * lines kept in the emergency store; users with a home (a ward's staff,
 * a hospital's and a trust's pharmacists), a few region-wide; expected
 * deliveries to the warehouse.  One file for the region (articles,
 * codes, the warehouse) and one per trust, imported in that order as the
 * trusts join.
 *
 * Deterministic: the same sizes give the same files and the same days.
 */
#ifndef TALLY_TESTS_REGION_GEN_H
#define TALLY_TESTS_REGION_GEN_H

#include <jansson.h>

struct region_sizes {
	int trusts, hospitals, wards, articles, basis_min, basis_max, handhelds;
};

enum region_kind {
	REGION_KIND_REGION,
	REGION_KIND_TRUST,
	REGION_KIND_HOSPITAL,
	REGION_KIND_WARD,
	REGION_KIND_WAREHOUSE,
	REGION_KINDS
};

/* The scope kind's name: "region", "trust", "hospital", "ward", "warehouse". */
const char *region_kind_name(enum region_kind k);

struct region_ward {
	char id[24];
	int hospital;
	int n;         /* basis lines */
	int *articles; /* their article numbers */
};

/* A handheld: its scope (a location id; "" for the region) and the wards
 * in it, a range of the ward list (wards are in hospital and trust order). */
struct region_handheld {
	enum region_kind kind;
	char scope[24];
	int first_ward, n_wards;
};

struct region {
	struct region_sizes z;
	struct region_ward *wards;
	char (*hospital)[24];
	int *hospital_trust;
	char (*trust)[24];
	struct region_handheld *handhelds;
	int n_files;
	char files[16][512]; /* the import files, in the order to import them */
	long rows;           /* master rows in them */
};

/* Write the region's import files into dir; 0, or -1 (errno set). */
int region_generate(const char *dir, const struct region_sizes *z, struct region *r);
void region_release(struct region *r);

/* A handheld of scope kind k, the nth of its kind (ward n, hospital n, ...):
 * what `handhelds[i]` holds for a handheld made outside the list. */
struct region_handheld region_handheld_of(const struct region *r, enum region_kind k, int n);

/* The day of handheld h: `records` events as POST /v1/events carries them,
 * seq 1.., uuids unique to (run, device). */
json_t *region_day(const struct region *r, const struct region_handheld *h, unsigned run,
                   unsigned device, int records);

#endif
