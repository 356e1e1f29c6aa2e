# The I/O fault injector is an LD_PRELOAD library (tests/fault/iofault.c).
# Built without the sanitizers even in the sanitizer build: it is loaded
# into a program before libasan, which is told not to mind
# (verify_asan_link_order=0, set by the tests that use it).
IOFAULT_SO := $(BUILD)/tests/libiofault.so
EXTRA_BINS += $(IOFAULT_SO)

$(IOFAULT_SO): tests/fault/iofault.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -fPIC -shared -o $@ $< -ldl
