/*
 * outcome.c — one place where HTTP statuses become exit codes and sentences.
 */
#include "sync/outcome.h"

#include "common/i18n.h"

int outcome_malformed(const char *what, const char *detail, struct tally_err *e)
{
	return err_set(e, EX_TEMPFAIL,
	               _("%s: the hub's answer is malformed (%s); nothing was marked, will try "
	                 "again later"),
	               what, detail);
}

int outcome_fail(const struct http_result *r, const char *what, struct tally_err *e)
{
	if (r->transport && r->tls)
		return err_set(e, EX_UNAVAILABLE,
		               _("%s: the hub's certificate is not trusted (%s): check [hub] "
		                 "ca_file and pinned_pubkey in tally.conf"),
		               what, r->transport_msg);
	if (r->transport)
		return err_set(e, EX_TEMPFAIL,
		               _("%s: cannot reach the hub (%s); will try again later"), what,
		               r->transport_msg);
	long s = r->status;
	if (s == 401)
		return err_set(e, EX_NOPERM,
		               _("%s: the hub does not know this handheld's token: enrol this "
		                 "handheld again (tally enroll)"),
		               what);
	if (s == 409)
		return err_set(e, EX_NOPERM,
		               _("%s: this store is not the one that was enrolled (a restored or "
		                 "copied store): records stay here; enrol this handheld again"),
		               what);
	if (s == 429 || s >= 500 || s == 400)
		return err_set(e, EX_TEMPFAIL,
		               _("%s: the hub answered %ld%s%s; will try again later"), what, s,
		               r->message[0] ? ": " : "", r->message);
	if (s >= 200 && s < 300)
		return outcome_malformed(what, _("not the expected JSON"), e);
	return err_set(e, EX_PROTOCOL,
	               _("%s: the hub answered %ld%s%s: check the hub's URL and version"), what, s,
	               r->message[0] ? ": " : "", r->message);
}
