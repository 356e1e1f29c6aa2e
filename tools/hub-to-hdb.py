#!/usr/bin/env python3
"""hub-to-hdb.py — move the hub's C code from SQLite's API to the hub's
storage interface (hub/hdb.h).  Re-runnable and idempotent: code already
converted is left as it is, so it can be run again over a tree where new
sqlite3_* calls were merged in.

    tools/hub-to-hdb.py [--check] [FILE...]

With no FILE, every hub/*.c and hub/*.h of the current directory (run it
at the top of the tree to convert); a test that opens the hub's
database in its own process (tests/lib/hub-events.h, test-hub-reconcile,
...) may be given as FILE too.  Changed files are formatted with
clang-format when it is installed.  Files that are the storage
interface itself (hub/hdb*.{c,h}) or carry the marker `hub-to-hdb:
sqlite-only` (SQLite's backup API in hub/cmd-backup.c) are left alone.
--check changes nothing and exits 1 when a file would change.

What it rewrites (a C-aware scan: string literals, character literals and
comments are not mistaken for code; arguments are split at top-level
commas):
  sqlite3_prepare_v2(db, sql, -1, &st, NULL)   -> hdb_prepare(db, sql, &st)
  sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC|SQLITE_TRANSIENT)
                                               -> hdb_bind_text(st, i, s)
  sqlite3_bind_text(st, i, s, -1, free)        -> hdb_bind_text_owned(st, i, s)
  sqlite3_bind_text(st, i, s, n, ...)          -> hdb_bind_textn(st, i, s, n)
  sqlite3_exec(db, "BEGIN IMMEDIATE"|"BEGIN"|"COMMIT"|"ROLLBACK", NULL, NULL, NULL)
                                               -> hdb_begin/_begin_read/_commit/_rollback(db)
  sqlite3_exec(db, sql, NULL, NULL, NULL)      -> hdb_exec(db, sql)
  hub_db_exec(db, "BEGIN IMMEDIATE"|"BEGIN"|"COMMIT", e)
                                               -> hub_db_begin/_begin_read/_commit(db, e)
  sqlite3_get_autocommit -> hdb_autocommit, and every other verb by name
  (sqlite3_step -> hdb_step, ...); sqlite3 * -> struct hdb *,
  sqlite3_stmt -> struct hdb_stmt, sqlite3_int64 -> int64_t,
  SQLITE_ROW/DONE/OK/... -> HDB_ROW/DONE/OK/..., <sqlite3.h> -> "hub/hdb.h",
  const unsigned char *x = hdb_column_text(...) -> const char *x = ...

Exit status: 0 when everything is converted and no SQL looks SQLite-only;
1 with --check when a file would change; 2 when something is left for a
hand, listed with file and line: sqlite3_last_insert_rowid (use RETURNING), sqlite3_exec
with a callback, SQLite-only calls (open, backup, errstr), and SQL a
PostgreSQL would refuse (INSERT OR REPLACE/IGNORE, PRAGMA, scalar max(a,
b), ...) — those are fixed by hand, see docs/hub.md "Writing SQL for both
engines".
"""
import glob
import os
import re
import shutil
import subprocess
import sys

MARKER = "hub-to-hdb: sqlite-only"
# Each engine's own schema: SQLite's migrations and PostgreSQL's DDL are
# written in their own dialect on purpose; their SQL is not checked.
ENGINE_FILES = {"hub-db.c", "hub-schema-pg.c", "hub-schema-sql.h"}

