/*
 * token.c — tokens and enrolment codes (see token.h).
 *
 * Both are stored as SHA-256: the secrets are long random strings (a code
 * is 12 symbols of 31, about 59 bits, and lives a day behind a rate limit),
 * so a plain hash is enough and a stolen database hands out no device.
 */
#include "hub/token.h"
#include "common/i18n.h"

#include <ctype.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <string.h>
#include <sys/random.h>

static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

static int random_bytes(unsigned char *buf, size_t n, struct tally_err *e)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return err_set(e, EX_OSERR, _("no random numbers from the system (%s)"),
			               strerror(errno));
		got += (size_t)r;
	}
	return 0;
}

static void to_hex(const unsigned char *b, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[2 * n] = '\0';
}

int token_new(char out[TOKEN_HEX_LEN + 1], struct tally_err *e)
{
	unsigned char b[TOKEN_HEX_LEN / 2];
	if (random_bytes(b, sizeof(b), e) != 0)
		return e->status;
	to_hex(b, sizeof(b), out);
	return 0;
}

void token_hash(const char *text, char out[TOKEN_HEX_LEN + 1])
{
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, strlen(text), (const uint8_t *)text);
	sha256_digest(&ctx, sizeof(d), d);
	to_hex(d, sizeof(d), out);
}

int enroll_code_new(char out[ENROLL_CODE_LEN + 3], struct tally_err *e)
{
	size_t n = 0, o = 0, alpha = sizeof(code_alphabet) - 1;
	while (n < ENROLL_CODE_LEN) {
		unsigned char b[32];
		if (random_bytes(b, sizeof(b), e) != 0)
			return e->status;
		for (size_t i = 0; i < sizeof(b) && n < ENROLL_CODE_LEN; i++) {
			/* Rejection keeps every symbol equally likely. */
			if (b[i] >= 256 - 256 % alpha)
				continue;
			if (n > 0 && n % 4 == 0)
				out[o++] = '-';
			out[o++] = code_alphabet[b[i] % alpha];
			n++;
		}
	}
	out[o] = '\0';
	return 0;
}

int enroll_code_normalize(const char *in, char out[ENROLL_CODE_LEN + 1])
{
	size_t n = 0;
	for (const char *p = in; p != NULL && *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		int c = toupper((unsigned char)*p);
		if (n == ENROLL_CODE_LEN || strchr(code_alphabet, c) == NULL || c == '\0')
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == ENROLL_CODE_LEN ? 0 : -1;
}
