# tally — one non-recursive build.
#
# Every directory adds what it builds in its own build.mk; this file holds the
# flags, the pattern rules and the top-level targets.  `make check` and
# `make demo` first install missing Debian packages (packaging/setup-deps.sh),
# then run the real work in a second make that can rely on pkg-config.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
LOCALEDIR ?= $(DATADIR)/locale
LIBEXECDIR ?= $(PREFIX)/libexec/tally
MANDIR    ?= $(DATADIR)/man
SYSCONFDIR ?= /etc
UNITDIR   ?= $(PREFIX)/lib/systemd/system
UDEVDIR   ?= $(PREFIX)/lib/udev/rules.d
COMPLETIONDIR ?= $(DATADIR)/bash-completion/completions
PKG_CONFIG ?= pkg-config
DESTDIR   ?=

CC        ?= cc
BUILD     ?= build
SAN       ?= 0

# Every Debian library the project uses.  Each program links only its own
# list (TALLY_PKGS, TALLY_SYNC_PKGS, HUB_PKGS in its build.mk): `tally` never
# links libcurl or libmicrohttpd, in any build (tests/integration/linkage.sh
# reads the built programs' DT_NEEDED).  Compiling sees every include path;
# the tests link everything.  pkg-config is asked on first use, so `make
# check` on a fresh machine can install the packages first.
PKGS := sqlite3 zbar libdmtx libcurl libmicrohttpd jansson libevdev ncursesw \
        libpng libqrencode libxcrypt nettle zlib libpq
pkg_cflags = $(eval pkg_cflags := $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags $(PKGS))))$(pkg_cflags)
pkg_libs   = $(eval pkg_libs := $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm -lpthread)$(pkg_libs)
pkg_libs_of = $(shell $(PKG_CONFIG) --libs $(1)) -lm -lpthread

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wno-unused-parameter
HARDEN    := -fstack-protector-strong -fPIE -D_FORTIFY_SOURCE=2
OPT       ?= -O2 -g
ifeq ($(SAN),1)
  OPT     := -O1 -g -fno-omit-frame-pointer
  HARDEN  := -fPIE
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
endif

CPPFLAGS_ALL = -I. -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
               -DTALLY_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
               -DSYSCONFDIR='"$(SYSCONFDIR)"' -DLIBEXECDIR='"$(LIBEXECDIR)"' $(CPPFLAGS)
CFLAGS_ALL   = -std=c11 $(WARN) $(OPT) $(HARDEN) $(SANFLAGS) $(pkg_cflags) $(CFLAGS)
LDFLAGS_ALL  = -pie -Wl,-z,relro,-z,now $(SANFLAGS) $(LDFLAGS)

.DEFAULT_GOAL := all

TALLY_SRC :=
TALLY_SYNC_SRC :=
HUB_SRC   :=
TEST_BINS :=
BENCH_BINS :=
EXTRA_BINS :=
obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
# One archive per module, named by its folder's concern; lib(jobs store) →
# build/libjobs.a build/libstore.a.  MODULES is in link order.
MODULES   := jobs sync drivers store barcode core common
lib = $(foreach m,$(1),$(BUILD)/lib$(m).a)
TALLY     := $(BUILD)/tally
TALLY_HUB := $(BUILD)/tally-hub
TALLY_SYNC := $(BUILD)/tally-sync

include common/build.mk barcode/build.mk core/build.mk db/build.mk drivers/build.mk \
        jobs/build.mk sync/build.mk client/build.mk hub/build.mk

# What the tests link beside their own files: every module, and the client
# files that are neither main nor a command.  Defined before tests/build.mk
# is read: a rule's prerequisites are expanded as it is read, and a test
# must be linked again when a module changes.
LIBTALLY  := $(call obj,$(CLIENT_TEST_SRC)) $(call lib,$(MODULES))

include tests/build.mk po/build.mk packaging/build.mk docs/build.mk
TALLY_OBJ := $(call obj,$(TALLY_SRC))
HUB_OBJ   := $(call obj,$(HUB_SRC))
TALLY_SYNC_OBJ := $(call obj,$(TALLY_SYNC_SRC))

.SECONDARY:
.PHONY: all deps check check-run check-unit check-san demo demo-run bench bench-run \
        install clean format po
all: $(TALLY) $(TALLY_SYNC) $(TALLY_HUB) $(MO_FILES)

deps:
	@packaging/setup-deps.sh

# `make V=1` shows whole command lines.
ifeq ($(V),1)
  Q :=
else
  Q := @
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# A module's archive: its build.mk names the objects as prerequisites.
$(BUILD)/lib%.a:
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(TALLY): $(TALLY_OBJ) $(call lib,$(TALLY_LIBS))
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(call pkg_libs_of,$(TALLY_PKGS))

$(TALLY_SYNC): $(TALLY_SYNC_OBJ) $(call lib,$(TALLY_SYNC_LIBS))
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(call pkg_libs_of,$(TALLY_SYNC_PKGS))

$(TALLY_HUB): $(HUB_OBJ) $(call lib,$(HUB_LIBS))
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(call pkg_libs_of,$(HUB_PKGS))

# The whole test suite: set-up, a normal build, a sanitizer build, the
# integration tests against the real binaries, and a short fuzz run.
check: deps
	@$(MAKE) --no-print-directory check-run

check-run: all $(TEST_BINS) $(EXTRA_BINS)
	@$(MAKE) --no-print-directory SAN=1 BUILD=$(BUILD)/san san-bins
	@tests/run-all.sh --build $(BUILD) --san-build $(BUILD)/san

san-bins: $(TEST_BINS) $(EXTRA_BINS) $(TALLY) $(TALLY_SYNC) $(TALLY_HUB) $(MO_FILES)

# Unit tests only, normal build: the quick loop while working.
check-unit: all $(TEST_BINS) $(EXTRA_BINS)
	@tests/run-all.sh --build $(BUILD)

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: all
	@tests/demo/run.sh --build $(BUILD)

bench: deps
	@$(MAKE) --no-print-directory bench-run

install: all
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(TALLY) $(TALLY_HUB) $(DESTDIR)$(BINDIR)/
	install -D -m 0755 $(TALLY_SYNC) $(DESTDIR)$(LIBEXECDIR)/tally-sync
	$(install_po)
	$(install_docs)
	$(install_packaging)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

ALL_MODULE_SRC := $(COMMON_SRC) $(BARCODE_SRC) $(CORE_SRC) $(STORE_SRC) $(DRIVERS_SRC) \
                  $(JOBS_SRC) $(SYNC_SRC)
-include $(patsubst %.c,$(BUILD)/%.d,$(ALL_MODULE_SRC)) $(TALLY_OBJ:.o=.d) $(TALLY_SYNC_OBJ:.o=.d) $(HUB_OBJ:.o=.d) $(TEST_DEPS)
