/*
 * web-enroll.c — /enroll (see web-enroll.h).  The QR image is sent inside
 * the page (a data: URL), so the code never appears in a URL, a log or
 * the browser's history; the hub keeps only its hash.
 */
#include "hub/web-enroll.h"
#include "hub/account-audit.h"
#include "hub/enroll.h"
#include "hub/qr-png.h"
#include "hub/web-form.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void form(struct page *p, const char *problem)
{
	page_begin(p, N_("Enrol a handheld"));
	if (problem != NULL)
		html_fmt(&p->h, "<p class=\"problem\" role=\"alert\">%s</p>", problem);
	html_fmt(&p->h, "<p class=\"lead\">%s</p>",
	         page_tr(p, N_("Make a one-time code, then on the handheld scan its QR code (or "
	                       "type tally enroll with the hub's address and the code). A code "
	                       "works once.")));
	html_fmt(&p->h,
	         "<form method=\"post\" action=\"/enroll\" class=\"stack\">"
	         "<label for=\"name\">%s</label>"
	         "<input id=\"name\" name=\"name\" type=\"text\" maxlength=\"100\" required>"
	         "<label for=\"hours\">%s</label>"
	         "<input id=\"hours\" name=\"hours\" type=\"number\" min=\"1\" max=\"8760\" "
	         "value=\"24\" required>",
	         page_tr(p, N_("The handheld's name (as reports will show it)")),
	         page_tr(p, N_("Valid for (hours)")));
	page_csrf_field(p);
	html_fmt(&p->h, "<button type=\"submit\">%s</button></form>",
	         page_tr(p, N_("Make a code")));
	page_end(p);
}

void web_page_enroll(struct page *p, struct hdb *db)
{
	(void)db;
	form(p, NULL);
}

void web_post_enroll(struct page *p, struct hdb *db)
{
	char name[128], hours_s[16];
	const struct web_request *rq = p->rq;
	if (web_form_get(rq->body, rq->body_len, "name", name, sizeof(name)) != 0)
		name[0] = '\0';
	if (web_form_get(rq->body, rq->body_len, "hours", hours_s, sizeof(hours_s)) != 0)
		snprintf(hours_s, sizeof(hours_s), "24");
	char *end;
	long hours = strtol(hours_s, &end, 10);
	if (*end != '\0')
		hours = 0;
	char code[ENROLL_CODE_LEN + 3], text[ENROLL_TEXT_MAX];
	struct tally_err e = { 0 };
	int rc = enroll_issue(db, name, hours, NULL, code, text, &e);
	if (rc == EX_CONFIG) {
		/* No --public-url: the address this browser reached the hub at. */
		const char *host = rq->get(rq->conn, WEB_HEADER, "Host");
		char url[300];
		if (host != NULL && strlen(host) < 200 && strpbrk(host, "/\\@ \"<>") == NULL) {
			snprintf(url, sizeof(url), "%s://%s", rq->tls ? "https" : "http", host);
			err_clear(&e);
			rc = enroll_issue(db, name, hours, url, code, text, &e);
		}
	}
	if (rc != 0) {
		if (rc == EX_DATAERR || rc == EX_CONFIG) {
			p->out->status = 400;
			return form(p, page_tr(p, N_("Give the handheld a name of 1 to 100 "
			                             "characters, and 1 to 8760 hours.")));
		}
		fprintf(stderr, "tally-hub: %s\n", e.msg);
		return page_error(p, 503,
		                  N_("The hub could not read its database just now; try "
		                     "again in a moment."));
	}
	audit_log(db, p->s->who.login, "enroll-code", name, NULL, rq->client_addr, &e);
	size_t len = 0;
	unsigned char *png = qr_png(text, 6, &len);
	page_begin(p, N_("Enrol a handheld"));
	html_fmt(&p->h, "<p class=\"lead\">%s</p>",
	         page_tr(p, N_("Scan the QR code with the handheld, or type the code. It works "
	                       "once; close this page afterwards.")));
	html_fmt(&p->h, "<h2>%s</h2><p class=\"code\" id=\"code\">%s</p>", name, code);
	if (png != NULL) {
		html_fmt(&p->h, "<p><img id=\"qr\" alt=\"%s\" src=\"data:image/png;base64,",
		         page_tr(p, N_("QR code for enrolling the handheld")));
		html_base64(&p->h, png, len);
		html_raw(&p->h, "\"></p>");
		free(png);
	}
	html_fmt(&p->h, "<p class=\"note\"><code>%s</code></p>", text);
	html_raw(&p->h, "<p>");
	char n[24];
	snprintf(n, sizeof(n), "%ld", hours);
	html_fmt(&p->h, page_tr(p, N_("Valid for %s hours.")), n);
	html_raw(&p->h, "</p>");
	page_end(p);
}
