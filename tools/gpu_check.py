#!/usr/bin/env python3
"""The CUDA backend against independent references, on a machine with a GPU (no Qt needed).

  tools/gpu_check.py --cli build-gpu/bin/tramontane-cli [--hf7b-layers 32] [--work /tmp/gpu_check]

1. tests/fixtures/models/*: `logits --backend cuda` (prefill in one chunk, prefill in chunks of 5,
   and token-by-token decode through the CUDA graph) against the transformers float64 references:
   max|ours - ref| <= 1e-3 * max|ref| for F32 weights, <= 2e-2 * max|ref| for F16/BF16 weights;
   and the greedy reference (50 tokens) teacher-forced through the decode path: the argmax of every
   step must be the reference's next token.
2. tests/fixtures/gguf_models/*.gguf: F32 within 1e-3, F16 within 2e-2 of the transformers
   reference; quantized files no further from it than max(1.1 * llama.cpp's error, 2e-2 * max|ref|).
3. --hf7b-layers N > 0: a Mistral-7B-shaped model (N layers) with random weights made by
   transformers on the GPU, saved as float16 safetensors; transformers computes the logits of a
   600-token prompt in float32 from exactly those weights; ours (--backend cuda, chunks of 512) must
   be within 2e-2 * max|ref| and agree on the argmax of at least 99% of rows.
Prints one line per check and exits 1 if any fails.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures")
failures = []


def report(name, err, tol, extra=""):
    ok = bool(err <= tol)
    if not ok:
        failures.append(name)
    print(f"{'PASS' if ok else 'FAIL'}  {name:<48} err {err:.3g}  tol {tol:.3g} {extra}", flush=True)


def logits(cli, model, tokens, out, *extra):
    cmd = [cli, "logits", model, "--tokens", ",".join(map(str, tokens)), "--out", out, "--backend", "cuda", *extra]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} ... failed ({r.returncode}): {r.stderr.strip()}")
    return np.load(out)


def hf_fixtures(cli, work):
    for case in sorted(os.listdir(os.path.join(FIX, "models"))):
        d = os.path.join(FIX, "models", case)
        if not os.path.isfile(os.path.join(d, "ref.json")):
            continue
        ref = json.load(open(os.path.join(d, "ref.json")))
        cfg = json.load(open(os.path.join(d, "config.json")))
        dtype = cfg.get("torch_dtype", cfg.get("dtype", "float32"))
        tol = 1e-3 if dtype == "float32" else 2e-2
        out = os.path.join(work, f"{case}.npy")
        for k, prompt in enumerate(ref["prompts"]):
            r = np.load(os.path.join(d, f"logits_{k}.npy"))
            scale = float(np.abs(r).max())
            for mode, extra in (("prefill", ()), ("chunk5", ("--chunk", "5")), ("decode", ("--decode",))):
                ours = logits(cli, d, prompt, out, *extra)
                report(f"{case} prompt {k} {mode}", float(np.abs(ours - r).max()) / scale, tol, f"({dtype})")
        g = ref["greedy"]
        seq = g["prompt"] + g["tokens"]
        ours = logits(cli, d, seq[:-1], out, "--decode")
        n = len(g["prompt"])
        picked = ours[n - 1:].argmax(axis=1)
        mismatches = int((picked != np.array(g["tokens"])).sum())
        report(f"{case} greedy {len(g['tokens'])} tokens (decode)", mismatches, 0)


def gguf_fixtures(cli, work):
    d = os.path.join(FIX, "gguf_models")
    ref = json.load(open(os.path.join(d, "ref.json")))
    out = os.path.join(work, "gguf.npy")
    for tag, f in ref["files"].items():
        path = os.path.join(d, f["file"])
        for k, prompt in enumerate(ref["prompts"]):
            rname = f"ref_f16_{k}.npy" if tag == "f16" else f"ref_{k}.npy"
            r = np.load(os.path.join(d, rname))
            scale = float(np.abs(r).max())
            for mode, extra in (("prefill", ()), ("decode", ("--decode",))):
                ours = logits(cli, path, prompt, out, *extra)
                err = float(np.abs(ours - r).max())
                if tag in ("f32", "f16"):
                    report(f"gguf {tag} prompt {k} {mode}", err / scale, 1e-3 if tag == "f32" else 2e-2)
                elif k in ref["llama_prompts"]:
                    llama = np.load(os.path.join(d, f"llama_{tag}_{k}.npy"))
                    llama_err = float(np.abs(llama - r).max())
                    bound = max(1.1 * llama_err, 2e-2 * scale)
                    report(f"gguf {tag} prompt {k} {mode}", err, bound, f"(llama.cpp {llama_err:.3g})")


def hf7b(cli, work, layers):
    import torch
    from transformers import MistralConfig, MistralForCausalLM

    d = os.path.join(work, "mistral7b-shape")
    cfg = MistralConfig(hidden_size=4096, intermediate_size=14336, num_hidden_layers=layers, num_attention_heads=32,
                        num_key_value_heads=8, head_dim=128, vocab_size=32000, sliding_window=4096,
                        max_position_embeddings=32768, rope_theta=10000.0, rms_norm_eps=1e-5, tie_word_embeddings=False)
    torch.manual_seed(20261123)
    with torch.device("cuda"):
        model = MistralForCausalLM(cfg).to(torch.float16)
    model.save_pretrained(d, safe_serialization=True)
    g = torch.Generator().manual_seed(7)
    prompt = [1] + torch.randint(3, 32000, (599,), generator=g).tolist()
    model = model.to(torch.float32)
    model.config._attn_implementation = "eager"
    with torch.no_grad():
        ref = model(torch.tensor([prompt], device="cuda")).logits[0].float().cpu().numpy()
    del model
    torch.cuda.empty_cache()
    ours = logits(cli, d, prompt, os.path.join(work, "m7b.npy"))
    scale = float(np.abs(ref).max())
    report(f"7B shape ({layers} layers, F16) prefill 600", float(np.abs(ours - ref).max()) / scale, 2e-2)
    agree = float((ours.argmax(1) == ref.argmax(1)).mean())
    report(f"7B shape ({layers} layers, F16) argmax agreement", 1 - agree, 0.01)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--work", default="/tmp/gpu_check")
    ap.add_argument("--hf7b-layers", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    hf_fixtures(a.cli, a.work)
    gguf_fixtures(a.cli, a.work)
    if a.hf7b_layers > 0:
        hf7b(a.cli, a.work, a.hf7b_layers)
    print(f"gpu_check: {len(failures)} failed" + (": " + ", ".join(failures) if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
