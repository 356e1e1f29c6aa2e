# docs/: man pages are installed from here: every docs/man/*.N goes to
# MANDIR/manN, so a new page needs no rule.
MAN_PAGES := $(wildcard docs/man/*.[1-8])

define install_docs
	for m in $(MAN_PAGES); do s=$${m##*.}; \
	  install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
endef
