#!/usr/bin/env python3
"""The llama.cpp side of scripts/bench: prompt and decode speed of one GGUF file through
llama-cpp-python's low-level API, measured the way `tramontane-cli bench` measures ours.

  llama_bench.py MODEL.gguf [--prompt-tokens N] [--gen-tokens M] [--threads T] [--repeat R]

Prompt: the same deterministic ids as ours, (i*7919+13) mod n_vocab skipping bos/eos. One untimed
warm-up (16 tokens + 1 decode step) pages the mapped weights in; then per repeat: clear the KV
cache, time the prefill of N tokens (llama_decode in batches of n_batch = 512), then time M
single-token llama_decode calls, each fed the argmax of the previous logits. n_ctx = N + M,
default llama.cpp context settings otherwise (mmap on, F16 KV cache). The fastest of R repeats.
Prints one JSON line in the shape of `tramontane-cli bench` (kv_bytes = llama.cpp's F16 cache:
2 * n_layer * n_ctx * n_head_kv * head_dim * 2 bytes).
"""
import argparse
import ctypes
import json
import resource
import sys
import time

import numpy as np
import llama_cpp as L

N_BATCH = 512


@L.llama_log_callback
def _quiet(level, text, user_data):  # llama.cpp's load log would drown the JSON line
    pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--prompt-tokens", type=int, default=512)
    ap.add_argument("--gen-tokens", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    if a.prompt_tokens < 1 or a.gen_tokens < 0 or a.threads < 1 or a.repeat < 1:
        ap.error("sizes must be positive")

    L.llama_log_set(_quiet, ctypes.c_void_p(0))
    L.llama_backend_init()
    t0 = time.perf_counter()
    mparams = L.llama_model_default_params()
    model = L.llama_model_load_from_file(a.model.encode(), mparams)
    if not model:
        sys.exit(f"{a.model}: llama.cpp could not load the model")
    cparams = L.llama_context_default_params()
    cparams.n_ctx = a.prompt_tokens + a.gen_tokens
    cparams.n_batch = N_BATCH
    cparams.n_ubatch = N_BATCH
    cparams.n_threads = a.threads
    cparams.n_threads_batch = a.threads
    ctx = L.llama_init_from_model(model, cparams)
    if not ctx:
        sys.exit(f"{a.model}: llama.cpp could not create a context")
    load_s = time.perf_counter() - t0

    vocab = L.llama_model_get_vocab(model)
    n_vocab = L.llama_vocab_n_tokens(vocab)
    bos, eos = L.llama_vocab_bos(vocab), L.llama_vocab_eos(vocab)
    prompt = []
    for i in range(a.prompt_tokens):
        t = (i * 7919 + 13) % n_vocab
        for _ in range(3):
            if t in (bos, eos):
                t = (t + 1) % n_vocab
        prompt.append(t)
    mem = L.llama_get_memory(ctx)

    def decode(tokens):
        arr = (L.llama_token * len(tokens))(*tokens)
        rc = L.llama_decode(ctx, L.llama_batch_get_one(arr, len(tokens)))
        if rc != 0:
            sys.exit(f"llama_decode failed with {rc}")
        L.llama_synchronize(ctx)

    def last_argmax():
        p = L.llama_get_logits_ith(ctx, -1)
        return int(np.argmax(np.ctypeslib.as_array(p, shape=(n_vocab,))))

    t0 = time.perf_counter()
    decode(prompt[:16])
    decode([last_argmax()])
    warmup_s = time.perf_counter() - t0

    best_prefill = best_decode = None
    for _ in range(a.repeat):
        L.llama_memory_clear(mem, True)
        t0 = time.perf_counter()
        for s in range(0, len(prompt), N_BATCH):
            decode(prompt[s:s + N_BATCH])
        prefill_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(a.gen_tokens):
            decode([last_argmax()])
        decode_s = time.perf_counter() - t0
        best_prefill = prefill_s if best_prefill is None else min(best_prefill, prefill_s)
        best_decode = decode_s if best_decode is None else min(best_decode, decode_s)

    n_layer, n_head = L.llama_model_n_layer(model), L.llama_model_n_head(model)
    n_head_kv, n_embd = L.llama_model_n_head_kv(model), L.llama_model_n_embd(model)
    n_ctx = L.llama_n_ctx(ctx)
    out = {
        "model": a.model,
        "backend": "llama.cpp-cpu",
        "threads": a.threads,
        "batch": 1,
        "prompt_tokens": a.prompt_tokens,
        "gen_tokens": a.gen_tokens,
        "prompt_tok_s": a.prompt_tokens / best_prefill,
        "decode_tok_s": a.gen_tokens / best_decode if best_decode > 0 else 0.0,
        "model_bytes": int(L.llama_model_size(model)),
        "kv_bytes": 2 * n_layer * n_ctx * n_head_kv * (n_embd // n_head) * 2,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "load_s": load_s,
        "warmup_s": warmup_s,
        "llama_cpp_python": L.__version__,
    }
    L.llama_free(ctx)
    L.llama_model_free(model)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
