/*
 * test-hub-web.c — the web front's public pages as a browser meets them,
 * without a browser: a real tally-hub on 127.0.0.1, real requests with
 * libcurl, each reply's headers and body looked at.  Every page sends the
 * Content-Security-Policy; every piece of data is escaped (an article
 * named <script> is text); Norwegian unless asked for English; CSV that
 * Excel opens; --no-public turns the public pages off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-fixture.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"
#include "tests/lib/web-client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *master =
    "{\"article\":["
    "{\"id\":\"A1\",\"name\":\"Paracet 500 mg, 20 stk\"},"
    "{\"id\":\"X1\",\"name\":\"<script>alert(1)</script>\",\"antidote\":1},"
    "{\"id\":\"F1\",\"name\":\"=HYPERLINK(\\\"http://x\\\")\"},"
    "{\"id\":\"N1\",\"name\":\"Nalokson 0,4 mg/ml\",\"antidote\":1,"
    "\"antidote_tier\":\"all\",\"antidote_qty\":2}],"
    "\"plan\":[{\"id\":\"P1\",\"name\":\"<b>Stor ulykke</b>\",\"patients\":10,"
    "\"days\":1}],"
    "\"plan_line\":[{\"plan_id\":\"P1\",\"article_id\":\"N1\",\"dose\":0.4,"
    "\"strength\":0.4,\"units_per_pack\":10}],"
    "\"plan_place\":[{\"plan_id\":\"P1\",\"article_id\":\"N1\",\"location_id\":\"MED1\"}],"
    "\"code\":[{\"code\":\"09521234543213\",\"article_id\":\"A1\"}],"
    "\"location\":["
    "{\"id\":\"H1\",\"name\":\"A-sykehuset\",\"kind\":\"hospital\"},"
    "{\"id\":\"H2\",\"name\":\"B-sykehuset \\\"Nord\\\"\",\"kind\":\"hospital\"},"
    "{\"id\":\"MED1\",\"name\":\"Medisinsk 1\",\"kind\":\"ward\",\"parent_id\":\"H1\","
    "\"hospital_id\":\"H1\"},"
    "{\"id\":\"KIR1\",\"name\":\"Kirurgisk 1\",\"kind\":\"ward\",\"parent_id\":\"H2\","
    "\"hospital_id\":\"H2\"}],"
    "\"basis\":["
    "{\"location_id\":\"MED1\",\"article_id\":\"A1\",\"min\":2,\"max\":6},"
    "{\"location_id\":\"KIR1\",\"article_id\":\"A1\",\"min\":3,\"max\":9,"
    "\"policy\":\"always-to-max\"},"
    "{\"location_id\":\"MED1\",\"article_id\":\"X1\",\"min\":1,\"max\":2},"
    "{\"location_id\":\"MED1\",\"article_id\":\"F1\",\"min\":1,\"max\":2}],"
    "\"stock\":[{\"location_id\":\"KIR1\",\"article_id\":\"A1\",\"qty\":7,"
    "\"counted_at\":\"2026-11-23T08:15:00.000Z\"}]}";

/* GET path with extra request headers (NULL-terminated, may be NULL), from
 * a browser of its own: no cookie of an earlier request goes with it. */
static struct tu_http get(struct hub_fixture *f, const char *path, const char *const headers[])
{
	return web_get_once(f->h.url, NULL, path, headers);
}

static int setup(void **state)
{
	struct hub_fixture *f = hub_fixture_new(master);
	hub_run_start(&f->h, f->db, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	hub_fixture_free(*state);
	return 0;
}

/* Monitoring may ask whether the hub answers; nothing else is open. */
static void health_needs_no_token(void **state)
{
	struct hub_fixture *f = *state;
	struct tu_http r = get(f, "/v1/health", NULL);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "\"ok\":true");
	tu_assert_lacks(r.body, "device");
	tu_http_free(&r);
	r = get(f, "/v1/changes?since=0", NULL);
	assert_int_equal(r.status, 401);
	tu_http_free(&r);
}

/* Every page, the style sheet and the 404 page carry the policy that
 * keeps out inline script and other origins. */
