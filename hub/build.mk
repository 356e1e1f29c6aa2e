# hub/: tally-hub, the central server: HTTP (libmicrohttpd), its database
# (SQLite or PostgreSQL), ingest, the change feed, reconciliation, reports, import,
# enrolment.  It shares core/, common/ and barcode/ (to read the codes of
# unknown-code records as the handheld does) with the handheld, nothing else.
HUB_SRC   := $(wildcard hub/*.c)
HUB_LIBS  := barcode core common
HUB_PKGS  := sqlite3 libpq jansson libmicrohttpd libqrencode libpng libxcrypt nettle zlib
# The pages' assets are built into the program (hub/web-static.c).
$(BUILD)/hub/web-static.o: $(wildcard hub/www/*)
