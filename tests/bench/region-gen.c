/*
 * region-gen.c — the simulated region (see region-gen.h).
 */
#include "tests/bench/region-gen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BINS          40
#define PHARMACY_ARTS 200
#define PLAN_LINES    50
#define DELIVERIES    100
#define DELIVERY_ARTS 10
#define WARD_USERS    10

/* xorshift64*: the same sizes give the same region. */
static unsigned rnd(unsigned long long *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (unsigned)((*s * 2685821657736338717ULL) >> 33);
}

const char *region_kind_name(enum region_kind k)
{
	static const char *const names[] = { "region", "trust", "hospital", "ward", "warehouse" };
	return (unsigned)k < REGION_KINDS ? names[k] : "?";
}

/* A GTIN-14 with its check digit. */
static void gtin(char out[16], int article, int level)
{
	char d[24];
	snprintf(d, sizeof(d), "%d0952%08d", level % 10, article % 100000000);
	int sum = 0;
	for (int i = 0; i < 13; i++)
		sum += (d[i] - '0') * (i % 2 == 0 ? 3 : 1);
	snprintf(out, 16, "%.13s%d", d, (10 - sum % 10) % 10);
}

static const char *sep(int *first)
{
	const char *s = *first ? "" : ",\n";
	*first = 0;
	return s;
}

static FILE *open_file(struct region *r, const char *dir, const char *name)
{
	snprintf(r->files[r->n_files], sizeof(r->files[0]), "%s/%s", dir, name);
	return fopen(r->files[r->n_files++], "w");
}

static void user(FILE *f, int *first, const char *badge, const char *home, struct region *r)
{
	fprintf(f,
	        "%s{\"badge\":\"%s\",\"name\":\"Bruker %s\",\"roles\":\"round,count,consume\","
	        "\"pin_hash\":\"$y$j9T$bench%s$0123456789abcdefghijklmnopqrstuvwxyzABCDEFG\"",
	        sep(first), badge, badge, badge);
	if (home != NULL)
		fprintf(f, ",\"home_id\":\"%s\"", home);
	fprintf(f, "}");
	r->rows++;
}

static int write_region_file(struct region *r, const char *dir, unsigned long long *seed)
{
	FILE *f = open_file(r, dir, "region.json");
	if (f == NULL)
		return -1;
	int first = 1;
	fprintf(f, "{\"article\":[\n");
	for (int a = 0; a < r->z.articles; a++, r->rows++)
		fprintf(f,
		        "%s{\"id\":\"A%05d\",\"name\":\"Artikkel %d %d mg tablett\",\"form\":"
		        "\"tablett\",\"unit\":\"pk\",\"antidote\":%d,\"min_shelf_days\":90}",
		        sep(&first), a, a, 5 * (a % 40 + 1), a % 150 == 0);
	fprintf(f, "],\n\"code\":[\n");
	first = 1;
	for (int a = 0; a < r->z.articles; a++) {
		char g[16];
		gtin(g, a, 0);
		fprintf(f, "%s{\"code\":\"%s\",\"article_id\":\"A%05d\"}", sep(&first), g, a);
		r->rows++;
		if (a % 3 == 0) {
			gtin(g, a, 1);
			fprintf(f, "%s{\"code\":\"%s\",\"article_id\":\"A%05d\",\"multiplier\":10}",
			        sep(&first), g, a);
			r->rows++;
		}
	}
	fprintf(f, "],\n\"location\":[\n{\"id\":\"HMN\",\"name\":\"Helse Midt-Norge RHF\","
	           "\"kind\":\"region\"},\n{\"id\":\"LAGER\",\"name\":\"Regionalt "
	           "logistikksenter\",\"kind\":\"warehouse\",\"parent_id\":\"HMN\"}");
	r->rows += 2;
	for (int b = 0; b < BINS; b++, r->rows++)
		fprintf(f,
		        ",\n{\"id\":\"LAGER-%02d\",\"code\":\"LOC:LAGER-%02d\",\"name\":\"Hylle "
		        "%02d\",\"kind\":\"warehouse-bin\",\"parent_id\":\"LAGER\"}",
		        b, b, b);
	fprintf(f, "],\n\"delivery\":[\n");
	first = 1;
	for (int d = 0; d < DELIVERIES; d++, r->rows++)
		fprintf(f,
		        "%s{\"sscc\":\"3952000000%08d\",\"supplier\":\"Leverandør %d\","
		        "\"expected_date\":\"2026-11-24\",\"location_id\":\"LAGER\"}",
		        sep(&first), d, d % 7);
	fprintf(f, "],\n\"delivery_line\":[\n");
	first = 1;
	for (int d = 0; d < DELIVERIES; d++)
		for (int k = 0; k < DELIVERY_ARTS; k++, r->rows++)
			fprintf(f,
			        "%s{\"sscc\":\"3952000000%08d\",\"article_id\":\"A%05d\","
			        "\"batch\":\"B%d\",\"expiry\":\"2027-06-30\",\"qty\":%u}",
			        sep(&first), d, (d * DELIVERY_ARTS + k) % r->z.articles, k,
			        10 + rnd(seed) % 90);
	fprintf(f, "],\n\"user\":[\n");
	first = 1;
	for (int u = 0; u < 10; u++) {
		char badge[16];
		snprintf(badge, sizeof(badge), "9%03d", u);
		user(f, &first, badge, u < 5 ? NULL : "LAGER", r);
	}
	fprintf(f, "]}\n");
	return fclose(f) == 0 ? 0 : -1;
}

