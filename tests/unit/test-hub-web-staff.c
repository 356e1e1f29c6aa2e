/*
 * test-hub-web-staff.c — accounts and the staff pages over loopback, as a
 * browser would use them (a cookie jar per "browser", forms posted with
 * and without their CSRF token): sign-in, wrong password, lock-out per
 * account (from another address too), attempts limited per address, the
 * session cookie's flags, roles, sign-out, the refill pick list with a
 * tick box per line and the uncounted lines marked, every page's policy
 * and escaping, and the audit log of it all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-http.h"
#include "tests/lib/hub-fixture.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"
#include "tests/lib/web-client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DB_ID    "7d3e1c2a-8f6a-4d4e-9a53-1f7c2d0e9b11"
#define PASSWORD "riktig hest batteri"

static const char *master =
    "{\"article\":["
    "{\"id\":\"A1\",\"name\":\"Paracet 500 mg\"},"
    "{\"id\":\"A2\",\"name\":\"Ibux 400 mg\"},"
    "{\"id\":\"X1\",\"name\":\"<script>alert(1)</script>\"}],"
    "\"location\":[{\"id\":\"MED1\",\"name\":\"Medisinsk 1\",\"kind\":\"ward\"},"
    "{\"id\":\"AMB1\",\"name\":\"Ambulanse 1\",\"kind\":\"ambulance\"},"
    "{\"id\":\"AKUTT\",\"name\":\"Akuttmottak\",\"kind\":\"emergency-store\"},"
    "{\"id\":\"APOTEK\",\"name\":\"Sykehusapotek\",\"kind\":\"pharmacy\"}],"
    "\"plan\":[{\"id\":\"P1\",\"name\":\"Masseskade\",\"patients\":100,\"days\":2}],"
    "\"plan_line\":[{\"plan_id\":\"P1\",\"article_id\":\"A1\",\"dose\":6,"
    "\"strength\":2,\"units_per_pack\":10}],"
    "\"plan_place\":["
    "{\"plan_id\":\"P1\",\"article_id\":\"A1\",\"location_id\":\"AMB1\","
    "\"tier\":\"ambulance\"},"
    "{\"plan_id\":\"P1\",\"article_id\":\"A1\",\"location_id\":\"AKUTT\","
    "\"tier\":\"emergency\"},"
    "{\"plan_id\":\"P1\",\"article_id\":\"A1\",\"location_id\":\"APOTEK\","
    "\"tier\":\"pharmacy\"}],"
    "\"basis\":["
    "{\"location_id\":\"MED1\",\"article_id\":\"A1\",\"min\":5,\"max\":20},"
    "{\"location_id\":\"MED1\",\"article_id\":\"A2\",\"min\":2,\"max\":6},"
    "{\"location_id\":\"MED1\",\"article_id\":\"X1\",\"min\":1,\"max\":3}]}";

static void add_user(struct hub_fixture *f, const char *login, const char *roles)
{
	char *argv[] = { (char *)tu_hub_bin(),
		         "--db",
		         f->where,
		         "user",
		         "add",
		         (char *)login,
		         "--name",
		         "Anne Hansen",
		         "--roles",
		         (char *)roles,
		         NULL };
	struct tu_run r = tu_run(argv, PASSWORD "\n", NULL);
	if (r.status != 0)
		fail_msg("user add %s: %d %s", login, r.status, r.err);
	tu_run_free(&r);
}

/* A handheld counts A1 at MED1: 3 on the shelf (min 5: bring 17).  Its
 * token (a static buffer). */
static const char *count_a1(struct hub_fixture *f)
{
	static char token[65];
	char *code = hub_run_code(f->db, "MED1 handheld", f->h.url);
	char *body =
	    tu_strfmt("{\"code\":\"%s\",\"name\":\"MED1 handheld\",\"db_id\":\"" DB_ID "\"}", code);
	struct tu_http r = tu_http_hub(f->h.url, "POST", "/v1/enroll", NULL, body);
	assert_int_equal(r.status, 200);
	const char *t = strstr(r.body, "\"token\":\"");
	assert_non_null(t);
	snprintf(token, sizeof(token), "%.64s", t + 9);
	tu_http_free(&r);
	free(body);
	body = tu_strfmt(
	    "{\"db_id\":\"" DB_ID "\",\"events\":["
	    "{\"seq\":1,\"uuid\":\"11111111-1111-4111-8111-111111111111\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T08:15:00.000Z\",\"location_id\":\"MED1\","
	    "\"article_id\":\"A1\",\"qty\":3,\"data\":{}}]}");
	r = tu_http_hub(f->h.url, "POST", "/v1/events", token, body);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "\"accepted\"");
	tu_http_free(&r);
	free(body);
	free(code);
	return token;
}

/* POST the events (a JSON array's members) as the handheld with token. */
static void push_events(struct hub_fixture *f, const char *token, const char *events)
{
	char *body = tu_strfmt("{\"db_id\":\"" DB_ID "\",\"events\":[%s]}", events);
	struct tu_http r = tu_http_hub(f->h.url, "POST", "/v1/events", token, body);
	if (r.status != 200 || strstr(r.body, "rejected") != NULL)
		fail_msg("push: %ld %s", r.status, r.body);
	tu_http_free(&r);
	free(body);
}

