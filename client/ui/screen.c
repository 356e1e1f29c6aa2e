#include "client/ui/screen.h"
#include "client/ui/jobs.h"
#include "jobs/where.h"
#include "common/grow.h"
#include "client/sync-pid.h"
#include "common/i18n.h"
#include "db/store.h"

#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

enum { PAIR_GOOD = 1, PAIR_WARN, PAIR_ERROR, PAIR_BAR };

/* The screen's own rows: title, the field, the message (two rows, more
 * for a long sentence: it is said whole, never cut), key help. */
#define MSG_MIN_ROWS 2
#define MSG_MAX_ROWS 5
#define FIELD_ROW(u) (LINES - 2 - (u)->msg_rows)
#define MSG_ROW(u)   (LINES - 1 - (u)->msg_rows)
#define KEYS_ROW()   (LINES - 1)

void ui_start(struct ui *u)
{
	/* SIGTERM (systemctl stop, a shutdown) is read like a key, before
	 * initscr(): ncurses' own handler would end the program with status 1,
	 * and a stopped kiosk unit would count as failed. */
	sigset_t term;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, NULL);
	u->sigfd = signalfd(-1, &term, SFD_CLOEXEC | SFD_NONBLOCK);
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(50);
	curs_set(1);
	u->colour = has_colors();
	if (u->colour) {
		start_color();
		use_default_colors();
		init_pair(PAIR_GOOD, COLOR_GREEN, -1);
		init_pair(PAIR_WARN, COLOR_YELLOW, -1);
		init_pair(PAIR_ERROR, COLOR_RED, -1);
		init_pair(PAIR_BAR, COLOR_WHITE, COLOR_BLUE);
	}
}

void ui_stop(struct ui *u)
{
	endwin();
	if (u->sigfd >= 0)
		close(u->sigfd);
	u->sigfd = -1;
}

int ui_body_rows(const struct ui *u)
{
	int rows = FIELD_ROW(u) - 1;
	return rows > 0 ? rows : 0;
}

int ui_cols(void)
{
	return COLS;
}

/* Monochrome still tells the kinds apart: bold, underline, reverse. */
static attr_t kind_attr(int colour, enum ui_kind kind)
{
	switch (kind) {
	case UI_GOOD:
		return colour ? COLOR_PAIR(PAIR_GOOD) | A_BOLD : A_BOLD;
	case UI_WARN:
		return colour ? COLOR_PAIR(PAIR_WARN) | A_BOLD : A_BOLD | A_UNDERLINE;
	case UI_ERROR:
		return colour ? COLOR_PAIR(PAIR_ERROR) | A_BOLD : A_REVERSE;
	default:
		return A_NORMAL;
	}
}

static void put_cut(int row, attr_t attr, const char *text, int fill)
{
	/* Cut at COLS characters (UTF-8: count lead bytes only). */
	int n = 0, cols = 0;
	for (; text[n]; n++) {
		int lead = ((unsigned char)text[n] & 0xC0) != 0x80;
		if (lead && cols == COLS)
			break;
		cols += lead;
	}
	attrset(attr);
	move(row, 0);
	if (fill) {
		for (int i = 0; i < COLS; i++)
			addch(' ');
		move(row, 0);
	}
	addnstr(text, n);
	attrset(A_NORMAL);
}

/* Break m into lines of at most width columns, at spaces where it can:
 * start and length (bytes) of each; returns how many (at most max). */
static int wrap(const char *m, int width, int *start, int *len, int max)
{
	int n = 0, pos = 0;
	while (m[pos] && n < max) {
		while (m[pos] == ' ')
			pos++;
		if (!m[pos])
			break;
		int end = pos, cols = 0, space = -1;
		while (m[end]) {
			int lead = ((unsigned char)m[end] & 0xC0) != 0x80;
			if (lead && cols == width)
				break;
			if (m[end] == ' ')
				space = end;
			cols += lead;
			end++;
		}
		if (m[end] && space > pos)
			end = space; /* break at the last space that fits */
		start[n] = pos;
		len[n++] = end - pos;
		pos = end;
	}
	return n;
}

