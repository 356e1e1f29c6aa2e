/*
 * keymap.c — the us and no (Norwegian) layouts, as far as barcode data goes:
 * printable ASCII, and æ ø å for the odd Norwegian label.  Dead keys (¨ ^ `
 * ´ ~ on no) type nothing on their own, as on the real keyboard.
 */
#include "drivers/keymap.h"

#include <linux/input-event-codes.h>
#include <stddef.h>
#include <string.h>

struct keydef {
	unsigned short code;
	const char *text[KM_LEVELS];
};

struct keymap {
	const char *name;
	const struct keydef *keys;
	size_t n;
};

/* Keys that are the same on both layouts: letters, Space, the numeric pad. */
static const struct keydef common_keys[] = {
	{ KEY_A, { "a", "A", NULL } },           { KEY_B, { "b", "B", NULL } },
	{ KEY_C, { "c", "C", NULL } },           { KEY_D, { "d", "D", NULL } },
	{ KEY_E, { "e", "E", NULL } },           { KEY_F, { "f", "F", NULL } },
	{ KEY_G, { "g", "G", NULL } },           { KEY_H, { "h", "H", NULL } },
	{ KEY_I, { "i", "I", NULL } },           { KEY_J, { "j", "J", NULL } },
	{ KEY_K, { "k", "K", NULL } },           { KEY_L, { "l", "L", NULL } },
	{ KEY_M, { "m", "M", NULL } },           { KEY_N, { "n", "N", NULL } },
	{ KEY_O, { "o", "O", NULL } },           { KEY_P, { "p", "P", NULL } },
	{ KEY_Q, { "q", "Q", NULL } },           { KEY_R, { "r", "R", NULL } },
	{ KEY_S, { "s", "S", NULL } },           { KEY_T, { "t", "T", NULL } },
	{ KEY_U, { "u", "U", NULL } },           { KEY_V, { "v", "V", NULL } },
	{ KEY_W, { "w", "W", NULL } },           { KEY_X, { "x", "X", NULL } },
	{ KEY_Y, { "y", "Y", NULL } },           { KEY_Z, { "z", "Z", NULL } },
	{ KEY_SPACE, { " ", " ", NULL } },       { KEY_KP0, { "0", NULL, NULL } },
	{ KEY_KP1, { "1", NULL, NULL } },        { KEY_KP2, { "2", NULL, NULL } },
	{ KEY_KP3, { "3", NULL, NULL } },        { KEY_KP4, { "4", NULL, NULL } },
	{ KEY_KP5, { "5", NULL, NULL } },        { KEY_KP6, { "6", NULL, NULL } },
	{ KEY_KP7, { "7", NULL, NULL } },        { KEY_KP8, { "8", NULL, NULL } },
	{ KEY_KP9, { "9", NULL, NULL } },        { KEY_KPDOT, { ".", NULL, NULL } },
	{ KEY_KPMINUS, { "-", NULL, NULL } },    { KEY_KPPLUS, { "+", NULL, NULL } },
	{ KEY_KPASTERISK, { "*", NULL, NULL } }, { KEY_KPSLASH, { "/", NULL, NULL } },
};

static const struct keydef us_keys[] = {
	{ KEY_1, { "1", "!", NULL } },         { KEY_2, { "2", "@", NULL } },
	{ KEY_3, { "3", "#", NULL } },         { KEY_4, { "4", "$", NULL } },
	{ KEY_5, { "5", "%", NULL } },         { KEY_6, { "6", "^", NULL } },
	{ KEY_7, { "7", "&", NULL } },         { KEY_8, { "8", "*", NULL } },
	{ KEY_9, { "9", "(", NULL } },         { KEY_0, { "0", ")", NULL } },
	{ KEY_MINUS, { "-", "_", NULL } },     { KEY_EQUAL, { "=", "+", NULL } },
	{ KEY_LEFTBRACE, { "[", "{", NULL } }, { KEY_RIGHTBRACE, { "]", "}", NULL } },
	{ KEY_SEMICOLON, { ";", ":", NULL } }, { KEY_APOSTROPHE, { "'", "\"", NULL } },
	{ KEY_GRAVE, { "`", "~", NULL } },     { KEY_BACKSLASH, { "\\", "|", NULL } },
	{ KEY_COMMA, { ",", "<", NULL } },     { KEY_DOT, { ".", ">", NULL } },
	{ KEY_SLASH, { "/", "?", NULL } },
};

static const struct keydef no_keys[] = {
	{ KEY_1, { "1", "!", NULL } },
	{ KEY_2, { "2", "\"", "@" } },
	{ KEY_3, { "3", "#", "\xc2\xa3" } },
	{ KEY_4, { "4", "\xc2\xa4", "$" } },
	{ KEY_5, { "5", "%", "\xe2\x82\xac" } },
	{ KEY_6, { "6", "&", NULL } },
	{ KEY_7, { "7", "/", "{" } },
	{ KEY_8, { "8", "(", "[" } },
	{ KEY_9, { "9", ")", "]" } },
	{ KEY_0, { "0", "=", "}" } },
	{ KEY_MINUS, { "+", "?", NULL } },
	{ KEY_EQUAL, { "\\", NULL, NULL } }, /* shift: dead ` */
	{ KEY_LEFTBRACE, { "\xc3\xa5", "\xc3\x85", NULL } },
	{ KEY_RIGHTBRACE, { NULL, NULL, NULL } }, /* dead ¨ ^ ~ */
	{ KEY_SEMICOLON, { "\xc3\xb8", "\xc3\x98", NULL } },
	{ KEY_APOSTROPHE, { "\xc3\xa6", "\xc3\x86", NULL } },
	{ KEY_BACKSLASH, { "'", "*", NULL } },
	{ KEY_GRAVE, { "|", "\xc2\xa7", NULL } },
	{ KEY_102ND, { "<", ">", NULL } },
	{ KEY_COMMA, { ",", ";", NULL } },
	{ KEY_DOT, { ".", ":", NULL } },
	{ KEY_SLASH, { "-", "_", NULL } },
	{ KEY_E, { "e", "E", "\xe2\x82\xac" } },
};

static const struct keymap keymaps[] = {
	{ "us", us_keys, sizeof(us_keys) / sizeof(us_keys[0]) },
	{ "no", no_keys, sizeof(no_keys) / sizeof(no_keys[0]) },
};

const struct keymap *keymap_find(const char *name)
{
	for (size_t i = 0; i < sizeof(keymaps) / sizeof(keymaps[0]); i++)
		if (strcmp(keymaps[i].name, name) == 0)
			return &keymaps[i];
	return NULL;
}

static const struct keydef *find(const struct keydef *keys, size_t n, unsigned code)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i].code == code)
			return &keys[i];
	return NULL;
}

const char *keymap_text(const struct keymap *km, unsigned code, enum keymap_level level)
{
	/* The layout's own keys first: it may redefine a common one (no: AltGr+E). */
	const struct keydef *k = find(km->keys, km->n, code);
	if (k == NULL)
		k = find(common_keys, sizeof(common_keys) / sizeof(common_keys[0]), code);
	if (k == NULL)
		return NULL;
	return k->text[level];
}
