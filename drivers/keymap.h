/*
 * keymap.h — what a key press means on the keyboard layout a keyboard-wedge
 * scanner is configured for.  Scan engines "type" their data as key codes of
 * a layout; the same code sends '-' on a US layout and '+' on a Norwegian one.
 */
#ifndef TALLY_DRIVERS_KEYMAP_H
#define TALLY_DRIVERS_KEYMAP_H

enum keymap_level { KM_PLAIN, KM_SHIFT, KM_ALTGR, KM_LEVELS };

struct keymap;

/* "us" or "no"; NULL when there is no such keymap. */
const struct keymap *keymap_find(const char *name);

/* The UTF-8 text of key `code` at `level`, or NULL when the key types
 * nothing there (a modifier, a dead key, an unmapped key). */
const char *keymap_text(const struct keymap *km, unsigned code, enum keymap_level level);

#endif