/* A scan's result (good, warning, error) gets a banner above its message:
 * a whole row in its colour (reverse video without colours) with one word
 * in the middle, readable at arm's length. */
static int has_banner(const struct ui *u)
{
	return u->msg[0] != '\0' && u->msg_kind != UI_INFO;
}

static void put_banner(const struct ui *u, int row)
{
	const char *word = u->msg_kind == UI_GOOD   ? _("OK")
	                   : u->msg_kind == UI_WARN ? _("WARNING")
	                                            : _("ERROR");
	attr_t a = u->colour ? kind_attr(u->colour, u->msg_kind) | A_REVERSE : A_REVERSE | A_BOLD;
	int cols = COLS > 0 ? COLS : 1, w = 0;
	for (const char *p = word; *p; p++)
		w += ((unsigned char)*p & 0xC0) != 0x80;
	attrset(a);
	move(row, 0);
	for (int i = 0; i < cols; i++)
		addch(' ');
	mvaddstr(row, w < cols ? (cols - w) / 2 : 0, word);
	attrset(A_NORMAL);
}

/* How many rows the message needs; the field and body make room. */
static void msg_layout(struct ui *u)
{
	int start[MSG_MAX_ROWS], len[MSG_MAX_ROWS];
	int n = wrap(u->msg, COLS > 0 ? COLS : 1, start, len, MSG_MAX_ROWS);
	u->msg_rows = (n < MSG_MIN_ROWS ? MSG_MIN_ROWS : n) + has_banner(u);
}

static void put_msg(const struct ui *u)
{
	int start[MSG_MAX_ROWS], len[MSG_MAX_ROWS];
	int n = wrap(u->msg, COLS > 0 ? COLS : 1, start, len, MSG_MAX_ROWS);
	attr_t a = kind_attr(u->colour, u->msg_kind);
	for (int i = 0; i < u->msg_rows; i++) {
		move(MSG_ROW(u) + i, 0);
		clrtoeol();
	}
	int first = MSG_ROW(u);
	if (has_banner(u))
		put_banner(u, first++);
	attrset(a);
	for (int i = 0; i < n; i++) {
		move(first + i, 0);
		addnstr(u->msg + start[i], len[i]);
	}
	attrset(A_NORMAL);
}

void ui_frame(struct ui *u, const char *title, const char *keys)
{
	char top[256];
	msg_layout(u);
	erase();
	attr_t bar = u->colour ? COLOR_PAIR(PAIR_BAR) | A_BOLD : A_REVERSE;
	if (u->signed_in)
		snprintf(top, sizeof(top), "%s  [%s]", title, u->sess.name);
	else
		snprintf(top, sizeof(top), "%s", title);
	put_cut(0, bar, top, 1);
	put_cut(KEYS_ROW(), bar, keys, 1);
	put_msg(u);
}

void ui_row(const struct ui *u, int row, enum ui_kind kind, int selected, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	if (row < 1 || row > ui_body_rows(u))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	put_cut(row, kind_attr(u->colour, kind) | (selected ? A_REVERSE : 0), line, selected);
}

void ui_say(struct ui *u, enum ui_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
	u->msg_kind = kind;
	int before = u->msg_rows;
	msg_layout(u);
	if (u->msg_rows < before) { /* rows the longer message had: clear them */
		for (int r = MSG_ROW(u) - (before - u->msg_rows); r < MSG_ROW(u); r++) {
			move(r, 0);
			clrtoeol();
		}
	}
	if (kind == UI_GOOD)
		feedback_signal(u->fb, FEEDBACK_GOOD);
	else if (kind == UI_WARN)
		feedback_signal(u->fb, FEEDBACK_WARNING);
	else if (kind == UI_ERROR)
		feedback_signal(u->fb, FEEDBACK_ERROR);
	put_msg(u);
}

void ui_recorded(struct ui *u)
{
	sync_pid_poke(store_path(u->store));
}

