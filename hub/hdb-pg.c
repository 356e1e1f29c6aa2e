/*
 * hdb-pg.c — the storage interface's PostgreSQL driver (libpq).
 *
 * `tally-hub --db postgresql://…` (or postgres://): any libpq connection
 * URI, multi-host included.  target_session_attrs is read-write unless
 * the string says otherwise: of several hosts, the primary is used.
 *
 * A statement is kept as its SQL with SQLite's parameters (`?`, `?N`,
 * `:name`) numbered `$n`, and run when first stepped (one round trip,
 * text parameters and results); its rows are then read one by one.  The
 * first time a connection runs a text it prepares it, and after that only
 * binds and runs it (hub/pg-statements.h says why).  A parameter bound as a whole number is sent as
 * int8, as a double as float8, anything else untyped so the server takes the type its place in the
 * statement asks for (where nothing does, the SQL says CAST(? AS TEXT)).
 *
 * The hub's SQL is written once, for both engines; what SQLite says its
 * own way and PostgreSQL cannot parse at all is turned into PostgreSQL's
 * words here, as the statement is prepared (translate()), each a
 * rewrite that keeps the meaning:
 *   - `INDEXED BY name` and a unary `+` before a column are SQLite's
 *     planner hints (which index, or none): dropped;
 *   - `a IS b` / `a IS NOT b` with b other than NULL, TRUE or FALSE is
 *     SQLite's null-safe comparison: IS [NOT] DISTINCT FROM;
 *   - a bare `user` is the column or table of that name (PostgreSQL's
 *     reserved word for the current role): quoted;
 *   - char(n) is chr(n), instr(s, t) strpos(s, t);
 *   - a parameter tested with IS [NOT] NULL and nothing else is given a
 *     type, text (PostgreSQL must know every parameter's type).
 * SQLite functions the SQL uses that PostgreSQL lacks (json_extract,
 * json_each, json_insert, group_concat) are defined in the PostgreSQL
 * schema itself (hub-schema-pg.c), under the same names.
 *
 * Failures are mapped to the interface's codes by SQLSTATE: unique and
 * other integrity violations are HDB_CONSTRAINT; serialization failures
 * and deadlocks HDB_BUSY; a lost connection, a server shutting down or a
 * standby that cannot write HDB_UNAVAILABLE.  After one of those the
 * connection is reset (PQreset: every host of the string tried again, so a
 * promoted standby is found) before the next statement outside a
 * transaction; inside one the caller rolls back, and nothing of it was
 * committed.
 *
 * A connection that cannot be made at all is HDB_CONFIG where retrying
 * would never help -- a string libpq cannot read, or a server refusing
 * the database (SQLSTATE 3D000), role (28000) or password (28P01) it
 * names -- with a message saying what to correct; anything else (a server
 * down, starting, out of connections) HDB_UNAVAILABLE.
 *
 * libpq's messages never carry the connection string's password (where
 * it quotes a string it cannot read, the password is left out here), and
 * the connection string is never put in a message here.
 */
#include "hub/hdb-driver.h"
#include "hub/pg-statements.h"
#include "common/i18n.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OID_BOOL    16
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_OID     26
#define OID_FLOAT4  700
#define OID_FLOAT8  701
#define OID_NUMERIC 1700

/* Advisory locks the open transaction holds: asked for again, they are
 * known held without a round trip (the change log asks for its lock at
 * every change it writes). */
#define PG_HELD_MAX 40

struct pg {
	struct hdb base;
	PGconn *c;
	int reset; /* the connection is to be reset before its next use */
	int errcode;
	int changes;
	struct pg_statements *prepared;
	int64_t held[PG_HELD_MAX];
	unsigned char held_shared[PG_HELD_MAX];
	int n_held;
	char err[512];
};

struct pg_stmt {
	struct hdb_stmt base;
	struct pg *db;
	char *sql;     /* with $n parameters */
	int n;         /* parameters */
	char **names;  /* [n]: a :name parameter's name, else NULL */
	char **vals;   /* [n]: text of each bound value, NULL for NULL */
	Oid *types;    /* [n] */
	PGresult *res; /* the rows, once run */
	int row, rows;
};

