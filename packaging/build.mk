# packaging/: set-up script, Debian packages, units, udev rules.
