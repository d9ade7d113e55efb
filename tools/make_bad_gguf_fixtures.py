#!/usr/bin/env python3
"""Writes malformed GGUF files into tests/fixtures/bad/gguf_*.gguf.

Each file breaks one rule of the format (or of the llama/mistral model keys) on top of a small
valid file built here byte by byte. tests/engine/test_gguf.cpp reads each one and expects a
BadInput error naming the file and containing the reason listed in
tests/fixtures/gguf/bad_expected.json; tests/engine/test_cli_bad_inputs.cpp expects
`tramontane-cli inspect` to exit with 3. The valid base itself is written to
tests/fixtures/gguf/handmade_base.gguf (and checked here with the `gguf` package's reader) so a
bad file fails for its own reason, not for a mistake in the builder.

Deterministic and re-runnable:  tools/.venv/bin/python tools/make_bad_gguf_fixtures.py
"""
import json
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "bad"
GOOD = ROOT / "tests" / "fixtures" / "gguf"

# GGUF value types
U8, I8, U16, I16, U32, I32, F32, BOOL, STR, ARR, U64, I64, F64 = range(13)
# GGML tensor types
T_F32, T_Q4_0 = 0, 2


def gstr(b):
    b = b.encode() if isinstance(b, str) else b
    return struct.pack("<Q", len(b)) + b


def kv(key, vtype, payload):
    return gstr(key) + struct.pack("<I", vtype) + payload


def kv_u32(key, v):
    return kv(key, U32, struct.pack("<I", v))


def kv_f32(key, v):
    return kv(key, F32, struct.pack("<f", v))


def kv_str(key, s):
    return kv(key, STR, gstr(s))


def tinfo(name, ne, ttype, offset, n_dims=None):
    n_dims = len(ne) if n_dims is None else n_dims
    return (gstr(name) + struct.pack("<I", n_dims) + b"".join(struct.pack("<Q", d) for d in ne)
            + struct.pack("<IQ", ttype, offset))


N_VOCAB, N_EMBD = 8, 32
EMBD = ("token_embd.weight", [N_EMBD, N_VOCAB], T_F32, 0)  # ne order: [n_embd, n_vocab]
EMBD_BYTES = N_EMBD * N_VOCAB * 4


def model_kvs(arch="llama", skip=(), extra=()):
    """The llama.* keys of a tiny valid model, as (key, encoded kv) pairs."""
    items = [
        ("general.architecture", kv_str("general.architecture", arch)),
        (f"{arch}.context_length", kv_u32(f"{arch}.context_length", 128)),
        (f"{arch}.embedding_length", kv_u32(f"{arch}.embedding_length", N_EMBD)),
        (f"{arch}.feed_forward_length", kv_u32(f"{arch}.feed_forward_length", 64)),
        (f"{arch}.block_count", kv_u32(f"{arch}.block_count", 1)),
        (f"{arch}.attention.head_count", kv_u32(f"{arch}.attention.head_count", 4)),
        (f"{arch}.attention.head_count_kv", kv_u32(f"{arch}.attention.head_count_kv", 2)),
        (f"{arch}.attention.layer_norm_rms_epsilon", kv_f32(f"{arch}.attention.layer_norm_rms_epsilon", 1e-5)),
    ]
    items = [(k, b) for k, b in items if k not in skip]
    return [b for _, b in items] + list(extra)


