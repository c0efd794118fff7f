#!/usr/bin/env bash
# The test suite: fetch the small real model (for the tests that run it), then run
# every test in release mode (the model tests are too slow unoptimized).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-model.sh small
cargo test --release --locked "$@"
