#!/usr/bin/env bash
# Makes tools/.venv: Debian's python3-torch underneath, reference packages from PyPI on top.
# Only tools/ scripts (fixture makers) use it; nothing at run or test time needs Python.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  for p in python3-venv python3-torch python3-sentencepiece python3-numpy; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "[setup_venv] apt-get install ${need[*]}"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  fi
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "[setup_venv] creating $venv over the system site-packages"
  /usr/bin/python3 -m venv --system-site-packages "$venv"
fi
echo "[setup_venv] pip install reference packages"
"$venv/bin/pip" install -q numpy==1.26.4 transformers==4.46.3 mistral-common gguf safetensors sentencepiece
"$venv/bin/pip" install -q psutil pyyaml
"$venv/bin/pip" install -q --no-deps peft==0.13.2 accelerate==1.1.1
echo "[setup_venv] ready: $venv/bin/python"
