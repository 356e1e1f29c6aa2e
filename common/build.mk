# common/: small pieces every module uses (errors, translation macros).
LIB_SRC += $(wildcard common/*.c)
