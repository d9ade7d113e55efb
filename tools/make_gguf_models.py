#!/usr/bin/env python3
"""A random Mistral-shaped model as GGUF files of every supported type, with references.

Writes tests/fixtures/gguf_models/:
  model-f32.gguf, model-f16.gguf       written here the way llama.cpp's convert_hf_to_gguf.py does
                                       ("llama" architecture, Q/K rows permuted for pairwise RoPE,
                                       norms F32, a synthetic SentencePiece "llama" vocabulary)
  model-<type>.gguf                    llama.cpp's llama_model_quantize of model-f32.gguf to the
                                       ftypes in QUANTS (every tensor type checked to be one
                                       tramontane supports)
  ref.json                             prompts, shapes, file list, tensor types per file, the
                                       errors measured here, the greedy generate reference
  ref_<k>.npy                          float32 [len(prompt k), n_vocab]: transformers (float64,
                                       eager) logits of the F32 weights (the reference for all files)
  ref_f16_<k>.npy                      the same with every matrix rounded to float16 (norms F32),
                                       i.e. exactly the weights of model-f16.gguf
  llama_<type>_<k>.npy                 llama.cpp's logits (F32 KV cache) of model-<type>.gguf

Sliding window: the model has window 16 (llama.attention.sliding_window in the GGUF, which
tramontane honours). llama.cpp's "llama" architecture ignores that key (checked below: its
logits on the long prompt match the unwindowed transformers model, not the windowed one), so
llama.cpp logits are only recorded for prompts of at most `window` tokens, where the window
changes nothing. The long prompt (40 tokens) is compared against transformers only.

Greedy reference for `tramontane-cli generate`: the v1 chat prompt "[INST] {text} [/INST]"
tokenized by llama.cpp (BOS first), transformers' greedy continuation (float64) and its text as
llama.cpp detokenizes it.

Deterministic (seeded) and re-runnable: tools/.venv/bin/python tools/make_gguf_models.py
"""
import ctypes
import json
import math
import os

import numpy as np
import torch
from transformers import MistralConfig, MistralForCausalLM

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "gguf_models")
SEED = 20261124

N_EMBD, N_FF, N_LAYER, N_HEAD, N_HEAD_KV, HEAD_DIM = 256, 256, 2, 4, 2, 64
N_SPECIAL = 3 + 256  # <unk> <s> </s> and the byte tokens come first in the vocabulary
WINDOW, N_CTX, THETA, EPS = 16, 128, 10000.0, 1e-5
SUPPORTED = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q5_K", "Q6_K"}
# file tag -> llama_ftype (llama.h): Q4_0 2, Q4_1 3, Q8_0 7, Q4_K_S 14, Q5_K_S 16, Q6_K 18
QUANTS = {"q8_0": 7, "q4_0": 2, "q4_1": 3, "q4_k_s": 14, "q5_k_s": 16, "q6_k": 18}
PROMPT_LENS = [7, 16, 40]
GREEDY_TEXT = "hello there"
GREEDY_NEW_TOKENS = 24


def vocabulary():
    """<unk>, <s>, </s>, the 256 byte tokens, then pieces (a BPE vocabulary: every merge's parts exist)."""
    pieces = ["\u2581"] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
    merges = ["\u2581t", "th", "he", "\u2581th", "\u2581the", "in", "an", "er", "on", "re", "\u2581a",
              "\u2581i", "\u2581s", "\u2581w", "at", "en", "es", "or", "ou", "\u2581o", "is", "it", "ar",
              "\u2581c", "ng", "ing", "\u2581b", "\u2581h", "\u2581he", "el", "ll", "ello", "\u2581hello",
              "ere"]
    tokens = [b"<unk>", b"<s>", b"</s>"] + [f"<0x{b:02X}>".encode() for b in range(256)]
    types = [2, 3, 3] + [6] * 256
    scores = [0.0, 0.0, 0.0] + [0.0] * 256
    for i, p in enumerate(merges + pieces):
        tokens.append(p.encode("utf-8"))
        types.append(1)
        scores.append(-float(i))
    return tokens, scores, types


def build_model(n_vocab):
    config = MistralConfig(vocab_size=n_vocab, hidden_size=N_EMBD, intermediate_size=N_FF,
                           num_hidden_layers=N_LAYER, num_attention_heads=N_HEAD, num_key_value_heads=N_HEAD_KV,
                           head_dim=HEAD_DIM, max_position_embeddings=N_CTX, rms_norm_eps=EPS, rope_theta=THETA,
                           sliding_window=WINDOW, tie_word_embeddings=False, bos_token_id=1, eos_token_id=2,
                           attn_implementation="eager")
    torch.manual_seed(SEED)
    model = MistralForCausalLM(config).to(torch.float64).eval()
    gen = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, p in model.named_parameters():
            shape = tuple(p.shape)
            if name.endswith("norm.weight"):
                v = 1.0 + 0.1 * torch.randn(shape, generator=gen, dtype=torch.float64)
            elif "embed_tokens" in name:
                v = torch.randn(shape, generator=gen, dtype=torch.float64)
            else:
                scale = 3.0 if name.startswith("lm_head") else 1.0
                v = torch.randn(shape, generator=gen, dtype=torch.float64) * (scale / math.sqrt(shape[-1]))
                if name.startswith("lm_head"):
                    v[:N_SPECIAL] *= 0.05  # control and byte tokens rarely win: greedy text stays printable
            p.copy_(v.to(torch.float32).to(torch.float64))  # exactly float32 values
    return model


