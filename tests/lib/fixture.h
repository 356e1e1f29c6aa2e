/*
 * fixture.h — master data for tests, loaded the way the hub delivers it:
 * a page of changes applied with store_apply_changes().
 */
#ifndef TALLY_TESTS_FIXTURE_H
#define TALLY_TESTS_FIXTURE_H

struct store;

/* Apply the change list in tests/fixtures/NAME (relative to $TALLY_SRCDIR)
 * with `cursor`; fails the test on any error. */
void fixture_load(struct store *s, const char *rel, const char *cursor);

#endif