const char *ui_fit(char *buf, size_t size, const char *s, int width)
{
	size_t o = 0;
	int cols = 0;
	for (const char *p = s ? s : ""; *p && o + 1 < size; p++) {
		int lead = ((unsigned char)*p & 0xC0) != 0x80;
		if (lead && cols == width)
			break;
		cols += lead;
		buf[o++] = *p;
	}
	for (; cols < width && o + 1 < size; cols++)
		buf[o++] = ' ';
	buf[o] = '\0';
	return buf;
}

int ui_is_count(const char *s, long *out)
{
	if (s[0] == '\0' || strlen(s) > 9)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	*out = strtol(s, NULL, 10);
	return 1;
}

static void draw_field(const struct ui *u, const struct ui_field *f)
{
	char shown[160];
	size_t n = 0;
	n = (size_t)snprintf(shown, sizeof(shown), "%s: ", f->label ? f->label : "");
	if (n >= sizeof(shown))
		n = sizeof(shown) - 1;
	for (size_t i = 0; i < f->len && n + 1 < sizeof(shown); i++)
		shown[n++] = f->hidden ? '*' : (f->buf[i] == 0x1d ? '|' : f->buf[i]);
	shown[n] = '\0';
	move(FIELD_ROW(u), 0);
	clrtoeol();
	/* Keep the end of a long line in view: that is where typing goes. */
	const char *from = shown;
	if ((int)n >= COLS)
		from = shown + (n - (size_t)COLS + 1);
	addstr(from);
}

static int idle(struct ui *u)
{
	return u->signed_in && signin_expired(&u->sess, time(NULL), u->idle_s);
}

/* The terminal hung up (a closed SSH session, a killed tmux, a serial
 * console unplugged): no key can come any more, and poll() would report
 * the hangup at once, for ever.  Every acknowledged scan is committed
 * already, so there is nothing to save: close the store cleanly and end. */
static void terminal_gone(struct ui *u)
{
	store_close(u->store);
	exit(0);
}

/* Asked to stop (SIGTERM): the same, with the terminal given back. */
static void stopped(struct ui *u)
{
	endwin();
	store_close(u->store);
	exit(0);
}