/* POST /v1/events with token: the status. */
static long push_one(struct hub_fixture *f, const char *token, int seq)
{
	char *body = tu_strfmt("{\"db_id\":\"" DB_ID "\",\"events\":[{\"seq\":%d,"
	                       "\"uuid\":\"21111111-1111-4111-8111-1111111111%02d\","
	                       "\"kind\":\"count\",\"device_time\":\"2026-11-23T09:15:00.000Z\","
	                       "\"location_id\":\"MED1\",\"article_id\":\"A2\",\"qty\":1,"
	                       "\"data\":{}}]}",
	                       seq, seq);
	struct tu_http r = tu_http_hub(f->h.url, "POST", "/v1/events", token, body);
	long status = r.status;
	tu_http_free(&r);
	free(body);
	return status;
}

static int setup(void **state)
{
	struct hub_fixture *f = hub_fixture_new(master);
	add_user(f, "anne", "pharmacy");
	add_user(f, "per", "warehouse");
	add_user(f, "boss", "admin");
	hub_run_start(&f->h, f->db, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	hub_fixture_free(*state);
	return 0;
}

static void staff_pages_need_signing_in(void **state)
{
	struct hub_fixture *f = *state;
	struct web_browser *b = web_browser_open(f->h.url, NULL);
	const char *pages[] = {
		"/refill", "/receipts", "/drills", "/variance", "/stock", "/audit"
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct tu_http r = web_get(b, pages[i]);
		assert_int_equal(r.status, 303);
		tu_assert_contains(r.headers, "Location: /signin?next=");
		tu_assert_lacks(r.body, "Paracet");
		tu_http_free(&r);
	}
	web_browser_close(b);
}

static void sign_in_wrong_password_and_out(void **state)
{
	struct hub_fixture *f = *state;
	struct web_browser *b = web_browser_open(f->h.url, NULL);
	struct tu_http r = web_sign_in(b, "anne", "not the password");
	assert_int_equal(r.status, 401);
	tu_assert_contains(r.body, "Feil brukernavn eller passord.");
	tu_assert_lacks(r.headers, "tally_session=");
	tu_http_free(&r);
	/* An unknown login reads the same. */
	r = web_sign_in(b, "nobody", "not the password");
	assert_int_equal(r.status, 401);
	tu_assert_contains(r.body, "Feil brukernavn eller passord.");
	tu_http_free(&r);

	r = web_sign_in(b, "anne", PASSWORD);
	assert_int_equal(r.status, 303);
	tu_assert_contains(r.headers, "Location: /refill");
	/* The session cookie: not for scripts, not sent cross-site (plain
	 * HTTP here, so not Secure). */
	tu_assert_contains(r.headers, "Set-Cookie: tally_session=");
	tu_assert_contains(r.headers, "; Path=/; HttpOnly; SameSite=Lax");
	tu_assert_lacks(r.headers, "Secure");
	tu_http_free(&r);
	r = web_get(b, "/refill");
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "Anne Hansen");
	tu_http_free(&r);

	/* Signing out without the session's token is refused... */
	r = web_post(b, "/signout", "x=1");
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	r = web_get(b, "/refill");
	assert_int_equal(r.status, 200);
	char *csrf = web_csrf(r.body);
	char *form = tu_strfmt("csrf=%s", csrf);
	free(csrf);
	tu_http_free(&r);
	/* ...with it, the session ends: the cookie is no good afterwards. */
	r = web_post(b, "/signout", form);
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	free(form);
	r = web_get(b, "/refill");
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	assert_int_equal(
	    hub_run_count(f->db, "SELECT count(*) FROM audit WHERE action = 'signin-failed'"), 2);
	assert_int_equal(hub_run_count(f->db, "SELECT count(*) FROM audit WHERE action = 'signin'"),
	                 1);
	assert_int_equal(
	    hub_run_count(f->db, "SELECT count(*) FROM audit WHERE action = 'signout'"), 1);
	assert_int_equal(hub_run_count(f->db, "SELECT count(*) FROM web_session"), 0);
	web_browser_close(b);
}

static void signin_form_needs_its_own_token(void **state)
{
	struct hub_fixture *f = *state;
	struct web_browser *b = web_browser_open(f->h.url, NULL);
	/* A page elsewhere posting the form: no token, or one it made up. */
	struct tu_http r = web_post(b, "/signin", "login=anne&password=riktig+hest+batteri");
	assert_int_equal(r.status, 403);
	tu_assert_lacks(r.headers, "tally_session=");
	tu_http_free(&r);
	r = web_get(b, "/signin?next=/");
	tu_http_free(&r);
	r = web_post(b, "/signin",
	             "csrf=0000000000000000000000000000000000000000000000000000000000000000"
	             "&login=anne&password=riktig+hest+batteri");
	assert_int_equal(r.status, 403);
	tu_assert_lacks(r.headers, "tally_session=");
	tu_http_free(&r);
	/* Somewhere else to go after signing in: only this hub's pages. */
	r = web_get(b, "/signin?next=//evil.example/x");
	tu_assert_contains(r.body, "name=\"next\" value=\"/\"");
	tu_http_free(&r);
	web_browser_close(b);
}

