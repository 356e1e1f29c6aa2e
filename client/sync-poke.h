/*
 * sync-poke.h — tell the sync daemon that new records are waiting, so they
 * go up now rather than at its next round.  The daemon (`tally sync
 * --daemon`) writes its pid to sync.pid next to the store.
 */
#ifndef TALLY_CLIENT_SYNC_POKE_H
#define TALLY_CLIENT_SYNC_POKE_H

/* Send SIGUSR1 to the pid in <directory of store_path>/sync.pid.  1 when
 * it was sent; 0 when there is no daemon to tell (no file, a stale or
 * unusable pid): records wait for the next sync, nothing is lost. */
int sync_poke(const char *store_path);

#endif
