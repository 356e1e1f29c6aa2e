/*
 * pack.c — the one pack-scan step (see pack.h).
 */
#include "jobs/pack.h"
#include "barcode/scan-join.h"
#include "jobs/shortage.h"
#include "common/grow.h"
#include "common/i18n.h"
#include "common/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pack_article(struct store *s, const struct scan *sc, struct article *a, int *mult,
                 struct tally_err *e)
{
	char code[64] = "";
	if (sc->gtin[0] && sc->type != SCAN_SSCC)
		snprintf(code, sizeof(code), "%s", sc->gtin);
	else if (sc->type == SCAN_HIBC && sc->hibc_lic[0])
		snprintf(code, sizeof(code), "%s%s", sc->hibc_lic, sc->hibc_product);
	if (code[0] == '\0')
		return EX_DATAERR;
	struct tally_err lookup = { 0 };
	int rc = store_article_by_code(s, code, a, mult, &lookup);
	if (rc != 0 && rc != EX_DATAERR)
		return err_set(e, rc, "%s", lookup.msg);
	return rc;
}

static char *serial_key(const char *gtin, const char *serial)
{
	size_t ng = strlen(gtin), ns = strlen(serial);
	char *k = malloc(ng + ns + 2);
	if (k != NULL)
		snprintf(k, ng + ns + 2, "%s\x1f%s", gtin, serial);
	return k;
}

static size_t serial_find(const struct pack_job *j, const char *key)
{
	for (size_t i = 0; i < j->n_serials; i++)
		if (strcmp(j->serials[i], key) == 0)
			return i;
	return (size_t)-1;
}

int pack_serial_remember(struct pack_job *j, const char *gtin, const char *serial)
{
	if (gtin == NULL || serial == NULL || !serial[0])
		return 0;
	char *k = serial_key(gtin, serial);
	if (k == NULL)
		return -1;
	if (serial_find(j, k) != (size_t)-1) {
		free(k);
		return 0;
	}
	char **bigger = grow(j->serials, &j->cap_serials, j->n_serials, sizeof(*bigger));
	if (bigger == NULL) {
		free(k);
		return -1;
	}
	j->serials = bigger;
	j->serials[j->n_serials++] = k;
	return 0;
}

void pack_serial_forget(struct pack_job *j, const char *gtin, const char *serial)
{
	if (gtin == NULL || serial == NULL)
		return;
	char *k = serial_key(gtin, serial);
	size_t i = k != NULL ? serial_find(j, k) : (size_t)-1;
	free(k);
	if (i == (size_t)-1)
		return;
	free(j->serials[i]);
	j->serials[i] = j->serials[--j->n_serials];
}

void pack_break(struct pack_job *j)
{
	j->last_len = j->partner_len = 0;
	j->last_seq = j->partner_seq = 0;
	j->last_joined = 0;
}

/* Is the record made of the partner scan still the session's last standing
 * one (nothing recorded, nothing undone since)? */
static int partner_standing(struct pack_job *j)
{
	if (j->partner_seq == 0)
		return 1;
	struct record r;
	if (store_session_last(j->store, j->session, 0, &r, NULL) != 0)
		return 0;
	int same = r.seq == j->partner_seq;
	record_free(&r);
	return same;
}

/* Parse this scan, joined with the one before it where they are one label. */
static enum scan_error join_step(struct pack_job *j, const char *text, size_t len,
                                 const struct scan_config *cfg, struct pack *p,
                                 struct scan_failure *f)
{
	int again =
	    j->last_len == len && j->last_seq == 0 && len > 0 && memcmp(j->last, text, len) == 0;
	if (!again) {
		/* this scan's partner is the last one, unless that one was joined */
		j->partner_len = j->last_joined ? 0 : j->last_len;
		memcpy(j->partner, j->last, j->partner_len);
		j->partner_seq = j->last_joined ? 0 : j->last_seq;
		j->last_len = len <= SCAN_MAX_TEXT ? len : 0;
		memcpy(j->last, text, j->last_len);
		j->last_seq = 0;
		j->last_joined = 0;
	}
	const char *prev = j->partner_len > 0 && partner_standing(j) ? j->partner : NULL;
	int joined = 0;
	enum scan_error err =
	    scan_join(prev, prev ? j->partner_len : 0, text, len, cfg, &p->scan, f, &joined);
	if (err == SCAN_OK && joined) {
		p->joined = 1;
		p->void_seq = j->partner_seq;
		j->last_joined = 1;
	}
	return err;
}