def build(kvs=None, tensors=(EMBD,), data=None, alignment=32, version=3, magic=b"GGUF",
          n_tensors=None, n_kv=None, raw_tinfos=None):
    """A whole file: header, kvs, tensor infos, padding to `alignment`, data."""
    kvs = model_kvs() if kvs is None else kvs
    tinfos = raw_tinfos if raw_tinfos is not None else [tinfo(*t) for t in tensors]
    n_tensors = len(tinfos) if n_tensors is None else n_tensors
    n_kv = len(kvs) if n_kv is None else n_kv
    head = magic + struct.pack("<IQQ", version, n_tensors, n_kv) + b"".join(kvs) + b"".join(tinfos)
    head += b"\0" * ((-len(head)) % alignment)
    if data is None:
        data = bytes(range(256)) * (EMBD_BYTES // 256)  # finite floats are not required by the reader
    return head + data


def main():
    BAD.mkdir(parents=True, exist_ok=True)
    GOOD.mkdir(parents=True, exist_ok=True)
    files = {}  # name -> (bytes, expected message fragment)

    def bad(name, content, reason):
        assert name not in files, name
        files[name] = (content, reason)

    base = build()
    (GOOD / "handmade_base.gguf").write_bytes(base)
    import gguf  # check that the base is a valid GGUF for the reference reader
    r = gguf.GGUFReader(str(GOOD / "handmade_base.gguf"))
    assert [t.name for t in r.tensors] == ["token_embd.weight"]

    header_len = 4 + 4 + 8 + 8
    kv_bytes = b"".join(model_kvs())

    # --- header
    bad("gguf_empty.gguf", b"", "file is empty")
    bad("gguf_three_bytes.gguf", b"GGU", "not a GGUF file")
    bad("gguf_bad_magic.gguf", build(magic=b"GGUX"), "not a GGUF file (magic 'GGUX'")
    bad("gguf_version1.gguf", build(version=1), "version 1 is not supported")
    bad("gguf_version_99.gguf", build(version=99), "unsupported GGUF version 99")
    bad("gguf_big_endian.gguf", build(version=0x03000000), "big-endian")
    bad("gguf_truncated_header.gguf", base[:12], "truncated: header tensor count")
    bad("gguf_truncated_in_kv.gguf", base[:header_len + 30], "truncated: metadata key 'general.architecture' (value type)")
    bad("gguf_truncated_in_tensor_info.gguf", base[:header_len + len(kv_bytes) + 40],
        "truncated: tensor 'token_embd.weight' dimensions")
    bad("gguf_truncated_in_data.gguf", base[:-100], "ends past the file")
    bad("gguf_tensor_count_huge.gguf", build(n_tensors=2**63), "tensor count 9223372036854775808 exceeds the limit")
    bad("gguf_kv_count_huge.gguf", build(n_kv=2**40), "metadata count 1099511627776 exceeds the limit")
    bad("gguf_tensor_count_exceeds_file.gguf", build(n_tensors=500000), "500000 tensor infos need at least")

    # --- metadata
    def with_kv(*extra):
        return build(kvs=model_kvs(extra=extra))

    bad("gguf_key_length_max.gguf",
        with_kv(struct.pack("<Q", 2**64 - 1) + b"general.name"), "string of 18446744073709551615 bytes exceeds the file")
    bad("gguf_key_too_long.gguf", with_kv(kv_u32("k" * 70000, 1)), "exceeds the limit of 65535")
    bad("gguf_empty_key.gguf", with_kv(kv_u32("", 1)), "is empty")
    bad("gguf_non_utf8_key.gguf", with_kv(kv_u32(b"general.\xc0\xaf", 1)), "is not valid UTF-8")
    bad("gguf_duplicate_key.gguf", with_kv(kv_u32("llama.block_count", 2)), "duplicate metadata key 'llama.block_count'")
    bad("gguf_string_len_max.gguf", with_kv(kv("general.name", STR, struct.pack("<Q", 2**64 - 1))),
        "string of 18446744073709551615 bytes exceeds the file")
    bad("gguf_string_past_end.gguf",
        build(kvs=model_kvs(extra=[kv("general.name", STR, struct.pack("<Q", 5000) + b"abc")]), tensors=(), data=b""),
        "string of 5000 bytes exceeds the file")
    bad("gguf_unknown_value_type.gguf", with_kv(kv("general.x", 13, b"\0" * 8)), "unknown value type 13")
    bad("gguf_bool_value_7.gguf", with_kv(kv("general.flag", BOOL, b"\x07")), "BOOL value 7 is not 0 or 1")
    bad("gguf_array_count_2p63.gguf", with_kv(kv("general.a", ARR, struct.pack("<IQ", U8, 2**63))),
        "array of 9223372036854775808 UINT8 values exceeds the file")
    bad("gguf_array_strings_huge.gguf",
        with_kv(kv("tokenizer.ggml.tokens", ARR, struct.pack("<IQ", STR, 4294967295))),
        "array of 4294967295 strings exceeds the file")
    bad("gguf_array_unknown_element_type.gguf", with_kv(kv("general.a", ARR, struct.pack("<IQ", 77, 1))),
        "unknown value type 77")
    deep = struct.pack("<IQ", ARR, 1) * 10000 + struct.pack("<IQ", U8, 0)
    bad("gguf_nested_array_bomb.gguf", with_kv(kv("general.a", ARR, deep)), "arrays nested more than 3 deep")
    bad("gguf_nested_array_wide.gguf", with_kv(kv("general.a", ARR, struct.pack("<IQ", ARR, 2**40))),
        "array of 1099511627776 arrays exceeds the file")
    bad("gguf_alignment_0.gguf", with_kv(kv_u32("general.alignment", 0)), "general.alignment 0 is not a power of two")
    bad("gguf_alignment_3.gguf", with_kv(kv_u32("general.alignment", 3)), "general.alignment 3 is not a power of two")
    bad("gguf_alignment_wrong_type.gguf", with_kv(kv("general.alignment", U64, struct.pack("<Q", 32))),
        "general.alignment has type UINT64")

    # --- tensor infos
    def with_tensor(*tinfos, data=None):
        return build(raw_tinfos=list(tinfos), data=data)

    embd_info = tinfo(*EMBD)
    bad("gguf_ndims_0.gguf", with_tensor(tinfo("token_embd.weight", [], T_F32, 0)), "n_dims 0 is not in 1..4")
    bad("gguf_ndims_9.gguf", with_tensor(tinfo("token_embd.weight", [1] * 9, T_F32, 0)), "n_dims 9 is not in 1..4")
    bad("gguf_zero_dim.gguf", with_tensor(tinfo("token_embd.weight", [N_EMBD, 0], T_F32, 0)), "is zero")
    bad("gguf_dims_overflow.gguf", with_tensor(tinfo("token_embd.weight", [2**32, 2**32, 2**32], T_F32, 0)),
        "overflow the element count")
    bad("gguf_dims_bytes_overflow.gguf", with_tensor(tinfo("token_embd.weight", [2**31, 2**31], T_F32, 0)),
        "overflow the byte count")
    bad("gguf_unknown_tensor_type.gguf", with_tensor(tinfo("token_embd.weight", [N_EMBD, N_VOCAB], 10, 0)),
        "GGML type 10 (Q2_K) is not supported")
    bad("gguf_tensor_type_huge.gguf", with_tensor(tinfo("token_embd.weight", [N_EMBD, N_VOCAB], 0xFFFFFFFF, 0)),
        "GGML type 4294967295 (unknown) is not supported")
    bad("gguf_first_dim_not_block_multiple.gguf", with_tensor(tinfo("token_embd.weight", [48, 4], T_Q4_0, 0)),
        "first dimension 48 is not a multiple of the Q4_0 block size 32")
    bad("gguf_offset_past_end.gguf", with_tensor(tinfo("token_embd.weight", [N_EMBD, N_VOCAB], T_F32, 1 << 20)),
        "ends past the file")
    bad("gguf_offset_overflow.gguf", with_tensor(tinfo("token_embd.weight", [N_EMBD, N_VOCAB], T_F32, 2**64 - 32)),
        "(overflow) ends past the file")
    bad("gguf_misaligned_offset.gguf",
        with_tensor(tinfo("token_embd.weight", [N_EMBD, N_VOCAB // 2], T_F32, 4)),
        "data offset 4 is not a multiple of the alignment 32")
    bad("gguf_overlapping_tensors.gguf",
        with_tensor(embd_info, tinfo("output.weight", [N_EMBD, 2], T_F32, 512)), "overlap")
    bad("gguf_duplicate_tensor.gguf", with_tensor(embd_info, tinfo("token_embd.weight", [N_EMBD], T_F32, 0)),
        "duplicate tensor 'token_embd.weight'")
    bad("gguf_non_utf8_tensor_name.gguf", with_tensor(tinfo(b"token_embd.\xff\xfe", [N_EMBD, N_VOCAB], T_F32, 0)),
        "tensor name 'token_embd.\\xff\\xfe' is not valid UTF-8")
    bad("gguf_empty_tensor_name.gguf", with_tensor(tinfo("", [N_EMBD, N_VOCAB], T_F32, 0)), "has an empty name")
    bad("gguf_tensor_name_too_long.gguf", with_tensor(tinfo("t" * 70000, [N_EMBD, N_VOCAB], T_F32, 0)),
        "exceeds the limit of 65536")

    # --- model keys (the file reads, gguf_model_config refuses it)
    bad("gguf_arch_wrong_type.gguf",
        build(kvs=[kv_u32("general.architecture", 7)] + model_kvs(skip=("general.architecture",))),
        "'general.architecture' has type UINT32, expected STRING")
    bad("gguf_arch_unsupported.gguf", build(kvs=model_kvs(arch="gpt2")), "architecture 'gpt2' is not supported")
    bad("gguf_arch_missing.gguf", build(kvs=model_kvs(skip=("general.architecture",))),
        "'general.architecture' is missing")
    bad("gguf_missing_block_count.gguf", build(kvs=model_kvs(skip=("llama.block_count",))),
        "'llama.block_count' is missing")
    bad("gguf_head_count_string.gguf",
        build(kvs=model_kvs(skip=("llama.attention.head_count",), extra=[kv_str("llama.attention.head_count", "4")])),
        "'llama.attention.head_count' has type STRING")
    bad("gguf_heads_not_dividing.gguf",
        build(kvs=model_kvs(skip=("llama.attention.head_count_kv",),
                            extra=[kv_u32("llama.attention.head_count_kv", 3)])),
        "num_key_value_heads 3 must divide")
    bad("gguf_vocab_unknown.gguf", build(tensors=(), data=b""), "gives the vocabulary size")
    bad("gguf_bos_out_of_vocab.gguf", with_kv(kv_u32("tokenizer.ggml.bos_token_id", 1000)),
        "bos/eos token id outside the vocabulary")
    bad("gguf_rope_scaling_yarn.gguf", with_kv(kv_str("llama.rope.scaling.type", "yarn")),
        "RoPE scaling 'yarn' is not supported")
    bad("gguf_eps_wrong_type.gguf",
        build(kvs=model_kvs(skip=("llama.attention.layer_norm_rms_epsilon",),
                            extra=[kv_u32("llama.attention.layer_norm_rms_epsilon", 0)])),
        "has type UINT32, expected FLOAT32")

    for old in BAD.glob("gguf_*.gguf"):
        if old.name not in files:
            old.unlink()
    for name, (content, _) in files.items():
        (BAD / name).write_bytes(content)
    expected = {name: reason for name, (_, reason) in sorted(files.items())}
    (GOOD / "bad_expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    total = sum(len(c) for c, _ in files.values())
    print(f"wrote {len(files)} bad GGUF files ({total} bytes) into {BAD}")


if __name__ == "__main__":
    main()
