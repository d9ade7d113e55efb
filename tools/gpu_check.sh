#!/usr/bin/env bash
# What to run on a machine with an NVIDIA GPU and no Qt (e.g. the lent H100): builds the engine
# and CLI without the GUI and tests, runs the kernel selftest, the fault selftest, the logits
# checks of tools/gpu_check.py, and the benchmarks of a Mistral-7B-shaped model.
#
#   tools/gpu_check.sh [BUILD_DIR]          (default build-gpu)
# Environment: OUT (logs; default /tmp/gpu_check_out), HF7B_LAYERS (layers of the transformers
# comparison, default 32; 0 skips it), BENCH=0 skips the benchmarks, PREBUILT=1 uses BUILD_DIR's
# tramontane-cli as it is (built elsewhere for this GPU's architecture).
# Where sentencepiece/nlohmann_json are not installed, tools/gpu_deps.sh (run on a Debian machine
# that has them) fills .devdeps/, which this script puts on CMAKE_PREFIX_PATH and LD_LIBRARY_PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-gpu}
OUT=${OUT:-/tmp/gpu_check_out}
mkdir -p "$OUT"
DEPS=$PWD/.devdeps
export LD_LIBRARY_PATH=$DEPS/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
CLI=$BUILD/bin/tramontane-cli

echo "== device"; nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv || true
if [ "${PREBUILT:-0}" != 1 ]; then
  echo "== build ($BUILD)"
  arch=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d .)
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRAMONTANE_GUI=OFF -DTRAMONTANE_TESTS=OFF \
    -DTRAMONTANE_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES="${arch:-90}" -DTRAMONTANE_PTXAS_VERBOSE=ON \
    -DCMAKE_PREFIX_PATH="$DEPS" >"$OUT/configure.log"
  ninja -C "$BUILD" tramontane-cli >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
  grep -E "spill|Used [0-9]+ registers" "$OUT/build.log" | sort | uniq -c | sort -rn | head -20 || true
fi
"$CLI" info

status=0
echo "== selftest"
"$CLI" selftest --backend cuda | tee "$OUT/selftest.txt" | grep -v "^PASS" || true
tail -1 "$OUT/selftest.txt"
grep -q " 0 failed" "$OUT/selftest.txt" || status=1

echo "== faults (out of memory at load, KV allocation, mid-generation; a sticky fault)"
"$CLI" selftest --backend cuda --only faults --faults tests/fixtures/gguf_models/model-q8_0.gguf \
  | tee "$OUT/faults.txt" | grep -v "^PASS" || true
tail -1 "$OUT/faults.txt"
grep -q " 0 failed" "$OUT/faults.txt" || status=1

echo "== logits against the references"
python3 tools/gpu_check.py --cli "$CLI" --hf7b-layers "${HF7B_LAYERS:-32}" --work /tmp/gpu_check >"$OUT/gpu_check.txt" 2>&1 || status=1
grep -v "^PASS" "$OUT/gpu_check.txt" || true

if [ "${BENCH:-1}" != 0 ]; then
  echo "== benchmarks (Mistral-7B shape, random weights)"
  for dt in F16 Q8_0 Q4_K; do
    "$CLI" bench --synthetic "mistral-7b:$dt" --backend cuda --prompt-tokens 512 --gen-tokens 128 --repeat 3 \
      --memory-bandwidth | tee -a "$OUT/bench.jsonl"
  done
  "$CLI" bench --synthetic mistral-7b:F16 --backend cuda --prompt-tokens 4096 --gen-tokens 0 --repeat 2 \
    | tee -a "$OUT/bench.jsonl"
fi
exit $status
