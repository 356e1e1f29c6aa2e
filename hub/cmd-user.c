/*
 * cmd-user.c — `tally-hub user add LOGIN --name NAME --roles ROLES`,
 * `user passwd LOGIN`, `user remove LOGIN`, `user list`: the accounts of
 * the staff pages (account.h).  A password is read from standard input,
 * without echo on a terminal, never from the command line (where `ps`
 * would show it).
 */
#include "hub/account.h"
#include "hub/hub-cmd.h"
#include "hub/hub-db.h"
#include "common/i18n.h"
#include "common/secret-line.h"

#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "cli:USER", who ran the command, for the audit log. */
static void actor(char *out, size_t size)
{
	struct passwd *pw = getpwuid(getuid());
	snprintf(out, size, "cli:%s", pw != NULL ? pw->pw_name : "?");
}

static int list(struct hdb *db, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT login, name, roles, locked_until > ? FROM account"
	                     " ORDER BY login",
	                     &st);
	if (rc != HDB_OK)
		return hub_db_fail(e, db, rc, _("reading the accounts"));
	char now[32];
	hub_time_now(now, 0);
	hdb_bind_text(st, 1, now);
	while ((rc = hdb_step(st)) == HDB_ROW)
		printf("%-20s %-30s %s%s\n", hdb_column_text(st, 0), hdb_column_text(st, 1),
		       hdb_column_text(st, 2), hdb_column_int(st, 3) ? _(" (locked)") : "");
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("reading the accounts"));
}

static int run(struct hub_ctx *ctx, int argc, char **argv, struct tally_err *e)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "roles", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *roles = NULL;
	int c;
	while ((c = command_getopt(argc, argv, opts, e)) != -1) {
		switch (c) {
		case 'n':
			name = optarg;
			break;
		case 'r':
			roles = optarg;
			break;
		default:
			return EX_USAGE;
		}
	}
	const char *verb = optind < argc ? argv[optind] : "";
	const char *login = optind + 1 < argc ? argv[optind + 1] : NULL;
	int args = argc - optind;
	int add = strcmp(verb, "add") == 0, passwd = strcmp(verb, "passwd") == 0,
	    remove = strcmp(verb, "remove") == 0, is_list = strcmp(verb, "list") == 0;
	if (!(add && args == 2 && name != NULL && roles != NULL) &&
	    !((passwd || remove) && args == 2 && name == NULL && roles == NULL) &&
	    !(is_list && args == 1))
		return EX_USAGE;
	char password[ACCOUNT_PASSWORD_MAX + 2] = "", who[64];
	actor(who, sizeof(who));
	if ((add || passwd) && secret_line_read(_("Password: "), password, sizeof(password)) != 0)
		return err_set(e, EX_DATAERR,
		               _("no password was read (or it is longer than %d characters)"),
		               ACCOUNT_PASSWORD_MAX);
	if (hub_cmd_prepare(ctx, e) != 0)
		goto out;
	struct hdb *db = ctx->db;
	if (add && account_add(db, login, name, roles, password, who, e) == 0)
		printf(_("account %s added (%s)\n"), login, roles);
	else if (passwd && account_passwd(db, login, password, who, e) == 0)
		printf(_("password of %s changed; its sessions are ended\n"), login);
	else if (remove && account_remove(db, login, who, e) == 0)
		printf(_("account %s removed\n"), login);
	else if (is_list)
		list(db, e);
out:
	explicit_bzero(password, sizeof(password));
	return e->status;
}

const struct hub_cmd_entry hub_cmd_user_entry = {
	.doc = { "user",
	         N_("user add LOGIN --name NAME --roles ROLES\nuser passwd LOGIN\nuser remove "
	            "LOGIN\nuser list"),
	         N_("accounts of the staff web pages (roles: pharmacy, warehouse, drill-lead, "
	            "admin; the password is read from standard input)") },
	.needs = HUB_NEEDS_DB,
	.run = run,
};
