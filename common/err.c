#include "common/err.h"

#include <stdio.h>

int err_setv(struct tally_err *e, int status, const char *fmt, va_list ap)
{
	if (e == NULL)
		return status;
	e->status = status;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return status;
}

int err_set(struct tally_err *e, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_setv(e, status, fmt, ap);
	va_end(ap);
	return status;
}

void err_clear(struct tally_err *e)
{
	if (e == NULL)
		return;
	e->status = 0;
	e->msg[0] = '\0';
}
