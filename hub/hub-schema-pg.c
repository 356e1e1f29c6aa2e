/*
 * hub-schema-pg.c — placeholder until the PostgreSQL DDL lands (branch pgrun).
 */
#include "hub/hub-schema-pg.h"

#include <stdlib.h>

char *hub_schema_pg_sql(void)
{
	return NULL;
}
