#include "jobs/pack.h"

#include <stdio.h>

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

int pack_record_unknown(struct store *s, const char *session, const char *user,
                        const char *location_id, const char *text, int64_t qty, int64_t *seq,
                        struct tally_err *e)
{
	struct record_in u = { .kind = REC_UNKNOWN_CODE,
		               .session = session,
		               .user = user,
		               .location_id = location_id,
		               .code = text,
		               .qty = qty > 0 ? qty : 0 };
	return store_append(s, &u, seq, NULL, e);
}

void pack_fields(struct record_in *in, const struct scan *sc)
{
	in->batch = sc->batch[0] ? sc->batch : NULL;
	in->expiry = sc->expiry[0] ? sc->expiry : NULL;
	in->serial = sc->serial[0] ? sc->serial : NULL;
}