void ui_read(struct ui *u, struct ui_field *f, struct ui_ev *ev)
{
	struct tally_err e = { 0 };
	time_t shown_at = time(NULL);
	memset(ev, 0, sizeof(*ev));
	ev->qty = -1;
	for (;;) {
		draw_field(u, f);
		refresh();
		struct pollfd p[3] = { { 0, POLLIN, 0 },
			               { -1, POLLIN, 0 },
			               { u->sigfd, POLLIN, 0 } };
		int wait = 500;
		if (u->scanner != NULL) {
			p[1].fd = scanner_fd(u->scanner);
			int t = scanner_timeout_ms(u->scanner);
			if (t >= 0 && t < wait)
				wait = t;
		}
		int ready = poll(p, 3, wait);
		if (ready > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			terminal_gone(u);
		if (ready > 0 && (p[2].revents & POLLIN))
			stopped(u);
		if (u->scanner != NULL && (ready == 0 || p[1].fd < 0 || p[1].revents != 0)) {
			struct scanner_input in;
			switch (scanner_read(u->scanner, &in, &e)) {
			case SCANNER_SCAN:
				signin_touch(&u->sess, time(NULL));
				ev->type = UI_EV_SCAN;
				snprintf(ev->text, sizeof(ev->text), "%s", in.text);
				ev->qty = in.qty;
				return;
			case SCANNER_BAD:
			case SCANNER_GONE:
				ui_say(u, UI_ERROR, "%s", e.msg);
				break;
			case SCANNER_END:
				scanner_close(u->scanner); /* a file ran out: keyboard only */
				u->scanner = NULL;
				break;
			default:
				break;
			}
		}
		int c;
		while ((c = getch()) != ERR) {
			signin_touch(&u->sess, time(NULL));
			if (c == KEY_RESIZE) {
				ev->type = UI_EV_RESIZE;
				return;
			}
			if (c == '\n' || c == '\r' || c == KEY_ENTER) {
				if (f->len == 0) {
					ev->type = UI_EV_KEY;
					ev->key = '\n';
					return;
				}
				ev->type = UI_EV_TEXT;
				memcpy(ev->text, f->buf, f->len);
				ev->text[f->len] = '\0';
				f->len = 0;
				memset(f->buf, 0, sizeof(f->buf)); /* a PIN does not linger */
				return;
			}
			if (c == KEY_BACKSPACE || c == 127 || c == 8) {
				if (f->len > 0)
					f->buf[--f->len] = '\0';
				draw_field(u, f);
				continue;
			}
			if ((c >= 0x20 && c < 0x7f) || c == 0x1d) {
				if (f->len + 1 < sizeof(f->buf)) {
					f->buf[f->len++] = (char)c;
					f->buf[f->len] = '\0';
				}
				draw_field(u, f);
				continue;
			}
			ev->type = UI_EV_KEY;
			ev->key = c;
			return;
		}
		if (idle(u)) {
			ev->type = UI_EV_IDLE;
			return;
		}
		if (f->tick && time(NULL) != shown_at) {
			ev->type = UI_EV_TICK;
			return;
		}
	}
}

long ui_pick(struct ui *u, const char *title, const char *const *items, size_t n,
             struct ui_field *f, struct ui_ev *ev)
{
	return ui_pick_numbered(u, title, items, NULL, n, 0, f, ev);
}

long ui_pick_numbered(struct ui *u, const char *title, const char *const *items, const int *numbers,
                      size_t n, int no_default, struct ui_field *f, struct ui_ev *ev)
{
	size_t sel = no_default ? (size_t)-1 : 0, top = 0;
	for (;;) {
		ui_frame(u, title, _("Arrows+Enter, No.  Esc back"));
		size_t rows = (size_t)ui_body_rows(u);
		if (sel != (size_t)-1 && sel < top)
			top = sel;
		if (sel != (size_t)-1 && rows > 0 && sel >= top + rows)
			top = sel - rows + 1;
		for (size_t i = top; i < n && i - top < rows; i++)
			ui_row(u, (int)(i - top) + 1, UI_INFO, i == sel, "%ld %s",
			       numbers ? (long)numbers[i] : (long)i + 1, items[i]);
		if (n == 0)
			ui_row(u, 1, UI_INFO, 0, "%s", _("(nothing to choose from)"));
		ui_read(u, f, ev);
		switch (ev->type) {
		case UI_EV_RESIZE:
			continue;
		case UI_EV_TEXT: {
			long k;
			/* A short number picks that row; anything else is a scan. */
			if (ui_is_count(ev->text, &k) && strlen(ev->text) <= 2) {
				for (size_t i = 0; i < n; i++)
					if (numbers ? numbers[i] == k : (long)i + 1 == k)
						return (long)i;
				if (numbers != NULL) {
					ui_say(u, UI_ERROR,
					       _("No %ld here: choose a number on the list."), k);
					continue;
				}
			}
			return -1;
		}
		case UI_EV_KEY:
			if (ev->key == KEY_UP && sel != (size_t)-1 && sel > 0)
				sel--;
			else if (ev->key == KEY_UP && sel == (size_t)-1 && n > 0)
				sel = n - 1;
			else if (ev->key == KEY_DOWN && (sel == (size_t)-1 || sel + 1 < n))
				sel = sel == (size_t)-1 ? 0 : sel + 1;
			else if (ev->key == '\n' && n > 0 && sel != (size_t)-1)
				return (long)sel;
			else if (ev->key == '\n' && n > 0)
				ui_say(u, UI_INFO, "%s",
				       _("Type a number, or arrows first, then Enter."));
			else if (ev->key == UI_KEY_ESC)
				return -1;
			continue;
		default:
			return -1;
		}
	}
}

enum ui_end ui_show(struct ui *u, const char *title, char *const *lines, size_t n)
{
	size_t top = 0;
	struct ui_field f = { .label = _("Enter/Esc") };
	struct ui_ev ev;
	for (;;) {
		ui_frame(u, title, _("Arrows scroll  Enter done"));
		size_t rows = (size_t)ui_body_rows(u);
		for (size_t i = top; i < n && i - top < rows; i++)
			ui_row(u, (int)(i - top) + 1, UI_INFO, 0, "%s", lines[i]);
		ui_read(u, &f, &ev);
		if (ev.type == UI_EV_IDLE)
			return UI_SIGNED_OUT;
		if (ev.type != UI_EV_KEY)
			continue;
		if (ev.key == KEY_UP && top > 0)
			top--;
		else if (ev.key == KEY_DOWN && top + rows < n)
			top++;
		else if (ev.key == '\n' || ev.key == UI_KEY_ESC)
			return UI_BACK;
	}
}

void ui_lines_add(struct ui_lines *l, const char *fmt, ...)
{
	char **v = grow(l->v, &l->cap, l->n, sizeof(*v));
	if (v == NULL)
		return; /* the screen shows one line less; nothing is lost */
	l->v = v;
	char buf[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if ((l->v[l->n] = strdup(buf)) != NULL)
		l->n++;
}

void ui_lines_wrap(struct ui_lines *l, const char *text)
{
	int width = ui_cols();
	if (width < 10)
		width = 10;
	const char *p = text;
	while (*p) {
		/* Take whole words while they fit (columns counted in UTF-8). */
		const char *end = p, *brk = NULL;
		int cols = 0;
		while (*end && cols < width) {
			if (*end == ' ')
				brk = end;
			end++;
			while ((*end & 0xC0) == 0x80)
				end++;
			cols++;
		}
		if (*end && *end != ' ' && brk != NULL && brk > p)
			end = brk;
		ui_lines_add(l, "%.*s", (int)(end - p), p);
		p = end;
		while (*p == ' ')
			p++;
	}
}

enum ui_end ui_show_lines(struct ui *u, const char *title, struct ui_lines *l)
{
	enum ui_end end = ui_show(u, title, l->v, l->n);
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct ui_lines){ 0 };
	return end;
}

void ui_job_input_init(struct ui_job_input *in, const char *leave_warning)
{
	*in = (struct ui_job_input){ .qty = -1, .leave_warning = leave_warning };
	in->f.label = in->label;
}

enum ui_job_ev ui_job_read(struct ui *u, struct ui_job_input *in, struct ui_ev *ev, long *qty)
{
	if (in->qty >= 0)
		snprintf(in->label, sizeof(in->label), _("Scan (qty %ld)"), in->qty);
	else
		snprintf(in->label, sizeof(in->label), "%s", _("Scan"));
	ui_read(u, &in->f, ev);
	if (ev->type == UI_EV_IDLE)
		return UI_JOB_IDLE;
	int esc = ev->type == UI_EV_KEY && ev->key == UI_KEY_ESC;
	if (!esc)
		in->esc = 0;
	long typed;
	/* Short digits typed are a quantity; a scan is never that short. */
	if (ev->type == UI_EV_TEXT && ui_is_count(ev->text, &typed) && strlen(ev->text) < 7) {
		in->qty = typed;
		ui_say(u, UI_INFO, _("Quantity %ld for the next pack: scan it."), typed);
		return UI_JOB_NONE;
	}
	if (ev->type == UI_EV_TEXT && where_is_name(ev->text)) {
		/* Letters typed: the article by name, never an unknown code. */
		struct article a = { 0 };
		int got = ui_choose_article(u, ev->text, NULL, &a);
		if (got < 0) {
			ev->type = UI_EV_IDLE;
			return UI_JOB_IDLE;
		}
		if (got == 0)
			return UI_JOB_NONE;
		snprintf(ev->text, sizeof(ev->text), "%s", a.id);
		article_free(&a);
	}
	if (ev->type == UI_EV_TEXT || ev->type == UI_EV_SCAN) {
		*qty = ev->qty >= 0 ? ev->qty : in->qty;
		in->qty = -1;
		return UI_JOB_SCAN;
	}
	if (esc && !in->esc) {
		in->esc = 1;
		ui_say(u, UI_WARN, "%s", in->leave_warning);
		return UI_JOB_NONE;
	}
	if (esc) {
		u->msg[0] = '\0';
		return UI_JOB_LEAVE;
	}
	return ev->type == UI_EV_KEY ? UI_JOB_KEY : UI_JOB_NONE;
}
