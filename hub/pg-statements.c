/*
 * pg-statements.c — a connection's prepared statements (see
 * pg-statements.h): an open-addressed table twice the size of what it may
 * hold, so a probe ends at an empty slot soon.
 */
#include "hub/pg-statements.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS (2 * PG_STATEMENTS_MAX)

struct entry {
	uint64_t hash;
	char *sql; /* NULL: an empty slot */
	Oid *types;
	int n;
	unsigned id; /* the name is "tally_<id>" */
};

struct pg_statements {
	struct entry slot[SLOTS];
	int count;
	unsigned next_id; /* never reused on a connection: names stay unique */
};

struct pg_statements *pg_statements_new(void)
{
	return calloc(1, sizeof(struct pg_statements));
}

void pg_statements_forget(struct pg_statements *ps)
{
	for (int i = 0; i < SLOTS; i++) {
		free(ps->slot[i].sql);
		free(ps->slot[i].types);
	}
	memset(ps->slot, 0, sizeof(ps->slot));
	ps->count = 0;
}

void pg_statements_free(struct pg_statements *ps)
{
	if (ps == NULL)
		return;
	pg_statements_forget(ps);
	free(ps);
}

/* FNV-1a over the text and the types. */
static uint64_t hash_of(const char *sql, int n, const Oid *types)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	for (int i = 0; i < n; i++)
		h = (h ^ types[i]) * 0x100000001b3ULL;
	return h;
}

static int same(const struct entry *e, uint64_t h, const char *sql, int n, const Oid *types)
{
	return e->hash == h && e->n == n && strcmp(e->sql, sql) == 0 &&
	       (n == 0 || memcmp(e->types, types, (size_t)n * sizeof(Oid)) == 0);
}

int pg_statements_get(struct pg_statements *ps, PGconn *c, const char *sql, int n, const Oid *types,
                      char name[24], PGresult **failed)
{
	*failed = NULL;
	uint64_t h = hash_of(sql, n, types);
	size_t i = (size_t)(h % SLOTS);
	while (ps->slot[i].sql != NULL) {
		if (same(&ps->slot[i], h, sql, n, types)) {
			snprintf(name, 24, "tally_%u", ps->slot[i].id);
			return 1;
		}
		i = (i + 1) % SLOTS;
	}
	if (ps->count >= PG_STATEMENTS_MAX)
		return 0;
	struct entry e = { .hash = h, .n = n, .id = ps->next_id };
	e.sql = strdup(sql);
	e.types = malloc((size_t)(n > 0 ? n : 1) * sizeof(Oid));
	if (e.sql == NULL || e.types == NULL) {
		free(e.sql);
		free(e.types);
		return 0;
	}
	if (n > 0)
		memcpy(e.types, types, (size_t)n * sizeof(Oid));
	snprintf(name, 24, "tally_%u", e.id);
	PGresult *r = PQprepare(c, name, sql, n, types);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		free(e.sql);
		free(e.types);
		*failed = r;
		return -1;
	}
	PQclear(r);
	ps->next_id++;
	ps->slot[i] = e;
	ps->count++;
	return 1;
}
