/*
 * web-page.h — what every page shares: the request's language, the layout
 * around a page's content (navigation, language switch, the time zone
 * said), translated strings, local times, and tables made from rows of
 * report JSON, shown as HTML or downloaded as CSV.
 *
 * A page builds one flat array of row objects (from the report JSON, never
 * computing a figure again) and a list of columns; the same pair gives the
 * HTML table and the CSV file, so the two never disagree.
 */
#ifndef TALLY_HUB_WEB_PAGE_H
#define TALLY_HUB_WEB_PAGE_H

#include "hub/account-session.h"
#include "hub/html.h"
#include "hub/web.h"

#include <jansson.h>

struct page {
	struct web *w;
	const struct web_request *rq;
	struct web_reply *out;
	const char *lang;        /* "nb" or "en" */
	const struct session *s; /* signed in, or NULL */
	struct html h;
};

enum web_col_kind {
	COL_TEXT,
	COL_INT,    /* a whole number; null shown as the column's null text */
	COL_TIME,   /* ISO 8601 UTC, shown local "2026-11-23 09:01" */
	COL_POLICY, /* a refill policy key, said in words */
	COL_TICK,   /* an empty box to tick on paper or screen (not in the CSV) */
	COL_NUM1,   /* a number with one decimal, in the page's language */
};

struct web_col {
	const char *key;
	const char *heading; /* N_() */
	enum web_col_kind kind;
	const char *null_text; /* N_(), for a null value on the page; NULL: "–" */
	int csv_only;          /* a grouping column: in the CSV, the group's heading on the page */
};

/* The string in the page's language. */
const char *page_tr(const struct page *p, const char *msgid) __attribute__((format_arg(2)));

/* The query argument name (bounded to WEB_QUERY_MAX, trimmed), or "". */
const char *page_arg(const struct page *p, const char *name, char *buf, size_t size);

/* <!doctype ...><main>: title (N_()) and the navigation. */
void page_begin(struct page *p, const char *title);
/* </main> the time zone said, the footer; sets the reply (200, HTML). */
void page_end(struct page *p);

/* ISO UTC time → local "YYYY-MM-DD HH:MM" (out: 20 bytes); "" for NULL. */
void page_local_time(const char *iso, char out[20]);

/*
 * rows (array of objects) as tables: a new table, under an <h2> of the
 * row's `group_title`, each time the value of `group_key` changes (NULL:
 * one table).  `empty` (N_()) is said when there are no rows.
 */
void page_table(struct page *p, const struct web_col *cols, size_t n_cols, json_t *rows,
                const char *group_key, const char *group_title, const char *empty);

/* Links to this page's CSV (comma, and semicolon for Norwegian Excel),
 * keeping its query. */
void page_csv_links(struct page *p, const char *const keep[]);

/* Is this request for the CSV (?format=csv)? */
int page_wants_csv(const struct page *p);

/* The reply as a CSV file: UTF-8 with BOM, CRLF, headings translated,
 * fields quoted as RFC 4180; ?sep=semicolon separates with ';'. */
void page_csv(struct page *p, const char *filename, const struct web_col *cols, size_t n_cols,
              json_t *rows);

/* "Name (ID)" of two keys of o (just the ID when there is no name). */
json_t *page_name_and_id(json_t *o, const char *name_key, const char *id_key);

/* A plain error page with status and a message (N_()). */
void page_error(struct page *p, int status, const char *message);

/* The hidden field carrying the session's CSRF token, inside a form. */
void page_csrf_field(struct page *p);

/* 303 See Other to a path of this hub. */
void page_redirect(struct page *p, const char *path);

/* A button that opens the browser's print dialog (tally.js). */
void page_print_button(struct page *p);

#endif