static const struct hdb_ops pg_ops;

static void set_err(struct pg *db, int code, const char *msg)
{
	db->errcode = code;
	snprintf(db->err, sizeof(db->err), "%s", msg != NULL ? msg : "");
	size_t n = strlen(db->err); /* libpq ends its messages with a newline */
	while (n > 0 && (db->err[n - 1] == '\n' || db->err[n - 1] == ' '))
		db->err[--n] = '\0';
}

/* The interface's code for a failed result (NULL: no result at all). */
static int code_of(struct pg *db, const PGresult *r)
{
	const char *state = r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	int code = HDB_ERROR;
	if (PQstatus(db->c) == CONNECTION_BAD || state == NULL)
		code = HDB_UNAVAILABLE;
	else if (strncmp(state, "23", 2) == 0)
		code = HDB_CONSTRAINT;
	else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	         strcmp(state, "55P03") == 0)
		code = HDB_BUSY;
	else if (strcmp(state, "53100") == 0)
		code = HDB_FULL;
	else if (strncmp(state, "53", 2) == 0)
		code = HDB_NOMEM;
	else if (strcmp(state, "42501") == 0)
		code = HDB_PERM;
	else if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	         strcmp(state, "25006") == 0) /* a standby: the primary is elsewhere now */
		code = HDB_UNAVAILABLE;
	if (code == HDB_UNAVAILABLE)
		db->reset = 1;
	set_err(db, code, r != NULL ? PQresultErrorMessage(r) : PQerrorMessage(db->c));
	return code;
}

/* What every session of the hub is set to (store_pg_open says why), on
 * every connection, the first and each one made again. */
static int session(struct pg *db)
{
	PGresult *r =
	    PQexec(db->c, "SET synchronous_commit TO on; SET TIME ZONE 'UTC'; SET jit TO off");
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? HDB_OK : code_of(db, r);
	PQclear(r);
	return rc;
}

/* Before a statement outside a transaction: a broken connection is made
 * again (every host of the connection string is tried). */
static int ready(struct pg *db)
{
	if (PQstatus(db->c) == CONNECTION_OK && !db->reset)
		return HDB_OK;
	if (PQstatus(db->c) == CONNECTION_OK && PQtransactionStatus(db->c) != PQTRANS_IDLE)
		return HDB_OK; /* inside a transaction: the caller rolls back first */
	PQreset(db->c);
	pg_statements_forget(db->prepared); /* a new session knows none */
	db->n_held = 0;
	if (PQstatus(db->c) != CONNECTION_OK) {
		db->reset = 1;
		set_err(db, HDB_UNAVAILABLE, PQerrorMessage(db->c));
		return HDB_UNAVAILABLE;
	}
	db->reset = 0;
	return session(db);
}

/* 1 when sql can be run again after a lost connection whatever became of
 * it: it changes nothing (a read, or the start of a transaction) and was
 * sent outside a transaction.  A pooled connection learns that its server
 * went away only when it is next used; so it is made again and the
 * statement retried once, rather than every connection of the pool
 * failing one request each after a restart. */
static int retry_safe(struct pg *db, int was_idle, const char *sql)
{
	return was_idle && db->reset &&
	       (strncasecmp(sql, "SELECT", 6) == 0 || strncasecmp(sql, "BEGIN", 5) == 0);
}

/* Does sql begin or end a transaction?  Then the advisory locks known
 * held are no longer. */
static int ends_transaction(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	return strncasecmp(sql, "BEGIN", 5) == 0 || strncasecmp(sql, "COMMIT", 6) == 0 ||
	       strncasecmp(sql, "ROLLBACK", 8) == 0 || strncasecmp(sql, "END", 3) == 0 ||
	       strncasecmp(sql, "START", 5) == 0 || strncasecmp(sql, "ABORT", 5) == 0;
}

