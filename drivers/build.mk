# drivers/: from a device to canonical scan text (evdev, serial, camera,
# image files, stdin) and feedback (beep, LED, vibration).
DRIVERS_SRC := $(wildcard drivers/*.c)
DRIVERS_PKGS := zbar libdmtx libevdev libpng
$(BUILD)/libdrivers.a: $(call obj,$(DRIVERS_SRC))