static int write_trust_file(struct region *r, const char *dir, int t, unsigned long long *seed)
{
	char name[32];
	snprintf(name, sizeof(name), "trust-%d.json", t + 1);
	FILE *f = open_file(r, dir, name);
	if (f == NULL)
		return -1;
	const char *tid = r->trust[t];
	fprintf(f,
	        "{\"location\":[\n{\"id\":\"%s\",\"name\":\"Helseforetak %d HF\",\"kind\":"
	        "\"trust\",\"parent_id\":\"HMN\"}",
	        tid, t + 1);
	r->rows++;
	for (int h = 0; h < r->z.hospitals; h++) {
		if (r->hospital_trust[h] != t)
			continue;
		const char *hid = r->hospital[h];
		fprintf(f,
		        ",\n{\"id\":\"%s\",\"name\":\"Sykehus %d\",\"kind\":\"hospital\","
		        "\"parent_id\":\"%s\"},\n{\"id\":\"%s-APO\",\"name\":\"Sykehusapotek %d\","
		        "\"kind\":\"pharmacy\",\"parent_id\":\"%s\",\"hospital_id\":\"%s\"},\n"
		        "{\"id\":\"%s-BER\",\"name\":\"Beredskapslager %d\",\"kind\":"
		        "\"emergency-store\",\"parent_id\":\"%s\",\"hospital_id\":\"%s\"}",
		        hid, h + 1, tid, hid, h + 1, hid, hid, hid, h + 1, hid, hid);
		r->rows += 3;
	}
	for (int w = 0; w < r->z.wards; w++) {
		const struct region_ward *wd = &r->wards[w];
		if (r->hospital_trust[wd->hospital] != t)
			continue;
		fprintf(f,
		        ",\n{\"id\":\"%s\",\"code\":\"LOC:%s\",\"name\":\"Sengepost %d\","
		        "\"kind\":\"ward\",\"parent_id\":\"%s\",\"hospital_id\":\"%s\"}",
		        wd->id, wd->id, w + 1, r->hospital[wd->hospital],
		        r->hospital[wd->hospital]);
		r->rows++;
	}
	fprintf(f, "],\n\"basis\":[\n");
	int first = 1;
	for (int w = 0; w < r->z.wards; w++) {
		const struct region_ward *wd = &r->wards[w];
		if (r->hospital_trust[wd->hospital] != t)
			continue;
		for (int k = 0; k < wd->n; k++, r->rows++)
			fprintf(f,
			        "%s{\"location_id\":\"%s\",\"article_id\":\"A%05d\",\"min\":%d,"
			        "\"max\":%d,\"shelf_order\":%d}",
			        sep(&first), wd->id, wd->articles[k], 2 + k % 5, 10 + k % 20, k);
	}
	fprintf(f, "],\n\"stock\":[\n");
	first = 1;
	for (int w = 0; w < r->z.wards; w++) {
		const struct region_ward *wd = &r->wards[w];
		if (r->hospital_trust[wd->hospital] != t)
			continue;
		for (int k = 0; k < wd->n; k++, r->rows++)
			fprintf(f,
			        "%s{\"location_id\":\"%s\",\"article_id\":\"A%05d\",\"qty\":%u,"
			        "\"counted_at\":\"2026-11-22T07:30:00.000Z\"}",
			        sep(&first), wd->id, wd->articles[k], rnd(seed) % 20);
	}
	for (int h = 0; h < r->z.hospitals; h++) {
		if (r->hospital_trust[h] != t)
			continue;
		for (int k = 0; k < PHARMACY_ARTS; k++, r->rows++)
			fprintf(f,
			        "%s{\"location_id\":\"%s-APO\",\"article_id\":\"A%05d\",\"qty\":%u,"
			        "\"counted_at\":\"2026-11-22T07:30:00.000Z\"}",
			        sep(&first), r->hospital[h], (h * 37 + k * 11) % r->z.articles,
			        rnd(seed) % 200);
	}
	fprintf(f, "],\n\"plan\":[\n");
	first = 1;
	for (int h = 0; h < r->z.hospitals; h++) {
		if (r->hospital_trust[h] != t)
			continue;
		fprintf(f,
		        "%s{\"id\":\"P-%s\",\"name\":\"Masseskade sykehus %d\","
		        "\"patients\":100,\"days\":2}",
		        sep(&first), r->hospital[h], h + 1);
		r->rows++;
	}
	fprintf(f, "],\n\"plan_line\":[\n");
	first = 1;
	for (int h = 0; h < r->z.hospitals; h++)
		for (int k = 0; k < PLAN_LINES && r->hospital_trust[h] == t; k++, r->rows++)
			fprintf(f,
			        "%s{\"plan_id\":\"P-%s\",\"article_id\":\"A%05d\",\"dose\":6,"
			        "\"strength\":2,\"units_per_pack\":10}",
			        sep(&first), r->hospital[h], (k * 89) % r->z.articles);
	fprintf(f, "],\n\"plan_place\":[\n");
	first = 1;
	for (int h = 0; h < r->z.hospitals; h++)
		for (int k = 0; k < PLAN_LINES && r->hospital_trust[h] == t; k++, r->rows++)
			fprintf(f,
			        "%s{\"plan_id\":\"P-%s\",\"article_id\":\"A%05d\",\"location_id\":"
			        "\"%s-BER\",\"min\":5,\"max\":10,\"tier\":\"emergency\"}",
			        sep(&first), r->hospital[h], (k * 89) % r->z.articles,
			        r->hospital[h]);
	fprintf(f, "],\n\"user\":[\n");
	first = 1;
	for (int k = 0; k < 2; k++) {
		char badge[40];
		snprintf(badge, sizeof(badge), "%s-%d", tid, k);
		user(f, &first, badge, tid, r);
	}
	for (int h = 0; h < r->z.hospitals; h++)
		for (int k = 0; k < 3 && r->hospital_trust[h] == t; k++) {
			char badge[40];
			snprintf(badge, sizeof(badge), "%s-%d", r->hospital[h], k);
			user(f, &first, badge, r->hospital[h], r);
		}
	for (int w = 0; w < r->z.wards; w++)
		for (int k = 0; k < WARD_USERS && r->hospital_trust[r->wards[w].hospital] == t;
		     k++) {
			char badge[40];
			snprintf(badge, sizeof(badge), "%s-%d", r->wards[w].id, k);
			user(f, &first, badge, r->wards[w].id, r);
		}
	fprintf(f, "]}\n");
	return fclose(f) == 0 ? 0 : -1;
}

