#!/usr/bin/env python3
"""Writes the GGUF fixtures of tests/engine/test_gguf.cpp into tests/fixtures/gguf/.

References come from the `gguf` package (PyPI), never from Tramontane:
  quants.gguf            one tensor per supported type (F32 F16 BF16 Q8_0 Q4_0 Q4_1 Q4_K Q5_K Q6_K),
                         plus random-byte variants of the block types
  quants/<name>.f32      gguf.quants.dequantize() of each tensor: raw little-endian float32, row-major
  metadata.gguf          every metadata value type (scalars, arrays of each type, strings with odd
                         bytes, nested arrays), llama.* model keys, a small tokenizer vocabulary,
                         general.alignment = 64, tensors of 1..4 dimensions, no output.weight
  metadata_v2.gguf       the same bytes with the version field set to 2 (v2 and v3 share the layout
                         for little-endian files; v3 only added big-endian support)
  model_mistral.gguf     "mistral" architecture with key_length, sliding_window, output.weight and
                         no tokenizer (vocabulary size from token_embd.weight)
  expected.json          metadata values (integers as decimal strings, floats as IEEE bit patterns in
                         hex, strings as hex of their bytes), tensor shapes, and the ModelConfig values
                         the GGUF keys describe

Deterministic (seeded) and re-runnable:  tools/.venv/bin/python tools/make_gguf_fixtures.py
"""
import importlib.metadata
import json
import struct
from pathlib import Path

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T, GGUFValueType as V
from gguf.quants import dequantize, quantize

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gguf"
ROWS, COLS = 3, 512  # every tensor of quants.gguf: 3 rows of 512 (two K-quant blocks per row)


def f16_bytes(values):
    return np.asarray(values, dtype=np.float16).view(np.uint8)


def random_k_blocks(rng, qtype, n_blocks):
    """Random block bytes with finite f16 scales (the package can only dequantize K-quants)."""
    _, type_size = gguf.GGML_QUANT_SIZES[qtype]
    blocks = rng.integers(0, 256, size=(n_blocks, type_size), dtype=np.uint8)
    # f16 super-block scales: mostly normal values of both signs, one subnormal, one zero
    d = rng.normal(0.0, 0.02, size=n_blocks)
    dmin = rng.normal(0.0, 0.02, size=n_blocks)
    d[0], dmin[1 % n_blocks] = 3.0e-6, 0.0  # 3e-6 is subnormal in f16
    if qtype == T.Q6_K:
        blocks[:, 208:210] = f16_bytes(d).reshape(n_blocks, 2)
    else:
        blocks[:, 0:2] = f16_bytes(d).reshape(n_blocks, 2)
        blocks[:, 2:4] = f16_bytes(dmin).reshape(n_blocks, 2)
    return blocks


def random_legacy_blocks(rng, qtype, n_blocks):
    """Random Q8_0/Q4_0/Q4_1 blocks (every nibble and int8 pattern), finite f16 scale and min."""
    _, type_size = gguf.GGML_QUANT_SIZES[qtype]
    blocks = rng.integers(0, 256, size=(n_blocks, type_size), dtype=np.uint8)
    d = rng.normal(0.0, 0.05, size=n_blocks)
    d[0] = -6.0e-7  # subnormal f16
    blocks[:, 0:2] = f16_bytes(d).reshape(n_blocks, 2)
    if qtype == T.Q4_1:
        blocks[:, 2:4] = f16_bytes(rng.normal(0.0, 1.0, size=n_blocks)).reshape(n_blocks, 2)
    return blocks


def make_quants(rng):
    data = rng.normal(0.0, 1.0, size=(ROWS, COLS)).astype(np.float32)
    data[0, :4] = [0.0, -0.0, 1.0e-40, -3.5]  # a float32 subnormal too
    tensors = {}  # name -> (qtype, numpy array to write, bytes for dequantize)

    f32 = data.copy()
    f32[1, :3] = [np.inf, -np.inf, np.float32(1.0e-45)]
    tensors["f32"] = (T.F32, f32)

    f16 = data.astype(np.float16)
    f16[1, :6] = [np.inf, -np.inf, -0.0, 6.0e-8, 65504.0, np.nan]  # 6e-8: smallest f16 subnormal
    tensors["f16"] = (T.F16, f16)

    bf16 = quantize(data * 1000.0, T.BF16)  # uint8 bytes, shape (ROWS, COLS * 2)
    bf16.view(np.uint16)[1, :3] = [0x7F80, 0x8001, 0x7FC1]  # +inf, negative subnormal, NaN
    tensors["bf16"] = (T.BF16, bf16)

    for name, qtype in (("q8_0", T.Q8_0), ("q4_0", T.Q4_0), ("q4_1", T.Q4_1)):
        tensors[name] = (qtype, quantize(data, qtype))
        n_blocks = ROWS * COLS // 32
        tensors[name + "_random"] = (qtype, random_legacy_blocks(rng, qtype, n_blocks).reshape(ROWS, -1))

    for name, qtype in (("q4_k", T.Q4_K), ("q5_k", T.Q5_K), ("q6_k", T.Q6_K)):
        n_blocks = ROWS * COLS // 256
        tensors[name] = (qtype, random_k_blocks(rng, qtype, n_blocks).reshape(ROWS, -1))

    w = gguf.GGUFWriter(str(OUT / "quants.gguf"), "quant-test")
    (OUT / "quants").mkdir(parents=True, exist_ok=True)
    for name, (qtype, arr) in tensors.items():
        if qtype in (T.F32, T.F16):
            w.add_tensor(name, arr)
            ref = dequantize(arr.view(np.uint8), qtype) if qtype == T.F16 else arr
        else:
            w.add_tensor(name, arr, raw_dtype=qtype)
            ref = dequantize(arr, qtype)
        ref = np.ascontiguousarray(ref, dtype=np.float32)
        assert ref.shape == (ROWS, COLS), (name, ref.shape)
        ref.astype("<f4").tofile(OUT / "quants" / f"{name}.f32")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return {name: {"type": qtype.name, "shape": [ROWS, COLS]} for name, (qtype, _) in tensors.items()}


