#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-fixture.h"
#include "tests/lib/testutil.h"

#include <stdlib.h>

struct hub_fixture *hub_fixture_new(const char *master)
{
	struct hub_fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->dir = tu_mkdtemp();
	f->db = tu_path(f->dir, "hub.db");
	hub_run_init(f->db);
	f->where = hub_run_where(f->db);
	if (master != NULL) {
		char *m = tu_path(f->dir, "master.json");
		tu_write_file(m, master);
		assert_int_equal(hub_run_import(f->db, m), 0);
		free(m);
	}
	return f;
}

void hub_fixture_free(struct hub_fixture *f)
{
	if (f->h.pid > 0)
		assert_int_equal(hub_run_stop(&f->h), 0);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->db);
	free(f->where);
	free(f);
}