static void wrong_passwords_lock_the_account(void **state)
{
	struct hub_fixture *f = *state;
	struct web_browser *b = web_browser_open(f->h.url, NULL);
	for (int i = 1; i <= 4; i++) {
		struct tu_http r = web_sign_in(b, "anne", "guess number x");
		assert_int_equal(r.status, 401);
		tu_http_free(&r);
	}
	struct tu_http r = web_sign_in(b, "anne", "guess number 5");
	assert_int_equal(r.status, 403);
	tu_assert_contains(r.body, "er kontoen sperret til");
	tu_http_free(&r);
	/* Locked, even with the right password, and from another address. */
	struct web_browser *other = web_browser_open(f->h.url, "127.0.0.2");
	r = web_sign_in(other, "anne", PASSWORD);
	assert_int_equal(r.status, 403);
	tu_assert_lacks(r.headers, "tally_session=");
	tu_http_free(&r);
	/* Another account is not locked by it. */
	struct web_browser *per = web_browser_open(f->h.url, "127.0.0.2");
	r = web_sign_in(per, "per", PASSWORD);
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	web_browser_close(per);
	assert_int_equal(
	    hub_run_count(f->db, "SELECT count(*) FROM audit WHERE action = 'account-locked'"), 1);
	/* A new password from the administrator lifts the lock. */
	char *argv[] = { (char *)tu_hub_bin(), "--db", f->where, "user", "passwd", "anne", NULL };
	struct tu_run run = tu_run(argv, "et nytt passord\n", NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);
	r = web_sign_in(other, "anne", "et nytt passord");
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	web_browser_close(other);
	web_browser_close(b);
}

static void attempts_are_limited_per_address(void **state)
{
	struct hub_fixture *f = *state;
	struct web_browser *b = web_browser_open(f->h.url, NULL);
	const char *logins[] = { "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10" };
	for (int i = 0; i < 10; i++) {
		struct tu_http r = web_sign_in(b, logins[i], "whatever password");
		assert_int_equal(r.status, 401);
		tu_http_free(&r);
	}
	struct tu_http r = web_sign_in(b, "anne", PASSWORD);
	assert_int_equal(r.status, 429);
	tu_assert_contains(r.headers, "Retry-After: ");
	tu_assert_lacks(r.headers, "tally_session=");
	tu_http_free(&r);
	/* Another address is not held up. */
	struct web_browser *other = web_browser_open(f->h.url, "127.0.0.3");
	r = web_sign_in(other, "anne", PASSWORD);
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	web_browser_close(other);
	web_browser_close(b);
}

static void roles_decide_the_pages(void **state)
{
	struct hub_fixture *f = *state;
	struct web_browser *b = web_browser_signed_in(f->h.url, "per", PASSWORD);
	struct tu_http r = web_get(b, "/receipts");
	assert_int_equal(r.status, 200);
	tu_assert_lacks(r.body, "href=\"/refill\"");
	tu_assert_lacks(r.body, "href=\"/audit\"");
	tu_http_free(&r);
	r = web_get(b, "/refill");
	assert_int_equal(r.status, 403);
	tu_assert_lacks(r.body, "Paracet");
	tu_http_free(&r);
	r = web_get(b, "/audit");
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	web_browser_close(b);
	/* The administrator reads the audit log: who signed in, from where. */
	b = web_browser_signed_in(f->h.url, "boss", PASSWORD);
	r = web_get(b, "/audit");
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "<td>per</td><td>signin</td><td>per</td>");
	tu_assert_contains(r.body, "<td>cli:");
	tu_assert_contains(r.body, "127.0.0.1");
	tu_http_free(&r);
	web_browser_close(b);
}

static void pick_list_ticks_and_marks_uncounted(void **state)
{
	struct hub_fixture *f = *state;
	count_a1(f);
	struct web_browser *b = web_browser_signed_in(f->h.url, "anne", PASSWORD);
	struct tu_http r = web_get(b, "/refill?ward=MED1");
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "<h2>Medisinsk 1 (MED1)</h2>");
	/* A1 counted 3, min 5, max 20: bring 17. */
	tu_assert_contains(r.body, "<td>A1</td><td>Paracet 500 mg</td><td class=\"num\">3</td>"
	                           "<td class=\"num\">5</td><td class=\"num\">20</td>");
	tu_assert_contains(r.body, "<td class=\"num\">17</td>");
	/* A2 and X1 never counted: on the list, marked, nothing guessed. */
	tu_assert_contains(r.body, "<tr class=\"uncounted\"><td class=\"tick\"><input "
	                           "type=\"checkbox\" aria-label=\"Plukket\"></td><td>A2</td>");
	tu_assert_contains(r.body, "tell først");
	/* One box per line, and a print button. */
	int boxes = 0;
	for (const char *p = r.body; (p = strstr(p, "type=\"checkbox\"")) != NULL; p++)
		boxes++;
	assert_int_equal(boxes, 3);
	tu_assert_contains(r.body, "data-print");
	/* The <script> article is text. */
	tu_assert_contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;");
	tu_assert_lacks(r.body, "<script>alert");
	tu_http_free(&r);
	r = web_get(b, "/refill?ward=MED1&format=csv&sep=semicolon");
	tu_assert_contains(r.body,
	                   "MED1;Medisinsk 1;A1;Paracet 500 mg;3;5;20;fyll opp ved min;17\r\n");
	tu_assert_lacks(r.body, "Plukket"); /* no tick column in a file */
	tu_http_free(&r);
	web_browser_close(b);
}