# --- metadata.gguf ----------------------------------------------------------------------------

def expect_value(vtype, value, sub_type=None):
    """The JSON form of a metadata value for the C++ test."""
    if vtype == V.ARRAY:
        if sub_type is None:
            sub_type = V.get_type(value[0])
        return {"type": "ARRAY", "array_type": sub_type.name,
                "values": [expect_value(sub_type, v) for v in value]}
    if vtype == V.STRING:
        raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        return {"type": "STRING", "hex": raw.hex()}
    if vtype == V.FLOAT32:
        return {"type": "FLOAT32", "bits": struct.pack("<f", value)[::-1].hex()}
    if vtype == V.FLOAT64:
        return {"type": "FLOAT64", "bits": struct.pack("<d", value)[::-1].hex()}
    if vtype == V.BOOL:
        return {"type": "BOOL", "value": bool(value)}
    return {"type": vtype.name, "value": str(int(value))}


def make_metadata(rng):
    path = OUT / "metadata.gguf"
    w = gguf.GGUFWriter(str(path), "llama")
    kv = {"general.architecture": expect_value(V.STRING, "llama")}

    def add(key, value, vtype, sub_type=None):
        w.add_key_value(key, value, vtype, sub_type=sub_type)
        kv[key] = expect_value(vtype, value, sub_type)

    w.add_custom_alignment(64)
    kv["general.alignment"] = expect_value(V.UINT32, 64)
    add("general.name", "tiny llama \u2713 \u00e9t\u00e9", V.STRING)
    # one key per scalar type, at the edges of each range
    add("test.u8", 255, V.UINT8)
    add("test.i8", -128, V.INT8)
    add("test.u16", 65535, V.UINT16)
    add("test.i16", -32768, V.INT16)
    add("test.u32", 4294967295, V.UINT32)
    add("test.i32", -2147483648, V.INT32)
    add("test.f32", float(np.float32(-3.1415927)), V.FLOAT32)
    add("test.bool_true", True, V.BOOL)
    add("test.bool_false", False, V.BOOL)
    add("test.u64", 2**64 - 1, V.UINT64)
    add("test.i64", -(2**63), V.INT64)
    add("test.f64", 1.0 / 3.0, V.FLOAT64)
    add("test.string_empty", "", V.STRING)
    add("test.string_bytes", b"a\x00b\xff\n", V.STRING)  # NUL, non-UTF-8, newline: kept verbatim
    # one array per element type
    add("test.arr_u8", [0, 1, 255], V.ARRAY, V.UINT8)
    add("test.arr_i8", [-128, 0, 127], V.ARRAY, V.INT8)
    add("test.arr_u16", [0, 65535], V.ARRAY, V.UINT16)
    add("test.arr_i16", [-32768, 32767], V.ARRAY, V.INT16)
    add("test.arr_u32", [0, 4294967295], V.ARRAY, V.UINT32)
    add("test.arr_i32", [-2147483648, 2147483647, 5], V.ARRAY, V.INT32)
    add("test.arr_u64", [0, 2**64 - 1], V.ARRAY, V.UINT64)
    add("test.arr_i64", [-(2**63), 2**63 - 1], V.ARRAY, V.INT64)
    add("test.arr_f32", [float(np.float32(x)) for x in (0.5, -1.0e-3, 3.0e38)], V.ARRAY, V.FLOAT32)
    add("test.arr_f64", [1.0e-300, -2.5], V.ARRAY, V.FLOAT64)
    add("test.arr_bool", [True, False, True], V.ARRAY, V.BOOL)
    add("test.arr_str", ["", "h\u00e9llo", "\u2581the", b"\xff\xfe"], V.ARRAY, V.STRING)
    add("test.arr_nested", [[1, 2], [3], [-4, 5, 6]], V.ARRAY)  # array of INT32 arrays

    # llama.* model keys, as llama.cpp's converter writes them
    n_vocab, n_embd, n_ff, n_layer, n_head, n_head_kv, n_ctx = 100, 64, 160, 2, 4, 2, 2048
    add("llama.context_length", n_ctx, V.UINT32)
    add("llama.embedding_length", n_embd, V.UINT32)
    add("llama.feed_forward_length", n_ff, V.UINT32)
    add("llama.block_count", n_layer, V.UINT32)
    add("llama.attention.head_count", n_head, V.UINT32)
    add("llama.attention.head_count_kv", n_head_kv, V.UINT32)
    add("llama.attention.layer_norm_rms_epsilon", float(np.float32(1e-5)), V.FLOAT32)
    add("llama.rope.freq_base", 500000.0, V.FLOAT32)
    add("llama.rope.dimension_count", n_embd // n_head, V.UINT32)
    # a small SentencePiece-style vocabulary
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{i:02X}>" for i in range(16)]
    tokens += [f"\u2581w{i}" for i in range(n_vocab - len(tokens))]
    scores = [float(np.float32(-i * 0.25)) for i in range(n_vocab)]
    types = [2, 3, 3] + [6] * 16 + [1] * (n_vocab - 19)
    add("tokenizer.ggml.model", "llama", V.STRING)
    add("tokenizer.ggml.tokens", tokens, V.ARRAY, V.STRING)
    add("tokenizer.ggml.scores", scores, V.ARRAY, V.FLOAT32)
    add("tokenizer.ggml.token_type", types, V.ARRAY, V.INT32)
    add("tokenizer.ggml.bos_token_id", 1, V.UINT32)
    add("tokenizer.ggml.eos_token_id", 2, V.UINT32)

    shapes = {
        "token_embd.weight": ((n_vocab, n_embd), np.float16),
        "output_norm.weight": ((n_embd,), np.float32),
        "test.3d": ((2, 3, 32), np.float32),
        "test.4d": ((2, 1, 3, 4), np.float32),
    }
    tensors = {}
    for name, (shape, dt) in shapes.items():
        arr = rng.normal(0.0, 1.0, size=shape).astype(dt)
        w.add_tensor(name, arr)
        tensors[name] = {"type": "F16" if dt == np.float16 else "F32", "shape": list(shape),
                         "first": float(np.float32(arr.flat[0])), "last": float(np.float32(arr.flat[-1]))}
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()

    # v2 twin: only the version field differs
    raw = bytearray(path.read_bytes())
    assert struct.unpack_from("<I", raw, 4)[0] == 3
    struct.pack_into("<I", raw, 4, 2)
    (OUT / "metadata_v2.gguf").write_bytes(bytes(raw))

    config = {"arch": "llama", "n_embd": n_embd, "n_ff": n_ff, "n_layer": n_layer, "n_head": n_head,
              "n_head_kv": n_head_kv, "head_dim": n_embd // n_head, "n_vocab": n_vocab,
              "rms_eps": float(np.float32(1e-5)), "rope_theta": 500000.0, "window": 0, "n_ctx_max": n_ctx,
              "tie_embeddings": True, "bos_id": 1, "eos_id": 2, "rope_interleaved": True}
    return {"alignment": 64, "kv_count": len(kv), "metadata": kv, "tensors": tensors, "config": config}


def make_mistral(rng):
    path = OUT / "model_mistral.gguf"
    w = gguf.GGUFWriter(str(path), "mistral")
    n_vocab, n_embd, n_ff, n_layer, n_head, n_head_kv, head_dim = 50, 64, 96, 3, 4, 1, 32
    w.add_context_length(32768)
    w.add_embedding_length(n_embd)
    w.add_feed_forward_length(n_ff)
    w.add_block_count(n_layer)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_head_kv)
    w.add_key_length(head_dim)
    w.add_value_length(head_dim)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_sliding_window(4096)
    w.add_bos_token_id(5)
    w.add_eos_token_id(7)
    # no rope.freq_base: the default 10000 applies
    for name, shape in (("token_embd.weight", (n_vocab, n_embd)), ("output.weight", (n_vocab, n_embd))):
        w.add_tensor(name, rng.normal(0.0, 1.0, size=shape).astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return {"arch": "mistral", "n_embd": n_embd, "n_ff": n_ff, "n_layer": n_layer, "n_head": n_head,
            "n_head_kv": n_head_kv, "head_dim": head_dim, "n_vocab": n_vocab,
            "rms_eps": float(np.float32(1e-6)), "rope_theta": 10000.0, "window": 4096, "n_ctx_max": 32768,
            "tie_embeddings": False, "bos_id": 5, "eos_id": 7, "rope_interleaved": True}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20240607)
    expected = {"gguf_package_version": importlib.metadata.version("gguf")}
    expected["quants"] = make_quants(rng)
    expected["metadata"] = make_metadata(rng)
    expected["model_mistral"] = make_mistral(rng)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT} ({total} bytes)")


if __name__ == "__main__":
    main()
