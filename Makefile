# claimmark: `make run` serves the app on http://127.0.0.1:8080,
# `make test` runs every test. Each target installs what it is missing
# (see scripts/setup.sh), so both work on a fresh Debian 12 with rustup.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
# Debug info is never read in tests and costs about 40% of the build time.
# Set once for every target so cargo never rebuilds just because it changed.
export CARGO_PROFILE_DEV_DEBUG ?= 0

TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
WASM := $(TARGET_DIR)/wasm32-unknown-unknown/release/claimmark.wasm
ADDRESS ?= 127.0.0.1:8080
CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: setup build run test lint clean bench
# setup installs with apt and cargo; never run two of those at once.
.NOTPARALLEL:

## setup: rust's wasm32 target, wasm-bindgen-cli (Cargo.lock's version), chromium + chromedriver
setup:
	scripts/setup.sh

## build: the release app in dist/ (claimmark.js, claimmark_bg.wasm, index.html, style.css)
build:
	scripts/setup.sh rust wasm-bindgen
	cargo build --release --target wasm32-unknown-unknown --lib
	wasm-bindgen --target web --no-typescript --remove-name-section --out-dir dist $(WASM)
	cp index.html style.css dist/
	@scripts/sizes.sh dist

## run: build, then serve dist/ on http://$(ADDRESS)
run: build
	cargo run --quiet --example serve -- dist $(ADDRESS)

## test: native tests (the core crate, tidy, end-to-end in Chromium), then the wasm browser tests
test: setup build
	cargo test --workspace
	CHROMEDRIVER=$(CHROMEDRIVER) cargo test --target wasm32-unknown-unknown --test browser --test browser_durability --test browser_tags --test browser_pictures

## bench: native criterion benchmarks of the core, then the browser benchmark
## in headless Chromium on a build with the benchmark hooks (target/bench-dist);
## both need ../shared/bench (see BENCHMARKS.md)
BENCH_DIST := $(TARGET_DIR)/bench-dist
bench: setup build
	cargo bench --benches
	cargo build --release --target wasm32-unknown-unknown --lib --features bench-hooks
	wasm-bindgen --target web --no-typescript --remove-name-section --out-dir $(BENCH_DIST) $(WASM)
	cp index.html style.css $(BENCH_DIST)/
	CHROMEDRIVER=$(CHROMEDRIVER) cargo run --quiet --example browser_bench -- $(BENCH_DIST)

## lint: formatting, and clippy for the native and the wasm32 builds
lint:
	scripts/setup.sh rust lint-tools
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	# The app and its browser tests on wasm32; the core's library too (its
	# tests run natively only).
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p claimmark-core --lib --target wasm32-unknown-unknown -- -D warnings

## clean: remove dist/ (cargo clean removes target/)
clean:
	rm -rf dist
