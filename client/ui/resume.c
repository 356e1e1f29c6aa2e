/*
 * ui/resume.c — continue an unfinished job or start anew (see resume.h).
 */
#include "client/ui/resume.h"
#include "common/config.h"
#include "common/i18n.h"
#include "jobs/session.h"

enum ui_resume ui_ask_resume(struct ui *u, const char *title, const char *question)
{
	const char *items[] = { _("Yes, continue"), _("No, new (the old is closed)") };
	struct ui_field f = { .label = _("Choose") };
	struct ui_ev ev;
	/* The question on the message line: said whole at 30 columns, where
	 * the rows of the list are cut. */
	ui_say(u, UI_INFO, "%s", question);
	long pick = ui_pick(u, title, items, 2, &f, &ev);
	if (pick == 0)
		return UI_RESUME_CONTINUE;
	if (pick == 1)
		return UI_RESUME_NEW;
	u->msg[0] = '\0';
	return ev.type == UI_EV_IDLE ? UI_RESUME_SIGNED_OUT : UI_RESUME_BACK;
}

int ui_resume_hours(const struct ui *u)
{
	return (int)config_get_long(u->cfg, "jobs", "resume_hours", SESSION_RESUME_HOURS, NULL);
}