static void every_staff_page_sends_the_policy(void **state)
{
	struct hub_fixture *f = *state;
	count_a1(f);
	struct web_browser *b = web_browser_signed_in(f->h.url, "boss", PASSWORD);
	struct tu_http r;
	const char *pages[] = { "/refill",    "/receipts",        "/drills",  "/variance",
		                "/stock",     "/audit",           "/devices", "/cover",
		                "/shortages", "/shortages?all=1", "/signin" };
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		r = web_get(b, pages[i]);
		assert_true(r.status == 200 || r.status == 303);
		tu_assert_contains(r.headers, "Content-Security-Policy: default-src 'none'");
		tu_assert_lacks(r.headers, "unsafe-inline");
		tu_assert_contains(r.headers, "Cache-Control: no-store");
		tu_assert_lacks(r.body, "<script>alert");
		tu_http_free(&r);
	}
	r = web_get(b, "/stock");
	tu_assert_contains(r.body, "<td>Medisinsk 1</td><td>A1</td><td>Paracet 500 mg</td>"
	                           "<td class=\"num\">3</td><td class=\"num\">3</td>"
	                           "<td>2026-11-23 09:15</td>");
	tu_http_free(&r);
	web_browser_close(b);
}

static void admin_revokes_a_handheld(void **state)
{
	struct hub_fixture *f = *state;
	char token[65];
	snprintf(token, sizeof(token), "%s", count_a1(f));
	assert_int_equal(push_one(f, token, 2), 200);
	struct web_browser *b = web_browser_signed_in(f->h.url, "boss", PASSWORD);
	struct tu_http r = web_get(b, "/devices");
	assert_int_equal(r.status, 200);
	/* Name, records received (2), active. */
	tu_assert_contains(r.body, "<td>MED1 handheld</td>");
	tu_assert_contains(r.body, "<td class=\"num\">2</td><td>aktiv</td>");
	char *csrf = web_csrf(r.body);
	char *form = tu_strfmt("device=1&csrf=%s", csrf);
	free(csrf);
	tu_http_free(&r);
	/* Without the session's token: refused, the handheld still syncs. */
	r = web_post(b, "/devices/revoke", "device=1");
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	assert_int_equal(push_one(f, token, 3), 200);
	/* A pharmacist may not revoke, token or not. */
	struct web_browser *anne = web_browser_signed_in(f->h.url, "anne", PASSWORD);
	r = web_get(anne, "/refill");
	csrf = web_csrf(r.body);
	char *anne_form = tu_strfmt("device=1&csrf=%s", csrf);
	free(csrf);
	tu_http_free(&r);
	r = web_post(anne, "/devices/revoke", anne_form);
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	free(anne_form);
	web_browser_close(anne);
	assert_int_equal(push_one(f, token, 4), 200);
	/* The administrator, with the token: the next sync gets 401. */
	r = web_post(b, "/devices/revoke", form);
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	free(form);
	assert_int_equal(push_one(f, token, 5), 401);
	r = web_get(b, "/devices");
	tu_assert_contains(r.body, "<tr class=\"revoked\">");
	tu_assert_contains(r.body, "<td>tilbakekalt</td>");
	tu_assert_lacks(r.body, "id=\"revoke\""); /* nothing left to revoke */
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->db,
	                               "SELECT count(*) FROM audit WHERE action = 'device-revoke'"
	                               " AND actor = 'boss' AND target = '1 MED1 handheld'"),
	                 1);
	web_browser_close(b);
}

/* base64 text (up to a quote) into bytes; the length. */
static size_t unbase64(const char *in, unsigned char *out, size_t size)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = 0;
	unsigned v = 0;
	int bits = 0;
	for (; *in && *in != '"' && *in != '='; in++) {
		const char *c = strchr(b64, *in);
		if (c == NULL)
			fail_msg("not base64: %c", *in);
		v = (v << 6) | (unsigned)(c - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n < size)
				out[n++] = (unsigned char)(v >> bits);
		}
	}
	return n;
}