int pack_scan(struct pack_job *j, const char *text, size_t len, long qty,
              const struct scan_config *cfg, struct pack *p, struct tally_err *e)
{
	memset(p, 0, sizeof(*p));
	j->shortage[0] = j->shortage_article[0] = '\0';
	const char *hint = j->hint != NULL ? _(j->hint) : _("scan a pack");
	struct scan_failure f;
	if (join_step(j, text, len, cfg, p, &f) != SCAN_OK) {
		p->outcome = PACK_INVALID;
		snprintf(p->message, sizeof(p->message), "%s", f.msg);
		return 0;
	}
	const struct scan *sc = &p->scan;
	switch (sc->type) {
	case SCAN_BADGE:
		p->outcome = PACK_REFUSED;
		snprintf(p->message, sizeof(p->message), _("%s is a staff badge, not a pack: %s"),
		         sc->id, hint);
		return 0;
	case SCAN_LOCATION:
		if (j->takes & PACK_TAKES_LOCATION) {
			p->outcome = PACK_LOCATION;
			return 0;
		}
		p->outcome = PACK_REFUSED;
		snprintf(p->message, sizeof(p->message),
		         _("%s is a location label, not a pack: %s"), sc->id, hint);
		return 0;
	case SCAN_SSCC:
		if (j->takes & PACK_TAKES_SSCC) {
			p->outcome = PACK_SSCC;
			return 0;
		}
		p->outcome = PACK_REFUSED;
		snprintf(p->message, sizeof(p->message), _("%s is a parcel's SSCC, not a pack: %s"),
		         sc->sscc, hint);
		return 0;
	default:
		break;
	}
	int rc = pack_article(j->store, sc, &p->article, &p->mult, e);
	if (rc == EX_DATAERR && sc->type == SCAN_UNKNOWN && !sc->symbology[0]) {
		/* Typed, not scanned: an article's id names it too (a count
		 * for an empty shelf, "A-ZINK<TAB>0"). */
		struct tally_err lookup = { 0 };
		rc = store_article_get(j->store, sc->raw, &p->article, &lookup);
		if (rc != 0 && rc != EX_DATAERR)
			return err_set(e, rc, "%s", lookup.msg);
		p->mult = 1;
	}
	if (rc != 0 && rc != EX_DATAERR)
		return rc; /* the store failed: not an unknown code */
	if (rc == EX_DATAERR && p->joined && p->void_seq != 0) {
		/* the first half is kept as an unknown code already: once is enough */
		p->seq = p->void_seq;
		p->void_seq = 0;
		p->outcome = PACK_UNKNOWN;
		snprintf(p->message, sizeof(p->message), "%s",
		         _("unknown code: kept for the pharmacy to resolve; go on with the next "
		           "pack"));
		return 0;
	}
	if (rc == EX_DATAERR) {
		/* Kept with who, where and in which session, resolved at the hub,
		 * which counts it for the article once the code is mapped
		 * (hub/code-attribute.c): a typed 0 (an empty shelf) is said, as
		 * qty 0 alone would read as "no quantity given". */
		json_t *given = qty == 0 ? json_pack("{s:b}", "qty_given", 1) : NULL;
		struct record_in u = { .kind = REC_UNKNOWN_CODE,
			               .session = j->session,
			               .user = j->user,
			               .location_id = j->location_id,
			               .code = text,
			               .qty = qty > 0 ? qty : 0,
			               .data = given };
		int failed = store_append(j->store, &u, &p->seq, NULL, e) != 0;
		json_decref(given);
		if (failed)
			return e->status;
		if (!p->joined)
			j->last_seq = p->seq;
		p->outcome = PACK_UNKNOWN;
		snprintf(p->message, sizeof(p->message), "%s",
		         _("unknown code: kept for the pharmacy to resolve; go on with the next "
		           "pack"));
		return 0;
	}
	if (p->mult <= 0)
		p->mult = 1;
	if ((j->takes & PACK_SERIAL_ONCE) && sc->serial[0]) {
		char *k = serial_key(sc->gtin, sc->serial);
		int seen = k != NULL && serial_find(j, k) != (size_t)-1;
		free(k);
		if (seen) {
			p->outcome = PACK_ALREADY;
			snprintf(p->message, sizeof(p->message),
			         _("%s, serial %s: already counted in this session; nothing "
			           "recorded"),
			         p->article.name, sc->serial);
			article_free(&p->article);
			return 0;
		}
	}
	/* Under an ongoing shortage: warn with the alternatives, in every
	 * job; the job still records the scan. */
	if (shortage_warning(j->store, p->article.id, p->shortage, sizeof(p->shortage), e) != 0) {
		article_free(&p->article);
		return e->status;
	}
	snprintf(j->shortage, sizeof(j->shortage), "%s", p->shortage);
	snprintf(j->shortage_article, sizeof(j->shortage_article), "%s",
	         p->shortage[0] ? p->article.id : "");
	p->outcome = PACK_KNOWN;
	if (p->joined)
		snprintf(p->message, sizeof(p->message), "%s",
		         p->void_seq != 0 ? _("read together with the scan before it: one label in "
		                              "two symbols, one pack (the first scan is replaced)")
		                          : _("read together with the scan before it: one label in "
		                              "two symbols, one pack"));
	return 0;
}

