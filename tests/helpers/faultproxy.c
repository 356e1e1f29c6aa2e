/*
 * faultproxy.c — a TCP proxy that breaks connections on purpose, so the sync
 * tests can show that no record is lost or doubled whatever the network does.
 *
 *   faultproxy --listen 127.0.0.1:0 --target 127.0.0.1:PORT [--control FILE]
 *              [--capture DIR]
 *
 * Prints "listening on PORT" on stdout, then one line per event (see below).
 * The fault is chosen per connection: at each accept the proxy re-reads the
 * control file and applies its first line.  A line starting with "once" is
 * removed from the file when it is used, so a test can fault exactly the next
 * connection (or queue several, one a line).  No file, or an empty one: pass.
 *
 *   pass
 *   reset-request OFF     forward OFF bytes of the request, then RST both ways
 *   reset-response OFF    forward OFF bytes of the response, then RST the client
 *   truncate OFF          forward OFF bytes of the response, then a clean FIN
 *   delay MS              hold everything MS ms after accept, then relay
 *   delay-response MS     hold the response MS ms after its first byte
 *   garbage N             replace the response with N bytes of noise, then FIN
 *   garbage-200           replace the response with a 200 whose body is not JSON
 *   trickle MS            relay the response one byte every MS ms
 *   drop                  close the client at once; never connect to the target
 *   kill-after-request PID   SIGKILL PID once the request has been forwarded whole
 *   kill-on-response PID     SIGKILL PID when its response begins (it committed,
 *                            its reply is lost), then RST the client
 *
 * OFF is a byte count from the start of the connection, or a place in the
 * first HTTP message of that direction: start (before its first byte),
 * header-end (headers whole, no body), body-middle, last (all but the last
 * byte).  Interim 1xx responses are
 * skipped when finding the response's places.  A trailing "request=K" moves
 * the places (and kill-after-request's moment) to the K-th request and
 * response of a kept-alive connection, e.g. "reset-response last request=2";
 * the messages before it need a Content-Length (or be a GET).
 *
 * Output lines: "conn ID accept FAULT", "conn ID request-end BYTES",
 * "conn ID response-start", "conn ID killed PID", and at the end
 * "conn ID close up=BYTES down=BYTES how=fin|reset|drop|error".
 * up counts bytes forwarded client→target, down target→client (noise from
 * garbage counts as down).  With --capture, the bytes each connection
 * forwarded are also written to DIR/ID.up and DIR/ID.down (a test replays a
 * captured request from there).
 *
 * Single-threaded, poll(2)-driven; a test helper, not a production proxy.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS   64
#define HDR_MAX     65536
#define BUF_MAX     (4u << 20)
#define GARBAGE_MAX 65536

enum mode {
	M_PASS,
	M_RESET_REQ,
	M_RESET_RESP,
	M_TRUNCATE,
	M_DELAY,
	M_DELAY_RESP,
	M_GARBAGE,
	M_GARBAGE_200,
	M_TRICKLE,
	M_DROP,
	M_KILL_AFTER_REQ,
	M_KILL_ON_RESP,
};

enum place { P_BYTES, P_START, P_HEADER_END, P_BODY_MIDDLE, P_LAST };

struct fault {
	enum mode mode;
	enum place place;
	long long n; /* bytes, ms or pid */
	int request; /* the HTTP message (request and its response) the places name */
	char text[128];
};

/* What is known of the first HTTP message flowing one way. */
struct framing {
	char hdr[HDR_MAX];
	size_t hdr_len;      /* bytes of header text collected so far */
	long long msg_start; /* offset where the message (after 1xx) starts */
	long long hdr_end;   /* offset just after the blank line; -1 unknown */
	long long total;     /* offset just after the body; -1 unknown */
	int msg_no;          /* which message of the connection is being read, from 1 */
	int want;            /* the message whose places the fault names */
	int done;            /* stop looking: found it, or cannot tell any more */
};

