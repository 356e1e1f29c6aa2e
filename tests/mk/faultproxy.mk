# The fault-injecting proxy is a plain program: it links neither the test
# library (cmocka) nor libtally.
$(BUILD)/tests/helpers/faultproxy: $(BUILD)/tests/helpers/faultproxy.o
	$(CC) $(LDFLAGS_ALL) -o $@ $<