/* A code made on the page enrols a handheld; the QR image holds the text. */
static void admin_makes_an_enrolment_code(void **state)
{
	struct hub_fixture *f = *state;
	struct web_browser *b = web_browser_signed_in(f->h.url, "boss", PASSWORD);
	struct tu_http r = web_get(b, "/enroll");
	assert_int_equal(r.status, 200);
	char *csrf = web_csrf(r.body);
	char *form = tu_strfmt("name=KIR+handheld+%%3Cb%%3E&hours=2&csrf=%s", csrf);
	free(csrf);
	tu_http_free(&r);
	/* Not without the session's token. */
	r = web_post(b, "/enroll", "name=x&hours=2");
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->db, "SELECT count(*) FROM enroll_code"), 0);
	/* A code needs a name: said in the page's language. */
	r = web_post(b, "/enroll", strstr(form, "&csrf="));
	assert_int_equal(r.status, 400);
	tu_assert_contains(r.body, "Gi håndterminalen et navn");
	tu_http_free(&r);
	r = web_post(b, "/enroll", form);
	free(form);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "<h2>KIR handheld &lt;b&gt;</h2>");
	tu_assert_contains(r.body, "src=\"data:image/png;base64,iVBORw0KGgo");
	tu_assert_contains(r.headers, "img-src 'self' data:");
	const char *at = strstr(r.body, "id=\"code\">");
	assert_non_null(at);
	char code[16];
	snprintf(code, sizeof(code), "%.14s", at + strlen("id=\"code\">"));
	/* The text to scan names this hub (the address the browser used). */
	char *text = tu_strfmt("tally://enroll?hub=http%%3A%%2F%%2F127.0.0.1%%3A%d&amp;code=%s",
	                       f->h.port, code);
	tu_assert_contains(r.body, text);
	free(text);
	/* The image is a QR code a handheld's camera reads as that text:
	 * tally's own image decoder says so. */
	const char *img = strstr(r.body, "base64,");
	assert_non_null(img);
	static unsigned char png[200000];
	size_t len = unbase64(img + 7, png, sizeof(png));
	char *file = tu_path(f->dir, "qr.png");
	FILE *out = fopen(file, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(png, 1, len, out), len);
	fclose(out);
	struct tu_run dec = tu_tally(NULL, "decode", "--image", file, NULL);
	assert_int_equal(dec.status, 0);
	char *want = tu_strfmt("tally://enroll?hub=http%%3A%%2F%%2F127.0.0.1%%3A%d&code=%s",
	                       f->h.port, code);
	tu_assert_contains(dec.out, want);
	free(want);
	tu_run_free(&dec);
	free(file);
	tu_http_free(&r);
	assert_int_equal(
	    hub_run_count(f->db, "SELECT count(*) FROM audit WHERE action = 'enroll-code'"), 1);
	/* The code enrols a handheld, under the name given. */
	char *body = tu_strfmt("{\"code\":\"%s\",\"db_id\":\"" DB_ID "\"}", code);
	r = tu_http_hub(f->h.url, "POST", "/v1/enroll", NULL, body);
	assert_int_equal(r.status, 200);
	tu_http_free(&r);
	free(body);
	assert_int_equal(
	    hub_run_count(f->db, "SELECT count(*) FROM device WHERE name = 'KIR handheld <b>'"), 1);
	/* A pharmacist has no enrolment page. */
	struct web_browser *anne = web_browser_signed_in(f->h.url, "anne", PASSWORD);
	r = web_get(anne, "/enroll");
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	web_browser_close(anne);
	web_browser_close(b);
}

static void unknown_code_mapped_reaches_the_handhelds(void **state)
{
	struct hub_fixture *f = *state;
	char token[65];
	snprintf(token, sizeof(token), "%s", count_a1(f));
	/* The same pack scanned twice, as EAN-13 and as a DataMatrix: one key. */
	struct tu_http r = tu_http_hub(
	    f->h.url, "POST", "/v1/events", token,
	    "{\"db_id\":\"" DB_ID "\",\"events\":["
	    "{\"seq\":2,\"uuid\":\"31111111-1111-4111-8111-111111111102\","
	    "\"kind\":\"unknown-code\",\"device_time\":\"2026-11-23T08:20:00.000Z\","
	    "\"location_id\":\"MED1\",\"code\":\"]E09520000099992\",\"qty\":0,\"data\":{}},"
	    "{\"seq\":3,\"uuid\":\"31111111-1111-4111-8111-111111111103\","
	    "\"kind\":\"unknown-code\",\"device_time\":\"2026-11-23T08:21:00.000Z\","
	    "\"location_id\":\"MED1\",\"code\":\"]d201095200000999921727063010B7\","
	    "\"qty\":0,\"data\":{}}]}");
	assert_int_equal(r.status, 200);
	tu_http_free(&r);

	struct web_browser *b = web_browser_signed_in(f->h.url, "anne", PASSWORD);
	r = web_get(b, "/unknown");
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "<td>09520000099992</td><td class=\"num\">2</td>"
	                           "<td>2026-11-23 09:21</td><td>Medisinsk 1</td>");
	char *csrf = web_csrf(r.body);
	char *ok = tu_strfmt("code=09520000099992&article=A2&csrf=%s", csrf);
	char *bad = tu_strfmt("code=09520000099992&article=NOPE&csrf=%s", csrf);
	free(csrf);
	tu_http_free(&r);
	/* Without the session's token: refused, nothing mapped. */
	r = web_post(b, "/unknown/map", "code=09520000099992&article=A2");
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	/* An article that does not exist: said, nothing mapped. */
	r = web_post(b, "/unknown/map", bad);
	assert_int_equal(r.status, 400);
	tu_assert_contains(r.body, "Det finnes ingen vare «NOPE»");
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->db, "SELECT count(*) FROM code"), 0);
	r = web_post(b, "/unknown/map", ok);
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	r = web_get(b, "/unknown");
	tu_assert_contains(r.body, "Ingen ukjente koder");
	/* Said: the two scans had no session (no job to count them by), so
	 * they were kept with the article, not counted. */
	tu_assert_contains(r.body, "<h2>Koblede koder</h2>");
	tu_assert_contains(r.body, "<td class=\"num\">0</td><td class=\"num\">2</td>");
	tu_http_free(&r);
	/* Master data: the handheld's next pull has the mapping. */
	r = tu_http_hub(f->h.url, "GET", "/v1/changes?since=0", token, NULL);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "\"table\":\"code\",\"op\":\"upsert\"");
	tu_assert_contains(r.body, "\"code\":\"09520000099992\"");
	tu_assert_contains(r.body, "\"article_id\":\"A2\"");
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->db,
	                               "SELECT count(*) FROM audit WHERE action = 'code-map' AND"
	                               " actor = 'anne' AND target = '09520000099992'"),
	                 1);
	free(ok);
	free(bad);
	web_browser_close(b);
}

