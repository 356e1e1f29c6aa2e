# The region benchmark (tests/bench/bench-region.c) links the region's
# generator (tests/bench/region-gen.c) beside the library.
REGION_GEN_OBJ = $(BUILD)/tests/bench/region-gen.o
TEST_DEPS += $(BUILD)/tests/bench/region-gen.d

$(BUILD)/bench/bench-region: $(BUILD)/tests/bench/bench-region.o $(REGION_GEN_OBJ) $$(LIBTALLY)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(REGION_GEN_OBJ) $(LIBTALLY) $(pkg_libs)
