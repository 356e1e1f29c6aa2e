# common/: small pieces every module uses (errors, translation macros,
# configuration, strings, growing arrays).  No library of its own.
COMMON_SRC := $(wildcard common/*.c)
$(BUILD)/libcommon.a: $(call obj,$(COMMON_SRC))
