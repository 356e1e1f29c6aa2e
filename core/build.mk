# core/: the rules both programs share: the emergency-stock calculator,
# refill policy, expiry, and the master tables' columns (and so their DDL).
CORE_SRC := $(wildcard core/*.c)
CORE_PKGS := sqlite3 jansson
$(BUILD)/libcore.a: $(call obj,$(CORE_SRC))
