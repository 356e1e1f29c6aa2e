/*
 * pg-statements.h — one PostgreSQL connection's prepared statements, found
 * again by their SQL and parameter types (the driver's statement cache,
 * hub/hdb-pg.c).
 *
 * The hub prepares a statement, runs it and finalizes it, request after
 * request: the same few hundred texts over and over.  Sent as they are
 * (PQexecParams), each is parsed and planned by the server every time; a
 * push of 200 records runs some 2,000 of them.  Prepared once per
 * connection under a name of its own, each is only bound and run after
 * that, and PostgreSQL may keep a generic plan for it (plan_cache_mode
 * auto: only where that plan is no dearer than the custom ones).
 *
 * A statement is keyed by its text and the types of its parameters (the
 * driver sends a whole number as int8 and anything else untyped, so the
 * same text can be prepared twice).  At most PG_STATEMENTS_MAX are kept;
 * beyond that a statement is simply run unprepared.  A connection made
 * again (PQreset) has none of them: pg_statements_forget().
 */
#ifndef TALLY_HUB_PG_STATEMENTS_H
#define TALLY_HUB_PG_STATEMENTS_H

#include <libpq-fe.h>

#define PG_STATEMENTS_MAX 512

struct pg_statements;

struct pg_statements *pg_statements_new(void);
void pg_statements_free(struct pg_statements *ps);

/* The server forgot every statement (its connection was made again). */
void pg_statements_forget(struct pg_statements *ps);

/* The name of the statement prepared on c for sql with these n parameter
 * types (0: let the server decide), into name: prepared now when it is
 * new.  1: name set; 0: none (the cache is full or out of memory: run sql
 * unprepared); -1: preparing failed, *failed is the server's answer (the
 * caller PQclear()s it). */
int pg_statements_get(struct pg_statements *ps, PGconn *c, const char *sql, int n, const Oid *types,
                      char name[24], PGresult **failed);

#endif
