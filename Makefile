# teikit — `make` installs and builds the bundled edition(s) into dist/; `make test` runs every test.
SHELL := /bin/bash
NPM_STAMP := node_modules/.teikit-installed
TS_SOURCES := $(shell find src bench -name '*.ts' 2>/dev/null)

.PHONY: all install lib schemas editions test bench bench-validate clean system-deps

all: editions

install: $(NPM_STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

lib: dist-lib/.stamp

dist-lib/.stamp: $(NPM_STAMP) tsconfig.json $(TS_SOURCES) $(wildcard xslt/*.xsl)
	npx tsc -p tsconfig.json
	node -e "require('./dist-lib/src/render/sef').compileStylesheets()"
	@touch $@

# The edition schema: generated from schema/teikit.odd and TEI's tei_all.rng (committed;
# regenerated when the customisation or the generator changes), and teikit.sch compiled
# to a SaxonJS SEF (cached in .teikit-cache/schematron).
TEI_ALL_RNG ?= ../shared/schemas/tei_all.rng
schemas: schema/teikit.rng .teikit-cache/schematron/.stamp

schema/teikit.rng: schema/teikit.odd src/validate/derive-schema.ts | lib
	@if [ -f "$(TEI_ALL_RNG)" ]; then node dist-lib/src/validate/derive-schema.js schema/teikit.odd "$(TEI_ALL_RNG)" $@ && touch $@; \
	else echo "teikit: $(TEI_ALL_RNG) not found: keeping the committed $@" >&2; fi

.teikit-cache/schematron/.stamp: schema/teikit.sch src/validate/schematron.ts | lib
	node -e "require('./dist-lib/src/validate/schematron').compileSchematron('schema/teikit.sch').catch((e) => { console.error(e.message); process.exit(1); })"
	@touch $@

editions: lib schemas
	node bin/teikit.js build

system-deps:
	bash scripts/install-system-deps.sh

test: all system-deps
	npx jest --ci

bench: all system-deps
	node dist-lib/bench/run.js
	node dist-lib/bench/validate.js

bench-validate: lib schemas
	bash scripts/install-system-deps.sh jing
	node dist-lib/bench/validate.js

clean:
	rm -rf dist dist-lib test-output
