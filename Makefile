# sceyt-token — every target first runs the idempotent setup script.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup pkg test test-page test-runtimes test-cli demo bench fuzz mutants clean

setup:
	@scripts/setup.sh

pkg: setup
	@scripts/build.sh

## The whole test suite (what CI runs).
test: setup
	@scripts/test.sh

## The demo page in Debian chromium (packs pkg/ as built; screenshots in test-artifacts/page/).
test-page:
	@scripts/pack.sh >/dev/null
	@node --test tests/page/

## The runtime matrix (workerd, miniflare, wrangler dev, Deno, Bun, edge-runtime, Node, Chrome,
## Firefox, the example servers, the workerd load test) against the npm-pack tarball.
test-runtimes: setup
	@scripts/pack.sh >/dev/null && tests/runtimes/run.sh

## The sceyt-token CLI (pkg/bin/) from the npm-pack tarball in Node, Deno and Bun (needs `make pkg` first).
test-cli: setup
	@tests/cli/run.sh

## The main job: build, start the example worker with the demo page on 127.0.0.1:8787.
demo: setup
	@scripts/demo.sh

bench: setup
	@scripts/bench.sh

fuzz: setup
	@scripts/fuzz.sh

## Mutation testing of the Rust core (cargo-mutants; long: see docs/MUTANTS.md).
mutants:
	@scripts/mutants.sh

clean:
	rm -rf target pkg/web pkg/dist pkg/lite .dev test-artifacts
