# po/: translations.  Source strings are English; nb.po (Norwegian bokmål,
# the default) and en.po are both kept complete.  `make po` refreshes the
# template and merges it into both catalogues.
LINGUAS  := nb en
# One catalogue, installed under two names: tally.mo for the handheld's
# programs (package tally) and tally-hub.mo for the hub (package tally-hub),
# so each package holds its own translations and either stands alone.
MO_FILES := $(foreach l,$(LINGUAS),$(BUILD)/locale/$(l)/LC_MESSAGES/tally.mo \
              $(BUILD)/locale/$(l)/LC_MESSAGES/tally-hub.mo)

$(BUILD)/locale/%/LC_MESSAGES/tally.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/locale/%/LC_MESSAGES/tally-hub.mo: $(BUILD)/locale/%/LC_MESSAGES/tally.mo
	cp $< $@

# en.po is the source text itself (msgen); nb.po is translated by hand: after
# `make po`, `msgattrib --untranslated po/nb.po` lists what is left to do.
po:
	xgettext --from-code=UTF-8 -k_ -kN_ --add-comments=TRANSLATORS: --sort-by-file \
	  --package-name=tally --package-version=$(VERSION) -o po/tally.pot \
	  $$(find barcode client common core db drivers hub jobs sync -name '*.c' | sort)
	msgmerge -q --update --backup=none --no-fuzzy-matching po/nb.po po/tally.pot
	msgmerge -q --no-fuzzy-matching po/en.po po/tally.pot | msgen -o po/en.po -

define install_po
	for l in $(LINGUAS); do for d in tally tally-hub; do \
	  install -D -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/$$d.mo \
	  $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/$$d.mo; done; done
endef
