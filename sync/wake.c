/*
 * wake.c — poll() on a signalfd and a NETLINK_ROUTE socket.
 */
#include "sync/wake.h"

#include "common/i18n.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

struct wake {
	int sigfd, nlfd;
	sigset_t old;
};

struct wake *wake_new(struct tally_err *e)
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
	return w;
}

void wake_free(struct wake *w)
{
	if (w == NULL)
		return;
	close(w->sigfd);
	if (w->nlfd >= 0)
		close(w->nlfd);
	sigprocmask(SIG_SETMASK, &w->old, NULL);
	free(w);
}

enum wake_why wake_wait(struct wake *w, long timeout_ms)
{
	struct pollfd p[2] = { { .fd = w->sigfd, .events = POLLIN },
		               { .fd = w->nlfd, .events = POLLIN } };
	int timeout = timeout_ms < 0 ? -1 : timeout_ms > 86400000L ? 86400000 : (int)timeout_ms;
	for (;;) {
		int n = poll(p, w->nlfd >= 0 ? 2 : 1, timeout);
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
		if (w->nlfd >= 0 && (p[1].revents & POLLIN)) {
			/* Drain the burst: one change of Wi-Fi is many messages. */
			char buf[8192];
			while (recv(w->nlfd, buf, sizeof(buf), 0) > 0)
				;
			return WAKE_NETWORK;
		}
	}
}
