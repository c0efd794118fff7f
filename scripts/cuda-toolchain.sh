#!/usr/bin/env bash
# Installs a CUDA 13.0 build toolchain from PyPI wheels into .cuda/ (git-ignored), so that
# `cargo build --features cuda` works on a machine without a system CUDA install or a GPU.
#
# Usage: source <(scripts/cuda-toolchain.sh)   # prints the environment to export
#
# What it provides and why:
# - nvcc, ptxas, cicc and the CUDA headers: candle-kernels compiles its .cu files with nvcc.
# - libcudart, libnvrtc, libcublas(Lt), libcurand: candle links them (cudarc "dynamic-linking").
# - a link-time stub of libcuda.so.1: the driver library ships with the NVIDIA driver, never
#   in a toolkit wheel. The stub only satisfies the linker; at run time the loader finds the
#   real libcuda.so.1 of the machine's driver by the same soname.
# - CUDA_COMPUTE_CAP (default 90, H100/H200): with no GPU here, nvidia-smi cannot tell it.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${BRIEF_CUDA_DIR:-$root/.cuda}"
version_nvcc=13.0.88
wheels=(
  "nvidia-cuda-nvcc==$version_nvcc"
  "nvidia-cuda-crt==$version_nvcc"
  "nvidia-cuda-cccl==13.0.85"
  "nvidia-nvvm==$version_nvcc"
  "nvidia-cuda-nvrtc==$version_nvcc"
  "nvidia-cuda-runtime==13.0.96"
  "nvidia-cublas==13.0.2.14"
  "nvidia-curand==10.4.0.35"
)

toolkit="$dest/nvidia/cu13"
if [[ ! -x "$toolkit/bin/nvcc" || ! -e "$toolkit/lib/libcuda.so" || ! -e "$toolkit/include/nv/target" ]]; then
  mkdir -p "$dest/wheels"
  python3 -m pip download --quiet --no-deps --dest "$dest/wheels" "${wheels[@]}" >&2
  for wheel in "$dest"/wheels/*.whl; do
    python3 -m zipfile -e "$wheel" "$dest" >&2
  done
  chmod +x "$toolkit"/bin/* "$toolkit"/nvvm/bin/* 2>/dev/null || true

  # Unversioned names for the linker, as a system install has them.
  for lib in cudart nvrtc cublas cublasLt curand; do
    versioned="$(cd "$toolkit/lib" && ls "lib$lib.so."* | grep -v alt | head -n 1)"
    ln -sf "$versioned" "$toolkit/lib/lib$lib.so"
  done
  # nvcc looks for lib64/ beside include/.
  ln -sfn lib "$toolkit/lib64"

  # libcuda.so stub: one empty function per driver entry point cudarc declares.
  (cd "$root" && cargo fetch --locked >&2)
  cudarc_src="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/cudarc-0.19.* | tail -n 1)"
  grep -ohE '^pub unsafe fn cu[A-Za-z0-9_]+' "$cudarc_src/src/driver/sys/mod.rs" |
    awk '{print "void " $4 "(void) {}"}' | sort -u >"$dest/libcuda_stub.c"
  cc -shared -fPIC -Wl,-soname,libcuda.so.1 -o "$toolkit/lib/libcuda.so" "$dest/libcuda_stub.c"
fi

echo "export CUDA_HOME='$toolkit'"
echo "export CUDA_PATH='$toolkit'"
echo "export NVCC='$toolkit/bin/nvcc'"
echo "export PATH='$toolkit/bin':\"\$PATH\""
echo "export LIBRARY_PATH='$toolkit/lib':\"\${LIBRARY_PATH:-}\""
echo "export CUDA_COMPUTE_CAP=\"\${CUDA_COMPUTE_CAP:-90}\""
