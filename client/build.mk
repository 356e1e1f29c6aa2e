# client/: the handheld's two programs.
#
#   tally       main.c, dispatch.c, one cmd-*.c per command, the ncurses
#               screens in client/ui/, line mode.  Links no HTTP library.
#   tally-sync  sync-main.c with cmd-enroll.c and cmd-sync.c: the one program
#               that links libcurl; tally execs it (client/exec-sync.c), as
#               git keeps git-remote-https apart.
SYNC_FRONT  := client/sync-main.c client/cmd-enroll.c client/cmd-sync.c client/dispatch.c \
               client/sync-pid.c
TALLY_FRONT := client/main.c client/dispatch.c client/exec-sync.c client/linemode.c \
               client/line-loop.c \
               client/scan-show.c client/sync-pid.c \
               $(filter-out client/cmd-enroll.c client/cmd-sync.c,$(wildcard client/cmd-*.c)) \
               $(wildcard client/ui/*.c)
TALLY_SRC      += $(TALLY_FRONT)
TALLY_SYNC_SRC += $(SYNC_FRONT)
TALLY_LIBS      := jobs drivers store barcode core common
TALLY_PKGS      := sqlite3 jansson zbar libdmtx libevdev libpng ncursesw libxcrypt
TALLY_SYNC_LIBS := sync drivers store barcode core common
TALLY_SYNC_PKGS := sqlite3 jansson libcurl zlib zbar libdmtx libevdev libpng
# What the tests link beside their own files: every client-side object.
CLIENT_TEST_SRC := client/dispatch.c client/linemode.c client/line-loop.c client/scan-show.c \
                   client/sync-pid.c
