# db/: the local store.
LIB_SRC += $(wildcard db/*.c)