RENAMES = {
    "sqlite3_step": "hdb_step",
    "sqlite3_finalize": "hdb_finalize",
    "sqlite3_reset": "hdb_reset",
    "sqlite3_clear_bindings": "hdb_clear_bindings",
    "sqlite3_bind_int64": "hdb_bind_int64",
    "sqlite3_bind_int": "hdb_bind_int",
    "sqlite3_bind_double": "hdb_bind_double",
    "sqlite3_bind_null": "hdb_bind_null",
    "sqlite3_bind_parameter_index": "hdb_bind_parameter_index",
    "sqlite3_column_text": "hdb_column_text",
    "sqlite3_column_int64": "hdb_column_int64",
    "sqlite3_column_int": "hdb_column_int",
    "sqlite3_column_double": "hdb_column_double",
    "sqlite3_column_type": "hdb_column_type",
    "sqlite3_column_count": "hdb_column_count",
    "sqlite3_changes": "hdb_changes",
    "sqlite3_errmsg": "hdb_errmsg",
    "sqlite3_errcode": "hdb_errcode",
    "sqlite3_close": "hdb_close",
    "sqlite3_get_autocommit": "hdb_autocommit",
    "sqlite3_int64": "int64_t",
    "sqlite3_stmt": "struct hdb_stmt",
}
CODES = ["OK", "ERROR", "PERM", "BUSY", "LOCKED", "NOMEM", "READONLY", "IOERR",
         "CORRUPT", "NOTFOUND", "FULL", "CANTOPEN", "CONSTRAINT", "MISUSE", "RANGE",
         "NOTADB", "ROW", "DONE", "INTEGER", "FLOAT", "TEXT", "BLOB", "NULL"]
TXN_EXEC = {'"BEGIN IMMEDIATE"': "hdb_begin", '"BEGIN"': "hdb_begin_read",
            '"COMMIT"': "hdb_commit", '"ROLLBACK"': "hdb_rollback"}
TXN_HUB = {'"BEGIN IMMEDIATE"': "hub_db_begin", '"BEGIN"': "hub_db_begin_read",
           '"COMMIT"': "hub_db_commit"}
# SQL the SQLite driver runs and PostgreSQL refuses: said, never rewritten.
SQL_SUSPECTS = [
    (r"\bINSERT\s+OR\s+(REPLACE|IGNORE)\b", "INSERT OR REPLACE/IGNORE: use ON CONFLICT"),
    (r"^\s*REPLACE\s+INTO\b", "REPLACE INTO: use ON CONFLICT"),
    (r"\bPRAGMA\b", "PRAGMA: SQLite only"),
    (r"\bAUTOINCREMENT\b", "AUTOINCREMENT: SQLite only"),
    (r"\blast_insert_rowid\b", "last_insert_rowid: use RETURNING"),
    (r"\b(ifnull|iif|julianday|strftime|datetime|printf|json_set|json_object|json_group_array)\s*\(",
     "a SQLite-only function"),
    (r"\b(max|min)\s*\([^()]*,[^()]*\)", "scalar max/min of two values: use CASE"),
]


def skip_literal(s, i):
    """Index just past the string/char literal or comment starting at i, or i."""
    if s.startswith("//", i):
        j = s.find("\n", i)
        return len(s) if j < 0 else j
    if s.startswith("/*", i):
        j = s.find("*/", i + 2)
        return len(s) if j < 0 else j + 2
    if s[i] in "\"'":
        q, j = s[i], i + 1
        while j < len(s) and s[j] != q:
            j += 2 if s[j] == "\\" else 1
        return j + 1
    return i


