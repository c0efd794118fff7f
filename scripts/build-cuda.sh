#!/usr/bin/env bash
# Builds `brief` with the CUDA backend into target/cuda/release/brief, with the toolchain
# from scripts/cuda-toolchain.sh (no system CUDA and no GPU needed to build).
# Set CUDA_COMPUTE_CAP for GPUs other than Hopper (e.g. 89 for Ada, 80 for A100).
# The CPU code is built for x86-64-v3 (AVX2, FMA) rather than this machine's own CPU, so
# the binary runs on the GPU host it is copied to; set RUSTFLAGS to override.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
eval "$(scripts/cuda-toolchain.sh)"
export RUSTFLAGS="${RUSTFLAGS:--C target-cpu=x86-64-v3}"
cargo build --release --locked --features cuda --target-dir target/cuda "$@"
echo "built target/cuda/release/brief (CUDA 13.0, compute capability $CUDA_COMPUTE_CAP)" >&2
