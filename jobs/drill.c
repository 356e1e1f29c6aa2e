#include "jobs/drill.h"
#include "jobs/pack.h"
#include "jobs/session.h"
#include "common/str.h"
#include "core/calc.h"
#include "core/expiry.h"
#include "core/tier.h"
#include "common/i18n.h"
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int rebuild(struct drill *d, struct tally_err *e);

static int drill_open(struct drill **out, struct store *s, const char *plan_id, const char *user,
                      const char *today, const struct open_session *o, struct tally_err *e)
{
	struct plan p;
	if (store_plan_get(s, plan_id, &p, e) != 0)
		return e->status;
	struct drill *d = calloc(1, sizeof(*d));
	if (d == NULL) {
		plan_free(&p);
		return err_set(e, EX_OSERR, _("out of memory"));
	}
	d->store = s;
	d->plan_id = str_dup(p.id);
	d->plan_name = str_dup(p.name);
	d->patients = p.patients;
	d->days = p.days;
	d->user = str_dup(user);
	snprintf(d->today, sizeof(d->today), "%s", today);
	plan_free(&p);

	struct plan_line *lines = NULL;
	struct plan_place *places = NULL;
	size_t nl = 0, np = 0;
	if (store_plan_lines(s, d->plan_id, &lines, &nl, e) != 0 ||
	    store_plan_places(s, d->plan_id, &places, &np, e) != 0)
		goto fail;
	d->articles = calloc(nl ? nl : 1, sizeof(*d->articles));
	if (d->articles == NULL) {
		err_set(e, EX_OSERR, _("out of memory"));
		goto fail;
	}
	for (size_t i = 0; i < nl; i++) {
		struct drill_article *a = &d->articles[d->n++];
		a->article_id = str_dup(lines[i].article_id);
		a->name = str_dup(lines[i].article_name);
		struct calc_in in = { lines[i].dose, lines[i].strength, lines[i].units_per_pack,
			              (double)d->patients, (double)d->days };
		double ppd;
		if (calc_required(&in, &ppd, &a->required, e) != 0) {
			char why[200];
			snprintf(why, sizeof(why), "%.199s", e->msg);
			err_set(e, EX_DATAERR, _("plan %.60s, %.60s: %s"), d->plan_id, a->name,
			        why);
			goto fail;
		}
		a->places = calloc(np ? np : 1, sizeof(*a->places));
		for (size_t k = 0; a->places != NULL && k < np; k++) {
			if (strcmp(places[k].article_id, a->article_id) != 0)
				continue;
			struct drill_place *pl = &a->places[a->n_places++];
			pl->location_id = str_dup(places[k].location_id);
			pl->min = places[k].min;
			pl->max = places[k].max;
			pl->tier = tier_parse(places[k].tier);
			if (pl->tier < 0)
				pl->tier = TIER_NONE;
		}
	}
	plan_lines_free(lines, nl);
	plan_places_free(places, np);
	lines = NULL;
	places = NULL;

	clock_gettime(CLOCK_REALTIME, &d->started);
	int rc = 0;
	if (o != NULL) {
		snprintf(d->session, sizeof(d->session), "%s", o->session);
		d->start_seq = o->start_seq;
		struct tm tm = { 0 };
		/* the drill's time runs from its start, not from the resume */
		if (sscanf(o->started, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
		           &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
			tm.tm_year -= 1900;
			tm.tm_mon -= 1;
			d->started.tv_sec = timegm(&tm);
			d->started.tv_nsec = 0;
		}
	} else {
		json_t *data = json_pack("{s:s,s:s}", "job", "drill", "plan", d->plan_id);
		struct record_in in = { .kind = REC_SESSION_START, .user = user, .data = data };
		rc = store_append(s, &in, &d->start_seq, d->session, e);
		json_decref(data);
	}
	if (rc != 0)
		goto fail;
	d->pack = (struct pack_job){ .store = s,
		                     .session = d->session,
		                     .user = d->user,
		                     .takes = PACK_TAKES_LOCATION | PACK_SERIAL_ONCE,
		                     .hint = N_("scan a pack, or a storage place's label") };
	if (o != NULL && rebuild(d, e) != 0)
		goto fail;
	*out = d;
	return 0;
fail:
	plan_lines_free(lines, nl);
	plan_places_free(places, np);
	drill_free(d);
	return e->status;
}

int drill_start(struct drill **out, struct store *s, const char *plan_id, const char *user,
                const char *today, struct tally_err *e)
{
	return drill_open(out, s, plan_id, user, today, NULL, e);
}

int drill_resume(struct drill **out, struct store *s, const char *plan_id, const char *user,
                 const char *today, const struct open_session *o, struct tally_err *e)
{
	return drill_open(out, s, plan_id, user, today, o, e);
}

int drill_find_open(struct store *s, const char *plan_id, int hours, struct open_session *o,
                    struct tally_err *e)
{
	int rc = session_find_open(s, "drill", NULL, hours, o, e);
	if (rc != 0)
		return rc;
	struct record r;
	if (store_record_get(s, o->start_seq, &r, e) != 0)
		return e->status;
	const char *plan = json_string_value(json_object_get(r.data, "plan"));
	int same = plan != NULL && plan_id != NULL && strcmp(plan, plan_id) == 0;
	record_free(&r);
	if (!same)
		return err_set(e, EX_DATAERR, _("no unfinished drill of this plan"));
	return 0;
}

static struct drill_article *find_article(struct drill *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->articles[i].article_id, id) == 0)
			return &d->articles[i];
	return NULL;
}

