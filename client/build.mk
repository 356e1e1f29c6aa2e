# client/: workflows (library code, tested without a screen) and the tally
# program itself: main.c, one cmd-*.c per command, ui-*.c for the screen.
CLIENT_FRONT := client/main.c $(wildcard client/cmd-*.c client/ui-*.c)
TALLY_SRC += $(CLIENT_FRONT)
LIB_SRC += $(filter-out $(CLIENT_FRONT),$(wildcard client/*.c))
