/*
 * ui/signin.c — the sign-in screen: scan the staff badge (or type its
 * number), then the PIN, hidden.  Five wrong PINs in a row for a badge
 * wait 30 s, counted in the store (jobs/signin.h); F10 leaves tally.
 */
#include "client/ui/jobs.h"
#include "common/command.h"
#include "common/i18n.h"
#include "db/store.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The badge number from a badge label scan ("B:1001"), else as typed. */
/* From sign-in on the UI speaks the user's language (master data
 * user.lang), else the handheld's. */
static void speak_user_lang(struct ui *u)
{
	struct user usr = { 0 };
	struct tally_err e = { 0 };
	const char *lang = u->lang;
	if (store_user_get(u->store, u->sess.badge, &usr, &e) == 0 && usr.lang != NULL &&
	    usr.lang[0] && command_lang_known(usr.lang))
		lang = usr.lang;
	i18n_init(lang);
	user_free(&usr);
}

static void badge_of(const struct ui *u, const char *text, char *badge, size_t size)
{
	struct scan sc;
	struct scan_failure f;
	if (scan_parse(text, strlen(text), &u->scan_cfg, &sc, &f) == SCAN_OK &&
	    sc.type == SCAN_BADGE)
		snprintf(badge, size, "%s", sc.id);
	else if (strlen(text) < size)
		memcpy(badge, text, strlen(text) + 1);
	else
		badge[0] = '\0'; /* no badge is that long: refused as unknown */
}

int ui_signin(struct ui *u, const char *why)
{
	struct ui_field badge_f = { .label = _("Badge") };
	struct ui_field pin_f = { .label = _("PIN"), .hidden = 1 };
	char badge[SIGNIN_FIELD_MAX] = "";
	struct ui_ev ev;
	u->signed_in = 0;
	u->msg[0] = '\0';
	if (why != NULL)
		ui_say(u, UI_WARN, "%s", why);
	for (;;) {
		int want_pin = badge[0] != '\0';
		ui_frame(u, _("tally - sign in"),
		         want_pin ? _("Enter sign in Esc back") : _("Enter next  F10 quit"));
		if (want_pin) {
			ui_row(u, 2, UI_INFO, 0, _("Badge %s"), badge);
			ui_row(u, 3, UI_INFO, 0, "%s", _("Type your PIN and press Enter."));
		} else {
			ui_row(u, 2, UI_INFO, 0, "%s", _("Scan your staff badge,"));
			ui_row(u, 3, UI_INFO, 0, "%s", _("or type its number and Enter."));
		}
		ui_read(u, want_pin ? &pin_f : &badge_f, &ev);
		if (ev.type == UI_EV_KEY && ev.key == KEY_F(10) && !want_pin)
			return 0;
		if (ev.type == UI_EV_KEY && ev.key == UI_KEY_ESC) {
			badge[0] = '\0';
			pin_f.len = 0;
			u->msg[0] = '\0';
			continue;
		}
		if (ev.type != UI_EV_TEXT && ev.type != UI_EV_SCAN)
			continue;
		if (!want_pin || ev.type == UI_EV_SCAN) {
			/* A badge scanned while the PIN is asked: another user. */
			badge_of(u, ev.text, badge, sizeof(badge));
			pin_f.len = 0;
			u->msg[0] = '\0';
			continue;
		}
		/* Wrong PINs are counted per badge in the store (jobs/signin.c). */
		struct tally_err e = { 0 };
		int rc = signin_check(u->store, badge, ev.text, time(NULL), &u->sess, &e);
		memset(ev.text, 0, sizeof(ev.text)); /* the PIN is not kept */
		if (rc == 0) {
			u->signed_in = 1;
			speak_user_lang(u);
			ui_say(u, UI_GOOD, _("Signed in: %s"), u->sess.name);
			return 1;
		}
		ui_say(u, UI_ERROR, "%s", e.msg);
	}
}
