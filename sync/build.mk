# sync/: the client side of the sync protocol (libcurl).
LIB_SRC += $(wildcard sync/*.c)