/* A counted scan into the drill's figures. */
static void add_count(struct drill *d, const char *article_id, const char *place, int64_t packs,
                      int expired)
{
	struct drill_article *da = find_article(d, article_id);
	if (da == NULL)
		return;
	if (expired) {
		da->expired += packs;
		return;
	}
	da->counted += packs;
	for (size_t i = 0; i < da->n_places; i++)
		if (strcmp(da->places[i].location_id, place) == 0)
			da->places[i].counted += packs;
}

/* A resumed drill: its standing counts added up again, at their places; the
 * serials counted; the place scanned last. */
static int rebuild(struct drill *d, struct tally_err *e)
{
	struct record *rec;
	size_t n;
	if (store_session_records(d->store, d->session, d->start_seq, &rec, &n, e) != 0)
		return e->status;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (rec[i].kind != REC_COUNT || rec[i].article_id == NULL)
			continue;
		const char *at = rec[i].location_id ? rec[i].location_id : "";
		add_count(d, rec[i].article_id, at, rec[i].qty,
		          json_is_true(json_object_get(rec[i].data, "expired")));
		free(d->place);
		d->place = str_dup(at);
		if (rec[i].serial != NULL && rec[i].code != NULL) {
			struct scan sc;
			struct scan_failure f;
			struct scan_config cfg = { 0 };
			if (scan_parse(rec[i].code, strlen(rec[i].code), &cfg, &sc, &f) ==
			        SCAN_OK &&
			    pack_serial_remember(&d->pack, sc.gtin, rec[i].serial) != 0)
				rc = err_set(e, EX_OSERR, _("out of memory"));
		}
	}
	records_free(rec, n);
	return rc;
}