static void every_page_sends_the_policy(void **state)
{
	struct hub_fixture *f = *state;
	const char *paths[] = { "/",
		                "/borrow",
		                "/borrow?q=Paracet",
		                "/basis",
		                "/basis?ward=MED1",
		                "/antidotes",
		                "/no-such",
		                "/static/tally.css",
		                "/static/tally.js",
		                "/borrow?q=Paracet&format=csv" };
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct tu_http r = get(f, paths[i], NULL);
		assert_int_equal(r.status, strcmp(paths[i], "/no-such") == 0 ? 404 : 200);
		tu_assert_contains(
		    r.headers, "Content-Security-Policy: default-src 'none'; script-src 'self'; "
		               "style-src 'self'");
		tu_assert_contains(r.headers, "frame-ancestors 'none'");
		tu_assert_lacks(r.headers, "unsafe-inline");
		tu_assert_contains(r.headers, "X-Content-Type-Options: nosniff");
		/* No page pulls anything from elsewhere. */
		tu_assert_lacks(r.body, "src=\"http");
		tu_assert_lacks(r.body, "href=\"http");
		tu_assert_lacks(r.body, "src=\"//");
		tu_assert_lacks(r.body, "href=\"//");
		tu_assert_lacks(r.body, " style=");
		tu_assert_lacks(r.body, " onclick=");
		tu_http_free(&r);
	}
	struct tu_http r = get(f, "/static/tally.css", NULL);
	tu_assert_contains(r.headers, "Content-Type: text/css");
	tu_assert_contains(r.body, "@media print");
	tu_http_free(&r);
}

/* Data and the visitor's own search come back as text, never markup. */
static void data_is_escaped_everywhere(void **state)
{
	struct hub_fixture *f = *state;
	const char *paths[] = { "/borrow?q=script", "/basis", "/basis?article=X1", "/antidotes" };
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct tu_http r = get(f, paths[i], NULL);
		assert_int_equal(r.status, 200);
		tu_assert_contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;");
		tu_assert_lacks(r.body, "<script>alert");
		tu_http_free(&r);
	}
	/* The search text, reflected into the form. */
	struct tu_http r = get(f, "/borrow?q=%22%3E%3Cscript%3Ex()%3C%2Fscript%3E", NULL);
	tu_assert_contains(r.body, "value=\"&quot;&gt;&lt;script&gt;x()&lt;/script&gt;\"");
	tu_assert_lacks(r.body, "<script>x");
	/* A hospital's name with quotes, in the picker. */
	tu_assert_contains(r.body, "B-sykehuset &quot;Nord&quot;");
	tu_http_free(&r);
	r = get(f, "/basis?ward=%3Cb%3E&article=%27%3E", NULL);
	tu_assert_contains(r.body, "value=\"&lt;b&gt;\"");
	tu_assert_contains(r.body, "value=\"&#39;&gt;\"");
	tu_http_free(&r);
}

static void borrow_finds_wards_own_hospital_first(void **state)
{
	struct hub_fixture *f = *state;
	/* By name: both wards, A-sykehuset's first. */
	struct tu_http r = get(f, "/borrow?q=paracet", NULL);
	tu_assert_contains(r.body, "Paracet 500 mg, 20 stk (A1)");
	char *med = strstr(r.body, "Medisinsk 1 (MED1)"),
	     *kir = strstr(r.body, "Kirurgisk 1 (KIR1)");
	assert_non_null(med);
	assert_non_null(kir);
	assert_true(med < kir);
	/* KIR1's count, in local time (Oslo: UTC+1 in November), and said so. */
	tu_assert_contains(r.body, "<td class=\"num\">7</td><td>2026-11-23 09:15</td>");
	tu_assert_contains(r.body, "Europe/Oslo");
	/* MED1 was never counted: said, not guessed. */
	tu_assert_contains(r.body, "ikke telt");
	tu_http_free(&r);
	/* A visitor from B-sykehuset sees their own ward first. */
	r = get(f, "/borrow?q=paracet&hospital=H2", NULL);
	med = strstr(r.body, "Medisinsk 1 (MED1)");
	kir = strstr(r.body, "Kirurgisk 1 (KIR1)");
	assert_non_null(med);
	assert_non_null(kir);
	assert_true(kir < med);
	tu_assert_contains(r.body, "<option value=\"H2\" selected>");
	tu_http_free(&r);
	/* By barcode: a GTIN, and the EAN-13 inside it. */
	const char *codes[] = { "/borrow?q=09521234543213", "/borrow?q=9521234543213",
		                "/borrow?q=A1" };
	for (size_t i = 0; i < 3; i++) {
		r = get(f, codes[i], NULL);
		tu_assert_contains(r.body, "Paracet 500 mg, 20 stk (A1)");
		tu_http_free(&r);
	}
	/* Nothing found is said. */
	r = get(f, "/borrow?q=zzz-nothing", NULL);
	tu_assert_contains(r.body, "class=\"empty\"");
	tu_assert_lacks(r.body, "<table>");
	tu_http_free(&r);
	/* LIKE's wildcards in the search are plain characters. */
	r = get(f, "/borrow?q=%25", NULL);
	tu_assert_contains(r.body, "class=\"empty\"");
	tu_http_free(&r);
}

