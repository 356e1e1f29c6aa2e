# Tests and benchmarks of the hub (tests/unit/test-hub-*.c,
# tests/bench/bench-hub-*.c) link the hub's objects, all but main.o, beside
# the modules.  The longer prefix makes make prefer these rules over
# tests/build.mk's.
HUB_TEST_OBJ = $(call obj,$(filter-out hub/main.c,$(HUB_SRC)))

$(BUILD)/tests/test-hub-%: $(BUILD)/tests/unit/test-hub-%.o $(HUB_TEST_OBJ) $(TESTLIB_OBJ) $$(LIBTALLY)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(HUB_TEST_OBJ) $(TESTLIB_OBJ) $(LIBTALLY) $(pkg_libs) -lcmocka -lutil

$(BUILD)/bench/bench-hub-%: $(BUILD)/tests/bench/bench-hub-%.o $(HUB_TEST_OBJ) $$(LIBTALLY)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(HUB_TEST_OBJ) $(LIBTALLY) $(pkg_libs)