/* The wards of hospital h: a range of the ward list. */
static void ward_range(const struct region *r, int h, int *first, int *n)
{
	*first = -1;
	*n = 0;
	for (int w = 0; w < r->z.wards; w++)
		if (r->wards[w].hospital == h) {
			if (*first < 0)
				*first = w;
			(*n)++;
		}
}

struct region_handheld region_handheld_of(const struct region *r, enum region_kind k, int n)
{
	struct region_handheld h = { .kind = k, .scope = "", .first_ward = 0, .n_wards = 0 };
	if (k == REGION_KIND_WARD) {
		int w = n % r->z.wards;
		snprintf(h.scope, sizeof(h.scope), "%s", r->wards[w].id);
		h.first_ward = w;
		h.n_wards = 1;
	} else if (k == REGION_KIND_HOSPITAL) {
		int hh = n % r->z.hospitals;
		snprintf(h.scope, sizeof(h.scope), "%s", r->hospital[hh]);
		ward_range(r, hh, &h.first_ward, &h.n_wards);
	} else if (k == REGION_KIND_TRUST) {
		int t = n % r->z.trusts, f1 = -1, total = 0;
		snprintf(h.scope, sizeof(h.scope), "%s", r->trust[t]);
		for (int hh = 0; hh < r->z.hospitals; hh++) {
			int f, c;
			if (r->hospital_trust[hh] != t)
				continue;
			ward_range(r, hh, &f, &c);
			if (f1 < 0)
				f1 = f;
			total += c;
		}
		h.first_ward = f1 < 0 ? 0 : f1;
		h.n_wards = total;
	} else if (k == REGION_KIND_WAREHOUSE) {
		snprintf(h.scope, sizeof(h.scope), "LAGER");
	} else {
		h.n_wards = r->z.wards;
	}
	return h;
}

