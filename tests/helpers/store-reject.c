/*
 * store-reject.c — mark one record of a store as the hub would when it
 * rejects it, for tests that show rejected records (no hub needed):
 *
 *   store-reject DB SEQ REASON
 */
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: store-reject DB SEQ REASON\n");
		return 64;
	}
	struct tally_err e = { 0 };
	struct store *s = store_open(argv[1], &e);
	if (s == NULL) {
		fprintf(stderr, "store-reject: %s\n", e.msg);
		return e.status;
	}
	struct sync_result r = { .seq = strtoll(argv[2], NULL, 10),
		                 .state = SYNC_REJECTED,
		                 .reason = argv[3] };
	int rc = store_mark(s, &r, 1, &e);
	if (rc != 0)
		fprintf(stderr, "store-reject: %s\n", e.msg);
	store_close(s);
	return rc;
}