struct buf {
	char *data;
	size_t len, cap;
};

struct dir {
	int from, to;        /* fds */
	struct buf pending;  /* read, not yet written to `to` */
	long long forwarded; /* bytes written to `to` */
	long long received;  /* bytes read from `from` */
	int eof;             /* `from` sent FIN */
	int shut;            /* we sent FIN to `to` */
	struct framing fr;
};

struct conn {
	int used;
	FILE *cap[2]; /* --capture files: up, down */
	unsigned id;
	struct fault f;
	struct dir up, down; /* up: client→target, down: target→client */
	long long accepted_ms, hold_until_ms, next_trickle_ms, resp_first_ms;
	int request_end_seen, response_seen, faulted;
	long long garbage_sent;
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static int parse_addr(const char *s, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	if (colon == NULL || (size_t)(colon - s) >= sizeof host)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)atoi(colon + 1));
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

static int parse_place(const char *s, struct fault *f)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "start") == 0)
		f->place = P_START;
	else if (strcmp(s, "header-end") == 0)
		f->place = P_HEADER_END;
	else if (strcmp(s, "body-middle") == 0)
		f->place = P_BODY_MIDDLE;
	else if (strcmp(s, "last") == 0)
		f->place = P_LAST;
	else {
		char *end;
		f->place = P_BYTES;
		f->n = strtoll(s, &end, 10);
		if (*end != '\0' || f->n < 0)
			return -1;
	}
	return 0;
}

static int parse_number(const char *s, struct fault *f)
{
	char *end;
	if (s == NULL)
		return -1;
	f->n = strtoll(s, &end, 10);
	return *end == '\0' && f->n >= 0 ? 0 : -1;
}

/* One control line into a fault; pass on anything unreadable, said aloud. */
static struct fault parse_fault(const char *line)
{
	struct fault f = { M_PASS, P_BYTES, 0, 1, "pass" };
	char copy[256], *save = NULL;
	snprintf(copy, sizeof copy, "%s", line);
	char *word = strtok_r(copy, " \t\r\n", &save);
	if (word != NULL && strcmp(word, "once") == 0)
		word = strtok_r(NULL, " \t\r\n", &save);
	if (word == NULL)
		return f;
	char *arg = strtok_r(NULL, " \t\r\n", &save);
	int bad = 0;
	char *opt = strtok_r(NULL, " \t\r\n", &save);
	if (arg != NULL && strncmp(arg, "request=", 8) == 0)
		opt = arg, arg = NULL;
	if (opt != NULL) {
		char *end;
		f.request = (int)strtol(opt + 8, &end, 10);
		bad = strncmp(opt, "request=", 8) != 0 || *end != '\0' || f.request < 1;
	}
	if (strcmp(word, "pass") == 0)
		f.mode = M_PASS;
	else if (strcmp(word, "reset-request") == 0)
		f.mode = M_RESET_REQ, bad = parse_place(arg, &f);
	else if (strcmp(word, "reset-response") == 0)
		f.mode = M_RESET_RESP, bad = parse_place(arg, &f);
	else if (strcmp(word, "truncate") == 0)
		f.mode = M_TRUNCATE, bad = parse_place(arg, &f);
	else if (strcmp(word, "delay") == 0)
		f.mode = M_DELAY, bad = parse_number(arg, &f);
	else if (strcmp(word, "delay-response") == 0)
		f.mode = M_DELAY_RESP, bad = parse_number(arg, &f);
	else if (strcmp(word, "garbage") == 0)
		f.mode = M_GARBAGE, bad = parse_number(arg, &f) || f.n > GARBAGE_MAX;
	else if (strcmp(word, "garbage-200") == 0)
		f.mode = M_GARBAGE_200;
	else if (strcmp(word, "trickle") == 0)
		f.mode = M_TRICKLE, bad = parse_number(arg, &f);
	else if (strcmp(word, "drop") == 0)
		f.mode = M_DROP;
	else if (strcmp(word, "kill-after-request") == 0)
		f.mode = M_KILL_AFTER_REQ, bad = parse_number(arg, &f) || f.n <= 1;
	else if (strcmp(word, "kill-on-response") == 0)
		f.mode = M_KILL_ON_RESP, bad = parse_number(arg, &f) || f.n <= 1;
	else
		bad = 1;
	if (bad) {
		say("bad control line: %s", line);
		f.mode = M_PASS;
		snprintf(f.text, sizeof f.text, "pass");
		return f;
	}
	snprintf(f.text, sizeof f.text, "%s%s%s%s%s", word, arg ? " " : "", arg ? arg : "",
	         opt ? " " : "", opt ? opt : "");
	return f;
}