def call_args(s, open_paren):
    """The top-level arguments of the call whose '(' is at open_paren, and
    the index just past its ')'."""
    args, depth, start, i = [], 0, open_paren + 1, open_paren + 1
    while i < len(s):
        j = skip_literal(s, i)
        if j != i:
            i = j
            continue
        c = s[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append(s[start:i])
                return args, i + 1
            depth -= 1
        elif c == "," and depth == 0:
            args.append(s[start:i])
            start = i + 1
        i += 1
    raise ValueError("unbalanced call")


def arg(a):
    return a.strip()


def keep_space(a):
    """An argument with its leading space kept (clang-format redoes it)."""
    return a.rstrip()


def rewrite_call(name, args):
    """The replacement text for a call, or None to leave it."""
    a = [arg(x) for x in args]
    if name == "sqlite3_prepare_v2" and len(a) == 5:
        return "hdb_prepare(%s,%s,%s)" % (args[0].rstrip(), keep_space(args[1]), keep_space(args[3]))
    if name == "sqlite3_bind_text" and len(a) == 5:
        head = "%s,%s,%s" % (args[0].rstrip(), keep_space(args[1]), keep_space(args[2]))
        if a[4] == "free" and a[3] == "-1":
            return "hdb_bind_text_owned(%s)" % head
        if a[4] in ("SQLITE_STATIC", "SQLITE_TRANSIENT"):
            if a[3] == "-1":
                return "hdb_bind_text(%s)" % head
            return "hdb_bind_textn(%s,%s)" % (head, keep_space(args[3]))
        return None
    if name == "sqlite3_exec" and len(a) == 5:
        if a[2:] != ["NULL", "NULL", "NULL"]:
            return None
        if a[1] in TXN_EXEC:
            return "%s(%s)" % (TXN_EXEC[a[1]], args[0].strip())
        return "hdb_exec(%s,%s)" % (args[0].rstrip(), keep_space(args[1]))
    if name == "hub_db_exec" and len(a) == 3 and a[1] in TXN_HUB:
        return "%s(%s, %s)" % (TXN_HUB[a[1]], args[0].strip(), a[2])
    return None


CALL_RE = re.compile(r"\b(sqlite3_prepare_v2|sqlite3_bind_text|sqlite3_exec|hub_db_exec)\s*\(")


def rewrite_calls(s):
    out, i = [], 0
    while True:
        m = CALL_RE.search(s, i)
        if m is None:
            out.append(s[i:])
            return "".join(out)
        # Not inside a literal or comment: scan from i to m.start().
        j, inside = i, False
        while j < m.start():
            k = skip_literal(s, j)
            if k != j:
                if k > m.start():
                    inside = True
                    break
                j = k
            else:
                j += 1
        if inside:
            out.append(s[i:k])
            i = k
            continue
        args, end = call_args(s, m.end() - 1)
        # Nested calls first (a bind whose value is a column of another).
        args = [rewrite_calls(x) for x in args]
        new = rewrite_call(m.group(1), args)
        out.append(s[i:m.start()])
        out.append(new if new is not None else m.group(1) + "(" + ",".join(args) + ")")
        i = end


def convert(s):
    s = re.sub(r"#include <sqlite3\.h>", '#include "hub/hdb.h"', s)
    # One include of hdb.h is enough.
    first = s.find('#include "hub/hdb.h"')
    if first >= 0:
        head, tail = s[:first + 1], s[first + 1:]
        s = head + re.sub(r'#include "hub/hdb\.h"\n', "", tail)
    s = rewrite_calls(s)
    for old, new in RENAMES.items():
        s = re.sub(r"\b%s\b" % old, new, s)
    s = re.sub(r"\bsqlite3\b(?=\s*\*)", "struct hdb", s)
    for c in CODES:
        s = re.sub(r"\bSQLITE_%s\b" % c, "HDB_%s" % c, s)
    s = re.sub(r"const unsigned char \*(\w+) = hdb_column_text\(",
               r"const char *\1 = hdb_column_text(", s)
    return s


def leftovers(path, s):
    found = []
    engine_file = os.path.basename(path) in ENGINE_FILES
    for n, line in enumerate(s.split("\n"), 1):
        if re.search(r"\bsqlite3\w*|\bSQLITE_\w+", line) and "SQLite" not in line:
            found.append("%s:%d: SQLite's API left: %s" % (path, n, line.strip()))
        # SQL is in string literals: look there only.
        text = " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', line))
        for rx, why in SQL_SUSPECTS:
            if not engine_file and re.search(rx, text, re.I):
                found.append("%s:%d: %s: %s" % (path, n, why, line.strip()))
    return found


def main(argv):
    check = "--check" in argv
    files = [a for a in argv if a != "--check"]
    if not files:
        # The tree it is run in (not the one the script came from: it may
        # be run from a copy, over another branch's tree).
        files = sorted(glob.glob(os.path.join("hub", "*.[ch]")))
        if not files:
            print("no hub/*.c here: run it at the top of the tree", file=sys.stderr)
            return 2
    changed, notes = [], []
    for path in files:
        base = os.path.basename(path)
        if base.startswith("hdb"):
            continue
        s = open(path, encoding="utf-8").read()
        if MARKER in s:
            continue
        new = convert(s)
        if new != s:
            changed.append(path)
            if not check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
        notes += leftovers(path, new)
    # The calls changed length: the project's layout again.
    if changed and not check and shutil.which("clang-format"):
        subprocess.run(["clang-format", "-i"] + changed, check=False)
    for p in changed:
        print("%s %s" % ("would change" if check else "converted", p))
    for n in notes:
        print(n, file=sys.stderr)
    if check and changed:
        return 1
    return 2 if notes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