int drill_scan(struct drill *d, const char *text, size_t len, long qty,
               const struct scan_config *cfg, struct drill_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	d->pack.location_id = d->place;
	struct pack p;
	int rc = pack_scan(&d->pack, text, len, qty, cfg, &p, e);
	if (rc != 0)
		return rc;
	snprintf(ev->message, sizeof(ev->message), "%s", p.message);
	if (p.outcome == PACK_LOCATION) {
		struct location loc;
		/* The label holds the location's id after the prefix; master data
		 * may also list the whole label text as the location's code. */
		const char *label = p.scan.raw + strlen(p.scan.symbology);
		if (store_location_get(d->store, p.scan.id, &loc, e) != 0 &&
		    store_location_get(d->store, label, &loc, e) != 0) {
			ev->outcome = DRILL_INVALID;
			snprintf(ev->message, sizeof(ev->message), "%.255s", e->msg);
			err_clear(e);
			return 0;
		}
		free(d->place);
		d->place = str_dup(loc.id);
		ev->outcome = DRILL_PLACE;
		ev->message[0] = '\0';
		snprintf(ev->name, sizeof(ev->name), "%s", loc.name);
		location_free(&loc);
		return 0;
	}
	if (p.outcome == PACK_UNKNOWN) {
		ev->outcome = DRILL_UNKNOWN_CODE;
		return 0;
	}
	if (p.outcome == PACK_ALREADY) {
		/* counted already: its first half, recorded alone, goes too */
		struct drill_event undone;
		if (p.void_seq != 0 && (rc = drill_undo(d, &undone, e)) != 0)
			return rc;
		ev->outcome = DRILL_ALREADY;
		return 0;
	}
	if (p.outcome != PACK_KNOWN) {
		ev->outcome = DRILL_INVALID;
		return 0;
	}
	if (d->place == NULL) {
		pack_done(&p);
		ev->outcome = DRILL_NEED_PLACE;
		snprintf(ev->message, sizeof(ev->message),
		         _("scan the storage place's label first"));
		return 0;
	}
	if (p.void_seq != 0) {
		/* the label's first half, recorded alone: voided, the pack counts once */
		struct drill_event undone;
		rc = drill_undo(d, &undone, e);
		if (rc != 0) {
			pack_done(&p);
			return rc;
		}
	}
	int64_t packs = qty >= 0 ? qty : (int64_t)p.mult;
	int expired =
	    p.scan.expiry[0] && expiry_check(p.scan.expiry, d->today, 0, NULL) == EXPIRY_EXPIRED;
	json_t *data = json_pack("{s:s,s:b}", "plan", d->plan_id, "expired", expired);
	struct record_in in = { .kind = REC_COUNT, .qty = packs, .data = data };
	rc = pack_append(&d->pack, &p, &in, NULL, e);
	json_decref(data);
	snprintf(ev->name, sizeof(ev->name), "%s", p.article.name);
	struct drill_article *da = find_article(d, p.article.id);
	char article_id[64];
	snprintf(article_id, sizeof(article_id), "%s", p.article.id);
	pack_done(&p);
	if (rc != 0)
		return rc;
	ev->qty = packs;
	ev->expired = expired;
	ev->message[0] = '\0';
	if (da == NULL) {
		ev->outcome = DRILL_NOT_IN_PLAN;
		snprintf(ev->message, sizeof(ev->message),
		         _("%s is not in this plan: counted, not towards cover"), ev->name);
		return 0;
	}
	ev->outcome = DRILL_COUNTED;
	add_count(d, article_id, d->place, packs, expired);
	return 0;
}

int drill_undo(struct drill *d, struct drill_event *ev, struct tally_err *e)
{
	memset(ev, 0, sizeof(*ev));
	pack_break(&d->pack); /* the next scan joins nothing before the undo */
	struct record undone;
	int rc = session_undo(d->store, d->session, d->start_seq, d->user, &undone, e);
	if (rc != 0)
		return rc;
	ev->outcome = DRILL_UNDONE;
	ev->qty = undone.qty;
	if (undone.kind == REC_COUNT && undone.article_id != NULL) {
		add_count(d, undone.article_id, undone.location_id ? undone.location_id : "",
		          -undone.qty, json_is_true(json_object_get(undone.data, "expired")));
		struct drill_article *da = find_article(d, undone.article_id);
		snprintf(ev->name, sizeof(ev->name), "%s",
		         da != NULL ? da->name : undone.article_id);
	}
	if (undone.serial != NULL && undone.code != NULL) {
		struct scan sc;
		struct scan_failure f;
		struct scan_config cfg = { 0 };
		if (scan_parse(undone.code, strlen(undone.code), &cfg, &sc, &f) == SCAN_OK)
			pack_serial_forget(&d->pack, sc.gtin, undone.serial);
	}
	snprintf(ev->message, sizeof(ev->message), _("Undone: %s %lld"), ev->name,
	         (long long)undone.qty);
	record_free(&undone);
	return 0;
}