int region_generate(const char *dir, const struct region_sizes *z, struct region *r)
{
	memset(r, 0, sizeof(*r));
	r->z = *z;
	if (z->trusts < 1 || z->hospitals < z->trusts || z->wards < z->hospitals ||
	    z->articles < 200 || z->basis_min < 1 || z->basis_max < z->basis_min ||
	    z->basis_max > z->articles) {
		errno = EINVAL;
		return -1;
	}
	unsigned long long seed = 0x9e3779b97f4a7c15ULL;
	r->trust = calloc((size_t)z->trusts, sizeof(*r->trust));
	r->hospital = calloc((size_t)z->hospitals, sizeof(*r->hospital));
	r->hospital_trust = calloc((size_t)z->hospitals, sizeof(int));
	r->wards = calloc((size_t)z->wards, sizeof(*r->wards));
	r->handhelds = calloc((size_t)z->handhelds + 1, sizeof(*r->handhelds));
	if (!r->trust || !r->hospital || !r->hospital_trust || !r->wards || !r->handhelds) {
		region_release(r);
		errno = ENOMEM;
		return -1;
	}
	for (int t = 0; t < z->trusts; t++)
		snprintf(r->trust[t], sizeof(r->trust[t]), "HF%d", t + 1);
	for (int h = 0; h < z->hospitals; h++) {
		r->hospital_trust[h] = (int)((long)h * z->trusts / z->hospitals);
		snprintf(r->hospital[h], sizeof(r->hospital[h]), "S%02d", h + 1);
	}
	for (int w = 0; w < z->wards; w++) {
		struct region_ward *wd = &r->wards[w];
		wd->hospital = (int)((long)w * z->hospitals / z->wards);
		snprintf(wd->id, sizeof(wd->id), "%.8s-P%03d", r->hospital[wd->hospital],
		         (w + 1) % 10000);
		wd->n =
		    z->basis_min + (int)(rnd(&seed) % (unsigned)(z->basis_max - z->basis_min + 1));
		wd->articles = malloc((size_t)wd->n * sizeof(int));
		if (wd->articles == NULL) {
			region_release(r);
			errno = ENOMEM;
			return -1;
		}
		/* A stride through the articles: distinct, each ward its own mix. */
		int start = (int)(rnd(&seed) % (unsigned)z->articles);
		int stride = 1 + (int)(rnd(&seed) % 7);
		for (int k = 0; k < wd->n; k++)
			wd->articles[k] = (start + k * stride) % z->articles;
		/* A stride sharing a factor with the count could repeat. */
		for (int k = 1; k < wd->n; k++)
			for (int j = 0; j < k; j++)
				if (wd->articles[j] == wd->articles[k]) {
					wd->articles[k] = (wd->articles[k - 1] + 1) % z->articles;
					j = -1;
				}
	}
	/* Of every 100 handhelds: 88 on a ward, 8 a hospital's, 2 a trust's,
	 * 1 in the warehouse, 1 the region's. */
	int count[REGION_KINDS] = { 0 };
	for (int i = 0; i < z->handhelds; i++) {
		int m = i % 100;
		enum region_kind k = m < 88   ? REGION_KIND_WARD
		                     : m < 96 ? REGION_KIND_HOSPITAL
		                     : m < 98 ? REGION_KIND_TRUST
		                     : m < 99 ? REGION_KIND_WAREHOUSE
		                              : REGION_KIND_REGION;
		r->handhelds[i] = region_handheld_of(r, k, count[k]++);
	}
	if (write_region_file(r, dir, &seed) != 0)
		return -1;
	for (int t = 0; t < z->trusts; t++)
		if (write_trust_file(r, dir, t, &seed) != 0)
			return -1;
	return 0;
}

