/*
 * sync-pid.h — sync.pid beside the store: the sync daemon (`tally sync
 * --daemon`, in tally-sync) writes its pid there, and the front ends (the
 * UI and line mode, in tally) read it to poke the daemon with SIGUSR1 when
 * new records are waiting, so they go up now rather than at its next round.
 */
#ifndef TALLY_CLIENT_SYNC_PID_H
#define TALLY_CLIENT_SYNC_PID_H

#include "common/err.h"

/* Write our pid to <directory of store_path>/sync.pid (atomically). */
int sync_pid_write(const char *store_path, struct tally_err *e);

/* Remove it, if it still names us (a newer daemon may have taken over). */
void sync_pid_remove(const char *store_path);

/* Send SIGUSR1 to the pid in sync.pid.  1 when it was sent; 0 when there
 * is no daemon to tell (no file, a stale or unusable pid): records wait for
 * the next sync, nothing is lost. */
int sync_pid_poke(const char *store_path);

#endif
