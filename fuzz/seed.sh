#!/usr/bin/env bash
# fuzz/seed.sh OUT_DIR: fills OUT_DIR/<target>/ with the seed corpus of each fuzz target, from
# tests/fixtures (good files and the tests/fixtures/bad/ regressions) and fuzz/seeds/<format>/
# (small hand-written inputs for formats without fixture files). Files over 64 KiB are left out
# (large seeds only slow each run down; the big fixture models add nothing the small ones lack).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:?usage: fuzz/seed.sh OUT_DIR}
FIX=$ROOT/tests/fixtures
SEEDS=$ROOT/fuzz/seeds
MAX=65536

# add TARGET FILE...: copies each existing regular file of at most MAX bytes, named after its path.
add() {
  local target=$1; shift
  mkdir -p "$OUT/$target"
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le $MAX ] || continue
    local rel=${f#"$ROOT"/}
    cp "$f" "$OUT/$target/${rel//\//_}"
  done
}

shopt -s nullglob
add fuzz_safetensors "$FIX"/format/*.safetensors "$FIX"/format/*/*.safetensors "$FIX"/bad/safetensors_* \
  "$FIX"/bad/*/*.safetensors "$FIX"/lora/*/adapter_model.safetensors
add fuzz_gguf "$FIX"/gguf/*.gguf "$FIX"/bad/gguf_*
add fuzz_hf_config "$FIX"/format/configs/[!e]*.json "$FIX"/format/sharded/config.json "$FIX"/models/*/config.json \
  "$FIX"/moderation/*/config.json "$FIX"/bad/bad_config_*/config.json "$SEEDS"/hf_config/*
add fuzz_sp_model "$FIX"/tokenizer/*.model "$FIX"/bad/tokenizer_*
add fuzz_chat_messages "$SEEDS"/chat_messages/*
add fuzz_moderation_dataset "$SEEDS"/moderation_dataset/*
add fuzz_moderation_policy "$ROOT"/resources/policies/*.json "$SEEDS"/moderation_policy/*
add fuzz_npy "$FIX"/npy/*.npy "$FIX"/gguf_models/*_0.npy "$FIX"/bad/npy_*
add fuzz_safetensors_index "$FIX"/format/sharded/model.safetensors.index.json \
  "$FIX"/bad/bad_checkpoint_*/model.safetensors.index.json "$SEEDS"/safetensors_index/*
# adapter_config.json after one byte that picks the adapter directory (fuzz_lora_config.cpp:
# 0 gqa_r8_attn, 1 gqa_r16_all_rslora, 2 gqa_r1_layer1, 3 mha_r8_regex): every fixture
# configuration with every byte, the bad ones (all made from gqa_r8_attn) with 0.
lora_config() {
  local k=$1 f=$2
  [ -f "$f" ] || return 0
  local rel=${f#"$ROOT"/}
  mkdir -p "$OUT/fuzz_lora_config"
  { printf "\\x0$k"; cat "$f"; } >"$OUT/fuzz_lora_config/${k}_${rel//\//_}"
}
for f in "$FIX"/lora/*/adapter_config.json; do
  for k in 0 1 2 3; do lora_config $k "$f"; done
done
for f in "$FIX"/lora/bad/*/adapter_config.json; do lora_config 0 "$f"; done
# fuzz/seeds/lora_gguf: gguf_r4_all.gguf (over 64 KiB) cut down to a few tensors with the gguf package.
add fuzz_lora_gguf "$FIX"/lora/*.gguf "$SEEDS"/lora_gguf/*
add fuzz_chat_template "$SEEDS"/chat_template/*
add fuzz_presets "$ROOT"/resources/presets/*.json "$SEEDS"/presets/*
add fuzz_chat_import "$SEEDS"/chat_import/*
# The conversations of the chat-template fixtures, one messages array per file.
if command -v python3 >/dev/null; then
  python3 - "$FIX/tokenizer/chats.json" "$OUT/fuzz_chat_messages" <<'PY'
import json, sys
for k, chat in enumerate(json.load(open(sys.argv[1]))):
    with open(f"{sys.argv[2]}/chats_{k:02d}.json", "w") as f:
        json.dump(chat["messages"], f)
PY
  # What the llama.cpp server answered (tests/fixtures/remote): SSE streams and JSON bodies.
  python3 - "$FIX/remote/exchanges.json" "$OUT/fuzz_remote_stream" <<'PY'
import json, os, sys
os.makedirs(sys.argv[2], exist_ok=True)
for x in json.load(open(sys.argv[1])):
    with open(f"{sys.argv[2]}/remote_{x['name']}", "w") as f:
        f.write(x["body"])
PY
fi
add fuzz_remote_stream "$FIX"/bad/remote_fuzz_*
for d in "$OUT"/*/; do
  echo "seed: $(basename "$d"): $(find "$d" -type f | wc -l) files"
done