void region_release(struct region *r)
{
	for (int w = 0; r->wards != NULL && w < r->z.wards; w++)
		free(r->wards[w].articles);
	free(r->wards);
	free(r->trust);
	free(r->hospital);
	free(r->hospital_trust);
	free(r->handhelds);
	memset(r, 0, sizeof(*r));
}

json_t *region_day(const struct region *r, const struct region_handheld *h, unsigned run,
                   unsigned device, int records)
{
	json_t *evs = json_array();
	char session[40];
	snprintf(session, sizeof(session), "%08x-%04x-4000-8000-000000000000", run, device);
	for (int i = 0; i < records; i++) {
		int seq = i + 1;
		char uuid[40], t[32], loc[24], art[8], badge[32];
		snprintf(uuid, sizeof(uuid), "%08x-%04x-4000-8000-%012x", run, device & 0xffff,
		         (unsigned)seq);
		int minute = 7 * 60 + i * 480 / (records > 0 ? records : 1);
		snprintf(t, sizeof(t), "2026-11-23T%02d:%02d:%02d.000Z", minute / 60, minute % 60,
		         i % 60);
		const char *kind;
		int qty;
		if (h->n_wards == 0) {
			/* The warehouse: goods received into its bins. */
			snprintf(loc, sizeof(loc), "LAGER-%02d", i % BINS);
			snprintf(
			    art, sizeof(art), "A%05d",
			    (int)((device * 131u + (unsigned)i * 7u) % (unsigned)r->z.articles));
			snprintf(badge, sizeof(badge), "9005");
			kind = "receive";
			qty = 10 + i % 30;
		} else {
			/* A round: count every basis line of a ward, then refills and
			 * what is used through the day. */
			int per = r->wards[h->first_ward].n;
			int w = h->first_ward + (i / per + (int)device) % h->n_wards;
			const struct region_ward *wd = &r->wards[w];
			snprintf(loc, sizeof(loc), "%s", wd->id);
			snprintf(art, sizeof(art), "A%05d", wd->articles[i % wd->n]);
			snprintf(badge, sizeof(badge), "%s-%d", wd->id, (int)(device % WARD_USERS));
			kind = i < wd->n ? "count" : i % 3 == 0 ? "refill" : "consume";
			qty = i < wd->n ? i % 17 : 1 + i % 4;
		}
		json_array_append_new(evs,
		                      json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:{}}", "seq",
		                                seq, "uuid", uuid, "kind", kind, "device_time", t,
		                                "session", session, "user", badge, "location_id",
		                                loc, "article_id", art, "qty", qty, "data"));
	}
	return evs;
}
