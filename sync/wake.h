/*
 * wake.h — what wakes the sync daemon: a byte in the wake-up FIFO beside
 * the store (`<store>.wake`: the UI and line mode, run by staff, after new
 * records), the network changing (a netlink route socket: links and
 * addresses), SIGUSR1 (a front end of the daemon's own user), or its timer;
 * SIGTERM and SIGINT ask it to stop.
 *
 * The FIFO is how a front end of another user wakes the daemon: on an
 * installed handheld the daemon runs as user tally and staff as themselves,
 * so a signal is refused (EPERM), while the FIFO has the store's mode and,
 * in its set-group-id directory, its group: whoever may write records may
 * ask for them to be sent, and nothing more.
 */
#ifndef TALLY_SYNC_WAKE_H
#define TALLY_SYNC_WAKE_H

#include "common/err.h"

enum wake_why { WAKE_TIMER, WAKE_NUDGE, WAKE_NETWORK, WAKE_STOP };

struct wake;

/* Blocks SIGUSR1, SIGTERM and SIGINT in the calling thread and takes them
 * through a signalfd; makes (or takes over) the FIFO beside store_path.
 * NULL with e set on failure.  Without netlink (a container without it) the
 * daemon still works on the FIFO, signals and its timer; without the FIFO
 * (it could not be made: said once on stderr) on signals and its timer. */
struct wake *wake_new(const char *store_path, struct tally_err *e);

/* Closes everything; removes the FIFO if it is still the one it made. */
void wake_free(struct wake *w);

/* Wait at most timeout_ms (negative: forever). */
enum wake_why wake_wait(struct wake *w, long timeout_ms);

#endif
