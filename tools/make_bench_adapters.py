#!/usr/bin/env python3
"""LoRA adapters for the benchmark model of tools/make_bench_model.py (n_embd 2048, n_ff 5632,
22 layers, 32 heads, 8 KV heads): PEFT folders (adapter_config.json from peft's own LoraConfig,
adapter_model.safetensors with peft's tensor names, float32, random seeded A and B). Only speed is
measured with them (tramontane-cli bench --adapter), never outputs.

  attn_r8_0 .. attn_r8_7   rank 8, alpha 16, q/k/v/o: the "rank-8 adapter on all attention
                           projections" of the adapter benchmarks; eight for mixed batches
  attn_r16                 rank 16, alpha 32, q/k/v/o: 18.7 MB, the "20 MB adapter" of the load test

Usage: make_bench_adapters.py [OUT_DIR]   (default build/bench-models/adapters)
"""
import json
import os
import sys

import numpy as np
from peft import LoraConfig
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_bench_model as bm  # noqa: E402

ATTN = ["q_proj", "k_proj", "v_proj", "o_proj"]
OUT_DIMS = {"q_proj": bm.N_EMBD, "k_proj": bm.N_HEAD_KV * bm.HEAD_DIM, "v_proj": bm.N_HEAD_KV * bm.HEAD_DIM,
            "o_proj": bm.N_EMBD}
IN_DIMS = {"q_proj": bm.N_EMBD, "k_proj": bm.N_EMBD, "v_proj": bm.N_EMBD, "o_proj": bm.N_EMBD}


def write(out, name, r, alpha, seed):
    d = os.path.join(out, name)
    if os.path.exists(os.path.join(d, "adapter_model.safetensors")):
        return
    os.makedirs(d, exist_ok=True)
    cfg = LoraConfig(r=r, lora_alpha=alpha, target_modules=ATTN, lora_dropout=0.0, bias="none").to_dict()
    cfg["target_modules"] = sorted(cfg["target_modules"])
    cfg["base_model_name_or_path"] = "build/bench-models/bench-*.gguf"
    cfg["peft_type"] = "LORA"
    cfg.pop("task_type", None)
    with open(os.path.join(d, "adapter_config.json"), "w") as f:
        json.dump(cfg, f, indent=2, default=str)
    rng = np.random.default_rng(seed)
    t = {}
    for layer in range(bm.N_LAYER):
        for p in ATTN:
            key = f"base_model.model.model.layers.{layer}.self_attn.{p}"
            t[key + ".lora_A.weight"] = (rng.standard_normal((r, IN_DIMS[p])) / np.sqrt(IN_DIMS[p])).astype(np.float32)
            t[key + ".lora_B.weight"] = (rng.standard_normal((OUT_DIMS[p], r)) * 0.01).astype(np.float32)
    save_file(t, os.path.join(d, "adapter_model.safetensors"), metadata={"format": "pt"})
    print(f"{name}: {os.path.getsize(os.path.join(d, 'adapter_model.safetensors')) / 1e6:.1f} MB")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(bm.ROOT, "build", "bench-models", "adapters")
    for i in range(8):
        write(out, f"attn_r8_{i}", 8, 16, 100 + i)
    write(out, "attn_r16", 16, 32, 200)


if __name__ == "__main__":
    main()
