# hub/: tally-hub, the central server: HTTP (libmicrohttpd), its SQLite
# database, ingest, the change feed, reconciliation, reports, import,
# enrolment.  It shares core/ and common/ with the handheld and nothing else.
HUB_SRC   := $(wildcard hub/*.c)
HUB_LIBS  := core common
HUB_PKGS  := sqlite3 jansson libmicrohttpd libqrencode libpng libxcrypt nettle zlib
# The pages' assets are built into the program (hub/web-static.c).
$(BUILD)/hub/web-static.o: $(wildcard hub/www/*)
