/*
 * web-static.c — hub/www/ built in (see web-static.h): the assembler's
 * .incbin copies each file into the program at build time (hub/build.mk
 * rebuilds this object when one changes).
 */
#include "hub/web-static.h"

#include <string.h>

#define ASSET(sym, file)                                           \
	__asm__(".section .rodata\n"                               \
	        ".balign 16\n"                                     \
	        ".type " #sym "_start, @object\n" #sym "_start:\n" \
	        ".incbin \"" file "\"\n"                           \
	        ".type " #sym "_end, @object\n" #sym "_end:\n"     \
	        ".byte 0\n"                                        \
	        ".previous\n");                                    \
	extern const char sym##_start[], sym##_end[]

ASSET(web_css, "hub/www/tally.css");
ASSET(web_js, "hub/www/tally.js");

const char *web_static(const char *path, const char **type, size_t *len)
{
	if (strcmp(path, "/static/tally.css") == 0) {
		*type = "text/css; charset=utf-8";
		*len = (size_t)(web_css_end - web_css_start);
		return web_css_start;
	}
	if (strcmp(path, "/static/tally.js") == 0) {
		*type = "text/javascript; charset=utf-8";
		*len = (size_t)(web_js_end - web_js_start);
		return web_js_start;
	}
	return NULL;
}
