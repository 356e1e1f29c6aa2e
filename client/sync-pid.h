/*
 * sync-pid.h — sync.pid beside the store, and the poke: the sync daemon
 * (`tally sync --daemon`, in tally-sync) writes its pid there and holds the
 * wake-up FIFO `<store>.wake` open (sync/wake.h); the front ends (the UI and
 * line mode, in tally) poke it when new records are waiting, so they go up
 * now rather than at its next round: a byte into the FIFO, which works
 * across the users of the store's group, else SIGUSR1 to the pid in
 * sync.pid (the daemon's own user only).
 */
#ifndef TALLY_CLIENT_SYNC_PID_H
#define TALLY_CLIENT_SYNC_PID_H

#include "common/err.h"

/* Write our pid to <directory of store_path>/sync.pid (atomically). */
int sync_pid_write(const char *store_path, struct tally_err *e);

/* Remove it, if it still names us (a newer daemon may have taken over). */
void sync_pid_remove(const char *store_path);

/* Write a byte into <store>.wake (never blocking), else send SIGUSR1 to
 * the pid in sync.pid.  1 when the daemon was told; 0 when there is no
 * daemon to tell (no FIFO held open, no pid file, a stale or unusable pid,
 * a daemon of another user without the FIFO): records wait for the next
 * sync, nothing is lost. */
int sync_pid_poke(const char *store_path);

#endif
