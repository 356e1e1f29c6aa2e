# Unit tests of the hub (tests/unit/test-hub-*.c) link the hub's modules
# too (everything of sync/hub/ but main.c).  The shorter stem makes make
# prefer this rule over tests/build.mk's.
HUB_TEST_OBJ = $(call obj,$(filter-out sync/hub/main.c,$(HUB_SRC)))

$(BUILD)/tests/test-hub-%: $(BUILD)/tests/unit/test-hub-%.o $(HUB_TEST_OBJ) $(TESTLIB_OBJ) $(LIBTALLY)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(HUB_TEST_OBJ) $(TESTLIB_OBJ) $(LIBTALLY) $(pkg_libs) -lcmocka -lutil

$(BUILD)/bench/bench-hub-%: $(BUILD)/tests/bench/bench-hub-%.o $(HUB_TEST_OBJ) $(LIBTALLY)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(HUB_TEST_OBJ) $(LIBTALLY) $(pkg_libs)