static int run(struct pg *db, const char *sql)
{
	if (ends_transaction(sql))
		db->n_held = 0;
	for (int attempt = 0;; attempt++) {
		int rc = ready(db);
		if (rc != HDB_OK)
			return rc;
		int idle = PQtransactionStatus(db->c) == PQTRANS_IDLE;
		PGresult *r = PQexec(db->c, sql);
		ExecStatusType s = PQresultStatus(r);
		rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? HDB_OK : code_of(db, r);
		if (rc == HDB_OK)
			db->changes = atoi(PQcmdTuples(r));
		PQclear(r);
		if (rc != HDB_UNAVAILABLE || attempt > 0 || !retry_safe(db, idle, sql))
			return rc;
	}
}

static void pg_close(struct hdb *s)
{
	struct pg *db = (struct pg *)s;
	PQfinish(db->c);
	pg_statements_free(db->prepared);
	free(db);
}

static const char *pg_errmsg(struct hdb *s)
{
	return ((struct pg *)s)->err;
}
static int pg_errcode(struct hdb *s)
{
	return ((struct pg *)s)->errcode;
}
static int pg_exec(struct hdb *s, const char *sql)
{
	return run((struct pg *)s, sql);
}
static int pg_begin(struct hdb *s)
{
	return run((struct pg *)s, "BEGIN");
}

/* One snapshot for every statement until the end: a page of the change
 * feed and the newest cursor are read as of the same moment. */
static int pg_begin_read(struct hdb *s)
{
	return run((struct pg *)s, "BEGIN ISOLATION LEVEL REPEATABLE READ");
}

static int pg_commit(struct hdb *s)
{
	return run((struct pg *)s, "COMMIT");
}

static void pg_rollback(struct hdb *s)
{
	struct pg *db = (struct pg *)s;
	db->n_held = 0;
	if (PQstatus(db->c) == CONNECTION_OK && PQtransactionStatus(db->c) != PQTRANS_IDLE)
		PQclear(PQexec(db->c, "ROLLBACK"));
}

static int pg_autocommit(struct hdb *s)
{
	struct pg *db = (struct pg *)s;
	return PQstatus(db->c) != CONNECTION_OK || PQtransactionStatus(db->c) == PQTRANS_IDLE;
}

static int pg_lock(struct hdb *s, int64_t key, int shared)
{
	struct pg *db = (struct pg *)s;
	int in_transaction = PQtransactionStatus(db->c) == PQTRANS_INTRANS;
	/* Held exclusively covers a shared request too; held shared does
	 * not cover an exclusive one. */
	for (int i = 0; in_transaction && i < db->n_held; i++)
		if (db->held[i] == key && (shared || !db->held_shared[i]))
			return HDB_OK;
	char text[24];
	snprintf(text, sizeof(text), "%lld", (long long)key);
	const char *vals[1] = { text };
	const Oid types[1] = { OID_INT8 };
	PGresult *r = PQexecParams(db->c,
	                           shared ? "SELECT pg_advisory_xact_lock_shared($1)"
	                                  : "SELECT pg_advisory_xact_lock($1)",
	                           1, types, vals, NULL, NULL, 0);
	int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? HDB_OK : code_of(db, r);
	PQclear(r);
	if (rc == HDB_OK && in_transaction && db->n_held < PG_HELD_MAX) {
		db->held_shared[db->n_held] = shared;
		db->held[db->n_held++] = key;
	}
	return rc;
}

static int pg_changes(struct hdb *s)
{
	return ((struct pg *)s)->changes;
}

