# sync/: the client side of the sync protocol (libcurl, zlib), linked by
# tally-sync alone.
SYNC_SRC := $(wildcard sync/*.c)
SYNC_PKGS := libcurl zlib
$(BUILD)/libsync.a: $(call obj,$(SYNC_SRC))
