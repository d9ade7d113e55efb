#!/usr/bin/env python3
"""Makes the benchmark models for scripts/bench: a Mistral-7B-shaped but smaller (~1.1B parameter)
llama-architecture model with random weights, as GGUF files that both tramontane and llama.cpp load.

  bench-f16.gguf     written directly with the gguf package (F16 matrices, F32 norms)
  bench-q8_0.gguf    llama_cpp.llama_model_quantize(..., LLAMA_FTYPE_MOSTLY_Q8_0)
  bench-q4_k_m.gguf  llama_cpp.llama_model_quantize(..., LLAMA_FTYPE_MOSTLY_Q4_K_M)

Shape: n_embd 2048, n_ff 5632, n_layer 22, n_head 32, n_head_kv 8 (head_dim 64), n_vocab 32000,
sliding window 4096, untied output. Vocabulary: the SentencePiece pieces of
tests/fixtures/tokenizers/tokenizer.model.v1 ("llama" tokenizer), so llama.cpp accepts the file.
The weights are random (seeded), so the Q/K row permutation of llama.cpp's converter is irrelevant:
only the speed is measured with these files, never the output.

Usage: make_bench_model.py [OUT_DIR]   (default build/bench-models; existing files are kept)
"""
import ctypes
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

N_EMBD, N_FF, N_LAYER, N_HEAD, N_HEAD_KV, N_VOCAB = 2048, 5632, 22, 32, 8, 32000
HEAD_DIM = N_EMBD // N_HEAD
WINDOW, N_CTX = 4096, 32768
SEED = 20261123
SUPPORTED = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q5_K", "Q6_K"}


def log(msg):
    print(f"[make_bench_model] {msg}", flush=True)


def vocabulary():
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=os.path.join(ROOT, "tests/fixtures/tokenizers/tokenizer.model.v1"))
    assert sp.get_piece_size() == N_VOCAB, sp.get_piece_size()
    tokens, scores, types = [], [], []
    for i in range(N_VOCAB):
        tokens.append(sp.id_to_piece(i).encode("utf-8"))
        scores.append(float(sp.get_score(i)))
        if sp.is_unknown(i):
            types.append(2)  # UNKNOWN
        elif sp.is_control(i):
            types.append(3)  # CONTROL
        elif sp.is_byte(i):
            types.append(6)  # BYTE
        elif sp.is_unused(i):
            types.append(5)  # UNUSED
        else:
            types.append(1)  # NORMAL
    return tokens, scores, types, sp.bos_id(), sp.eos_id(), sp.unk_id()


def write_f16(path):
    import gguf
    rng = np.random.default_rng(SEED)

    def mat(rows, cols, std=0.02):
        return (rng.standard_normal((rows, cols), dtype=np.float32) * std).astype(np.float16)

    w = gguf.GGUFWriter(path, "llama")
    w.add_name("tramontane-bench-1b")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(10000.0)
    w.add_rope_dimension_count(HEAD_DIM)
    w.add_uint32("llama.attention.sliding_window", WINDOW)
    w.add_file_type(1)  # LLAMA_FTYPE_MOSTLY_F16
    tokens, scores, types, bos, eos, unk = vocabulary()
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(bos)
    w.add_eos_token_id(eos)
    w.add_unk_token_id(unk)

    ones = np.ones(N_EMBD, dtype=np.float32)
    w.add_tensor("token_embd.weight", mat(N_VOCAB, N_EMBD))
    for i in range(N_LAYER):
        p = f"blk.{i}."
        w.add_tensor(p + "attn_norm.weight", ones)
        w.add_tensor(p + "attn_q.weight", mat(N_HEAD * HEAD_DIM, N_EMBD))
        w.add_tensor(p + "attn_k.weight", mat(N_HEAD_KV * HEAD_DIM, N_EMBD))
        w.add_tensor(p + "attn_v.weight", mat(N_HEAD_KV * HEAD_DIM, N_EMBD))
        w.add_tensor(p + "attn_output.weight", mat(N_EMBD, N_HEAD * HEAD_DIM))
        w.add_tensor(p + "ffn_norm.weight", ones)
        w.add_tensor(p + "ffn_gate.weight", mat(N_FF, N_EMBD))
        w.add_tensor(p + "ffn_up.weight", mat(N_FF, N_EMBD))
        w.add_tensor(p + "ffn_down.weight", mat(N_EMBD, N_FF))
    w.add_tensor("output_norm.weight", ones)
    w.add_tensor("output.weight", mat(N_VOCAB, N_EMBD))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def quantize(src, dst, ftype):
    import llama_cpp
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.nthread = os.cpu_count() or 2
    rc = llama_cpp.llama_model_quantize(src.encode(), dst.encode(), ctypes.byref(params))
    if rc != 0:
        raise SystemExit(f"llama_model_quantize({src} -> {dst}) failed with {rc}")


def check_types(path):
    import gguf
    r = gguf.GGUFReader(path)
    kinds, n_params = {}, 0
    for t in r.tensors:
        name = t.tensor_type.name
        if name not in SUPPORTED:
            raise SystemExit(f"{path}: tensor {t.name} has type {name}, which tramontane does not support")
        kinds[name] = kinds.get(name, 0) + 1
        n_params += int(np.prod(t.shape))
    log(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes, {n_params} parameters, tensor types {kinds}")


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/bench-models"))
    os.makedirs(out, exist_ok=True)
    f16 = os.path.join(out, "bench-f16.gguf")
    targets = [("bench-q8_0.gguf", 7), ("bench-q4_k_m.gguf", 15)]  # LLAMA_FTYPE_MOSTLY_Q8_0, _Q4_K_M
    if not os.path.exists(f16):
        t0 = time.time()
        write_f16(f16 + ".part")
        os.replace(f16 + ".part", f16)
        log(f"wrote {f16} in {time.time() - t0:.1f} s")
    check_types(f16)
    for name, ftype in targets:
        dst = os.path.join(out, name)
        if not os.path.exists(dst):
            t0 = time.time()
            quantize(f16, dst + ".part", ftype)
            os.replace(dst + ".part", dst)
            log(f"wrote {dst} in {time.time() - t0:.1f} s")
        check_types(dst)


if __name__ == "__main__":
    main()
