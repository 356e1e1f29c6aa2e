/*
 * hub-schema-pg.h — the hub's schema on PostgreSQL, whole at
 * HUB_SCHEMA_VERSION (hub-db.c makes it in one transaction).
 */
#ifndef TALLY_HUB_HUB_SCHEMA_PG_H
#define TALLY_HUB_HUB_SCHEMA_PG_H

/* The SQL, malloc'd; NULL when out of memory. */
char *hub_schema_pg_sql(void);

#endif
