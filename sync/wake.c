/*
 * wake.c — poll() on a signalfd, the wake-up FIFO beside the store and a
 * NETLINK_ROUTE socket (see wake.h).
 */
#include "sync/wake.h"

#include "common/i18n.h"
#include "db/store.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

struct wake {
	int sigfd, nlfd, fifofd;
	dev_t fifo_dev;
	ino_t fifo_ino;
	char fifo[4096];
	sigset_t old;
};

/* A FIFO at path that is ours: made by this user, a FIFO and nothing else
 * (never a file or link a member of the directory's group put there). */
static int fifo_is_ours(const struct stat *st)
{
	return S_ISFIFO(st->st_mode) && st->st_uid == geteuid();
}

/*
 * Make (or take over) <store>.wake and open it for reading.  Opened
 * read-write, so that the daemon is always a writer of its own FIFO too:
 * poll() then never sees a hang-up when a front end closes it, and a front
 * end's non-blocking open for writing succeeds exactly while the daemon
 * runs.  The mode is the store's (0660 in the shared directory, whose
 * set-group-id bit gives the FIFO its group; else 0600): whoever may write
 * records may wake the daemon.  -1 with errno set when it cannot be made.
 */
static int fifo_open(struct wake *w, const char *store_path)
{
	if (store_sidecar_path(store_path, "wake", w->fifo, sizeof(w->fifo)) == NULL) {
		errno = ENAMETOOLONG;
		return -1;
	}
	struct stat st;
	mode_t mode = stat(store_path, &st) == 0 ? (st.st_mode & 0660) | 0600 : 0600;
	if (lstat(w->fifo, &st) == 0 && !fifo_is_ours(&st) && unlink(w->fifo) != 0)
		return -1;
	if (mkfifo(w->fifo, mode) != 0 && errno != EEXIST)
		return -1;
	int fd = open(w->fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !fifo_is_ours(&st) || fchmod(fd, mode) != 0) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	w->fifo_dev = st.st_dev;
	w->fifo_ino = st.st_ino;
	return fd;
}

struct wake *wake_new(const char *store_path, struct tally_err *e)
{
	struct wake *w = calloc(1, sizeof(*w));
	if (w == NULL) {
		err_set(e, EX_OSERR, _("out of memory"));
		return NULL;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, &w->old);
	w->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (w->sigfd < 0) {
		err_set(e, EX_OSERR, _("cannot wait for signals: %s"), strerror(errno));
		sigprocmask(SIG_SETMASK, &w->old, NULL);
		free(w);
		return NULL;
	}
	w->nlfd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	if (w->nlfd >= 0) {
		struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
			                  .nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
			                               RTMGRP_IPV6_IFADDR };
		if (bind(w->nlfd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
			close(w->nlfd);
			w->nlfd = -1;
		}
	}
	w->fifofd = fifo_open(w, store_path);
	if (w->fifofd < 0)
		fprintf(stderr,
		        _("tally: cannot make %s: %s; records made by others wait for the "
		          "next round\n"),
		        w->fifo, strerror(errno));
	return w;
}

void wake_free(struct wake *w)
{
	if (w == NULL)
		return;
	close(w->sigfd);
	if (w->nlfd >= 0)
		close(w->nlfd);
	if (w->fifofd >= 0) {
		/* Gone with the daemon, unless another daemon has made its own. */
		struct stat st;
		if (lstat(w->fifo, &st) == 0 && st.st_dev == w->fifo_dev &&
		    st.st_ino == w->fifo_ino)
			unlink(w->fifo);
		close(w->fifofd);
	}
	sigprocmask(SIG_SETMASK, &w->old, NULL);
	free(w);
}

enum wake_why wake_wait(struct wake *w, long timeout_ms)
{
	/* A negative fd is skipped by poll(). */
	struct pollfd p[3] = { { .fd = w->sigfd, .events = POLLIN },
		               { .fd = w->fifofd, .events = POLLIN },
		               { .fd = w->nlfd, .events = POLLIN } };
	int timeout = timeout_ms < 0 ? -1 : timeout_ms > 86400000L ? 86400000 : (int)timeout_ms;
	for (;;) {
		int n = poll(p, 3, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return WAKE_TIMER;
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			enum wake_why why = WAKE_TIMER;
			while (read(w->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
				if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
					return WAKE_STOP;
				why = WAKE_NUDGE;
			}
			if (why == WAKE_NUDGE)
				return why;
		}
		if (p[1].revents & POLLIN) {
			/* Any number of pokes is one round. */
			char buf[512];
			while (read(w->fifofd, buf, sizeof(buf)) > 0)
				;
			return WAKE_NUDGE;
		}
		if (p[2].revents & POLLIN) {
			/* Drain the burst: one change of Wi-Fi is many messages. */
			char buf[8192];
			while (recv(w->nlfd, buf, sizeof(buf), 0) > 0)
				;
			return WAKE_NETWORK;
		}
	}
}
