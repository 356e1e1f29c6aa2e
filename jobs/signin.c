/*
 * signin.c — sign-in by badge and PIN (wrong PINs counted per badge, in the
 * store), idle sign-out, roles.
 */
#include "jobs/signin.h"

#include "common/config.h"
#include "common/i18n.h"
#include "db/store.h"

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static void copy_field(char *dst, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= SIGNIN_FIELD_MAX)
		n = SIGNIN_FIELD_MAX - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Clear secrets through a volatile pointer so the stores are not dropped
 * (explicit_bzero is not POSIX). */
static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

/* Compare the whole length whatever differs first, so timing does not tell
 * how much of a guess was right. */
static int same_hash(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = (unsigned char)(la != lb);
	for (size_t i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

/* 1 when pin hashes to stored; 0 when not or when stored is unusable. */
static int pin_matches(const char *pin, const char *stored)
{
	int ok = crypt_checksalt(stored);
	if (ok != CRYPT_SALT_OK && ok != CRYPT_SALT_METHOD_LEGACY)
		return 0;
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	if (cd == NULL)
		return 0;
	const char *h = crypt_r(pin, stored, cd);
	int match = h != NULL && h[0] != '*' && same_hash(h, stored);
	wipe(cd, sizeof(*cd));
	free(cd);
	return match;
}

/* The guard of one badge lives in the store's settings, so that neither a
 * restart of the UI nor `tally login` in a loop starts the count afresh:
 * "signin_guard:BADGE" = "FAILURES LOCKED_UNTIL". */
static void guard_key(const char *badge, char *key, size_t size)
{
	snprintf(key, size, "signin_guard:%s", badge);
}

static void guard_load(struct store *st, const char *badge, struct signin_guard *g)
{
	char key[SIGNIN_FIELD_MAX + 16];
	long long failures = 0, until = 0;
	guard_key(badge, key, sizeof(key));
	char *v = store_meta_get(st, key);
	memset(g, 0, sizeof(*g));
	if (v != NULL && sscanf(v, "%lld %lld", &failures, &until) == 2 && failures >= 0) {
		g->failures =
		    failures < SESSION_MAX_FAILURES ? (int)failures : SESSION_MAX_FAILURES;
		g->locked_until = (time_t)until;
	}
	free(v);
}

static int guard_save(struct store *st, const char *badge, const struct signin_guard *g,
                      struct tally_err *e)
{
	char key[SIGNIN_FIELD_MAX + 16], value[64];
	guard_key(badge, key, sizeof(key));
	snprintf(value, sizeof(value), "%d %lld", g->failures, (long long)g->locked_until);
	return store_meta_set(st, key, value, e);
}

/* A wrong PIN: counted in the store before the refusal is said.  When the
 * count cannot be kept, sign-in is refused all the same (fail closed). */
static int refuse_wrong_pin(struct store *st, const char *badge, struct signin_guard *g, time_t now,
                            struct tally_err *e)
{
	struct tally_err le = { 0 };
	signin_guard_failed(g, now);
	if (guard_save(st, badge, g, &le) != 0)
		return err_set(e, le.status,
		               _("Wrong PIN for badge %s, and the attempt could not be "
		                 "counted: %s"),
		               badge, le.msg);
	long wait = signin_guard_wait(g, now);
	if (wait > 0)
		return err_set(e, EX_NOPERM,
		               _("Wrong PIN for badge %s. Too many wrong PINs: wait %ld s, then "
		                 "try again."),
		               badge, wait);
	return err_set(e, EX_NOPERM, _("Wrong PIN for badge %s; try again."), badge);
}

int signin_check(struct store *st, const char *badge, const char *pin, time_t now, struct signin *s,
                 struct tally_err *e)
{
	struct user u = { 0 };
	struct tally_err le = { 0 };
	int rc = store_user_get(st, badge, &u, &le);
	if (rc == EX_DATAERR)
		return err_set(e, EX_NOPERM,
		               _("The badge %s is not known on this handheld; ask the ward "
		                 "administrator, or sync first."),
		               badge);
	if (rc != 0) {
		*e = le;
		return rc;
	}
	struct signin_guard g;
	guard_load(st, u.badge, &g);
	long wait = signin_guard_wait(&g, now);
	if (u.pin_hash == NULL || u.pin_hash[0] == '\0') {
		rc = err_set(
		    e, EX_NOPERM,
		    _("No PIN is set for badge %s; ask the ward administrator to set one."), badge);
	} else if (wait > 0) {
		/* Locked: the PIN is not even tried. */
		rc = err_set(e, EX_TEMPFAIL,
		             _("Too many wrong PINs for badge %s: wait %ld s, then try again."),
		             badge, wait);
	} else if (pin == NULL || !pin_matches(pin, u.pin_hash)) {
		rc = refuse_wrong_pin(st, u.badge, &g, now, e);
	} else {
		if (g.failures != 0 || g.locked_until != 0) {
			struct tally_err ignored = { 0 };
			signin_guard_passed(&g);
			guard_save(st, u.badge, &g, &ignored); /* a stale count only delays */
		}
		memset(s, 0, sizeof(*s));
		copy_field(s->badge, u.badge);
		copy_field(s->name, u.name);
		copy_field(s->roles, u.roles);
		s->started = s->last_active = now;
		rc = 0;
	}
	user_free(&u);
	return rc;
}

void signin_touch(struct signin *s, time_t now)
{
	if (now > s->last_active)
		s->last_active = now;
}

int signin_expired(const struct signin *s, time_t now, long idle_seconds)
{
	if (idle_seconds <= 0)
		return 0;
	return now - s->last_active >= (time_t)idle_seconds;
}

long signin_idle_limit(const struct config *c, struct tally_err *e)
{
	struct tally_err le = { 0 };
	long v = config_get_long(c, "session", "idle_logout_s", SIGNIN_IDLE_DEFAULT_S, &le);
	if (le.status != 0) {
		*e = le;
		return -1;
	}
	return v;
}

long signin_guard_wait(const struct signin_guard *g, time_t now)
{
	if (g->locked_until <= now)
		return 0;
	/* A clock set back does not make the wait longer than a lock. */
	time_t left = g->locked_until - now;
	return left > SESSION_LOCK_S ? SESSION_LOCK_S : (long)left;
}

void signin_guard_failed(struct signin_guard *g, time_t now)
{
	if (++g->failures >= SESSION_MAX_FAILURES) {
		g->failures = 0;
		g->locked_until = now + SESSION_LOCK_S;
	}
}

void signin_guard_passed(struct signin_guard *g)
{
	g->failures = 0;
	g->locked_until = 0;
}

/* Is `role` one of the comma-separated items of `roles` (spaces ignored)? */
static int has_role(const char *roles, const char *role)
{
	size_t rl = strlen(role);
	const char *p = roles;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *start = p;
		while (*p && *p != ',')
			p++;
		const char *end = p;
		while (end > start && end[-1] == ' ')
			end--;
		if ((size_t)(end - start) == rl && rl > 0 && memcmp(start, role, rl) == 0)
			return 1;
	}
	return 0;
}

int signin_may(const struct signin *s, const char *what)
{
	if (s == NULL || what == NULL || what[0] == '\0')
		return 0;
	return has_role(s->roles, "admin") || has_role(s->roles, what);
}

int signin_may_job(const char *roles, const char *job)
{
	if (roles == NULL || job == NULL || job[0] == '\0')
		return 0;
	if (has_role(roles, "admin") || has_role(roles, job))
		return 1;
	return (strcmp(job, "count") == 0 || strcmp(job, "consume") == 0) &&
	       has_role(roles, "round");
}

int signin_hash_pin(const char *pin, char *hash, size_t size, struct tally_err *e)
{
	return pin_hash(pin, hash, size, e);
}