/* A growing string. */
struct buf {
	char *s;
	size_t n, cap;
	int failed;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *p = realloc(b->s, cap);
		if (p == NULL) {
			b->failed = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* The parameter number a :name has, given one if new. */
static int name_number(struct pg_stmt *st, const char *name, size_t len, int *max)
{
	for (int i = 0; i < *max; i++)
		if (st->names[i] != NULL && strlen(st->names[i]) == len &&
		    strncmp(st->names[i], name, len) == 0)
			return i + 1;
	int k = ++*max;
	st->names[k - 1] = strndup(name, len);
	return k;
}

/* The word at p (letters, digits, '_'), its length. */
static size_t word_len(const char *p)
{
	size_t n = 0;
	while (is_name_char(p[n]))
		n++;
	return n;
}

static int word_is(const char *p, size_t n, const char *w)
{
	return n == strlen(w) && strncasecmp(p, w, n) == 0;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	return p;
}

/* SQLite's words at sql + i that PostgreSQL says otherwise (see the top
 * of this file): the text to put and the characters taken, or 0. */
static size_t dialect(const char *sql, size_t i, struct buf *b)
{
	const char *p = sql + i;
	size_t n = word_len(p);
	if (word_is(p, n, "INDEXED")) {
		const char *q = skip_space(p + n);
		size_t k = word_len(q);
		if (word_is(q, k, "BY")) {
			q = skip_space(q + k);
			return (size_t)(q + word_len(q) - p);
		}
	}
	if (word_is(p, n, "IS")) {
		const char *q = skip_space(p + n);
		size_t k = word_len(q);
		int not = word_is(q, k, "NOT");
		const char *r = not ? skip_space(q + k) : q;
		size_t m = word_len(r);
		if (word_is(r, m, "NULL") || word_is(r, m, "TRUE") || word_is(r, m, "FALSE") ||
		    word_is(r, m, "DISTINCT") || (!not &&word_is(r, m, "NOT")))
			return 0;
		const char *with = not ? "IS DISTINCT FROM " : "IS NOT DISTINCT FROM ";
		put(b, with, strlen(with));
		return (size_t)(r - p);
	}
	if (word_is(p, n, "user") && (i == 0 || sql[i - 1] != '.')) {
		put(b, "\"user\"", 6);
		return n;
	}
	if (word_is(p, n, "char") && p[n] == '(') {
		put(b, "chr", 3);
		return n;
	}
	if (word_is(p, n, "instr") && p[n] == '(') { /* instr(s, t): strpos(s, t) */
		put(b, "strpos", 6);
		return n;
	}
	return 0;
}

/* SQLite's parameters numbered as PostgreSQL's, and its dialect turned
 * into PostgreSQL's.  Quoted text, quoted names and comments are copied
 * as they are; `::` (a cast) is not a parameter. */
static int translate(struct pg_stmt *st, const char *sql)
{
	size_t len = strlen(sql);
	/* Never more parameters than characters. */
	st->names = calloc(len + 1, sizeof(char *));
	if (st->names == NULL)
		return HDB_NOMEM;
	struct buf b = { 0 };
	int max = 0;
	for (size_t i = 0; i < len;) {
		char c = sql[i];
		size_t j = i + 1;
		int word_start = is_name_char(c) && (i == 0 || !is_name_char(sql[i - 1]));
		size_t took;
		if (word_start && !(c >= '0' && c <= '9') && (took = dialect(sql, i, &b)) > 0) {
			j = i + took;
		} else if (word_start) {
			j = i + word_len(sql + i);
			put(&b, sql + i, j - i);
		} else if (c == '+' && (sql[j] == '_' || (sql[j] >= 'a' && sql[j] <= 'z')) &&
		           i > 0 && (sql[i - 1] == ' ' || sql[i - 1] == '(')) {
			/* a unary plus: SQLite's "no index for this column" */
		} else if (c == '\'' || c == '"') {
			while (j < len && sql[j] != c)
				j++;
			j = j < len ? j + 1 : len; /* '' inside is two quoted runs */
			put(&b, sql + i, j - i);
		} else if (c == '-' && sql[j] == '-') {
			while (j < len && sql[j] != '\n')
				j++;
			put(&b, sql + i, j - i);
		} else if (c == '/' && sql[j] == '*') {
			const char *end = strstr(sql + j + 1, "*/");
			j = end != NULL ? (size_t)(end - sql) + 2 : len;
			put(&b, sql + i, j - i);
		} else if (c == ':' && sql[j] == ':') {
			put(&b, "::", 2);
			j = i + 2;
		} else if (c == '?' ||
		           ((c == ':' || c == '@' || c == '$') && is_name_char(sql[j]) &&
		            !(c == '$' && sql[j] >= '0' && sql[j] <= '9'))) {
			int k;
			if (c == '?' && sql[j] >= '0' && sql[j] <= '9') {
				k = (int)strtol(sql + j, NULL, 10);
				while (j < len && sql[j] >= '0' && sql[j] <= '9')
					j++;
				if (k > max)
					max = k;
			} else if (c == '?') {
				k = ++max;
			} else {
				while (j < len && is_name_char(sql[j]))
					j++;
				k = name_number(st, sql + i, j - i, &max);
			}
			if (k < 1 || (size_t)k > len) {
				free(b.s);
				st->n = max;
				return HDB_RANGE;
			}
			/* `? IS NULL` alone says nothing of the parameter's type,
			 * which PostgreSQL must know: text, unless the value bound
			 * says otherwise (a number is sent as such). */
			const char *q = skip_space(sql + j);
			size_t w = word_len(q);
			int is_null = 0;
			if (word_is(q, w, "IS")) {
				const char *r = skip_space(q + w);
				size_t m = word_len(r);
				if (word_is(r, m, "NOT"))
					r = skip_space(r + m), m = word_len(r);
				is_null = word_is(r, m, "NULL");
			}
			char dollar[32];
			int n = snprintf(dollar, sizeof(dollar),
			                 is_null ? "CAST($%d AS TEXT)" : "$%d", k);
			put(&b, dollar, (size_t)n);
		} else {
			put(&b, sql + i, 1);
		}
		i = j;
	}
	st->n = max;
	if (b.failed || b.s == NULL) {
		free(b.s);
		return HDB_NOMEM;
	}
	st->sql = b.s;
	st->vals = calloc((size_t)max + 1, sizeof(char *));
	st->types = calloc((size_t)max + 1, sizeof(Oid));
	return st->vals != NULL && st->types != NULL ? HDB_OK : HDB_NOMEM;
}

static void clear_result(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->rows = 0;
}

static void pg_finalize(struct hdb_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	clear_result(st);
	for (int i = 0; st->names != NULL && i < st->n; i++)
		free(st->names[i]);
	for (int i = 0; st->vals != NULL && i < st->n; i++)
		free(st->vals[i]);
	free(st->names);
	free(st->vals);
	free(st->types);
	free(st->sql);
	free(st);
}

static int pg_prepare(struct hdb *s, const char *sql, struct hdb_stmt **out)
{
	struct pg_stmt *st = calloc(1, sizeof(*st));
	if (st == NULL)
		return HDB_NOMEM;
	st->base.ops = &pg_ops;
	st->db = (struct pg *)s;
	st->row = -1;
	int rc = translate(st, sql);
	if (rc != HDB_OK) {
		set_err(st->db, rc, "cannot prepare the statement");
		pg_finalize(&st->base);
		return rc;
	}
	*out = &st->base;
	return HDB_OK;
}

static int pg_step(struct hdb_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	struct pg *db = st->db;
	if (st->res == NULL) {
		for (int attempt = 0;; attempt++) {
			int rc = ready(db);
			if (rc != HDB_OK)
				return rc;
			int idle = PQtransactionStatus(db->c) == PQTRANS_IDLE;
			char name[24];
			PGresult *failed = NULL;
			int prepared = pg_statements_get(db->prepared, db->c, st->sql, st->n,
			                                 st->types, name, &failed);
			if (prepared > 0)
				st->res =
				    PQexecPrepared(db->c, name, st->n,
				                   (const char *const *)st->vals, NULL, NULL, 0);
			else if (prepared == 0)
				st->res =
				    PQexecParams(db->c, st->sql, st->n, st->types,
				                 (const char *const *)st->vals, NULL, NULL, 0);
			else
				st->res = failed;
			ExecStatusType status = PQresultStatus(st->res);
			if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
				break;
			rc = code_of(db, st->res);
			clear_result(st);
			if (rc != HDB_UNAVAILABLE || attempt > 0 || !retry_safe(db, idle, st->sql))
				return rc;
		}
		db->changes = atoi(PQcmdTuples(st->res));
		st->rows = PQntuples(st->res);
		st->row = -1;
	}
	if (st->row < st->rows)
		st->row++;
	return st->row < st->rows ? HDB_ROW : HDB_DONE;
}

static int pg_reset(struct hdb_stmt *s)
{
	clear_result((struct pg_stmt *)s);
	return HDB_OK;
}

static int bind(struct pg_stmt *st, int i, char *text, Oid type)
{
	if (i < 1 || i > st->n) {
		free(text);
		return HDB_RANGE;
	}
	clear_result(st); /* as SQLite: a new binding is for the next run */
	free(st->vals[i - 1]);
	st->vals[i - 1] = text;
	st->types[i - 1] = type;
	return HDB_OK;
}

static int pg_clear(struct hdb_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	for (int i = 1; i <= st->n; i++)
		bind(st, i, NULL, 0);
	return HDB_OK;
}

static int pg_index(struct hdb_stmt *s, const char *name)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	for (int i = 0; i < st->n; i++)
		if (st->names[i] != NULL && strcmp(st->names[i], name) == 0)
			return i + 1;
	return 0;
}

static int pg_bind_text(struct hdb_stmt *s, int i, const char *text, int n, int owned)
{
	char *copy = text == NULL ? NULL
	             : owned      ? (char *)text
	             : n < 0      ? strdup(text)
	                          : strndup(text, (size_t)n);
	if (text != NULL && copy == NULL)
		return HDB_NOMEM;
	return bind((struct pg_stmt *)s, i, copy, 0);
}

static int pg_bind_int64(struct hdb_stmt *s, int i, int64_t v)
{
	char text[24];
	snprintf(text, sizeof(text), "%lld", (long long)v);
	char *copy = strdup(text);
	return copy != NULL ? bind((struct pg_stmt *)s, i, copy, OID_INT8) : HDB_NOMEM;
}

static int pg_bind_double(struct hdb_stmt *s, int i, double v)
{
	char text[40];
	snprintf(text, sizeof(text), "%.17g", v);
	char *copy = strdup(text);
	return copy != NULL ? bind((struct pg_stmt *)s, i, copy, OID_FLOAT8) : HDB_NOMEM;
}

static int pg_bind_null(struct hdb_stmt *s, int i)
{
	return bind((struct pg_stmt *)s, i, NULL, 0);
}

static int pg_column_count(struct hdb_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	return st->res != NULL ? PQnfields(st->res) : 0;
}

/* 1 when the current row has column i, and it is not NULL. */
static int has(struct pg_stmt *st, int i)
{
	return st->res != NULL && st->row >= 0 && st->row < st->rows && i >= 0 &&
	       i < PQnfields(st->res) && !PQgetisnull(st->res, st->row, i);
}

static int pg_column_type(struct hdb_stmt *s, int i)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	if (!has(st, i))
		return HDB_NULL;
	switch (PQftype(st->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return HDB_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return HDB_FLOAT;
	case OID_NUMERIC:
		/* sum() of whole numbers is numeric: whole it stays whole */
		return strpbrk(PQgetvalue(st->res, st->row, i), ".eE") ? HDB_FLOAT : HDB_INTEGER;
	default:
		return HDB_TEXT;
	}
}

static const char *pg_column_text(struct hdb_stmt *s, int i)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	if (!has(st, i))
		return NULL;
	const char *v = PQgetvalue(st->res, st->row, i);
	/* A truth value reads as SQLite's 1 or 0. */
	if (PQftype(st->res, i) == OID_BOOL)
		return v[0] == 't' ? "1" : "0";
	return v;
}