/* GET path with a header, from an address: the reply. */
static struct tu_http get_with(struct hub_fixture *f, const char *from, const char *path,
                               const char *hdr)
{
	const char *const headers[] = { hdr, NULL };
	return web_get_once(f->h.url, from, path, headers);
}

/* Behind the hospital's single sign-on: the proxy's header names the hub
 * account, believed from the proxy's address only. */
static void single_sign_on_through_a_trusted_proxy(void **state)
{
	struct hub_fixture *f = *state;
	/* Not configured: the header means nothing. */
	struct tu_http r = get_with(f, NULL, "/refill", "X-Remote-User: anne");
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	assert_int_equal(hub_run_stop(&f->h), 0);
	const char *extra[] = { "--trusted-proxy", "127.0.0.1", "--proxy-user-header",
		                "X-Remote-User", NULL };
	hub_run_start(&f->h, f->db, extra);
	r = get_with(f, NULL, "/refill", "X-Remote-User: anne");
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "Anne Hansen");
	tu_assert_contains(r.headers, "Set-Cookie: tally_session=");
	tu_assert_contains(r.headers, "HttpOnly; SameSite=Lax");
	tu_http_free(&r);
	/* The roles are the hub account's. */
	r = get_with(f, NULL, "/audit", "X-Remote-User: anne");
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	/* A login with no hub account, or the header from elsewhere: not in. */
	r = get_with(f, NULL, "/refill", "X-Remote-User: mallory");
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	r = get_with(f, "127.0.0.2", "/refill", "X-Remote-User: boss");
	assert_int_equal(r.status, 303);
	tu_assert_lacks(r.headers, "tally_session=");
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->db,
	                               "SELECT count(*) FROM audit WHERE action = 'signin-sso'"
	                               " AND actor = 'anne' AND client_addr = '127.0.0.1'"),
	                 2);
	/* The serve options come in a pair. */
	char *argv[] = {
		(char *)tu_hub_bin(), "--db",      f->where, "serve", "--listen", "127.0.0.1:0",
		"--trusted-proxy",    "127.0.0.1", NULL
	};
	struct tu_run run = tu_run(argv, NULL, NULL);
	assert_int_equal(run.status, 64);
	tu_run_free(&run);
}

/* Days of cover on the page, from a history worked out by hand: A1 counted
 * 20 at MED1 on 23 November (count_a1's 3 replaced), 14 used on the 24th:
 * 6 on hand, 14 in the week to the 29th = 2.0 a day, 3.0 days of cover,
 * below the 14 wanted: flagged.  A2 counted 10 and not used: no use, not
 * flagged.  A bad ?weeks or ?until is refused with what to give. */
