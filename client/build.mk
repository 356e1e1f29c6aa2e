# client/: workflows (library code, tested without a screen) and the two
# programs: tally (main.c, one cmd-*.c per command, ui-*.c for the screen)
# and tally-sync (sync-main.c with cmd-enroll.c and cmd-sync.c: the only
# program that links libcurl; tally execs it, see client/dispatch.c).
SYNC_FRONT   := client/sync-main.c client/cmd-enroll.c client/cmd-sync.c client/dispatch.c
CLIENT_FRONT := client/main.c client/dispatch.c client/exec-sync.c \
                $(filter-out client/cmd-enroll.c client/cmd-sync.c,$(wildcard client/cmd-*.c)) \
                $(wildcard client/ui-*.c)
TALLY_SRC += $(CLIENT_FRONT)
TALLY_SYNC_SRC += $(SYNC_FRONT)
LIB_SRC += $(filter-out $(CLIENT_FRONT) $(SYNC_FRONT),$(wildcard client/*.c))