/* The fault for the next connection: the control file's first line, removed
 * when it says "once" (rewritten through a temporary file and rename, so a
 * test writing the file the same way never sees half a file). */
static struct fault next_fault(const char *control)
{
	struct fault f = parse_fault("pass");
	if (control == NULL)
		return f;
	FILE *in = fopen(control, "r");
	if (in == NULL)
		return f;
	char line[256] = "", rest[8192];
	size_t rest_len = 0;
	int have = 0;
	while (fgets(line, sizeof line, in) != NULL) {
		if (line[0] == '#' || strspn(line, " \t\r\n") == strlen(line))
			continue;
		have = 1;
		break;
	}
	if (have)
		rest_len = fread(rest, 1, sizeof rest, in);
	fclose(in);
	if (!have)
		return f;
	f = parse_fault(line);
	if (strncmp(line, "once", 4) == 0 && (line[4] == ' ' || line[4] == '\t')) {
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s.proxy-tmp", control);
		FILE *out = fopen(tmp, "w");
		if (out != NULL) {
			fwrite(rest, 1, rest_len, out);
			fclose(out);
			rename(tmp, control);
		}
	}
	return f;
}

static int buf_add(struct buf *b, const char *p, size_t n)
{
	if (n == 0)
		return 0;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 16384;
		while (cap < b->len + n)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (d == NULL)
			return -1;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

static void buf_drop(struct buf *b, size_t n)
{
	if (n == 0)
		return;
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}

/* Learn where the first message's header and body end from bytes at
 * offset `at` of this direction. */
static void frame(struct framing *fr, long long at, const char *p, size_t n)
{
	while (n > 0 && !fr->done) {
		if (fr->hdr_end >= 0) {
			/* In the body of a message before the wanted one: skip it. */
			long long left = fr->total - at;
			if ((long long)n < left)
				return;
			at += left, p += left, n -= (size_t)left;
			fr->msg_no++;
			fr->msg_start = fr->total;
			fr->hdr_len = 0;
			fr->hdr_end = fr->total = -1;
			continue;
		}
		size_t take = n;
		if (take > sizeof fr->hdr - 1 - fr->hdr_len)
			take = sizeof fr->hdr - 1 - fr->hdr_len;
		if (take == 0) {
			fr->done = 1; /* header too long: places stay unknown */
			return;
		}
		memcpy(fr->hdr + fr->hdr_len, p, take);
		fr->hdr_len += take;
		fr->hdr[fr->hdr_len] = '\0';
		char *blank = strstr(fr->hdr, "\r\n\r\n");
		if (blank == NULL)
			return;
		size_t hlen = (size_t)(blank - fr->hdr) + 4;
		size_t consumed = hlen - (fr->hdr_len - take);
		long long hdr_end = fr->msg_start + (long long)hlen;
		at += (long long)consumed, p += consumed, n -= consumed;
		if (strncmp(fr->hdr, "HTTP/1.", 7) == 0 && fr->hdr[9] == '1') {
			/* An interim 100 Continue: the real response follows. */
			fr->msg_start = hdr_end;
			fr->hdr_len = 0;
			continue;
		}
		long long total = -1;
		for (char *line = strstr(fr->hdr, "\r\n"); line != NULL && line < blank;
		     line = strstr(line + 2, "\r\n")) {
			if (strncasecmp(line + 2, "Content-Length:", 15) == 0)
				total = hdr_end + strtoll(line + 17, NULL, 10);
		}
		if (total < 0 && strncmp(fr->hdr, "GET ", 4) == 0)
			total = hdr_end;
		if (fr->msg_no == fr->want) {
			fr->hdr_end = hdr_end;
			fr->total = total;
			fr->done = 1;
		} else if (total < 0) {
			fr->done = 1; /* cannot tell where the next message starts */
		} else {
			fr->hdr_end = hdr_end;
			fr->total = total;
		}
	}
}

/* The byte offset at which this direction's fault fires; -1 not known yet
 * (then nothing seen so far can be at or past it). */
static long long place_offset(const struct fault *f, const struct framing *fr)
{
	if (f->place == P_START && fr->msg_no == fr->want)
		return fr->msg_start;
	if (f->place != P_BYTES && (fr->msg_no != fr->want || !fr->done))
		return -1;
	switch (f->place) {
	case P_BYTES:
		return f->n;
	case P_START:
		return fr->msg_start;
	case P_HEADER_END:
		return fr->hdr_end;
	case P_BODY_MIDDLE:
		if (fr->total < 0)
			return fr->hdr_end;
		return fr->hdr_end + (fr->total - fr->hdr_end) / 2;
	case P_LAST:
		if (fr->total < 0)
			return fr->hdr_end;
		return fr->total > 0 ? fr->total - 1 : 0;
	}
	return -1;
}

static void hard_close(int fd)
{
	if (fd < 0)
		return;
	struct linger lg = { 1, 0 };
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(fd);
}

static void conn_end(struct conn *c, const char *how, int reset_client, int reset_target)
{
	/* Captures are whole before the line that says the connection ended. */
	for (int i = 0; i < 2; i++)
		if (c->cap[i] != NULL)
			fclose(c->cap[i]);
	c->cap[0] = c->cap[1] = NULL;
	say("conn %u close up=%lld down=%lld how=%s", c->id, c->up.forwarded, c->down.forwarded,
	    how);
	if (reset_client)
		hard_close(c->up.from);
	else if (c->up.from >= 0)
		close(c->up.from);
	if (reset_target)
		hard_close(c->up.to);
	else if (c->up.to >= 0)
		close(c->up.to);
	free(c->up.pending.data);
	free(c->down.pending.data);
	memset(c, 0, sizeof *c);
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void conn_open(struct conn *c, unsigned id, int cfd, const struct sockaddr_in *target,
                      const char *control, const char *capture)
{
	memset(c, 0, sizeof *c);
	c->used = 1;
	c->id = id;
	c->f = next_fault(control);
	c->accepted_ms = now_ms();
	c->up.fr.hdr_end = c->down.fr.hdr_end = -1;
	c->up.fr.total = c->down.fr.total = -1;
	c->up.fr.msg_no = c->down.fr.msg_no = 1;
	c->up.fr.want = c->down.fr.want = c->f.request;
	c->up.from = c->down.to = cfd;
	c->up.to = c->down.from = -1;
	say("conn %u accept %s", id, c->f.text);
	for (int i = 0; capture != NULL && i < 2; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%u.%s", capture, id, i ? "down" : "up");
		c->cap[i] = fopen(path, "w");
	}
	if (c->f.mode == M_DROP) {
		conn_end(c, "drop", 0, 0);
		return;
	}
	int sfd = socket(AF_INET, SOCK_STREAM, 0);
	if (sfd < 0 || connect(sfd, (const struct sockaddr *)target, sizeof *target) < 0) {
		say("conn %u target: %s", id, strerror(errno));
		if (sfd >= 0)
			close(sfd);
		conn_end(c, "error", 1, 0);
		return;
	}
	set_nonblock(cfd);
	set_nonblock(sfd);
	c->up.to = c->down.from = sfd;
	if (c->f.mode == M_DELAY)
		c->hold_until_ms = c->accepted_ms + c->f.n;
}

/* Write what may go now from d->pending to d->to; returns -1 on a write error. */
static int flush_dir(struct conn *c, struct dir *d, int is_down, long long now)
{
	while (d->pending.len > 0) {
		size_t n = d->pending.len;
		if (now < c->hold_until_ms)
			return 0;
		if (is_down && c->f.mode == M_DELAY_RESP && now < c->resp_first_ms + c->f.n)
			return 0;
		if (is_down && c->f.mode == M_TRICKLE) {
			if (now < c->next_trickle_ms)
				return 0;
			n = 1;
			c->next_trickle_ms = now + c->f.n;
		}
		ssize_t w = write(d->to, d->pending.data, n);
		if (w < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		if (c->cap[is_down] != NULL) {
			fwrite(d->pending.data, 1, (size_t)w, c->cap[is_down]);
			fflush(c->cap[is_down]);
		}
		buf_drop(&d->pending, (size_t)w);
		d->forwarded += w;
	}
	if (d->eof && !d->shut) {
		shutdown(d->to, SHUT_WR);
		d->shut = 1;
	}
	return 0;
}

static const char garbage_body[] = "<html>this is not JSON</html>";

/* Replace the response with noise (or a 200 that is not JSON) and finish. */
static void send_garbage(struct conn *c)
{
	char noise[GARBAGE_MAX];
	size_t n;
	if (c->f.mode == M_GARBAGE_200) {
		n = (size_t)snprintf(noise, sizeof noise,
		                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
		                     sizeof garbage_body - 1, garbage_body);
	} else {
		uint32_t x = 2463534242u ^ c->id;
		n = (size_t)c->f.n;
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			noise[i] = (char)(x & 0xff);
		}
		if (n > 0 && noise[0] == 'H')
			noise[0] = 'h'; /* never looks like a status line */
	}
	/* Blocking for this small write: loopback takes it whole. */
	fcntl(c->down.to, F_SETFL, fcntl(c->down.to, F_GETFL) & ~O_NONBLOCK);
	ssize_t w = write(c->down.to, noise, n);
	c->down.forwarded += w > 0 ? w : 0;
	if (c->cap[1] != NULL && w > 0) {
		fwrite(noise, 1, (size_t)w, c->cap[1]);
		fflush(c->cap[1]);
	}
	conn_end(c, "fin", 0, 1);
}

/* Data arrived from the client: forward it, or the part before the fault. */
static void on_up(struct conn *c, const char *p, size_t n)
{
	struct dir *d = &c->up;
	long long at = d->received;
	d->received += (long long)n;
	frame(&d->fr, at, p, n);
	if (c->f.mode == M_RESET_REQ) {
		long long off = place_offset(&c->f, &d->fr);
		/* Fires on a byte past the place: up to it, all went through. */
		if (off >= 0 && off < at + (long long)n) {
			size_t keep = off > at ? (size_t)(off - at) : 0;
			if (keep > n)
				keep = n;
			buf_add(&d->pending, p, keep);
			c->faulted = 1;
			return;
		}
	}
	buf_add(&d->pending, p, n);
}

/* Data arrived from the target: forward it, hold it, or fault. */
static void on_down(struct conn *c, const char *p, size_t n, long long now)
{
	struct dir *d = &c->down;
	long long at = d->received;
	d->received += (long long)n;
	frame(&d->fr, at, p, n);
	if (!c->response_seen) {
		c->response_seen = 1;
		c->resp_first_ms = now;
		say("conn %u response-start", c->id);
		if (c->f.mode == M_KILL_ON_RESP) {
			kill((pid_t)c->f.n, SIGKILL);
			say("conn %u killed %lld", c->id, c->f.n);
			c->faulted = 1;
			return;
		}
		if (c->f.mode == M_GARBAGE || c->f.mode == M_GARBAGE_200) {
			c->faulted = 1;
			return;
		}
	}
	if (c->f.mode == M_RESET_RESP || c->f.mode == M_TRUNCATE) {
		long long off = place_offset(&c->f, &d->fr);
		/* Only once a byte past the place came: "reset-response start
		 * request=2" must wait until the server has answered. */
		if (off >= 0 && off < at + (long long)n) {
			size_t keep = off > at ? (size_t)(off - at) : 0;
			buf_add(&d->pending, p, keep);
			c->faulted = 1;
			return;
		}
	}
	buf_add(&d->pending, p, n);
}

/* Read one side; returns bytes read, 0 on FIN, -1 on reset/error, -2 would block. */
static ssize_t read_side(int fd, char *buf, size_t size)
{
	ssize_t r = read(fd, buf, size);
	if (r < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? -2 : -1;
	return r;
}

/* After reads and writes: act on a fault whose moment has come. */
static void settle(struct conn *c)
{
	if (!c->faulted)
		return;
	switch (c->f.mode) {
	case M_RESET_REQ:
		if (c->up.pending.len == 0)
			conn_end(c, "reset", 1, 1);
		break;
	case M_RESET_RESP:
		if (c->down.pending.len == 0)
			conn_end(c, "reset", 1, 1);
		break;
	case M_KILL_ON_RESP:
		conn_end(c, "reset", 1, 1);
		break;
	case M_TRUNCATE:
		if (c->down.pending.len == 0)
			conn_end(c, "fin", 0, 1);
		break;
	case M_GARBAGE:
	case M_GARBAGE_200:
		send_garbage(c);
		break;
	default:
		break;
	}
}

static void on_request_forwarded(struct conn *c)
{
	const struct framing *fr = &c->up.fr;
	if (c->request_end_seen || !fr->done || fr->msg_no != fr->want || fr->total < 0 ||
	    c->up.forwarded < fr->total)
		return;
	c->request_end_seen = 1;
	say("conn %u request-end %lld", c->id, c->up.fr.total);
	if (c->f.mode == M_KILL_AFTER_REQ) {
		kill((pid_t)c->f.n, SIGKILL);
		say("conn %u killed %lld", c->id, c->f.n);
	}
}

static void step(struct conn *c, short up_ev, short down_ev, long long now)
{
	char buf[65536];
	if (up_ev & (POLLIN | POLLHUP | POLLERR)) {
		ssize_t r = read_side(c->up.from, buf, sizeof buf);
		if (r > 0)
			on_up(c, buf, (size_t)r);
		else if (r == 0)
			c->up.eof = 1;
		else if (r == -1) {
			conn_end(c, "reset", 0, 1); /* the client reset: pass it on */
			return;
		}
	}
	if (c->used && (down_ev & (POLLIN | POLLHUP | POLLERR))) {
		ssize_t r = read_side(c->down.from, buf, sizeof buf);
		if (r > 0)
			on_down(c, buf, (size_t)r, now);
		else if (r == 0)
			c->down.eof = 1;
		else if (r == -1) {
			conn_end(c, "reset", 1, 0);
			return;
		}
	}
	if (flush_dir(c, &c->up, 0, now) < 0 || flush_dir(c, &c->down, 1, now) < 0) {
		conn_end(c, "error", 1, 1);
		return;
	}
	on_request_forwarded(c);
	settle(c);
	if (c->used && c->up.shut && c->down.shut)
		conn_end(c, "fin", 0, 0);
}

static volatile sig_atomic_t stopping;
static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

int main(int argc, char **argv)
{
	const char *listen_s = "127.0.0.1:0", *target_s = NULL, *control = NULL, *capture = NULL;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--listen") == 0)
			listen_s = argv[i + 1];
		else if (strcmp(argv[i], "--target") == 0)
			target_s = argv[i + 1];
		else if (strcmp(argv[i], "--control") == 0)
			control = argv[i + 1];
		else if (strcmp(argv[i], "--capture") == 0)
			capture = argv[i + 1];
		else
			target_s = NULL, i = argc;
	}
	struct sockaddr_in lsa, tsa;
	if (target_s == NULL || parse_addr(listen_s, &lsa) < 0 || parse_addr(target_s, &tsa) < 0) {
		fprintf(stderr, "usage: faultproxy --listen ADDR:PORT --target ADDR:PORT "
		                "[--control FILE] [--capture DIR]\n");
		return 64;
	}
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa = { 0 };
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	socklen_t sl = sizeof lsa;
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&lsa, sizeof lsa) < 0 || listen(lfd, 64) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&lsa, &sl) < 0) {
		fprintf(stderr, "faultproxy: cannot listen on %s: %s\n", listen_s, strerror(errno));
		return 71;
	}
	say("listening on %u", (unsigned)ntohs(lsa.sin_port));

	static struct conn conns[MAX_CONNS];
	unsigned next_id = 1;
	while (!stopping) {
		struct pollfd pf[1 + 2 * MAX_CONNS];
		int map[1 + 2 * MAX_CONNS], side[1 + 2 * MAX_CONNS];
		nfds_t n = 0;
		long long now = now_ms(), wake = -1;
		pf[n].fd = lfd, pf[n].events = POLLIN, map[n++] = -1;
		for (int i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];
			if (!c->used)
				continue;
			/* Back-pressure: read a side only while its output is drained. */
			short upw = c->up.pending.len ? POLLOUT : 0;
			short downw = c->down.pending.len ? POLLOUT : 0;
			short upr =
			    (!c->up.eof && !c->faulted && c->up.pending.len < BUF_MAX) ? POLLIN : 0;
			short downr = (!c->down.eof && !c->faulted && c->down.pending.len < BUF_MAX)
			                  ? POLLIN
			                  : 0;
			/* A side with nothing to wait for is left out: a closed peer
			 * would otherwise wake poll at once, again and again. */
			pf[n].events = upr | downw;
			pf[n].fd = pf[n].events ? c->up.from : -1;
			side[n] = 0, map[n++] = i;
			pf[n].events = downr | upw;
			pf[n].fd = pf[n].events ? c->up.to : -1;
			side[n] = 1, map[n++] = i;
			long long t = -1;
			if (c->hold_until_ms > now)
				t = c->hold_until_ms;
			if (c->down.pending.len && c->f.mode == M_DELAY_RESP)
				t = c->resp_first_ms + c->f.n;
			if (c->down.pending.len && c->f.mode == M_TRICKLE)
				t = c->next_trickle_ms;
			if (t >= 0 && (wake < 0 || t < wake))
				wake = t;
		}
		int timeout = wake < 0 ? 1000 : (int)(wake > now ? wake - now : 0);
		int r = poll(pf, n, timeout);
		if (r < 0 && errno != EINTR)
			break;
		now = now_ms();
		if (r > 0 && (pf[0].revents & POLLIN)) {
			int cfd = accept(lfd, NULL, NULL);
			int slot = -1;
			for (int i = 0; i < MAX_CONNS && slot < 0; i++)
				if (!conns[i].used)
					slot = i;
			if (cfd >= 0 && slot < 0)
				hard_close(cfd);
			else if (cfd >= 0)
				conn_open(&conns[slot], next_id++, cfd, &tsa, control, capture);
		}
		for (int i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];
			if (!c->used)
				continue;
			short up_ev = 0, down_ev = 0;
			for (nfds_t k = 1; k < n; k++) {
				if (map[k] != i)
					continue;
				if (side[k] == 0)
					up_ev = pf[k].revents;
				else
					down_ev = pf[k].revents;
			}
			step(c, up_ev, down_ev, now);
		}
	}
	for (int i = 0; i < MAX_CONNS; i++)
		if (conns[i].used)
			conn_end(&conns[i], "stopped", 1, 1);
	close(lfd);
	return 0;
}
