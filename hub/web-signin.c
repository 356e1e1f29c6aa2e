/*
 * web-signin.c — /signin and /signout (see web-signin.h).
 */
#include "hub/web-signin.h"
#include "hub/account-audit.h"
#include "hub/hub-time.h"
#include "hub/web-form.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

int web_local_path(const char *path)
{
	if (path == NULL || path[0] != '/' || path[1] == '/' || strlen(path) > 200)
		return 0;
	for (const char *c = path; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || strchr("/-_.?=&%", *c) != NULL))
			return 0;
	return 1;
}

static void cookie(struct page *p, const char *name, const char *value, const char *path,
                   int max_age)
{
	char c[256];
	snprintf(c, sizeof(c), "%s=%s; Path=%s; HttpOnly; SameSite=%s%s%s", name, value, path,
	         strcmp(name, WEB_SIGNIN_COOKIE) == 0 ? "Strict" : "Lax",
	         max_age == 0 ? "; Max-Age=0" : "", p->rq->tls ? "; Secure" : "");
	web_header(p->out, "Set-Cookie", c);
}

/* The form, with a fresh CSRF token; message (N_(), may be NULL) above it. */
static void form(struct page *p, const char *login, const char *next, const char *message,
                 const char *detail)
{
	char csrf[TOKEN_HEX_LEN + 1];
	struct tally_err e = { 0 };
	if (token_new(csrf, &e) != 0) {
		page_error(p, 500, N_("The hub could not make a safe form; try again."));
		return;
	}
	cookie(p, WEB_SIGNIN_COOKIE, csrf, "/signin", -1);
	page_begin(p, N_("Sign in"));
	if (message != NULL) {
		html_raw(&p->h, "<p class=\"problem\" role=\"alert\" id=\"signin-problem\">");
		if (detail != NULL)
			html_fmt(&p->h, page_tr(p, message), detail);
		else
			html_text(&p->h, page_tr(p, message));
		html_raw(&p->h, "</p>");
	}
	html_fmt(&p->h,
	         "<form method=\"post\" action=\"/signin\" class=\"stack\">"
	         "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
	         "<input type=\"hidden\" name=\"next\" value=\"%s\">"
	         "<label for=\"login\">%s</label>"
	         "<input id=\"login\" name=\"login\" type=\"text\" autocomplete=\"username\" "
	         "maxlength=\"64\" required value=\"%s\">"
	         "<label for=\"password\">%s</label>"
	         "<input id=\"password\" name=\"password\" type=\"password\" "
	         "autocomplete=\"current-password\" maxlength=\"200\" required>"
	         "<button type=\"submit\">%s</button></form>",
	         csrf, next, page_tr(p, N_("Login")), login, page_tr(p, N_("Password")),
	         page_tr(p, N_("Sign in")));
	html_fmt(&p->h, "<p class=\"lead\">%s</p>",
	         page_tr(p, N_("Accounts are made by the hub's administrator (tally-hub user add). "
	                       "After 5 wrong passwords in a row the account is locked for 15 "
	                       "minutes.")));
	page_end(p);
}

void web_page_signin(struct page *p, struct hdb *db)
{
	(void)db;
	char next[WEB_QUERY_MAX + 1];
	page_arg(p, "next", next, sizeof(next));
	if (!web_local_path(next))
		snprintf(next, sizeof(next), "/");
	if (p->s != NULL)
		return page_redirect(p, next);
	form(p, "", next, NULL, NULL);
}

void web_post_signin(struct page *p, struct hdb *db)
{
	const struct web_request *rq = p->rq;
	char csrf[TOKEN_HEX_LEN + 2], login[ACCOUNT_LOGIN_MAX + 2], next[WEB_QUERY_MAX + 1];
	char password[ACCOUNT_PASSWORD_MAX + 2];
	if (web_form_get(rq->body, rq->body_len, "next", next, sizeof(next)) != 0 ||
	    !web_local_path(next))
		snprintf(next, sizeof(next), "/");
	if (web_form_get(rq->body, rq->body_len, "login", login, sizeof(login)) != 0)
		login[0] = '\0';
	/* The form must be the one this hub just gave this browser. */
	if (web_form_get(rq->body, rq->body_len, "csrf", csrf, sizeof(csrf)) != 0 ||
	    !session_token_equal(csrf, rq->get(rq->conn, WEB_COOKIE, WEB_SIGNIN_COOKIE))) {
		p->out->status = 403;
		return form(
		    p, login, next,
		    N_("This form has expired or did not come from this hub: sign in again."),
		    NULL);
	}
	int wait = account_limit_hit(&p->w->signin, rq->client_addr, hub_time_ms());
	if (wait > 0) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%d", wait);
		web_header(p->out, "Retry-After", ra);
		p->out->status = 429;
		return form(p, login, next,
		            N_("Too many sign-in attempts from this computer: wait %s seconds."),
		            ra);
	}
	if (web_form_get(rq->body, rq->body_len, "password", password, sizeof(password)) != 0)
		password[0] = '\0';
	struct account who;
	struct tally_err e = { 0 };
	enum account_check r = account_check(db, login, password, rq->client_addr, &who, &e);
	explicit_bzero(password, sizeof(password));
	char token[TOKEN_HEX_LEN + 1], session_csrf[TOKEN_HEX_LEN + 1], until[20];
	switch (r) {
	case ACCOUNT_OK:
		if (session_create(db, who.id, token, session_csrf, &e) != 0)
			break;
		cookie(p, WEB_SESSION_COOKIE, token, "/", -1);
		cookie(p, WEB_SIGNIN_COOKIE, "", "/signin", 0);
		explicit_bzero(token, sizeof(token));
		return page_redirect(p, next);
	case ACCOUNT_WRONG:
		p->out->status = 401;
		return form(p, login, next, N_("Wrong login or password."), NULL);
	case ACCOUNT_LOCKED:
		page_local_time(who.locked_until, until);
		p->out->status = 403;
		return form(
		    p, login, next,
		    N_("Too many wrong passwords: the account is locked until %s. Wait, or ask "
		       "the administrator to set a new password."),
		    until + 11);
	case ACCOUNT_ERROR:
		break;
	}
	fprintf(stderr, "tally-hub: %s\n", e.msg);
	page_error(p, 503,
	           N_("The hub could not read its database just now; try again in a moment."));
}

void web_post_signout(struct page *p, struct hdb *db)
{
	struct tally_err e = { 0 };
	const char *token = p->rq->get(p->rq->conn, WEB_COOKIE, WEB_SESSION_COOKIE);
	if (token != NULL && session_end(db, token, &e) == 0)
		audit_log(db, p->s->who.login, "signout", p->s->who.login, NULL, p->rq->client_addr,
		          &e);
	cookie(p, WEB_SESSION_COOKIE, "", "/", 0);
	page_redirect(p, "/");
}
