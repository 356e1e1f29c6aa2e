# barcode/: what a scan means: GS1 element strings, Digital Link, EAN/UPC,
# HIBC, labels; JSON of a parse.  Needs jansson (scan-json.c) only; the fuzz
# target (tests/mk/fuzz.mk) builds this folder alone.
BARCODE_SRC := $(wildcard barcode/*.c)
BARCODE_PKGS := jansson
$(BUILD)/libbarcode.a: $(call obj,$(BARCODE_SRC))
