#include "core/refill.h"

#include <string.h>

int64_t refill_qty(const char *policy, int64_t min, int64_t max, int64_t count)
{
	if (count >= max)
		return 0;
	if (policy != NULL && strcmp(policy, "always-to-max") == 0)
		return max - count;
	return count <= min ? max - count : 0;
}