static int64_t pg_column_int64(struct hdb_stmt *s, int i)
{
	const char *v = pg_column_text(s, i);
	return v != NULL ? (int64_t)strtoll(v, NULL, 10) : 0;
}

static double pg_column_double(struct hdb_stmt *s, int i)
{
	const char *v = pg_column_text(s, i);
	return v != NULL ? strtod(v, NULL) : 0.0;
}

static const struct hdb_ops pg_ops = {
	.engine = HDB_POSTGRES,
	.close = pg_close,
	.errmsg = pg_errmsg,
	.errcode = pg_errcode,
	.exec = pg_exec,
	.begin = pg_begin,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.autocommit = pg_autocommit,
	.lock = pg_lock,
	.changes = pg_changes,
	.prepare = pg_prepare,
	.step = pg_step,
	.reset = pg_reset,
	.clear_bindings = pg_clear,
	.finalize = pg_finalize,
	.parameter_index = pg_index,
	.bind_text = pg_bind_text,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_null = pg_bind_null,
	.column_count = pg_column_count,
	.column_type = pg_column_type,
	.column_text = pg_column_text,
	.column_int64 = pg_column_int64,
	.column_double = pg_column_double,
};

/* The server's notices ("… already exists, skipping") are not the hub's
 * to print. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* text into out (size bytes) with every copy of the connection string's
 * password (userinfo's, or a password= parameter's) written "***": what
 * libpq says of a string it cannot read may quote any part of it. */