int64_t drill_shortfall(const struct drill_article *a)
{
	return a->required > a->counted ? a->required - a->counted : 0;
}

size_t drill_places_below_min(const struct drill_article *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->n_places; i++)
		if ((double)a->places[i].counted < a->places[i].min)
			n++;
	return n;
}

void drill_tier_cover(const struct drill_article *a, struct tier_cover *c)
{
	memset(c, 0, sizeof(*c));
	int tiered = 0;
	int64_t at_places = 0;
	for (size_t i = 0; i < a->n_places; i++)
		tiered |= a->places[i].tier != TIER_NONE;
	if (!tiered)
		return;
	for (size_t i = 0; i < a->n_places; i++) {
		tier_cover_add(c, a->places[i].tier, a->places[i].counted);
		at_places += a->places[i].counted;
	}
	if (a->counted > at_places)
		tier_cover_add(c, TIER_NONE, a->counted - at_places);
}

json_t *drill_tiers_json(const struct drill_article *a)
{
	struct tier_cover c;
	drill_tier_cover(a, &c);
	json_t *list = json_array();
	for (int t = 0; t < TIER_COUNT; t++)
		if (c.present[t])
			json_array_append_new(
			    list, json_pack("{s:s,s:I,s:I}", "tier", tier_key(t), "counted",
			                    (json_int_t)c.counted[t], "within",
			                    (json_int_t)tier_cover_within(&c, t)));
	return list;
}

double drill_duration_s(const struct drill *d)
{
	const struct timespec *end = d->ended.tv_sec ? &d->ended : &d->started;
	return (double)(end->tv_sec - d->started.tv_sec) +
	       (double)(end->tv_nsec - d->started.tv_nsec) / 1e9;
}

int drill_finish(struct drill *d, struct tally_err *e)
{
	clock_gettime(CLOCK_REALTIME, &d->ended);
	json_t *lines = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const struct drill_article *a = &d->articles[i];
		json_t *below = json_array();
		for (size_t k = 0; k < a->n_places; k++)
			if ((double)a->places[k].counted < a->places[k].min)
				json_array_append_new(below, json_string(a->places[k].location_id));
		json_array_append_new(lines,
		                      json_pack("{s:s,s:I,s:I,s:I,s:I,s:o,s:o}", "article_id",
		                                a->article_id, "required", (json_int_t)a->required,
		                                "counted", (json_int_t)a->counted, "shortfall",
		                                (json_int_t)drill_shortfall(a), "expired",
		                                (json_int_t)a->expired, "below_min", below, "tiers",
		                                drill_tiers_json(a)));
	}
	json_t *data = json_pack("{s:s,s:s,s:f,s:o}", "job", "drill", "plan", d->plan_id,
	                         "duration_s", drill_duration_s(d), "report", lines);
	struct record_in end = {
		.kind = REC_SESSION_END, .session = d->session, .user = d->user, .data = data
	};
	int rc = store_append(d->store, &end, NULL, NULL, e);
	json_decref(data);
	return rc;
}

void drill_free(struct drill *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		for (size_t k = 0; k < d->articles[i].n_places; k++)
			free(d->articles[i].places[k].location_id);
		free(d->articles[i].places);
		free(d->articles[i].article_id);
		free(d->articles[i].name);
	}
	free(d->articles);
	free(d->plan_id);
	free(d->plan_name);
	free(d->user);
	free(d->place);
	pack_job_free(&d->pack);
	free(d);
}
