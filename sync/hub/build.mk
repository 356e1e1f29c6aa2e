# sync/hub/: tally-hub, the reference central server.
HUB_SRC += $(wildcard sync/hub/*.c)
