# The libFuzzer target for the scan content parser: barcode/ alone, built
# with clang and -fsanitize=fuzzer,address when clang is there.  `make check`
# runs it for FUZZ_SECONDS (60) over a copy of the seed corpus, `make fuzz
# FUZZ_SECONDS=600` longer.
FUZZ_SECONDS ?= 60
FUZZ_BIN     := $(BUILD)/fuzz/fuzz-scan
FUZZ_SRC     := tests/fuzz/fuzz-scan.c $(BARCODE_SRC)

$(FUZZ_BIN): $(FUZZ_SRC) $(wildcard barcode/*.h)
	@mkdir -p $(dir $@)
	clang -std=c11 -g -O1 -I. -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
	  -fsanitize=fuzzer,address,undefined -o $@ $(FUZZ_SRC) -ljansson

.PHONY: fuzz
fuzz: $(FUZZ_BIN)
	@rm -rf $(BUILD)/fuzz/corpus-run && cp -r tests/fuzz/corpus $(BUILD)/fuzz/corpus-run
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=600 -print_final_stats=1 \
	  $(BUILD)/fuzz/corpus-run 2>&1 | tail -15
