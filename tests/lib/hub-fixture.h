/*
 * hub-fixture.h — where a test of a serving hub starts: a scratch
 * directory of its own, the hub's database in it (on the run's engine:
 * tests/lib/hub-run.h) with the test's master data imported, and room for
 * the hub the test then starts.  Freeing it stops that hub and removes the
 * directory.
 *
 * Include after <cmocka.h> (failures are cmocka failures).
 */
#ifndef TALLY_TESTS_HUB_FIXTURE_H
#define TALLY_TESTS_HUB_FIXTURE_H

#include "tests/lib/hub-run.h"

struct hub_fixture {
	char *dir;        /* the scratch directory */
	char *db;         /* DIR/hub.db: the hub's database as hub-run.h names it */
	char *where;      /* what to give the hub's --db for db (hub_run_where) */
	struct hub_run h; /* the hub, once the test starts it on db */
};

/* The directory and the hub's database, initialised, with master (import
 * JSON text; NULL: none) imported; the hub not started, so that a test can
 * add what else it needs first (accounts, ...). */
struct hub_fixture *hub_fixture_new(const char *master);

/* Stop the hub where it runs (it must end with status 0), remove the
 * directory, free f. */
void hub_fixture_free(struct hub_fixture *f);

#endif
