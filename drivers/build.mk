# drivers/: scanners, barcode content, image decoding, feedback.
LIB_SRC += $(wildcard drivers/*.c)
