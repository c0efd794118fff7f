#!/usr/bin/env bash
# Run the seeds with the default model and print the faithfulness score line from
# ../shared/eval/score.py (per-article misses above it).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out}
facts=${FACTS:-../shared/eval/seeds.facts.json}
cargo build --release --locked
/usr/bin/time -f "seeds run: %e s wall, %M KB max RSS" target/release/brief run seeds --out "$out"
python3 ../shared/eval/score.py "$facts" "$out"
