/*
 * ui/screen.h — the handheld screen (ncursesw): one title row, a body, the
 * input field, the message line and the key help row, designed for 30×16
 * and laid out again on resize.  Input comes from the keyboard (a
 * keyboard-wedge scanner types a line and Enter: that line is a scan) and
 * from the configured scanner; both end up as one struct ui_ev.  Only
 * presentation and input live here: the jobs are the workflow modules.
 */
#ifndef TALLY_CLIENT_UI_SCREEN_H
#define TALLY_CLIENT_UI_SCREEN_H

#include "jobs/signin.h"
#include "drivers/feedback.h"
#include "barcode/scan.h"
#include "drivers/scanner.h"

#include <stddef.h>

struct config;
struct store;

struct ui {
	struct config *cfg;
	const char *lang; /* the handheld's language: sign-in, users without one */
	struct store *store;
	struct scanner *scanner; /* NULL: the keyboard (wedge) only */
	struct feedback *fb;
	struct scan_config scan_cfg;
	char today[11];
	struct signin sess;
	int signed_in;
	long idle_s;
	int colour;
	int msg_kind;
	int msg_rows; /* rows the message takes now */
	char msg[512];
	int sigfd; /* SIGTERM, taken in ui_read(): a stop is a clean end */
};

/* What the message line shows and which signal goes with it. */
enum ui_kind { UI_INFO, UI_GOOD, UI_WARN, UI_ERROR };

enum ui_ev_type {
	UI_EV_TEXT,   /* a line typed in the field and Enter */
	UI_EV_SCAN,   /* a scan from the configured scanner */
	UI_EV_KEY,    /* a key that is not text: arrows, Enter on an empty field, F-keys, Esc */
	UI_EV_IDLE,   /* signed out for being idle */
	UI_EV_RESIZE, /* the terminal changed size: draw again */
	UI_EV_TICK,   /* a second passed (only for a field with `tick` set): draw again */
};

struct ui_ev {
	enum ui_ev_type type;
	int key;
	char text[FRAMER_MAX + 1];
	long qty; /* from the scanner's "TEXT<TAB>qty"; -1 when none */
};

struct ui_field {
	const char *label;
	char buf[128];
	size_t len;
	int hidden; /* a PIN: shown as stars */
	int tick;   /* return UI_EV_TICK about once a second (a running clock) */
};

/* How a job screen ends. */
enum ui_end { UI_BACK, UI_SIGNED_OUT };

#define UI_KEY_ESC 27

void ui_start(struct ui *u);
void ui_stop(struct ui *u);

/* Erase and draw the title, the key help and the message line. */
void ui_frame(struct ui *u, const char *title, const char *keys);
/* Rows of the body (rows 1 .. ui_body_rows(u)), columns of the screen. */
int ui_body_rows(const struct ui *u);
int ui_cols(void);
/* One body row (1-based), cut to the screen width; kind colours it. */
void ui_row(const struct ui *u, int row, enum ui_kind kind, int selected, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Put a sentence on the message line and give its signal (none for INFO). */
void ui_say(struct ui *u, enum ui_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Draw the field and wait for the next event; the idle clock is checked
 * while waiting and restarted by every key and scan. */
void ui_read(struct ui *u, struct ui_field *f, struct ui_ev *ev);

/* New records are in the store: let the sync daemon know. */
void ui_recorded(struct ui *u);

/* s cut or padded to exactly width columns (UTF-8 aware) in buf. */
const char *ui_fit(char *buf, size_t size, const char *s, int width);

/* Is s all digits (a typed count), and what is it? */
int ui_is_count(const char *s, long *out);

/* Choose from a list (arrows and Enter, or the digit of a row), or scan/type
 * into the field instead.  Returns the index chosen, or -1 with ev telling
 * what came instead (TEXT/SCAN, KEY Esc, IDLE). */
long ui_pick(struct ui *u, const char *title, const char *const *items, size_t n,
             struct ui_field *f, struct ui_ev *ev);

/* The same, each row shown with its own number (numbers[i], the one typed
 * to choose it); with no_default nothing is highlighted until an arrow is
 * pressed, so a stray Enter chooses nothing. */
long ui_pick_numbered(struct ui *u, const char *title, const char *const *items, const int *numbers,
                      size_t n, int no_default, struct ui_field *f, struct ui_ev *ev);

/* Show lines until a key is pressed; UI_SIGNED_OUT when idle. */
enum ui_end ui_show(struct ui *u, const char *title, char *const *lines, size_t n);

/* The scan field of a job screen (receive, drill, consume): a number typed
 * before a scan is the quantity of the next pack, and Esc asks once before
 * it leaves the job unfinished. */
struct ui_job_input {
	struct ui_field f;
	char label[64];
	long qty;                  /* typed for the next pack; -1: none */
	int esc;                   /* Esc pressed once */
	const char *leave_warning; /* said at the first Esc */
};
void ui_job_input_init(struct ui_job_input *in, const char *leave_warning);

enum ui_job_ev {
	UI_JOB_NONE,  /* handled here (a quantity, the first Esc, a resize): draw again */
	UI_JOB_SCAN,  /* ev->text is a scan; *qty its quantity, -1 when none */
	UI_JOB_KEY,   /* ev->key is for the job (F-keys, ...) */
	UI_JOB_LEAVE, /* Esc a second time */
	UI_JOB_IDLE,  /* signed out for being idle */
};
enum ui_job_ev ui_job_read(struct ui *u, struct ui_job_input *in, struct ui_ev *ev, long *qty);

/* The lines of a summary screen, collected as they are made: every job ends
 * on one (refill order, receipt, drill report, ...). */
struct ui_lines {
	char **v;
	size_t n, cap;
};
void ui_lines_add(struct ui_lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* text as lines of the screen's width, broken at spaces (a long article
 * name whole, never cut). */
void ui_lines_wrap(struct ui_lines *l, const char *text);
/* ui_show them under title, then free them. */
enum ui_end ui_show_lines(struct ui *u, const char *title, struct ui_lines *l);

#endif
