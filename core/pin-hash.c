/*
 * pin-hash.c — a badge's pin_hash (see pin-hash.h).
 */
#include "core/pin-hash.h"
#include "common/i18n.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

void pin_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

int pin_hash(const char *pin, char *hash, size_t size, struct tally_err *e)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	size_t digits = pin != NULL ? strspn(pin, "0123456789") : 0;
	if (pin == NULL || pin[digits] != '\0' || digits < PIN_MIN_DIGITS)
		return err_set(e, EX_DATAERR,
		               _("A PIN is %d digits or more, and only digits; choose another."),
		               PIN_MIN_DIGITS);
	const char *setting = crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt));
	if (setting == NULL)
		setting = crypt_gensalt_rn("$2b$", 0, NULL, 0, salt, sizeof(salt));
	if (setting == NULL)
		return err_set(e, EX_SOFTWARE,
		               _("This system's libxcrypt can make neither yescrypt nor bcrypt "
		                 "hashes; update libxcrypt."));
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	if (cd == NULL)
		return err_set(e, EX_OSERR, _("Out of memory while hashing the PIN."));
	const char *h = crypt_r(pin, setting, cd);
	int rc = 0;
	if (h == NULL || h[0] == '*')
		rc = err_set(e, EX_SOFTWARE, _("Could not hash the PIN; update libxcrypt."));
	else if (strlen(h) >= size)
		rc = err_set(e, EX_SOFTWARE, _("The PIN hash does not fit its buffer."));
	else
		memcpy(hash, h, strlen(h) + 1);
	pin_wipe(cd, sizeof(*cd));
	free(cd);
	return rc;
}
