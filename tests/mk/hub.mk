# Unit tests of the hub's parts (tests/unit/test-hub-unit-*.c) link its
# objects, all but main.o, beside libtally.
HUB_PART_OBJ = $(filter-out $(BUILD)/sync/hub/main.o,$(call obj,$(HUB_SRC)))

$(BUILD)/tests/test-hub-unit-%: $(BUILD)/tests/unit/test-hub-unit-%.o $(TESTLIB_OBJ) $(HUB_PART_OBJ) $(LIBTALLY)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(TESTLIB_OBJ) $(HUB_PART_OBJ) $(LIBTALLY) $(pkg_libs) -lcmocka -lutil
