/*
 * batches.h — an article's count the way staff count it: by batch where
 * the pack carries one.  The article's count is the sum of its batches; a
 * recount of a batch replaces that batch only; a count without a batch (a
 * pack without one, a figure typed for the article) is the article's whole
 * count and replaces every batch.  Expired packs are kept apart.
 */
#ifndef TALLY_JOBS_BATCHES_H
#define TALLY_JOBS_BATCHES_H

#include <stddef.h>
#include <stdint.h>

struct batch_count {
	char *batch; /* "" for a count without a batch */
	int64_t count;
	int expired;
};

struct batches {
	struct batch_count *b;
	size_t n, cap;
};

/* Set one batch's count (batch NULL or "": the whole count).  0, or -1
 * when memory ran out. */
int batches_set(struct batches *bs, const char *batch, int64_t qty, int expired);
int64_t batches_usable(const struct batches *bs);
int64_t batches_expired(const struct batches *bs);
void batches_clear(struct batches *bs);
void batches_free(struct batches *bs);

#endif
