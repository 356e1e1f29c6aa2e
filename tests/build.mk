# tests/: cmocka unit tests (tests/unit/test-*.c, one program each), helper
# programs the tests run (tests/helpers/*.c), benchmarks (tests/bench/*.c).
# Special cases (fuzz targets, ...) live in tests/mk/*.mk.

TESTLIB_SRC := $(wildcard tests/lib/*.c)
TESTLIB_OBJ  = $(call obj,$(TESTLIB_SRC))
UNIT_SRC    := $(wildcard tests/unit/test-*.c)
HELPER_SRC  := $(wildcard tests/helpers/*.c)
BENCH_SRC   := $(wildcard tests/bench/bench-*.c)
TEST_BINS   += $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
EXTRA_BINS  += $(patsubst tests/helpers/%.c,$(BUILD)/tests/helpers/%,$(HELPER_SRC))
BENCH_BINS  += $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
TEST_DEPS    = $(patsubst %.c,$(BUILD)/%.d,$(TESTLIB_SRC) $(UNIT_SRC) $(HELPER_SRC) $(BENCH_SRC))

# LIBTALLY is defined after this file is included (it needs client/'s
# list): expanded a second time, so a test is relinked when a module's
# archive changes and never linked before the archives exist.
.SECONDEXPANSION:
$(BUILD)/tests/test-%: $(BUILD)/tests/unit/test-%.o $(TESTLIB_OBJ) $$(LIBTALLY)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(TESTLIB_OBJ) $(LIBTALLY) $(pkg_libs) -lcmocka -lutil

$(BUILD)/tests/helpers/%: $(BUILD)/tests/helpers/%.o $(TESTLIB_OBJ) $$(LIBTALLY)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(TESTLIB_OBJ) $(LIBTALLY) $(pkg_libs) -lcmocka -lutil

# Benchmarks link the library only: they are programs, not cmocka tests.
$(BUILD)/bench/bench-%: $(BUILD)/tests/bench/bench-%.o $$(LIBTALLY)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(LIBTALLY) $(pkg_libs)

bench-run: all $(BENCH_BINS)
	@TALLY_BIN=$(CURDIR)/$(TALLY) TALLY_SRCDIR=$(CURDIR) tests/bench/run.sh --build $(BUILD)

-include $(wildcard tests/mk/*.mk)
