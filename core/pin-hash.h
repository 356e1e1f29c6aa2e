/*
 * pin-hash.h — making a badge's pin_hash for master data: yescrypt through
 * libxcrypt (bcrypt where yescrypt is missing).  Shared by the handheld
 * (`tally login --hash-pin`) and the hub (`tally-hub hash-pin`), so that a
 * server without the handheld's package makes the same hashes.
 */
#ifndef TALLY_CORE_PIN_HASH_H
#define TALLY_CORE_PIN_HASH_H

#include "common/err.h"

#include <stddef.h>

/* Room enough for any hash pin_hash makes. */
#define PIN_HASH_MAX 384

/* The shortest PIN that may be set. */
#define PIN_MIN_DIGITS 4

/* Hash pin into hash (size bytes).  A PIN is PIN_MIN_DIGITS digits or more
 * and nothing but digits, else EX_DATAERR.  0, or EX_* with e set. */
int pin_hash(const char *pin, char *hash, size_t size, struct tally_err *e);

/* Clear a secret so the stores are not dropped (explicit_bzero is not
 * POSIX). */
void pin_wipe(void *p, size_t n);

#endif
