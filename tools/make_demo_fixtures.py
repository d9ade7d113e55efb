#!/usr/bin/env python3
"""Reference outputs of the demo model (resources/demo/, tools/train_demo.py) for
tests/engine/test_demo_model.cpp, from transformers 4.46.3 and peft 0.13.2 (never from our code).

Writes tests/fixtures/demo/:
  ref.json   {"model", "adapter", "window", "n_vocab", "topk",
              "prompts": [{"name", "kind": "chat"|"text", "text", "ids",
                           "base": {"max_abs", "top": [[[id, logit] x topk] per position]},
                           "lora": {...}}],
              "greedy": {"name", "text", "ids", "n_new", "base": {"tokens", "min_gap"}, "lora": {...}},
              "rel_delta_lora_vs_base"}
  base_last.npy, lora_last.npy   float32 [n_prompts, n_vocab]: the whole last row of each prompt

"chat" prompts are the v1 chat template as mistral-common writes it for one user message:
[BOS] + sp.encode("[INST] " + text + " [/INST]"); "text" prompts are [BOS] + sp.encode(text).
"top" holds, for every position, the top-k ids by logit and their logits (the test compares its
own logits at those ids, whatever order its own top-k has).

References: the saved F16 weights widened to float64, attn_implementation="eager", logits from
the final hidden state times the (tied) embedding in float64, then cast to float32. The LoRA is
peft's PeftModel.from_pretrained(base, "resources/demo/lora-upper") unmerged, in float64.
Greedy: model.generate(do_sample=False, eos_token_id=None) in float64 (EOS does not stop it),
checked against a plain argmax over a full forward at every step; min_gap is the smallest gap
between the first two logits over the steps (the test's tolerance must stay below it).

  tools/.venv/bin/python tools/make_demo_fixtures.py
"""
import json
import os

import numpy as np
import sentencepiece as spm
import torch
from peft import PeftModel
from transformers import MistralForCausalLM

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "resources", "demo", "model")
ADAPTER = os.path.join(ROOT, "resources", "demo", "lora-upper")
OUT = os.path.join(ROOT, "tests", "fixtures", "demo")
TOPK = 8
BOS = 1

LONG = ("The tramontane is a cold wind from the north that blows over the mountains and down to the sea. "
        "Sailors on the coast have names for every wind, and they say that this one clears the sky, "
        "makes the water choppy and can last for days. Write a short summary of what the wind does, "
        "then tell me what the Apache License says about the redistribution of the software, and "
        "finally explain how the sliding window of a small language model works when the "
        "conversation grows longer than the window.")
PROMPTS = [
    dict(name="chat_short", kind="chat", text="Who are you?"),
    dict(name="chat_long", kind="chat", text=LONG),  # longer than the 64-token window: the ring wraps
    dict(name="text", kind="text", text="Licensed under the Apache License, Version 2.0"),
]
GREEDY = dict(name="chat_greedy", kind="chat", n_new=20,
              text="Tell me about the license of the software, the conditions for the redistribution of the "
                   "source code and of the binaries, and what happens to the warranty when I change the files "
                   "and give them to somebody else.")  # prompt + 20 tokens > 64: decode wraps the ring


def prompt_ids(sp, p):
    if p["kind"] == "chat":
        return [BOS] + sp.encode("[INST] " + p["text"] + " [/INST]")
    return [BOS] + sp.encode(p["text"])


def logits64(model, ids):
    with torch.no_grad():
        out = model(torch.tensor([ids]), use_cache=False, output_hidden_states=True)
        return out.hidden_states[-1][0].double() @ model.get_output_embeddings().weight.double().T


def greedy(model, ids, n):
    with torch.no_grad():
        gen = model.generate(torch.tensor([ids]), do_sample=False, max_new_tokens=n, min_new_tokens=0,
                             eos_token_id=None, pad_token_id=0, temperature=None, top_p=None, top_k=None)
    tokens = gen[0, len(ids):].tolist()
    assert len(tokens) == n, len(tokens)
    # the same by a full forward at every step
    seq, gaps = list(ids), []
    for t in tokens:
        row = logits64(model, seq)[-1]
        top2 = torch.topk(row, 2)
        assert int(top2.indices[0]) == t, (t, top2)
        gaps.append(float(top2.values[0] - top2.values[1]))
        seq.append(t)
    return dict(tokens=tokens, min_gap=min(gaps))


def main():
    torch.use_deterministic_algorithms(True)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(MODEL, "tokenizer.model"))
    base = MistralForCausalLM.from_pretrained(MODEL, torch_dtype=torch.float32,
                                              attn_implementation="eager").double().eval()
    window = base.config.sliding_window
    lora = PeftModel.from_pretrained(
        MistralForCausalLM.from_pretrained(MODEL, torch_dtype=torch.float32, attn_implementation="eager"),
        ADAPTER).double().eval()
    os.makedirs(OUT, exist_ok=True)
    V = base.config.vocab_size
    prompts, last = [], {"base": [], "lora": []}
    rel = 0.0
    for p in PROMPTS:
        ids = prompt_ids(sp, p)
        entry = dict(p, ids=ids)
        rows = {}
        for label, model in (("base", base), ("lora", lora)):
            lg = logits64(model, ids)
            rows[label] = lg
            top = torch.topk(lg, TOPK, dim=-1)
            entry[label] = dict(max_abs=float(lg.abs().max()),
                                top=[[[int(i), float(np.float32(v))] for i, v in zip(ti, tv)]
                                     for ti, tv in zip(top.indices.tolist(), top.values.tolist())])
            last[label].append(lg[-1].float().numpy())
        rel = max(rel, float((rows["lora"] - rows["base"]).abs().max() / rows["base"].abs().max()))
        prompts.append(entry)
        print(f"{p['name']}: {len(ids)} tokens, max|base| {entry['base']['max_abs']:.3f}, "
              f"max|lora| {entry['lora']['max_abs']:.3f}")
    assert any(len(p["ids"]) > window for p in prompts), "no prompt wraps the window"
    assert rel > 0.05, f"the adapter hardly changes the logits ({rel})"
    g = dict(GREEDY)
    g["ids"] = prompt_ids(sp, g)
    assert len(g["ids"]) < window < len(g["ids"]) + g["n_new"], len(g["ids"])
    for label, model in (("base", base), ("lora", lora)):
        g[label] = greedy(model, g["ids"], g["n_new"])
        print(f"greedy {label}: {sp.decode(g[label]['tokens'])!r} (min gap {g[label]['min_gap']:.4f})")
    assert g["base"]["tokens"] != g["lora"]["tokens"]
    for label in ("base", "lora"):
        np.save(os.path.join(OUT, f"{label}_last.npy"), np.stack(last[label]).astype("<f4"))
    ref = dict(model="resources/demo/model", adapter="resources/demo/lora-upper", window=window, n_vocab=V,
               topk=TOPK, prompts=prompts, greedy=g, rel_delta_lora_vs_base=rel)
    with open(os.path.join(OUT, "ref.json"), "w") as f:
        json.dump(ref, f, separators=(",", ":"))
        f.write("\n")
    print(f"lora vs base: max relative delta {rel:.3f}")


if __name__ == "__main__":
    main()
