# The libFuzzer target for the scan content parser.  Built with clang and
# -fsanitize=fuzzer,address when clang is there; `make check` runs it for
# FUZZ_SECONDS (60) over a copy of the seed corpus, `make fuzz
# FUZZ_SECONDS=600` longer.
FUZZ_SECONDS ?= 60
FUZZ_BIN     := build/fuzz/fuzz-scan
FUZZ_SRC     := tests/fuzz/fuzz-scan.c drivers/scan.c drivers/gs1.c drivers/gs1-ai.c \
                drivers/ean.c drivers/hibc.c drivers/digital-link.c drivers/scan-json.c

$(FUZZ_BIN): $(FUZZ_SRC) $(wildcard drivers/*.h)
	@mkdir -p $(dir $@)
	clang -std=c11 -g -O1 -I. -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
	  -fsanitize=fuzzer,address,undefined -o $@ $(FUZZ_SRC) -ljansson

.PHONY: fuzz
fuzz: $(FUZZ_BIN)
	@rm -rf tests/fuzz/corpus-run && cp -r tests/fuzz/corpus tests/fuzz/corpus-run
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=600 -print_final_stats=1 \
	  tests/fuzz/corpus-run 2>&1 | tail -15
