/*
 * wake.h — what wakes the sync daemon: the network changing (a netlink
 * route socket: links and addresses), SIGUSR1 (the UI after new records),
 * or its timer; SIGTERM and SIGINT ask it to stop.
 */
#ifndef TALLY_SYNC_WAKE_H
#define TALLY_SYNC_WAKE_H

#include "common/err.h"

enum wake_why { WAKE_TIMER, WAKE_NUDGE, WAKE_NETWORK, WAKE_STOP };

struct wake;

/* Blocks SIGUSR1, SIGTERM and SIGINT in the calling thread and takes them
 * through a signalfd.  NULL with e set on failure.  Without netlink (a
 * container without it) the daemon still works on signals and its timer. */
struct wake *wake_new(struct tally_err *e);
void wake_free(struct wake *w);

/* Wait at most timeout_ms (negative: forever). */
enum wake_why wake_wait(struct wake *w, long timeout_ms);

#endif
