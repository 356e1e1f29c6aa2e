/*
 * ui/menu.c — the jobs the signed-in user's roles allow (jobs/signin.h),
 * chosen with the arrows and Enter or the row's number.  A job keeps its
 * number whatever the user's roles (Status is 8 for everyone), and nothing
 * is highlighted until an arrow is pressed: a stray Enter starts nothing.
 */
#include "client/ui/jobs.h"
#include "common/i18n.h"

#include <stddef.h>

struct job {
	const char *name; /* untranslated; shown through _() */
	const char *role; /* the job, as signin_may_job() knows it; NULL: everyone */
	enum ui_end (*run)(struct ui *u);
};

/* Who may do which job is signin_may_job()'s: the same rule as line mode. */
static const struct job jobs[] = {
	{ N_("Round"), "round", ui_round },       { N_("Receive"), "receive", ui_receive },
	{ N_("Drill"), "drill", ui_drill },       { N_("Count"), "count", ui_count },
	{ N_("Consume"), "consume", ui_consume }, { N_("Where can I borrow?"), NULL, ui_where },
	{ N_("Antidotes"), NULL, ui_antidotes },  { N_("Status"), NULL, ui_status },
	{ N_("Sign out"), NULL, NULL },
};

#define N_JOBS (sizeof(jobs) / sizeof(jobs[0]))

enum ui_end ui_menu(struct ui *u)
{
	const struct job *allowed[N_JOBS];
	const char *names[N_JOBS];
	int numbers[N_JOBS];
	size_t n = 0;
	for (size_t i = 0; i < N_JOBS; i++) {
		const struct job *j = &jobs[i];
		if (j->role == NULL || signin_may_job(u->sess.roles, j->role)) {
			allowed[n] = j;
			numbers[n] = (int)i + 1; /* the same number whatever the roles */
			names[n++] = _(j->name);
		}
	}
	struct ui_field f = { .label = _("Scan/No.") };
	struct ui_ev ev;
	for (;;) {
		long k = ui_pick_numbered(u, _("Menu"), names, numbers, n, 1, &f, &ev);
		if (k < 0) {
			if (ev.type == UI_EV_IDLE)
				return UI_SIGNED_OUT;
			if (ev.type == UI_EV_TEXT || ev.type == UI_EV_SCAN)
				ui_say(u, UI_ERROR, "%s",
				       _("Choose a job first: its number, or arrows and Enter."));
			continue; /* Esc on the menu: stay; signing out is a choice */
		}
		if (allowed[k]->run == NULL)
			return UI_BACK;
		u->msg[0] = '\0';
		if (allowed[k]->run(u) == UI_SIGNED_OUT)
			return UI_SIGNED_OUT;
	}
}
