/*
 * fixture.h — stores for tests: master data loaded the way the hub
 * delivers it (a page of changes applied with store_apply_changes()), and
 * a store as an older tally left it.
 */
#ifndef TALLY_TESTS_FIXTURE_H
#define TALLY_TESTS_FIXTURE_H

struct store;

/* Apply the change list in tests/fixtures/NAME (relative to $TALLY_SRCDIR)
 * with `cursor`; fails the test on any error. */
void fixture_load(struct store *s, const char *rel, const char *cursor);

/* A store at `path` as tally 0.1 (schema version 1) left it on a handheld:
 * tests/fixtures/store-v1.sql, written with SQLite alone. */
void fixture_store_v1(const char *path);

#endif