static void hide_password(const char *conninfo, const char *text, char *out, size_t size)
{
	const char *host = strstr(conninfo, "://");
	const char *end = host != NULL ? host + 3 + strcspn(host + 3, "/?") : NULL;
	const char *at = end != NULL ? memchr(host + 3, '@', (size_t)(end - host - 3)) : NULL;
	const char *colon = at != NULL ? memchr(host + 3, ':', (size_t)(at - host - 3)) : NULL;
	const char *from[8];
	size_t len[8], n = 0, k = 0;
	if (colon != NULL && at > colon + 1)
		from[n] = colon + 1, len[n++] = (size_t)(at - colon - 1);
	for (const char *p = strstr(conninfo, "password="); p != NULL && n < 8;
	     p = strstr(p + 9, "password="))
		if ((len[n] = strcspn(p + 9, "&")) > 0)
			from[n++] = p + 9;
	while (*text && k + 4 < size) {
		size_t i = 0;
		while (i < n && strncmp(text, from[i], len[i]) != 0)
			i++;
		if (i < n) {
			memcpy(out + k, "***", 3);
			k += 3;
			text += len[i];
		} else {
			out[k++] = *text++;
		}
	}
	out[k] = '\0';
}

/* 1 (the error set, HDB_CONFIG) when libpq cannot read the connection
 * string at all. */
