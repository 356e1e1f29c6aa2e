/*
 * token.h — the device token: a file of mode 0600 beside the store
 * (<store>.token, named after its store: two stores in one directory
 * never share one), written atomically.  The token is a secret: it is
 * never printed and never put in a message.
 */
#ifndef TALLY_SYNC_TOKEN_H
#define TALLY_SYNC_TOKEN_H

#include "common/err.h"

#include <stddef.h>

#define TOKEN_MAX 128

/* The token file's path for the store at store_path, into buf. */
const char *token_path(const char *store_path, char *buf, size_t size);

/* Write the token (temp file 0600, fsync, rename, fsync the directory). */
int token_save(const char *store_path, const char *token, struct tally_err *e);

/* Read it into buf (TOKEN_MAX + 1 bytes).  0 read; EX_NOPERM "not enrolled"
 * when there is no token file; EX_IOERR when it cannot be read. */
int token_load(const char *store_path, char *buf, struct tally_err *e);

#endif
