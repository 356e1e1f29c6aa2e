# db/: the handheld's store (SQLite).
STORE_SRC := $(wildcard db/*.c)
STORE_PKGS := sqlite3 jansson
$(BUILD)/libstore.a: $(call obj,$(STORE_SRC))
