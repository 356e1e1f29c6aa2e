#include "common/str.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *str_dup(const char *s)
{
	if (s == NULL)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

int str_icontains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; hay != NULL && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}
