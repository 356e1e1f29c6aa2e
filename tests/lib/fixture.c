#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"
#include "db/store.h"

#include <stdlib.h>

void fixture_load(struct store *s, const char *rel, const char *cursor)
{
	char *path = tu_srcfile(rel);
	json_error_t jerr;
	json_t *page = json_load_file(path, 0, &jerr);
	if (page == NULL)
		fail_msg("%s: %s", path, jerr.text);
	struct tally_err e = { 0 };
	if (store_apply_changes(s, page, cursor, &e) != 0)
		fail_msg("apply %s: %s", path, e.msg);
	json_decref(page);
	free(path);
}
