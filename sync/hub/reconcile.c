/*
 * reconcile.c — on-hand per location × article (see reconcile.h).
 * PLACEHOLDER: the reconcile branch replaces this file.
 */
#include "sync/hub/reconcile.h"

int reconcile_after_ingest(sqlite3 *db, int64_t first_event_id, struct tally_err *e)
{
	(void)db;
	(void)first_event_id;
	(void)e;
	return 0;
}