def permute(w, n_head):
    """convert_hf_to_gguf.py LlamaModel.permute: HF rotate-half rows -> interleaved pairs."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def add_llama_tensors(w, sd, n_layer, n_head, n_head_kv, mat):
    """The tensors of a HF Mistral/Llama state dict under llama.cpp's names, as its converter
    writes them: Q/K rows permuted to interleaved pairs, matrices through `mat` (their storage
    type), norms float32. Shared with make_remote_fixtures.py."""
    def t(name):
        return sd[name].to(torch.float32).numpy()

    w.add_tensor("token_embd.weight", mat(t("model.embed_tokens.weight")))
    for i in range(n_layer):
        h, p = f"model.layers.{i}.", f"blk.{i}."
        w.add_tensor(p + "attn_norm.weight", t(h + "input_layernorm.weight"))
        w.add_tensor(p + "attn_q.weight", mat(permute(t(h + "self_attn.q_proj.weight"), n_head)))
        w.add_tensor(p + "attn_k.weight", mat(permute(t(h + "self_attn.k_proj.weight"), n_head_kv)))
        w.add_tensor(p + "attn_v.weight", mat(t(h + "self_attn.v_proj.weight")))
        w.add_tensor(p + "attn_output.weight", mat(t(h + "self_attn.o_proj.weight")))
        w.add_tensor(p + "ffn_norm.weight", t(h + "post_attention_layernorm.weight"))
        w.add_tensor(p + "ffn_gate.weight", mat(t(h + "mlp.gate_proj.weight")))
        w.add_tensor(p + "ffn_up.weight", mat(t(h + "mlp.up_proj.weight")))
        w.add_tensor(p + "ffn_down.weight", mat(t(h + "mlp.down_proj.weight")))
    w.add_tensor("output_norm.weight", t("model.norm.weight"))
    w.add_tensor("output.weight", mat(t("lm_head.weight")))


def write_gguf(path, sd, matrix_dtype, ftype):
    import gguf
    tokens, scores, types = vocabulary()
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("tramontane-gguf-test")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_layer_norm_rms_eps(EPS)
    w.add_rope_freq_base(THETA)
    w.add_rope_dimension_count(HEAD_DIM)
    w.add_uint32("llama.attention.sliding_window", WINDOW)
    w.add_file_type(ftype)
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)

    add_llama_tensors(w, sd, N_LAYER, N_HEAD, N_HEAD_KV, lambda a: a.astype(matrix_dtype))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def quantize(src, dst, ftype):
    import llama_cpp
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.nthread = 2
    rc = llama_cpp.llama_model_quantize(src.encode(), dst.encode(), ctypes.byref(params))
    if rc != 0:
        raise SystemExit(f"llama_model_quantize({src} -> {dst}) failed with {rc}")


def tensor_types(path):
    import gguf
    kinds = {}
    for t in gguf.GGUFReader(path).tensors:
        name = t.tensor_type.name
        if name not in SUPPORTED:
            raise SystemExit(f"{path}: tensor {t.name} has type {name}, which tramontane does not support")
        kinds[t.name] = name
    return kinds


def llama_logits(path, prompts):
    import llama_cpp
    llm = llama_cpp.Llama(model_path=path, n_ctx=N_CTX, n_batch=N_CTX, n_threads=2, logits_all=True,
                          type_k=0, type_v=0, verbose=False, seed=0)  # GGML_TYPE_F32 KV cache
    out = []
    for p in prompts:
        llm.reset()
        llm.eval(p)
        out.append(np.array(llm.scores[:len(p)], dtype=np.float32))
    return out, llm


def ref_logits(model, prompts):
    with torch.no_grad():
        return [model(torch.tensor([p])).logits[0].numpy() for p in prompts]


def rel(a, b):
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def main():
    os.makedirs(OUT, exist_ok=True)
    tokens, _, _ = vocabulary()
    n_vocab = len(tokens)
    model = build_model(n_vocab)
    sd = model.state_dict()
    rng = np.random.default_rng(SEED)
    prompts = [[1] + rng.integers(3, n_vocab, n - 1).tolist() for n in PROMPT_LENS]
    short = [k for k, p in enumerate(prompts) if len(p) <= WINDOW]

    ref = ref_logits(model, prompts)
    model.config.sliding_window = None
    unwindowed_long = ref_logits(model, [prompts[-1]])[0]
    model.config.sliding_window = WINDOW
    assert rel(unwindowed_long, ref[-1]) > 1e-2, "the window does not change the long prompt's logits"

    # weights rounded to float16 (norms stay float32): the exact weights of model-f16.gguf
    model16 = build_model(n_vocab)
    with torch.no_grad():
        for name, p in model16.named_parameters():
            if not name.endswith("norm.weight"):
                p.copy_(p.to(torch.float16).to(torch.float64))
    ref16 = ref_logits(model16, prompts)

    files = {"f32": "model-f32.gguf", "f16": "model-f16.gguf"}
    write_gguf(os.path.join(OUT, files["f32"]), sd, np.float32, 0)
    write_gguf(os.path.join(OUT, files["f16"]), sd, np.float16, 1)
    for tag, ftype in QUANTS.items():
        files[tag] = f"model-{tag}.gguf"
        quantize(os.path.join(OUT, "model-f32.gguf"), os.path.join(OUT, files[tag]), ftype)

    for k, r in enumerate(ref):
        np.save(os.path.join(OUT, f"ref_{k}.npy"), r.astype(np.float32))
        np.save(os.path.join(OUT, f"ref_f16_{k}.npy"), ref16[k].astype(np.float32))

    info = {"files": {}, "prompts": prompts, "llama_prompts": short, "window": WINDOW, "n_vocab": n_vocab}
    llm_f32 = None
    for tag, fname in files.items():
        path = os.path.join(OUT, fname)
        types = tensor_types(path)
        # every prompt through llama.cpp, to check how it treats the window; only short ones are kept
        logits, llm = llama_logits(path, prompts)
        if tag == "f32":
            llm_f32 = llm
            win, nowin = rel(logits[-1], ref[-1]), rel(logits[-1], unwindowed_long)
            print(f"llama.cpp F32 long prompt: vs windowed ref {win:.2e}, vs unwindowed {nowin:.2e}")
            assert nowin < 1e-4 < win, "llama.cpp's window handling is not what this script assumes"
        base = ref16 if tag == "f16" else ref
        errs = {}
        for k in short:
            np.save(os.path.join(OUT, f"llama_{tag}_{k}.npy"), logits[k])
            errs[str(k)] = {"llama_vs_ref_abs": float(np.max(np.abs(logits[k] - base[k]))),
                            "llama_vs_ref_rel": rel(logits[k], base[k])}
        kinds = sorted(set(types.values()))
        info["files"][tag] = {"file": fname, "tensor_types": kinds, "errors": errs}
        print(f"{fname}: {os.path.getsize(path)} bytes, types {kinds}, "
              + ", ".join(f"p{k} llama-ref abs {e['llama_vs_ref_abs']:.4f}" for k, e in errs.items()))

    # greedy reference for `generate`: v1 template "<s>[INST] text [/INST]", tokenized by llama.cpp
    prompt_ids = llm_f32.tokenize(f"[INST] {GREEDY_TEXT} [/INST]".encode(), add_bos=True, special=False)
    ids = torch.tensor([prompt_ids])
    with torch.no_grad():
        out = model.generate(ids, attention_mask=torch.ones_like(ids), do_sample=False,
                             max_new_tokens=GREEDY_NEW_TOKENS, eos_token_id=None, pad_token_id=0,
                             output_scores=True, return_dict_in_generate=True)
    new = out.sequences[0, len(prompt_ids):].tolist()
    margin = min(float(torch.topk(s[0], 2).values[0] - torch.topk(s[0], 2).values[1]) for s in out.scores)
    assert margin > 5e-3, f"greedy near-tie ({margin})"
    assert 2 not in new, "greedy run hits EOS; pick another seed"
    assert min(new) >= N_SPECIAL, "greedy run produced a control or byte token; pick another seed"
    # SentencePiece's decode of text pieces: join, '\u2581' -> ' ', drop the dummy-prefix space
    text = "".join(tokens[i].decode() for i in new).replace("\u2581", " ")
    text = text[1:] if text.startswith(" ") else text
    detok = llm_f32.detokenize(new).decode("utf-8")
    assert detok in (text, " " + text), f"llama.cpp detokenizes {detok!r}, expected {text!r}"
    info["greedy"] = {"text": GREEDY_TEXT, "template": "v1", "prompt_ids": prompt_ids, "tokens": new,
                      "output": text, "min_margin": margin}
    print(f"greedy: prompt {prompt_ids} -> {new} = {text!r} (margin {margin:.3g})")
    with open(os.path.join(OUT, "ref.json"), "w") as f:
        json.dump(info, f, indent=1)


if __name__ == "__main__":
    main()