static void norwegian_by_default_english_by_choice(void **state)
{
	struct hub_fixture *f = *state;
	struct tu_http r = get(f, "/borrow", NULL);
	tu_assert_contains(r.body, "<html lang=\"nb\">");
	tu_assert_contains(r.body, "Hvor kan jeg låne?");
	tu_http_free(&r);
	r = get(f, "/borrow?lang=en", NULL);
	tu_assert_contains(r.body, "<html lang=\"en\">");
	tu_assert_contains(r.body, "Where can I borrow?");
	tu_assert_contains(r.headers, "Set-Cookie: lang=en; Path=/;");
	tu_assert_contains(r.headers, "SameSite=Lax");
	tu_http_free(&r);
	const char *cookie[] = { "Cookie: lang=en", NULL };
	r = get(f, "/basis", cookie);
	tu_assert_contains(r.body, "Basis lists");
	tu_http_free(&r);
	const char *browser_en[] = { "Accept-Language: en-GB,en;q=0.8", NULL };
	r = get(f, "/antidotes", browser_en);
	tu_assert_contains(r.body, "<html lang=\"en\">");
	tu_http_free(&r);
	const char *browser_nb[] = { "Accept-Language: nb-NO,nb;q=0.9,en;q=0.5", NULL };
	r = get(f, "/antidotes", browser_nb);
	tu_assert_contains(r.body, "<html lang=\"nb\">");
	tu_assert_contains(r.body, "Antidoter");
	tu_http_free(&r);
}

/* /antidotes against the stocking tiers and the plans: naloxone at all
 * hospitals, 2 each (4 in the region), none held; plan P1 (a name with
 * markup) asks 10 patients × 1 day × 0.4 mg ÷ 0.4 mg ÷ 10 a pack = 1 pack
 * of it at its place, where none is: 1 short.  The page says which plan,
 * escaped; the CSV has the same rows. */
static void antidotes_against_tiers_and_plans(void **state)
{
	struct hub_fixture *f = *state;
	struct tu_http r = get(f, "/antidotes?lang=en&format=csv", NULL);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "Article number,Antidote,Hospital,Storage place,Recommended,"
	                           "Plan requires,On hand,Short,Expired,Counted at\r\n");
	tu_assert_contains(r.body, "N1,\"Nalokson 0,4 mg/ml\",A-sykehuset,all its places,2,,0,2,"
	                           "0,\r\n"
	                           "N1,\"Nalokson 0,4 mg/ml\",\"B-sykehuset \"\"Nord\"\"\",all its "
	                           "places,2,,0,2,0,\r\n"
	                           "N1,\"Nalokson 0,4 mg/ml\",Region,all hospitals,4,,0,4,0,\r\n"
	                           "N1,\"Nalokson 0,4 mg/ml\",Plan: <b>Stor ulykke</b>,its storage "
	                           "places,,1,0,1,,\r\n");
	tu_http_free(&r);
	r = get(f, "/antidotes?lang=en", NULL);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.body, "<tr><td>Plan: &lt;b&gt;Stor ulykke&lt;/b&gt;</td><td>its "
	                           "storage places</td><td class=\"num none\">–</td><td "
	                           "class=\"num\">1</td><td class=\"num\">0</td><td "
	                           "class=\"num\">1</td>");
	tu_assert_lacks(r.body, "<b>Stor");
	tu_http_free(&r);
	r = get(f, "/antidotes", NULL);
	tu_assert_contains(r.body, "<th class=\"num\">Planen krever</th>");
	tu_assert_contains(r.body, "<td>Plan: &lt;b&gt;Stor ulykke&lt;/b&gt;</td>");
	tu_http_free(&r);
}

