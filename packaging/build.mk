# packaging/: set-up script, Debian packages, units, udev rules, arm64.
#
#   make install [PREFIX=/usr] [DESTDIR=DIR]   the files a package holds
#   make deb                  build/deb/tally_*.deb, build/deb/tally-hub_*.deb
#   make check-packaging      install the .debs here, try them, purge them
#   make check-systemd        boot them in a Debian root under systemd-nspawn
#   make cross ARCH=arm64     cross-build into build/arm64
#   make check-cross ARCH=arm64   and run its unit tests under qemu-user
.PHONY: deb check-packaging check-systemd cross check-cross cross-bins

define install_packaging
	install -D -m 0644 packaging/tally.conf $(DESTDIR)$(SYSCONFDIR)/tally/tally.conf
	install -D -m 0644 packaging/tally-hub.default $(DESTDIR)$(SYSCONFDIR)/default/tally-hub
	install -D -m 0644 packaging/bash-completion/tally $(DESTDIR)$(COMPLETIONDIR)/tally
	install -D -m 0644 packaging/bash-completion/tally-hub $(DESTDIR)$(COMPLETIONDIR)/tally-hub
	install -D -m 0644 packaging/60-tally-scanners.rules $(DESTDIR)$(UDEVDIR)/60-tally-scanners.rules
	for u in packaging/systemd/*.service; do \
	  install -D -m 0644 $$u $(DESTDIR)$(UNITDIR)/$${u##*/}; done
endef

# The packages are built from a copy of the tracked (and new, unignored)
# files with packaging/debian as debian/, so the tree itself stays clean.
DEB_DIR := $(BUILD)/deb
deb:
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	git ls-files -z --cached --others --exclude-standard | \
	  tar --null --ignore-failed-read -T - -cf - | tar -xf - -C $(DEB_DIR)/src
	cp -r packaging/debian $(DEB_DIR)/src/debian
	cd $(DEB_DIR)/src && dpkg-buildpackage -us -uc -b -j2 >../build.log 2>&1 || \
	  { tail -40 ../build.log; exit 1; }
	@ls $(DEB_DIR)/*.deb

check-packaging: deb
	@packaging/check-packaging.sh $(DEB_DIR)

# The units under a real systemd (packaging/check-systemd.sh); its Debian
# root is cached in $(BUILD)/systemd/root.
check-systemd: deb
	@packaging/check-systemd.sh $(DEB_DIR)

CROSS_ARCH_arm64 := aarch64-linux-gnu
CROSS_TRIPLET = $(CROSS_ARCH_$(ARCH))
CROSS_PC = $(BUILD)/$(ARCH)/pkgconfig
CROSS_MAKE = $(MAKE) --no-print-directory BUILD=$(BUILD)/$(ARCH) \
	CC=$(CROSS_TRIPLET)-gcc AR=$(CROSS_TRIPLET)-ar \
	PKG_CONFIG="env PKG_CONFIG_PATH=$(abspath $(CROSS_PC)) $(CROSS_TRIPLET)-pkg-config"

# Debian 12's libzbar-dev and libpq-dev cannot be installed for two
# architectures at once, so the cross build gets a zbar.pc and a libpq.pc of
# its own over the target's run-time libraries (libzbar0, libpq5); their
# headers are the native ones (zbar.h, libpq-fe.h are the same for all
# 64-bit Linux targets).
$(BUILD)/%/pkgconfig/zbar.pc:
	@mkdir -p $(dir $@)
	ln -sf /usr/lib/$(CROSS_TRIPLET)/libzbar.so.0 $(dir $@)libzbar.so
	printf 'libdir=%s\nName: zbar\nDescription: zbar (cross)\nVersion: 0.23\nLibs: -L$${libdir} -lzbar\nCflags:\n' \
	  "$(abspath $(dir $@))" >$@

$(BUILD)/%/pkgconfig/libpq.pc:
	@mkdir -p $(dir $@)
	ln -sf /usr/lib/$(CROSS_TRIPLET)/libpq.so.5 $(dir $@)libpq.so
	printf 'libdir=%s\nName: libpq\nDescription: libpq (cross)\nVersion: 15\nLibs: -L$${libdir} -lpq\nCflags: -I%s\n' \
	  "$(abspath $(dir $@))" "$$(pkg-config --variable=includedir libpq)" >$@

cross:
	@test -n "$(CROSS_TRIPLET)" || { echo "make cross: ARCH=arm64 is the one known"; exit 64; }
	@packaging/setup-deps.sh --cross $(ARCH)
	@$(MAKE) --no-print-directory $(CROSS_PC)/zbar.pc $(CROSS_PC)/libpq.pc
	+@$(CROSS_MAKE) cross-bins
	@readelf -h $(BUILD)/$(ARCH)/tally $(BUILD)/$(ARCH)/tally-hub | grep -E "^File|Machine"

# What a cross build makes; BUILD is the target's directory here.
cross-bins: all $(TEST_BINS) $(EXTRA_BINS)

# qemu-user runs the target's programs (packaging/check-cross.sh says how).
check-cross: cross
	@packaging/check-cross.sh $(BUILD)/$(ARCH) $(CROSS_TRIPLET) $(ARCH)