static int unreadable(struct pg *db, const char *conninfo)
{
	char *why = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &why);
	if (opts != NULL) {
		PQconninfoFree(opts);
		return 0;
	}
	char reason[256];
	if (why != NULL)
		why[strcspn(why, "\n")] = '\0';
	hide_password(conninfo, why != NULL ? why : "out of memory", reason, sizeof(reason));
	PQfreemem(why);
	db->errcode = HDB_CONFIG;
	snprintf(db->err, sizeof(db->err),
	         _("the --db connection string cannot be read (%s): correct --db "
	           "(postgresql://USER@HOST:PORT/DATABASE)"),
	         reason);
	return 1;
}

/* 1 when s begins with a SQLSTATE and ": " (five digits or capitals). */
static int is_state(const char *s)
{
	for (int k = 0; k < 5; k++)
		if (!((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'A' && s[k] <= 'Z')))
			return 0;
	return s[5] == ':' && s[6] == ' ';
}

/* The SQLSTATE among `codes` a server gave for refusing the connection,
 * in `state` (6 bytes), and where its own words begin in msg; NULL when
 * none.  At verbosity VERBOSE a server's refusal reads "SEVERITY:
 * SQLSTATE: text" (once for each host tried). */
static const char *refusal(const char *msg, const char *codes[], char state[6])
{
	for (const char *p = strstr(msg, ":  "); p != NULL; p = strstr(p + 1, ":  ")) {
		if (!is_state(p + 3))
			continue;
		for (size_t i = 0; codes[i] != NULL; i++)
			if (strncmp(p + 3, codes[i], 5) == 0) {
				memcpy(state, p + 3, 5);
				state[5] = '\0';
				return p + 10;
			}
	}
	return NULL;
}

/* A connection that failed: HDB_CONFIG when the server said the
 * database, role or password the string names is not one it has (trying
 * again would never help: the message says what to correct), else
 * HDB_UNAVAILABLE (a server down, starting, full: worth trying again). */
