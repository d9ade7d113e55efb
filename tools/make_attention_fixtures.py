#!/usr/bin/env python3
"""Reference attention weights for the attention probe and `tramontane-cli attention`.

For each fixture model tests/fixtures/models/<case> (window8, gqa, mha) writes
tests/fixtures/attention/<case>/:
  tokens.json       {"tokens": [ids], "window": W or 0, "n_head": H, "n_head_kv": Hkv, "n_layer": L}
  attn_l<l>.npy     float32 [n_head, n, n]: layer l's softmax weights, row q = query at position q,
                    column k = key at position k; 0 outside the causal / sliding-window mask

The weights are transformers' own (output_attentions=True, attn_implementation="eager") from the
stored weights widened to float64, cast to float32 at the end. The prompt is prompts[0] of the
model's ref.json; for window8 that is 40 tokens, 5x the window, so the engine's rolling buffer
wraps several times while it runs. The script checks that every key outside i - W < j <= i has
weight exactly 0 in transformers' output (the mask the probe must reproduce).

Deterministic; run with tools/.venv/bin/python tools/make_attention_fixtures.py [--out DIR]
"""
import argparse
import json
import os

import numpy as np
import torch
from transformers import AutoModelForCausalLM

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = ["window8", "gqa", "mha"]


def make_case(name, out_root):
    src = os.path.join(ROOT, "tests", "fixtures", "models", name)
    with open(os.path.join(src, "ref.json")) as f:
        tokens = json.load(f)["prompts"][0]
    model = AutoModelForCausalLM.from_pretrained(src, torch_dtype=torch.float64,
                                                 attn_implementation="eager").eval()
    cfg = model.config
    window = getattr(cfg, "sliding_window", None) or 0
    n = len(tokens)
    with torch.no_grad():
        out = model(torch.tensor([tokens]), output_attentions=True)
    case_dir = os.path.join(out_root, name)
    os.makedirs(case_dir, exist_ok=True)
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    allowed = (j <= i) & ((j > i - window) if window > 0 else True)
    for layer, att in enumerate(out.attentions):
        a = att[0].numpy()  # [n_head, n, n] float64
        assert a.shape == (cfg.num_attention_heads, n, n), a.shape
        assert np.all(a[:, ~allowed] == 0.0), f"{name} layer {layer}: weight outside the mask"
        assert np.allclose(a.sum(-1), 1.0), f"{name} layer {layer}: rows do not sum to 1"
        np.save(os.path.join(case_dir, f"attn_l{layer}.npy"), a.astype("<f4"))
    meta = {"tokens": tokens, "window": int(window), "n_head": cfg.num_attention_heads,
            "n_head_kv": cfg.num_key_value_heads, "n_layer": cfg.num_hidden_layers}
    with open(os.path.join(case_dir, "tokens.json"), "w") as f:
        json.dump(meta, f)
        f.write("\n")
    print(f"{name}: {n} tokens, window {window}, {len(out.attentions)} layers")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "fixtures", "attention"))
    args = ap.parse_args()
    torch.manual_seed(0)
    for name in CASES:
        make_case(name, args.out)


if __name__ == "__main__":
    main()
