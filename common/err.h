/*
 * err.h — how a failure travels from where it happens to the user.
 *
 * Every module that can fail fills a struct tally_err: a sysexits.h status
 * (the exit code the command will use) and one plain-language sentence that
 * says what failed and what to do.  The message is already translated when it
 * is set, so the front ends only print it.
 */
#ifndef TALLY_COMMON_ERR_H
#define TALLY_COMMON_ERR_H

#include <stdarg.h>
#include <sysexits.h>

#define TALLY_ERR_MSG_MAX 512

struct tally_err {
	int status; /* 0 when nothing failed, else an EX_* code */
	char msg[TALLY_ERR_MSG_MAX];
};

/* Set status and message; returns status so callers can `return err_set(...)`. */
int err_set(struct tally_err *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int err_setv(struct tally_err *e, int status, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
void err_clear(struct tally_err *e);

#endif