int pack_append(struct pack_job *j, const struct pack *p, struct record_in *in, int64_t *seq,
                struct tally_err *e)
{
	const struct scan *sc = &p->scan;
	in->session = j->session;
	in->user = j->user;
	if (in->location_id == NULL)
		in->location_id = j->location_id;
	in->article_id = p->article.id;
	in->code = sc->raw;
	char both[SCAN_MAX_TEXT + 1];
	if (p->joined) {
		/* The one message of both symbols, in GS1's bracketed form: what
		 * an undo, a resume and the hub read back (GTIN, batch, serial). */
		size_t at = 0;
		both[0] = '\0';
		for (size_t i = 0; i < sc->n_ais && at < sizeof(both); i++) {
			int w = snprintf(both + at, sizeof(both) - at, "(%s)%s", sc->ais[i].ai,
			                 sc->ais[i].value);
			at = w < 0 ? sizeof(both) : at + (size_t)w;
		}
		if (at < sizeof(both))
			in->code = both;
	}
	in->batch = sc->batch[0] ? sc->batch : NULL;
	in->expiry = sc->expiry[0] ? sc->expiry : NULL;
	in->serial = sc->serial[0] ? sc->serial : NULL;
	int64_t appended = 0;
	int rc = store_append(j->store, in, &appended, NULL, e);
	if (seq != NULL)
		*seq = appended;
	/* the last scan's record, unless it was the joined one (done with) */
	if (rc == 0 && !p->joined)
		j->last_seq = appended;
	if (rc == 0 && (j->takes & PACK_SERIAL_ONCE) && sc->serial[0] &&
	    pack_serial_remember(j, sc->gtin, sc->serial) != 0)
		return err_set(e, EX_OSERR, _("out of memory"));
	return rc;
}

void pack_done(struct pack *p)
{
	if (p->outcome == PACK_KNOWN)
		article_free(&p->article);
	p->outcome = PACK_INVALID;
}

void pack_job_free(struct pack_job *j)
{
	for (size_t i = 0; i < j->n_serials; i++)
		free(j->serials[i]);
	free(j->serials);
	j->serials = NULL;
	j->n_serials = j->cap_serials = 0;
}
