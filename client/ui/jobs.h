/*
 * ui/jobs.h — the screens of the handheld UI, one file each: sign-in, the
 * menu of the jobs the user's roles allow, and the jobs themselves over the
 * workflow modules (jobs/round.h, receive.h, drill.h, count.h,
 * consume.h, antidotes.h).
 */
#ifndef TALLY_CLIENT_UI_JOBS_H
#define TALLY_CLIENT_UI_JOBS_H

#include "client/ui/screen.h"

/* Until someone signs in (1), or the user quits on the sign-in screen (0).
 * `why` (may be NULL) is shown first, e.g. why the last user was signed out. */
int ui_signin(struct ui *u, const char *why);

/* The menu until the user signs out or is signed out. */
enum ui_end ui_menu(struct ui *u);

enum ui_end ui_round(struct ui *u);
enum ui_end ui_receive(struct ui *u);
enum ui_end ui_drill(struct ui *u);
enum ui_end ui_count(struct ui *u);
enum ui_end ui_consume(struct ui *u);
enum ui_end ui_antidotes(struct ui *u);
enum ui_end ui_status(struct ui *u);
enum ui_end ui_where(struct ui *u);

/* The article typed (part of its name) or scanned: one chosen from the
 * matches, the ward's basis list first (location_id may be NULL).  1 with
 * *out set (article_free it); 0 nothing chosen (said why); -1 signed out. */
struct article;
int ui_choose_article(struct ui *u, const char *what, const char *location_id, struct article *out);

/* A ward or room: scan its label or choose it from the list.  1 with *id
 * (malloc'd location id or label) set; 0 back; -1 signed out. */
int ui_choose_location(struct ui *u, const char *title, char **id);

#endif
