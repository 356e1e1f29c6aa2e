/*
 * gs1-ai.c — finding an AI in the generated table (gs1-ai-table.c) in
 * constant time, and the character sets and mod-10 check digit the table's
 * components refer to.
 */
#include "barcode/gs1-ai.h"

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

unsigned gs1_ai_length(const char *s, size_t n)
{
	if (n < 2 || !digit(s[0]) || !digit(s[1]))
		return 0;
	return gs1_ai_length_by_prefix[(s[0] - '0') * 10 + (s[1] - '0')];
}

const struct gs1_ai *gs1_ai_find(const char *s, size_t n)
{
	unsigned len = gs1_ai_length(s, n);
	if (len == 0 || n < len)
		return NULL;
	unsigned v = (unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0');
	for (unsigned i = 2; i < len; i++) {
		if (!digit(s[i]))
			return NULL;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	unsigned row = len == 2 ? gs1_ai_row2[v] : len == 3 ? gs1_ai_row3[v] : gs1_ai_row4[v];
	return row != 0 ? &gs1_ai_table[row - 1] : NULL;
}

#define N_ (1u << GS1_N)
#define X_ (1u << GS1_X)
#define Y_ (1u << GS1_Y)
#define Z_ (1u << GS1_Z)

/* CSET 82: ! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z;
 * CSET 39: # - / 0-9 A-Z; CSET 64: - 0-9 = A-Z _ a-z. */
const unsigned char gs1_cset_class[256] = {
	['!'] = X_,
	['"'] = X_,
	['#'] = Y_,
	['%'] = X_,
	['&'] = X_,
	['\''] = X_,
	['('] = X_,
	[')'] = X_,
	['*'] = X_,
	['+'] = X_,
	[','] = X_,
	['-'] = X_ | Y_ | Z_,
	['.'] = X_,
	['/'] = X_ | Y_,
	['0'] = N_ | X_ | Y_ | Z_,
	['1'] = N_ | X_ | Y_ | Z_,
	['2'] = N_ | X_ | Y_ | Z_,
	['3'] = N_ | X_ | Y_ | Z_,
	['4'] = N_ | X_ | Y_ | Z_,
	['5'] = N_ | X_ | Y_ | Z_,
	['6'] = N_ | X_ | Y_ | Z_,
	['7'] = N_ | X_ | Y_ | Z_,
	['8'] = N_ | X_ | Y_ | Z_,
	['9'] = N_ | X_ | Y_ | Z_,
	[':'] = X_,
	[';'] = X_,
	['<'] = X_,
	['='] = X_ | Z_,
	['>'] = X_,
	['?'] = X_,
	['A'] = X_ | Y_ | Z_,
	['B'] = X_ | Y_ | Z_,
	['C'] = X_ | Y_ | Z_,
	['D'] = X_ | Y_ | Z_,
	['E'] = X_ | Y_ | Z_,
	['F'] = X_ | Y_ | Z_,
	['G'] = X_ | Y_ | Z_,
	['H'] = X_ | Y_ | Z_,
	['I'] = X_ | Y_ | Z_,
	['J'] = X_ | Y_ | Z_,
	['K'] = X_ | Y_ | Z_,
	['L'] = X_ | Y_ | Z_,
	['M'] = X_ | Y_ | Z_,
	['N'] = X_ | Y_ | Z_,
	['O'] = X_ | Y_ | Z_,
	['P'] = X_ | Y_ | Z_,
	['Q'] = X_ | Y_ | Z_,
	['R'] = X_ | Y_ | Z_,
	['S'] = X_ | Y_ | Z_,
	['T'] = X_ | Y_ | Z_,
	['U'] = X_ | Y_ | Z_,
	['V'] = X_ | Y_ | Z_,
	['W'] = X_ | Y_ | Z_,
	['X'] = X_ | Y_ | Z_,
	['Y'] = X_ | Y_ | Z_,
	['Z'] = X_ | Y_ | Z_,
	['_'] = X_ | Z_,
	['a'] = X_ | Z_,
	['b'] = X_ | Z_,
	['c'] = X_ | Z_,
	['d'] = X_ | Z_,
	['e'] = X_ | Z_,
	['f'] = X_ | Z_,
	['g'] = X_ | Z_,
	['h'] = X_ | Z_,
	['i'] = X_ | Z_,
	['j'] = X_ | Z_,
	['k'] = X_ | Z_,
	['l'] = X_ | Z_,
	['m'] = X_ | Z_,
	['n'] = X_ | Z_,
	['o'] = X_ | Z_,
	['p'] = X_ | Z_,
	['q'] = X_ | Z_,
	['r'] = X_ | Z_,
	['s'] = X_ | Z_,
	['t'] = X_ | Z_,
	['u'] = X_ | Z_,
	['v'] = X_ | Z_,
	['w'] = X_ | Z_,
	['x'] = X_ | Z_,
	['y'] = X_ | Z_,
	['z'] = X_ | Z_,
};

int gs1_check_digit(const char *digits, size_t n)
{
	/* Weights 3,1,3,1... from the right of the digits the check follows. */
	unsigned odd = 0, even = 0;
	size_t i = n;
	while (i >= 2) {
		odd += (unsigned)(digits[i - 1] - '0');
		even += (unsigned)(digits[i - 2] - '0');
		i -= 2;
	}
	if (i == 1)
		odd += (unsigned)(digits[0] - '0');
	return (int)((10 - (3 * odd + even) % 10) % 10);
}
