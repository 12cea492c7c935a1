#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what only the system's package manager
# offers, then runs `cargo test`. Everything from a package registry (moto, the AWS CLI,
# cfn-lint, shellcheck, pre-commit, Terraform, the AWS provider's schema) the tests install
# themselves into a cache folder ($XDG_CACHE_HOME/gatewright-e2e, else ~/.cache/gatewright-e2e)
# and reuse on later runs.
#
# Usage: tests/run.sh [cargo test arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v cargo >/dev/null 2>&1 || {
    echo "error: cargo is missing; install Rust with rustup (https://rustup.rs), then run this again" >&2
    exit 1
}
command -v git >/dev/null 2>&1 || need+=(git)
command -v npm >/dev/null 2>&1 || need+=(npm)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3 python3-venv)
# Neovim is a real editor client of `gatewright lsp`; no package registry ships it but the system's.
command -v "${NVIM_BIN:-nvim}" >/dev/null 2>&1 || need+=(neovim)

if [ "${#need[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "tests/run.sh: installing ${need[*]} with apt-get" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "error: the end-to-end tests need ${need[*]}; install them, for example:" >&2
        echo "    sudo apt-get install ${need[*]}" >&2
        exit 1
    fi
fi

exec cargo test --locked "$@"
