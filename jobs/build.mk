# jobs/: the jobs as plain logic over the store (round, receive, drill,
# count, consume, where-to-borrow, antidotes, sign-in, a session read back,
# the one pack-scan step).  No screen, no HTTP: tested without either.
JOBS_SRC := $(wildcard jobs/*.c)
JOBS_PKGS := libxcrypt
$(BUILD)/libjobs.a: $(call obj,$(JOBS_SRC))
