#!/usr/bin/env bash
# Fills .devdeps/ (git-ignored) with what the engine needs from Debian that a bare GPU machine
# lacks: sentencepiece's header and shared library, and nlohmann_json's headers and CMake
# package. Run on a machine where scripts/test has installed them; carry .devdeps to the GPU
# machine (tools/gpu_check.sh uses it).
set -euo pipefail
cd "$(dirname "$0")/.."
D=.devdeps
rm -rf "$D"
mkdir -p "$D/include" "$D/lib" "$D/share/cmake"
cp /usr/include/sentencepiece_processor.h "$D/include/"
cp -r /usr/include/nlohmann "$D/include/"
cp -r /usr/share/cmake/nlohmann_json "$D/share/cmake/"
lib=$(readlink -f /usr/lib/x86_64-linux-gnu/libsentencepiece.so)
cp "$lib" "$D/lib/libsentencepiece.so"
cp "$lib" "$D/lib/libsentencepiece.so.0"
du -sh "$D"
