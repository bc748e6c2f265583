# teikit — `make` installs and builds the bundled edition(s) into dist/; `make test` runs every test.
SHELL := /bin/bash
NPM_STAMP := node_modules/.teikit-installed
TS_SOURCES := $(shell find src bench -name '*.ts' 2>/dev/null)

.PHONY: all install lib editions test bench clean system-deps

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

editions: lib
	node bin/teikit.js build

system-deps:
	bash scripts/install-system-deps.sh

test: all system-deps
	npx jest --ci

bench: all system-deps
	node dist-lib/bench/run.js

clean:
	rm -rf dist dist-lib test-output