static int refused(struct pg *db)
{
	static const char *config[] = { "3D000", "28000", "28P01", NULL };
	const char *msg = PQerrorMessage(db->c);
	char state[6] = "";
	const char *said = refusal(msg, config, state);
	const char *name = strcmp(state, "3D000") == 0 ? PQdb(db->c) : PQuser(db->c);
	if (said == NULL || name == NULL) {
		/* The server's words without the SQLSTATE and LOCATION that
		 * the verbosity added. */
		char plain[sizeof(db->err)];
		size_t n = 0;
		for (const char *p = msg; *p && n + 3 < sizeof(plain);) {
			if ((p == msg || p[-1] == '\n') && strncmp(p, "LOCATION:", 9) == 0) {
				p += strcspn(p, "\n");
				p += *p == '\n';
				continue;
			}
			plain[n++] = *p;
			if (strncmp(p, ":  ", 3) == 0 && is_state(p + 3))
				plain[n++] = ' ', plain[n++] = ' ', p += 10;
			else
				p++;
		}
		plain[n] = '\0';
		set_err(db, HDB_UNAVAILABLE, plain);
		return HDB_UNAVAILABLE;
	}
	char what[200];
	snprintf(what, sizeof(what), "%.*s", (int)strcspn(said, "\n"), said);
	db->errcode = HDB_CONFIG;
	if (strcmp(state, "3D000") == 0)
		snprintf(db->err, sizeof(db->err),
		         _("no database \"%s\" on the PostgreSQL server: create it (createdb %s) "
		           "or correct --db"),
		         name, name);
	else if (strcmp(state, "28P01") == 0)
		snprintf(db->err, sizeof(db->err),
		         _("the PostgreSQL server refused the password of role \"%s\" (%s): "
		           "correct the password (in --db, PGPASSWORD or the .pgpass file)"),
		         name, what);
	else
		snprintf(db->err, sizeof(db->err),
		         _("the PostgreSQL server does not let role \"%s\" in (%s): create the "
		           "role (createuser %s), allow it in the server's pg_hba.conf, or "
		           "correct the user in --db"),
		         name, what, name);
	return HDB_CONFIG;
}

int hdb_pg_open(const char *conninfo, struct hdb **out)
{
	struct pg *db = calloc(1, sizeof(*db));
	if (db == NULL)
		return HDB_NOMEM;
	db->base.ops = &pg_ops;
	*out = &db->base;
	if ((db->prepared = pg_statements_new()) == NULL) {
		set_err(db, HDB_NOMEM, "out of memory");
		return HDB_NOMEM;
	}
	if (unreadable(db, conninfo))
		return HDB_CONFIG;
	/* The string's own settings win (they come after these); these fill
	 * in what it leaves: a server that does not answer is given up after
	 * 10 s, so a request gets its 503 rather than hanging; of several
	 * hosts the one that takes writes (the hub writes), not merely the
	 * first that answers -- a standby, where every write would fail. */
	const char *keys[] = { "fallback_application_name", "connect_timeout",
		               "target_session_attrs", "dbname", NULL };
	const char *vals[] = { "tally-hub", "10", "read-write", conninfo, NULL };
	/* Why a server refused the connection is its SQLSTATE, which libpq
	 * puts in the message only at verbosity VERBOSE, set before the
	 * attempt: so the connection is started, set so, and made (PQreset:
	 * the blocking attempt, every host within connect_timeout, as
	 * PQconnectdbParams makes it). */
	db->c = PQconnectStartParams(keys, vals, 1);
	if (db->c == NULL) {
		set_err(db, HDB_NOMEM, "out of memory");
		return HDB_NOMEM;
	}
	PQsetNoticeProcessor(db->c, quiet, NULL);
	PQsetErrorVerbosity(db->c, PQERRORS_VERBOSE);
	PQreset(db->c);
	if (PQstatus(db->c) != CONNECTION_OK)
		return refused(db);
	PQsetErrorVerbosity(db->c, PQERRORS_DEFAULT);
	/* A record is acknowledged to a handheld only once it is durable (the
	 * handheld then forgets it may ever resend it): whatever the server's
	 * default, a commit waits for its WAL on disk (and for a synchronous
	 * standby, where the server has one).  The hub's times are UTC text;
	 * now() and the like should not depend on the server's zone either.
	 * JIT off: the change feed's query is long and its estimated cost
	 * high, so PostgreSQL would compile it to machine code on every run --
	 * 17 s of compiling for a page that then takes 20 ms to read (seen in
	 * the region benchmark, tests/bench/bench-region.c).  The hub's
	 * statements are short OLTP reads and writes, which JIT never pays
	 * back. */
	return session(db);
}