static void tables_download_as_csv(void **state)
{
	struct hub_fixture *f = *state;
	struct tu_http r = get(f, "/borrow?q=paracet&format=csv", NULL);
	assert_int_equal(r.status, 200);
	tu_assert_contains(r.headers, "Content-Type: text/csv; charset=utf-8");
	tu_assert_contains(r.headers, "Content-Disposition: attachment; filename=\"borrow.csv\"");
	assert_memory_equal(r.body, "\xEF\xBB\xBF", 3);
	tu_assert_contains(r.body,
	                   "A1,\"Paracet 500 mg, 20 stk\",\"B-sykehuset \"\"Nord\"\"\",Kirurgisk "
	                   "1 (KIR1),7,2026-11-23 09:15,3,9\r\n");
	tu_http_free(&r);
	/* Norwegian Excel: semicolons; the comma in the name needs no quotes. */
	r = get(f, "/borrow?q=paracet&format=csv&sep=semicolon", NULL);
	tu_assert_contains(r.body, "A1;Paracet 500 mg, 20 stk;");
	tu_http_free(&r);
	/* A name that looks like a formula is not one in the spreadsheet. */
	r = get(f, "/basis?format=csv", NULL);
	tu_assert_contains(r.body, "\"'=HYPERLINK(\"\"http://x\"\")\"");
	tu_assert_contains(r.body, "<script>alert(1)</script>"); /* CSV is not HTML */
	tu_http_free(&r);
	r = get(f, "/antidotes?format=csv", NULL);
	tu_assert_contains(r.headers, "filename=\"antidotes.csv\"");
	tu_assert_contains(r.body, "N1,\"Nalokson 0,4 mg/ml\",,,,,,,,\r\n"); /* held nowhere */
	tu_http_free(&r);
	/* Each table's page links to its CSV. */
	r = get(f, "/borrow?q=paracet", NULL);
	tu_assert_contains(r.body, "href=\"?format=csv&amp;q=paracet\"");
	tu_assert_contains(r.body, "href=\"?format=csv&amp;sep=semicolon&amp;q=paracet\"");
	tu_http_free(&r);
}

static void no_public_turns_the_public_pages_off(void **state)
{
	struct hub_fixture *f = *state;
	assert_int_equal(hub_run_stop(&f->h), 0);
	const char *extra[] = { "--no-public", NULL };
	hub_run_start(&f->h, f->db, extra);
	const char *paths[] = { "/borrow?q=paracet", "/basis", "/antidotes",
		                "/antidotes?format=csv" };
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct tu_http r = get(f, paths[i], NULL);
		assert_int_equal(r.status, 404);
		tu_assert_lacks(r.body, "Paracet");
		tu_assert_lacks(r.body, "Nalokson");
		tu_http_free(&r);
	}
	struct tu_http r = get(f, "/", NULL);
	assert_int_equal(r.status, 200);
	tu_assert_lacks(r.body, "href=\"/borrow\"");
	tu_http_free(&r);
	r = get(f, "/v1/health", NULL);
	assert_int_equal(r.status, 200);
	tu_http_free(&r);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(health_needs_no_token, setup, teardown),
		cmocka_unit_test_setup_teardown(every_page_sends_the_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(data_is_escaped_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(borrow_finds_wards_own_hospital_first, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(norwegian_by_default_english_by_choice, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(tables_download_as_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(antidotes_against_tiers_and_plans, setup, teardown),
		cmocka_unit_test_setup_teardown(no_public_turns_the_public_pages_off, setup,
		                                teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
