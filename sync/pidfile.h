/*
 * pidfile.h — sync.pid beside the store: where the front ends find the sync
 * daemon to poke it (client/sync-poke.c sends SIGUSR1 to this pid).
 */
#ifndef TALLY_SYNC_PIDFILE_H
#define TALLY_SYNC_PIDFILE_H

#include "common/err.h"

/* Write our pid to <directory of store_path>/sync.pid (atomically). */
int pidfile_write(const char *store_path, struct tally_err *e);
/* Remove it, if it still names us (a newer daemon may have taken over). */
void pidfile_remove(const char *store_path);

#endif
