# sceyt-token. Every target first runs the idempotent setup script for what it needs:
# `setup.sh demo` (wasm32 target, wasm-bindgen CLI, the root npm manifest) or `setup.sh test`
# (that, plus lint components, wasm-pack, tests/package.json, PyJWT, browsers and drivers).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/tests/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup setup-demo pkg test test-page test-runtimes test-cli check-fresh demo site release bench fuzz mutants clean latest-bindgen

setup:
	@scripts/setup.sh test

setup-demo:
	@scripts/setup.sh demo

pkg: setup-demo
	@scripts/build.sh

## The whole test suite (what CI runs).
test: setup
	@scripts/test.sh

## The package built with the newest wasm-bindgen 0.2.x (not the version Cargo.lock names) and the
## Node tests against it, in a temporary copy of the tree; stops in seconds when nothing is newer.
latest-bindgen: setup-demo
	@scripts/latest-bindgen.sh

## The demo page in Debian chromium, served by the example worker as `make demo` serves it.
test-page: setup
	@scripts/build.sh && scripts/pack.sh >/dev/null && node scripts/stage-site.mjs target/site && node --test tests/page/

## The runtime matrix (workerd, miniflare, wrangler dev, Deno, Bun, edge-runtime, Node, Chrome,
## Firefox, the example servers, the workerd load test) against the npm-pack tarball.
test-runtimes: setup
	@scripts/build.sh && scripts/pack.sh >/dev/null && tests/runtimes/run.sh

## Clones HEAD into a temporary folder and runs `make demo` there (also a stage of `make test`).
check-fresh: setup
	@node tests/fresh/fresh.mjs

## The sceyt-token CLI (pkg/bin/) from the npm-pack tarball in Node, Deno and Bun (needs `make pkg`
## first; tests/cli/run.sh packs and installs it when pkg/ changed).
test-cli: setup
	@tests/cli/run.sh

## The main job: build, start the example worker with the demo page on 127.0.0.1:8787.
demo:
	@scripts/demo.sh

## The demo page as a static site: www/ with the package's browser files in one folder (SITE_DIR,
## default target/site) that any static host serves (Cloudflare Pages, GitHub Pages, python3 -m http.server).
SITE_DIR ?= target/site
site: setup-demo
	@scripts/build.sh && scripts/pack.sh >/dev/null && node scripts/stage-site.mjs "$(SITE_DIR)" && \
	  echo "site: $(SITE_DIR) (serve it with any static server, e.g. python3 -m http.server -d $(SITE_DIR))"

## Prepares release VERSION (x.y.z): bumps Cargo.toml + pkg/package.json, dates CHANGELOG's
## Unreleased section, runs the checks (RELEASE_CHECKS=quick: build, pack, publish dry run only).
## Never commits, tags or publishes: it prints those commands.
release: setup
	@scripts/release.sh "$(VERSION)"

bench:
	@scripts/setup.sh bench && scripts/bench.sh

fuzz: setup
	@scripts/fuzz.sh

## Mutation testing of the Rust core (cargo-mutants; long: see docs/MUTANTS.md).
mutants:
	@scripts/mutants.sh

clean:
	rm -rf target pkg/web pkg/dist pkg/types/api.d.ts pkg/types/api.d.cts pkg/index.d.cts pkg/lite pkg/LICENSE-MIT pkg/LICENSE-APACHE .dev test-artifacts
