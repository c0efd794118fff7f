#!/usr/bin/env bash
# Benchmark brief's candle inference against llama.cpp (through llama-cpp-python) on the
# same GGUF, the same prompt (a summary request over one article) and the same thread
# count, in one run; prints both and the ratios. With BATCH (default 8; 1 or 0 skips it) it
# also times BATCH answers decoded together and compares their aggregate tokens/s with
# llama.cpp's single stream. A benchmark, not a test.
#
# usage: scripts/bench.sh [MODEL] [INPUT] [TOKENS] [THREADS] [BATCH]
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf}
input=${2:-seeds/002_08b2ca90e8545f28.txt}
tokens=${3:-128}
threads=${4:-2}
batch=${5:-8}
llama_version=0.3.36

[ -f "$model" ] || scripts/fetch-model.sh default
if ! python3 -c "import llama_cpp" 2>/dev/null; then
  echo "bench: installing llama-cpp-python $llama_version (builds llama.cpp from source, ~8 min)" >&2
  # Build for the host's vector extensions, read from /proc/cpuinfo (GGML_NATIVE would also
  # turn on AMX, whose matmul segfaulted in this sandbox on 2026-11-23).
  flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
  has() { case " $flags " in *" $1 "*) echo ON ;; *) echo OFF ;; esac; }
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=$(has avx) -DGGML_AVX2=$(has avx2) -DGGML_FMA=$(has fma) -DGGML_F16C=$(has f16c) -DGGML_BMI2=$(has bmi2) -DGGML_AVX512=$(has avx512f) -DGGML_AVX512_VBMI=$(has avx512_vbmi) -DGGML_AVX512_VNNI=$(has avx512_vnni) -DGGML_AVX512_BF16=$(has avx512_bf16) -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF" \
    python3 -m pip install --quiet "llama-cpp-python==$llama_version"
fi
cargo build --release --locked --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CANDLE_NUM_THREADS=$threads RAYON_NUM_THREADS=$threads target/release/brief bench \
  --model "$model" --input "$input" --max-tokens "$tokens" --device cpu --json \
  --save-prompt "$work/prompt.txt" | tail -n 1 > "$work/brief.json"
if [ "$batch" -gt 1 ]; then
  CANDLE_NUM_THREADS=$threads RAYON_NUM_THREADS=$threads target/release/brief bench \
    --model "$model" --input "$input" --max-tokens 32 --batch "$batch" --device cpu --json \
    | tail -n 1 > "$work/batch.json"
fi

python3 - "$model" "$work/prompt.txt" "$tokens" "$threads" "$work/brief.json" "$work/batch.json" <<'PY'
import json, os, sys, time
from llama_cpp import Llama

model, prompt_path, tokens, threads, brief_path, batch_path = sys.argv[1:]
tokens, threads = int(tokens), int(threads)
prompt = open(prompt_path, encoding="utf-8").read()
llm = Llama(model_path=model, n_ctx=4096, n_batch=512, n_threads=threads,
            n_threads_batch=threads, verbose=False)
ids = llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
# generate() yields the first token right after prefill, then one per decode step;
# greedy (top_k=1), and the loop ignores end-of-turn tokens to decode exactly TOKENS.
start = time.perf_counter()
stream = llm.generate(ids, top_k=1, temp=0.0, repeat_penalty=1.0, reset=True)
next(stream)
prefill = time.perf_counter() - start
start = time.perf_counter()
for _ in range(tokens):
    next(stream)
decode = time.perf_counter() - start
llama = {"prompt_tokens": len(ids), "generated_tokens": tokens,
         "prefill_tokens_per_s": len(ids) / prefill, "decode_tokens_per_s": tokens / decode,
         "threads": threads}
brief = json.loads(open(brief_path).read())
for name, row in (("brief (candle)", brief), ("llama.cpp", llama)):
    print(f"{name:15} prompt {row['prompt_tokens']:5} tok  prefill {row['prefill_tokens_per_s']:7.1f} tok/s"
          f"  decode {row['decode_tokens_per_s']:6.1f} tok/s  ({row['threads']} threads)")
print(f"ratio brief/llama.cpp: prefill {brief['prefill_tokens_per_s'] / llama['prefill_tokens_per_s']:.2f}x"
      f"  decode {brief['decode_tokens_per_s'] / llama['decode_tokens_per_s']:.2f}x")
if os.path.exists(batch_path):
    batch = json.loads(open(batch_path).read())
    print(f"brief batch {batch['batch']:2}  decode {batch['decode_tokens_per_s']:6.1f} tok/s aggregate"
          f"  = {batch['decode_tokens_per_s'] / llama['decode_tokens_per_s']:.2f}x llama.cpp's single stream")
PY