static void cover_page_flags_below_the_days_wanted(void **state)
{
	struct hub_fixture *f = *state;
	const char *token = count_a1(f);
	push_events(
	    f, token,
	    "{\"seq\":2,\"uuid\":\"41111111-1111-4111-8111-111111111102\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T10:00:00.000Z\",\"location_id\":\"MED1\","
	    "\"article_id\":\"A1\",\"qty\":20,\"data\":{}},"
	    "{\"seq\":3,\"uuid\":\"41111111-1111-4111-8111-111111111103\",\"kind\":\"count\","
	    "\"device_time\":\"2026-11-23T10:01:00.000Z\",\"location_id\":\"MED1\","
	    "\"article_id\":\"A2\",\"qty\":10,\"data\":{}},"
	    "{\"seq\":4,\"uuid\":\"41111111-1111-4111-8111-111111111104\","
	    "\"kind\":\"consume\",\"device_time\":\"2026-11-24T10:00:00.000Z\","
	    "\"location_id\":\"MED1\",\"article_id\":\"A1\",\"qty\":14,"
	    "\"data\":{\"reason\":\"patient\"}}");
	struct web_browser *b = web_browser_signed_in(f->h.url, "anne", PASSWORD);
	struct tu_http r = web_get(b, "/cover?weeks=1&until=2026-11-29&lang=en");
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "<tr class=\"short\"><td>Medisinsk 1</td><td>A1</td>"
	                           "<td>Paracet 500 mg</td><td class=\"num\">6</td>"
	                           "<td class=\"num\">14</td><td class=\"num\">2.0</td>"
	                           "<td class=\"num\">3.0</td><td class=\"num\">14</td>"
	                           "<td>below 14 days</td>");
	tu_assert_contains(r.body, "<tr><td>Medisinsk 1</td><td>A2</td><td>Ibux 400 mg</td>"
	                           "<td class=\"num\">10</td><td class=\"num\">0</td>"
	                           "<td class=\"num\">0.0</td><td class=\"num none\">no use</td>");
	tu_assert_contains(r.body, "1 flagged.");
	tu_assert_lacks(r.body, "<script>alert");
	tu_http_free(&r);
	r = web_get(b, "/cover?weeks=1&until=2026-11-29&format=csv&sep=semicolon&lang=nb");
	tu_assert_contains(r.body, "MED1;Medisinsk 1;A1;Paracet 500 mg;6;14;2,0;3,0;14;under 14 "
	                           "dager;\r\n");
	tu_http_free(&r);
	r = web_get(b, "/cover?weeks=0");
	assert_int_equal(r.status, 400);
	tu_http_free(&r);
	r = web_get(b, "/cover?until=29.11.2026");
	assert_int_equal(r.status, 400);
	tu_http_free(&r);
	web_browser_close(b);
	/* The warehouse does not see it. */
	struct web_browser *w = web_browser_signed_in(f->h.url, "per", PASSWORD);
	r = web_get(w, "/cover");
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	web_browser_close(w);
}

/* The pharmacy registers a shortage notice on the page and ends it: only
 * with the session's token, only the pharmacy, bad input said, every
 * change in the audit log and in the change feed to the handhelds; the
 * message is text, not markup; the warehouse reads the notices. */
static void shortages_registered_and_ended_on_the_page(void **state)
{
	struct hub_fixture *f = *state;
	struct web_browser *b = web_browser_signed_in(f->h.url, "anne", PASSWORD);
	struct tu_http r = web_get(b, "/shortages");
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "Ingen gjeldende melding");
	tu_assert_contains(r.body, "action=\"/shortages/add\"");
	char *csrf = web_csrf(r.body);
	tu_http_free(&r);
	const char *fields = "article=A1&status=ongoing&message=Leveringssvikt+%3Cb%3Ehos+"
	                     "produsent%3C%2Fb%3E&alternatives=A2+%3D+terapibytte%0D%0AX1+"
	                     "&from=2026-11-20&to=";
	char *form = tu_strfmt("%s&csrf=%s", fields, csrf);
	/* Without the token: refused, nothing registered. */
	r = web_post(b, "/shortages/add", fields);
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->db, "SELECT count(*) FROM shortage"), 0);
	/* An unknown article and a bad date: said, nothing registered. */
	char *bad = tu_strfmt("article=NOPE&status=ongoing&message=x&csrf=%s", csrf);
	r = web_post(b, "/shortages/add", bad);
	assert_int_equal(r.status, 400);
	tu_assert_contains(r.body, "Ingenting ble registrert:");
	tu_assert_contains(r.body, "NOPE");
	tu_http_free(&r);
	char *baddate =
	    tu_strfmt("article=A1&status=ongoing&message=x&from=20.11.2026&csrf=%s", csrf);
	r = web_post(b, "/shortages/add", baddate);
	assert_int_equal(r.status, 400);
	tu_assert_contains(r.body, "ÅÅÅÅ-MM-DD");
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->db, "SELECT count(*) FROM shortage"), 0);
	r = web_post(b, "/shortages/add", form);
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	r = web_get(b, "/shortages?lang=en");
	tu_assert_contains(r.body,
	                   "<tr class=\"short\"><td>A1</td><td>Paracet 500 mg</td>"
	                   "<td class=\"none\">–</td><td>ongoing</td><td>2026-11-20</td>"
	                   "<td class=\"none\">–</td><td>Leveringssvikt &lt;b&gt;hos "
	                   "produsent&lt;/b&gt;</td><td>&lt;script&gt;alert(1)&lt;/script&gt;, "
	                   "Ibux 400 mg (terapibytte)</td></tr>");
	tu_assert_lacks(r.body, "<b>hos");
	tu_assert_lacks(r.body, "<script>alert");
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->db,
	                               "SELECT count(*) FROM audit WHERE action = 'shortage-add'"
	                               " AND actor = 'anne' AND target = 'A1'"),
	                 1);
	assert_int_equal(
	    hub_run_count(f->db, "SELECT count(*) FROM change WHERE tbl = 'shortage_alt'"), 2);

	/* The warehouse reads it, and may not change it. */
	struct web_browser *w = web_browser_signed_in(f->h.url, "per", PASSWORD);
	r = web_get(w, "/shortages");
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "Paracet 500 mg");
	tu_assert_lacks(r.body, "action=\"/shortages/add\"");
	char *w_csrf = web_csrf(r.body);
	char *wform = tu_strfmt("article=A1&csrf=%s", w_csrf);
	free(w_csrf);
	tu_http_free(&r);
	r = web_post(w, "/shortages/end", wform);
	assert_int_equal(r.status, 403);
	tu_http_free(&r);
	web_browser_close(w);

	/* Ended on the 30th: no current notice; with the ended ones it shows. */
	char *end = tu_strfmt("article=A1&to=2026-11-30&csrf=%s", csrf);
	r = web_post(b, "/shortages/end", end);
	assert_int_equal(r.status, 303);
	tu_http_free(&r);
	r = web_get(b, "/shortages?lang=nb");
	tu_assert_contains(r.body, "Ingen gjeldende melding");
	tu_http_free(&r);
	r = web_get(b, "/shortages?all=1&format=csv");
	tu_assert_contains(r.body,
	                   "A1,Paracet 500 mg,,avsluttet,2026-11-20,2026-11-30,"
	                   "Leveringssvikt <b>hos produsent</b>,\"<script>alert(1)</script>, "
	                   "Ibux 400 mg (terapibytte)\"\r\n");
	tu_http_free(&r);
	assert_int_equal(hub_run_count(f->db,
	                               "SELECT count(*) FROM audit WHERE action = 'shortage-end'"
	                               " AND actor = 'anne' AND target = 'A1'"),
	                 1);
	free(csrf), free(form), free(bad), free(baddate), free(wform), free(end);
	web_browser_close(b);
}

