/*
 * antidote-import.h — other regions' antidote holdings into this hub, for
 * the national roll-up (`tally-hub import --antidotes FILE`, `tally-hub
 * report antidotes --national`; docs/hub-reports.md).
 *
 * The file is another hub's antidote export, as `tally-hub report
 * antidotes --json` or `--csv` writes it: per antidote the region's
 * recommended, held, short and expired packs (its `region` figures).  It
 * is checked whole first; a bad one keeps nothing and says which line (CSV)
 * or which antidote (JSON) is wrong and what to do.  A region's import
 * replaces its earlier one; an export older than the one held, or of this
 * hub's own region, is refused.  Antidotes are matched across regions by
 * article id.
 */
#ifndef TALLY_HUB_ANTIDOTE_IMPORT_H
#define TALLY_HUB_ANTIDOTE_IMPORT_H

#include "common/err.h"

#include "hub/hdb.h"

/* What an import did, for the one line the command prints. */
struct antidote_import_result {
	char region_id[128], region_name[256];
	char exported_at[40]; /* "" when the file does not say */
	char replaced_at[40]; /* the earlier export's time, "" when none */
	int replaced;         /* an earlier import of the region was replaced */
	long articles;        /* antidotes imported */
};

/* Import the export at `path` (JSON when it starts with '{', else CSV).
 * `region` names the region when the file does not (may be NULL; when the
 * file names one too, they must agree).  0, or a sysexits status with e
 * set (EX_DATAERR for a bad file, EX_NOINPUT when it cannot be read). */
int antidote_import_file(struct hdb *db, const char *path, const char *region,
                         struct antidote_import_result *r, struct tally_err *e);

/* The same from text already read; `name` is used in messages only. */
int antidote_import_text(struct hdb *db, const char *name, const char *text, const char *region,
                         struct antidote_import_result *r, struct tally_err *e);

#endif
