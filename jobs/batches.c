/*
 * batches.c — an article's count by batch (see batches.h).
 */
#include "jobs/batches.h"
#include "common/grow.h"
#include "common/str.h"

#include <stdlib.h>
#include <string.h>

int batches_set(struct batches *bs, const char *batch, int64_t qty, int expired)
{
	if (batch == NULL)
		batch = "";
	if (batch[0] == '\0')
		batches_clear(bs);
	struct batch_count *b = NULL;
	for (size_t i = 0; i < bs->n; i++)
		if (strcmp(bs->b[i].batch, batch) == 0)
			b = &bs->b[i];
	if (b == NULL) {
		struct batch_count *more = grow(bs->b, &bs->cap, bs->n, sizeof(*more));
		if (more == NULL)
			return -1;
		bs->b = more;
		b = &bs->b[bs->n];
		b->batch = str_dup(batch);
		if (b->batch == NULL)
			return -1;
		bs->n++;
	}
	b->count = qty;
	b->expired = expired;
	return 0;
}

int64_t batches_usable(const struct batches *bs)
{
	int64_t n = 0;
	for (size_t i = 0; i < bs->n; i++)
		n += bs->b[i].expired ? 0 : bs->b[i].count;
	return n;
}

int64_t batches_expired(const struct batches *bs)
{
	int64_t n = 0;
	for (size_t i = 0; i < bs->n; i++)
		n += bs->b[i].expired ? bs->b[i].count : 0;
	return n;
}

void batches_clear(struct batches *bs)
{
	for (size_t i = 0; i < bs->n; i++)
		free(bs->b[i].batch);
	bs->n = 0;
}

void batches_free(struct batches *bs)
{
	batches_clear(bs);
	free(bs->b);
	bs->b = NULL;
	bs->cap = 0;
}
