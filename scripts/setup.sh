#!/usr/bin/env bash
# Installs what building and testing claimmark needs on Debian 12, skipping
# whatever is already there.
# Usage: scripts/setup.sh [rust] [wasm-bindgen] [browser] [lint-tools] [axe]
# (no argument: rust, wasm-bindgen, browser and axe).
#   rust          a C linker for native builds, a default toolchain, and the
#                 wasm32-unknown-unknown target
#   wasm-bindgen  wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock
#   browser       Debian's chromium and chromium-driver
#   lint-tools    rustfmt and clippy
#   axe           the axe-core accessibility checker (npm) under target/npm,
#                 injected by the end-to-end tests
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "setup: need root (or sudo) to run: $*" >&2
        exit 1
    fi
}

apt_is_updated=no
apt_install() {
    if [ "$apt_is_updated" = no ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update
        apt_is_updated=yes
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

setup_rust() {
    if ! command -v cc >/dev/null 2>&1; then
        echo "setup: installing a C toolchain (rustc links native code with cc)"
        apt_install gcc libc6-dev
    fi
    if ! rustc --version >/dev/null 2>&1; then
        rustup default stable
    fi
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        rustup target add wasm32-unknown-unknown
    fi
}

setup_wasm_bindgen() {
    local wanted installed
    wanted=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
    if [ -z "$wanted" ]; then
        echo "setup: Cargo.lock does not pin wasm-bindgen" >&2
        exit 1
    fi
    installed=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
    if [ "$installed" = "$wanted" ]; then
        return
    fi
    echo "setup: installing wasm-bindgen-cli $wanted (found: ${installed:-none}); this takes several minutes"
    # --locked fails while one of the CLI's pinned dependencies is missing
    # from the registry; the unlocked install resolves to working versions.
    cargo install wasm-bindgen-cli --version "$wanted" --locked \
        || cargo install wasm-bindgen-cli --version "$wanted"
}

setup_browser() {
    if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
        echo "setup: installing chromium and chromium-driver"
        apt_install chromium chromium-driver
    fi
}

setup_lint_tools() {
    if ! cargo fmt --version >/dev/null 2>&1; then
        rustup component add rustfmt
    fi
    if ! cargo clippy --version >/dev/null 2>&1; then
        rustup component add clippy
    fi
}

# The end-to-end tests read target/npm/node_modules/axe-core/axe.min.js.
AXE_CORE_VERSION=4.14.1
setup_axe() {
    local installed
    installed=$(node -p "require('./target/npm/node_modules/axe-core/package.json').version" 2>/dev/null || true)
    if [ "$installed" = "$AXE_CORE_VERSION" ]; then
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "setup: installing npm (to fetch axe-core)"
        apt_install npm
    fi
    echo "setup: installing axe-core $AXE_CORE_VERSION into target/npm (found: ${installed:-none})"
    mkdir -p target/npm
    npm install --prefix target/npm "axe-core@$AXE_CORE_VERSION" --save-exact --no-audit --no-fund
}

if [ "$#" -eq 0 ]; then
    set -- rust wasm-bindgen browser axe
fi
for component in "$@"; do
    case "$component" in
        rust) setup_rust ;;
        wasm-bindgen) setup_wasm_bindgen ;;
        browser) setup_browser ;;
        lint-tools) setup_lint_tools ;;
        axe) setup_axe ;;
        *)
            echo "setup: unknown component '$component' (expected rust, wasm-bindgen, browser, lint-tools or axe)" >&2
            exit 2
            ;;
    esac
done