/* The drill page shows the cover cumulatively by tier: plan P1 needs 60
 * packs of A1 (100 patients × 2 days × 6 ÷ 2 ÷ 10 = 0.3 a day); counted 2
 * in the ambulance, 12 at the emergency department, 30 at the pharmacy:
 * within the ambulances 2 of 60, with the emergency department 14 of 60,
 * with the hospital pharmacy 44 of 60. */
static void drill_page_shows_cover_by_tier(void **state)
{
	struct hub_fixture *f = *state;
	const char *token = count_a1(f);
#define DRILL_EV(seq, loc, qty)                                                             \
	"{\"seq\":" #seq ",\"uuid\":\"51111111-1111-4111-8111-11111111110" #seq "\","       \
	"\"kind\":\"count\",\"device_time\":\"2026-11-23T10:0" #seq ":00.000Z\","           \
	"\"session\":\"51111111-1111-4111-8111-111111111102\",\"location_id\":\"" loc "\"," \
	"\"article_id\":\"A1\",\"qty\":" #qty ",\"data\":{\"plan\":\"P1\"}}"
	push_events(f, token,
	            "{\"seq\":2,\"uuid\":\"51111111-1111-4111-8111-111111111102\","
	            "\"kind\":\"session-start\",\"device_time\":\"2026-11-23T10:00:00.000Z\","
	            "\"qty\":0,\"data\":{\"job\":\"drill\",\"plan\":\"P1\"}}," DRILL_EV(
	                3, "AMB1", 2) "," DRILL_EV(4, "AKUTT", 12) "," DRILL_EV(5, "APOTEK", 30));
#undef DRILL_EV
	struct web_browser *b = web_browser_signed_in(f->h.url, "anne", PASSWORD);
	struct tu_http r = web_get(b, "/drills?lang=en");
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "<td>within ambulances: 2 of 60; within emergency department: "
	                           "14 of 60; within hospital pharmacy: 44 of 60</td>");
	tu_http_free(&r);
	r = web_get(b, "/drills?lang=nb");
	tu_assert_contains(r.body, "til og med ambulansene: 2 av 60; til og med akuttmottaket: "
	                           "14 av 60; til og med sykehusapoteket: 44 av 60");
	tu_http_free(&r);
	web_browser_close(b);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(staff_pages_need_signing_in, setup, teardown),
		cmocka_unit_test_setup_teardown(sign_in_wrong_password_and_out, setup, teardown),
		cmocka_unit_test_setup_teardown(signin_form_needs_its_own_token, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_passwords_lock_the_account, setup, teardown),
		cmocka_unit_test_setup_teardown(attempts_are_limited_per_address, setup, teardown),
		cmocka_unit_test_setup_teardown(roles_decide_the_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(pick_list_ticks_and_marks_uncounted, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(every_staff_page_sends_the_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(admin_revokes_a_handheld, setup, teardown),
		cmocka_unit_test_setup_teardown(admin_makes_an_enrolment_code, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_code_mapped_reaches_the_handhelds, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(cover_page_flags_below_the_days_wanted, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(shortages_registered_and_ended_on_the_page, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(drill_page_shows_cover_by_tier, setup, teardown),
		cmocka_unit_test_setup_teardown(single_sign_on_through_a_trusted_proxy, setup,
		                                teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
