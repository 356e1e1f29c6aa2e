/*
 * place-lock.c — the places a transaction reconciles, locked in one order
 * (see place-lock.h).
 */
#include "hub/place-lock.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

int64_t place_lock_key(const char *id)
{
	/* FNV-1a: spread well enough for a few thousand ids, and the same in
	 * every hub process on every machine (no seed). */
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return (int64_t)((h & 0x00ffffffffffffffULL) | 0x7000000000000000ULL);
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int failed(struct hdb *db, int rc, struct tally_err *e)
{
	return hub_db_fail(e, db, rc, _("reconciling stock"));
}

int place_lock_all(struct hdb *db, struct tally_err *e)
{
	int rc = hdb_lock(db, RECONCILE_LOCK_KEY);
	return rc == HDB_OK ? 0 : failed(db, rc, e);
}

int place_lock(struct hdb *db, const char *const *ids, size_t n, struct tally_err *e)
{
	int64_t keys[PLACE_LOCK_MAX];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t key = place_lock_key(ids[i]);
		size_t j = 0;
		while (j < k && keys[j] != key)
			j++;
		if (j < k)
			continue;
		if (k == PLACE_LOCK_MAX)
			return place_lock_all(db, e);
		keys[k++] = key;
	}
	if (k == 0)
		return 0;
	qsort(keys, k, sizeof(keys[0]), by_value);
	int rc = hdb_lock_shared(db, RECONCILE_LOCK_KEY);
	for (size_t i = 0; rc == HDB_OK && i < k; i++)
		rc = hdb_lock(db, keys[i]);
	return rc == HDB_OK ? 0 : failed(db, rc, e);
}
