#!/usr/bin/env python3
"""SmolLM2-135M-Instruct (the default model, docs/MODELS.md) through tramontane against llama.cpp.

  tools/.venv/bin/python tools/check_smollm2.py MODEL.gguf [build/bin/tramontane-cli]

For each prompt: ids from `tramontane-cli tokenize` against llama.cpp's tokenizer (plain text, no
special tokens parsed) and against the `tokenizers` package (tools/make_bpe_fixtures.py's
reconstruction of SmolLM2's tokenizer.json); then the logits of every position from
`tramontane-cli logits` (CPU) against llama-cpp-python on the same file, and both against the
reference: llama.cpp on an F32 GGUF of the same weights dequantized (the same values, computed in
F32); ours on that F32 file is compared with it too. Also prints the root-mean-square differences
over all positions and logits (less ruled by one outlier than the maximum). Passes when max|ours - ref| <= max(1.1 * max|llama.cpp - ref|, 1e-3 * max|ref|) for every
prompt (the tolerance of tests/engine/test_gguf_models.cpp). Prints a Markdown table.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def mean_kld(p_logits, q_logits):
    """Mean over positions of KL(P || Q) of the softmaxes, in nats: the measure llama.cpp's
    `llama-perplexity --kl-divergence` reports for a quantized model against the full-precision one."""
    def log_softmax(z):
        z = z.astype(np.float64)
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    lp, lq = log_softmax(p_logits), log_softmax(q_logits)
    return float(np.mean(np.sum(np.exp(lp) * (lp - lq), axis=1)))

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_bpe_fixtures as fx  # noqa: E402

PROMPTS = [
    "The capital of France is",
    "Once upon a time, there was a little robot who",
    "def fibonacci(n):\n    if n < 2:\n        return n\n",
    "Translate to French: I like apples. ->",
    "Q: What is 17 + 25?\nA:",
    "Les 3 meilleures façons d'apprendre le 日本語 😀 sont",
]
CHAT = [{"role": "user", "content": "What is the capital of France?"}]


def llama_all_logits(path, prompts, n_ctx=256):
    import llama_cpp
    llm = llama_cpp.Llama(model_path=path, n_ctx=n_ctx, n_batch=n_ctx, n_threads=2, logits_all=True,
                          type_k=0, type_v=0, verbose=False, seed=0)
    out = []
    for p in prompts:
        llm.reset()
        llm.eval(p)
        out.append(np.array(llm.scores[:len(p)], dtype=np.float32))
    return out, llm


def main():
    model = sys.argv[1]
    cli = sys.argv[2] if len(sys.argv) > 2 else os.path.join(fx.ROOT, "build", "bin", "tramontane-cli")
    meta = fx.gguf_fields(model)
    hf = fx.transformers_tokenizer(fx.hf_tokenizer(meta), meta)
    chat_ids = hf.apply_chat_template(CHAT, tokenize=True, add_generation_prompt=True)
    with tempfile.TemporaryDirectory() as tmp:
        msgs = os.path.join(tmp, "chat.json")
        with open(msgs, "w") as f:
            json.dump(CHAT, f)
        ours_chat = json.loads(subprocess.check_output([cli, "chat-tokens", model, "--messages", msgs]))["ids"]
        print(f"chat-tokens equals transformers apply_chat_template: {ours_chat == chat_ids} ({len(chat_ids)} ids)")
        prompts = []
        for text in PROMPTS:
            ours = json.loads(subprocess.check_output([cli, "tokenize", model, "--text", text]))["ids"]
            want = hf.encode(text, add_special_tokens=False, split_special_tokens=True)
            prompts.append(ours)
            print(f"tokenize {text[:30]!r}: {len(ours)} ids, equal to tokenizers: {ours == want}")
        prompts.append(chat_ids)
        llama_q, llm = llama_all_logits(model, prompts)
        for text, p in zip(PROMPTS, prompts):
            lt = llm.tokenize(text.encode(), add_bos=False, special=False)
            if lt != p:
                print(f"  llama.cpp tokenizes {text[:30]!r} differently: {lt} vs {p}")
        del llm
        deq = os.path.join(tmp, "deq.gguf")
        fx.write_dequantized(model, deq)
        ref, llm = llama_all_logits(deq, prompts)
        del llm
        ours_deq = []
        for k, p in enumerate(prompts):
            out = os.path.join(tmp, f"ours_deq_{k}.npy")
            subprocess.check_call([cli, "logits", deq, "--tokens", ",".join(map(str, p)), "--out", out],
                                  stdout=subprocess.DEVNULL)
            ours_deq.append(float(np.max(np.abs(np.load(out) - ref[k]))))
        os.remove(deq)
        rows = []
        klds = []
        tops = []
        ok = True
        for k, p in enumerate(prompts):
            out = os.path.join(tmp, f"ours_{k}.npy")
            subprocess.check_call([cli, "logits", model, "--tokens", ",".join(map(str, p)), "--out", out],
                                  stdout=subprocess.DEVNULL)
            ours = np.load(out)
            r, q = ref[k], llama_q[k]
            scale = float(np.max(np.abs(r)))
            e_ours, e_llama = float(np.max(np.abs(ours - r))), float(np.max(np.abs(q - r)))
            e_pair = float(np.max(np.abs(ours - q)))
            rms_pair = float(np.sqrt(np.mean((ours - q) ** 2)))
            rms_llama = float(np.sqrt(np.mean((q - r) ** 2)))
            klds.append((mean_kld(r, q), mean_kld(r, ours), mean_kld(q, ours)))
            tops.append((int(np.sum(np.argmax(q, 1) == np.argmax(r, 1))), int(np.sum(np.argmax(ours, 1) == np.argmax(r, 1))),
                         int(np.sum(np.argmax(ours, 1) == np.argmax(q, 1))), len(p)))
            top = float(np.mean(np.argmax(ours, 1) == np.argmax(q, 1)))
            passed = e_ours <= max(1.1 * e_llama, 1e-3 * scale)
            ok &= passed
            rows.append((k, len(p), scale, ours_deq[k], e_ours, e_llama, e_pair, rms_llama, rms_pair, top, passed))
    print("\n| prompt | tokens | max abs ref | ours on the F32 file vs ref | ours vs ref | llama.cpp Q4_1 vs ref | ours vs llama.cpp | RMS llama.cpp Q4_1 vs ref | RMS ours vs llama.cpp | top-1 equal (all positions) | within bound |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for k, n, scale, d, a, b, c, rb, rc, top, passed in rows:
        name = "chat" if k == len(PROMPTS) else str(k)
        print(f"| {name} | {n} | {scale:.2f} | {d:.1e} | {a:.4f} | {b:.4f} | {c:.4f} | {rb:.4f} | {rc:.4f} | {top * 100:.0f}% | {'yes' if passed else 'NO'} |")
    print("\n| prompt | mean KLD llama.cpp Q4_1 from ref | mean KLD ours from ref | mean KLD ours from llama.cpp Q4_1 |")
    print("|---|---|---|---|")
    for (k, *_), (kl, ko, kp) in zip(rows, klds):
        name = "chat" if k == len(PROMPTS) else str(k)
        print(f"| {name} | {kl:.5f} | {ko:.5f} | {kp:.5f} |")
    print(f"| all (mean) | {np.mean([x[0] for x in klds]):.5f} | {np.mean([x[1] for x in klds]):.5f} | "
          f"{np.mean([x[2] for x in klds]):.5f} |")
    print("\n| prompt | positions | top-1 llama.cpp Q4_1 = ref | top-1 ours = ref | top-1 ours = llama.cpp Q4_1 |")
    print("|---|---|---|---|---|")
    for (k, *_), (tq, to, tp, n) in zip(rows, tops):
        name = "chat" if k == len(PROMPTS) else str(k)
        print(f"| {name} | {n} | {tq} | {to} | {tp} |")
    # Four readings of "ours matches llama.cpp within llama.cpp's own F32-vs-quant tolerance".
    n_bound = sum(r[-1] for r in rows)
    n_max = sum(r[6] <= r[5] for r in rows)
    n_rms = sum(r[8] <= r[7] for r in rows)
    print(f"\nprompts within the test's bound (ours vs ref <= 1.1 x llama.cpp vs ref): {n_bound} of {len(rows)}")
    print(f"prompts with max|ours - llama.cpp| <= max|llama.cpp Q4_1 - ref|: {n_max} of {len(rows)}")
    print(f"prompts with RMS(ours - llama.cpp) <= RMS(llama.cpp Q4_1 - ref): {n_rms} of {len(rows)}")
    n_kld = sum(kp <= kl for kl, _, kp in klds)
    print(f"prompts with KLD(llama.cpp Q4_1 || ours) <= KLD(ref || llama.cpp Q4_1): {n_kld} of {len(rows)}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
