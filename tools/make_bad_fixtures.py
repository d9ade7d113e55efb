#!/usr/bin/env python3
"""Writes malformed safetensors files and model directories into tests/fixtures/bad/.

(GGUF files in the same folder come from make_bad_gguf_fixtures.py; this script leaves them alone.)

  safetensors_*.safetensors  each breaks one rule of the format (see engine/format/safetensors.h)
                             on top of a small valid file built here byte by byte
  bad_config_*/              a bad config.json beside a valid tiny model.safetensors
  bad_checkpoint_*/          a valid config.json beside a bad set of weight files (index naming a
                             missing shard, a '../' or absolute shard path, a tensor in the wrong
                             shard, no weights at all, ...)

tests/fixtures/format/bad_expected.json maps each name to {"reader": "safetensors" | "config" |
"checkpoint", "file": the file the message must name, "reason": a fragment the message must
contain}; tests/engine/test_safetensors.cpp and test_hf_config.cpp read every entry and expect a
BadInput error. The script also checks, for each bad safetensors file, that the reference reader
(the `safetensors` package) refuses it too, except where noted with ref_ok=True: dtypes it supports
and we do not, more than 8 dimensions, and duplicate keys (its JSON parser keeps the last one).

Deterministic and re-runnable:  tools/.venv/bin/python tools/make_bad_fixtures.py
"""
import json
import shutil
import struct
from pathlib import Path

import numpy as np
from safetensors.numpy import load as np_load
from safetensors.numpy import save as np_save

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "bad"
EXPECTED = ROOT / "tests" / "fixtures" / "format" / "bad_expected.json"


def st(header, data, header_len=None):
    """A safetensors file from a header (dict, or raw bytes) and the data section."""
    hb = header if isinstance(header, bytes) else json.dumps(header, separators=(",", ":")).encode()
    n = len(hb) if header_len is None else header_len
    return struct.pack("<Q", n) + hb + data


def base_header():
    """The valid base: a [2, 3] F32 tensor then a [5] F16 tensor (34 data bytes)."""
    return {"__metadata__": {"format": "pt"},
            "a.weight": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
            "b.weight": {"dtype": "F16", "shape": [5], "data_offsets": [24, 34]}}


BASE_DATA = np.arange(6, dtype="<f4").tobytes() + np.arange(5, dtype="<f2").tobytes()


def with_tensor(name, **fields):
    h = base_header()
    h[name] = dict(h.get(name, {}), **fields)
    return h


def without_field(name, field):
    h = base_header()
    del h[name][field]
    return h


def reference_accepts(content):
    try:
        np_load(content)
        return True
    except Exception:  # SafetensorError, or another exception from its header parse
        return False


# A tiny valid model for the config directories: token embeddings only (the config must fail first).
TINY_MODEL = np_save({"model.embed_tokens.weight": np.arange(12, dtype="<f4").reshape(4, 3)})

GOOD_CONFIG = {
    "architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
    "hidden_size": 64, "intermediate_size": 160, "max_position_embeddings": 256, "model_type": "mistral",
    "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2, "rms_norm_eps": 1e-05,
    "rope_theta": 10000.0, "sliding_window": 32, "tie_word_embeddings": False, "vocab_size": 100}


def config_with(**changes):
    c = dict(GOOD_CONFIG)
    for k, v in changes.items():
        if v is DROP:
            c.pop(k, None)
        else:
            c[k] = v
    return json.dumps(c, indent=2, sort_keys=True) + "\n"


DROP = object()


def main():
    BAD.mkdir(parents=True, exist_ok=True)
    EXPECTED.parent.mkdir(parents=True, exist_ok=True)
    for old in BAD.glob("safetensors_*.safetensors"):
        old.unlink()
    for old in list(BAD.glob("bad_config_*")) + list(BAD.glob("bad_checkpoint_*")):
        shutil.rmtree(old)
    base = st(base_header(), BASE_DATA)
    assert reference_accepts(base), "the base file must be valid"
    expected = {}

    def bad_st(name, content, reason, ref_ok=False):
        file = f"safetensors_{name}.safetensors"
        assert file not in expected, file
        assert reference_accepts(content) == ref_ok, f"{file}: reference reader disagrees"
        (BAD / file).write_bytes(content)
        expected[file] = {"reader": "safetensors", "file": file, "reason": reason}

    # --- the 8-byte header length
    bad_st("empty", b"", "too short for the 8-byte header length")
    bad_st("truncated_header_length", base[:5], "too short for the 8-byte header length")
    bad_st("header_length_past_end", st(base_header(), BASE_DATA, header_len=len(base)), "runs past the end")
    bad_st("header_length_200mb", struct.pack("<Q", 200_000_000) + b"{}", "exceeds the limit of 100000000")
    bad_st("header_length_2p64_minus_1", struct.pack("<Q", 2**64 - 1) + b"{}", "exceeds the limit")
    bad_st("truncated_in_header", base[:40], "runs past the end")
    # --- the JSON header
    bad_st("header_not_json", st(b"this is not JSON at all", b""), "invalid JSON")
    bad_st("header_trailing_garbage", st(json.dumps(base_header()).encode() + b"}}", BASE_DATA), "invalid JSON")
    bad_st("header_nul_then_garbage", st(json.dumps(base_header()).encode() + b"\0garbage", BASE_DATA),
           "invalid JSON: NUL byte at byte")
    bad_st("header_json_array", st(b"[1, 2, 3]", b""), "header must be a JSON object")
    bad_st("header_json_string", st(b'"F32"', b""), "header must be a JSON object")
    bad_st("header_empty", st(b"", b""), "invalid JSON")
    bad_st("non_utf8_tensor_name", st(b'{"caf\xe9":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', b"\0" * 4),
           "not valid UTF-8")
    bad_st("deeply_nested", st(b"[" * 100_000, b""), "nested deeper than 64")
    bad_st("deeply_nested_metadata", st(b'{"__metadata__":' + b'{"a":' * 100 + b'"x"' + b"}" * 101, b""),
           "nested deeper than 64")
    dup = json.dumps(base_header(), separators=(",", ":"))[:-1] + \
        ',"a.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}'
    bad_st("duplicate_tensor_names", st(dup.encode(), BASE_DATA), "duplicate key 'a.weight'", ref_ok=True)
    bad_st("number_overflow", st(b'{"a":{"dtype":"F32","shape":[1e999],"data_offsets":[0,4]}}', b"\0" * 4),
           "invalid JSON")
    bad_st("metadata_not_strings", st(dict(base_header(), __metadata__={"step": 5}), BASE_DATA),
           "__metadata__ value 'step' must be a string")
    bad_st("entry_not_object", st(dict(base_header(), **{"c.weight": [1, 2]}), BASE_DATA),
           "tensor 'c.weight': entry must be a JSON object")
    # --- dtype
    bad_st("dtype_unknown", st(with_tensor("a.weight", dtype="Q9_X"), BASE_DATA), "unknown dtype 'Q9_X'")
    bad_st("dtype_i64", st(with_tensor("b.weight", dtype="I64", shape=[5], data_offsets=[24, 64]),
                           BASE_DATA + b"\0" * 30), "unsupported dtype 'I64'", ref_ok=True)
    h = with_tensor("a.weight", dtype="F64", data_offsets=[0, 48])
    h["b.weight"]["data_offsets"] = [48, 58]
    bad_st("dtype_f64", st(h, BASE_DATA[:24] + b"\0" * 24 + BASE_DATA[24:]), "unsupported dtype 'F64'", ref_ok=True)
    bad_st("dtype_bool", st(with_tensor("b.weight", dtype="BOOL", data_offsets=[24, 29]), BASE_DATA[:29]),
           "unsupported dtype 'BOOL'", ref_ok=True)
    bad_st("dtype_lowercase", st(with_tensor("a.weight", dtype="f32"), BASE_DATA), "unknown dtype 'f32'")
    bad_st("dtype_not_string", st(with_tensor("a.weight", dtype=32), BASE_DATA),
           "tensor 'a.weight': field 'dtype' must be a string")
    bad_st("missing_dtype", st(without_field("a.weight", "dtype"), BASE_DATA), "tensor 'a.weight': missing field 'dtype'")
    # --- shape
    bad_st("missing_shape", st(without_field("b.weight", "shape"), BASE_DATA), "tensor 'b.weight': missing field 'shape'")
    bad_st("shape_not_array", st(with_tensor("b.weight", shape=5), BASE_DATA), "field 'shape' must be an array")
    bad_st("shape_float_dim", st(with_tensor("b.weight", shape=[5.0]), BASE_DATA), "field 'shape' must be an array")
    bad_st("negative_dim", st(with_tensor("a.weight", shape=[-2, -3]), BASE_DATA), "negative dimension -2")
    bad_st("nine_dims", st(with_tensor("a.weight", shape=[1, 1, 1, 2, 1, 3, 1, 1, 1]), BASE_DATA),
           "9 dimensions, more than 8", ref_ok=True)
    bad_st("dims_overflow", st(with_tensor("a.weight", shape=[2**32, 2**32, 2]), BASE_DATA), "overflows")
    h = with_tensor("a.weight", shape=[2**40, 2**40, 0], data_offsets=[0, 0])
    h["b.weight"]["data_offsets"] = [0, 10]
    bad_st("dims_overflow_with_zero", st(h, BASE_DATA[24:]), "overflows")
    bad_st("dim_above_int64", st(with_tensor("a.weight", shape=[2**64 - 1]), BASE_DATA), "is too large")
    bad_st("elements_times_size_overflow", st(with_tensor("a.weight", shape=[2**62 + 1]), BASE_DATA), "overflows")
    # --- data_offsets
    bad_st("missing_data_offsets", st(without_field("a.weight", "data_offsets"), BASE_DATA),
           "tensor 'a.weight': missing field 'data_offsets'")
    bad_st("data_offsets_three_values", st(with_tensor("a.weight", data_offsets=[0, 24, 48]), BASE_DATA),
           "must be [begin, end]")
    bad_st("data_offsets_negative", st(with_tensor("a.weight", data_offsets=[-24, 0]), BASE_DATA),
           "must be [begin, end]")
    bad_st("begin_after_end", st(with_tensor("a.weight", data_offsets=[24, 0]), BASE_DATA), "begins after it ends")
    bad_st("size_mismatch", st(with_tensor("a.weight", shape=[2, 4]), BASE_DATA),
           "needs 32 bytes but data range 0..24 holds 24")
    bad_st("offsets_past_end", st(with_tensor("b.weight", shape=[49999982], data_offsets=[24, 99999988]), BASE_DATA),
           "tensor 'b.weight': data range 24..99999988 ends past the file (34 bytes of tensor data)")
    bad_st("truncated_in_data", base[:-3], "tensor 'b.weight': data range 24..34 ends past the file")
    bad_st("overlapping_ranges", st(with_tensor("b.weight", data_offsets=[20, 30]), BASE_DATA[:30]),
           "tensor 'b.weight' data range 20..30 overlaps tensor 'a.weight' (0..24)")
    bad_st("gap_between_ranges", st(with_tensor("b.weight", data_offsets=[28, 38]), BASE_DATA + b"\0" * 4),
           "gap of 4 bytes before tensor 'b.weight'")
    h = base_header()
    h["a.weight"]["data_offsets"] = [8, 32]
    h["b.weight"]["data_offsets"] = [32, 42]
    bad_st("first_range_not_at_zero", st(h, b"\0" * 8 + BASE_DATA), "gap of 8 bytes before tensor 'a.weight'")
    bad_st("trailing_bytes", st(base_header(), BASE_DATA + b"\0" * 16), "16 bytes after the last tensor's data")
    bad_st("no_tensors_but_data", st({"__metadata__": {}}, b"\0" * 8), "8 bytes after the last tensor's data")

    # --- model directories with a bad config.json
    def bad_dir(name, files, reader, file, reason):
        d = BAD / name
        d.mkdir()
        for fname, content in files.items():
            (d / fname).write_bytes(content if isinstance(content, bytes) else content.encode())
        expected[name] = {"reader": reader, "file": file, "reason": reason}

    def bad_config(name, text, reason):
        bad_dir(f"bad_config_{name}", {"config.json": text, "model.safetensors": TINY_MODEL}, "config",
                "config.json", reason)

    bad_config("invalid_json", config_with()[:-3] + ",,}", "invalid JSON")
    bad_config("empty_file", "", "invalid JSON")
    bad_config("not_object", "[4096, 32]", "must be a JSON object")
    bad_config("not_utf8", config_with().replace('"silu"', '"s\udce9lu"').encode("utf-8", "surrogateescape"),
               "not valid UTF-8")
    bad_config("deeply_nested", '{"x": ' + "[" * 5000 + "]" * 5000 + "}", "nested deeper than 64")
    bad_config("duplicate_key", config_with()[:-2] + ',\n  "hidden_size": 128\n}\n', "duplicate key 'hidden_size'")
    bad_config("hidden_size_string", config_with(hidden_size="64"), "field 'hidden_size' must be an integer")
    bad_config("layers_float", config_with(num_hidden_layers=2.0), "field 'num_hidden_layers' must be an integer")
    bad_config("eps_string", config_with(rms_norm_eps="1e-5"), "field 'rms_norm_eps' must be a number")
    bad_config("tie_string", config_with(tie_word_embeddings="false"), "field 'tie_word_embeddings' must be a boolean")
    bad_config("huge_integer", config_with(vocab_size=10**30), "field 'vocab_size' must be an integer")
    bad_config("missing_hidden_size", config_with(hidden_size=DROP), "missing field 'hidden_size'")
    bad_config("zero_layers", config_with(num_hidden_layers=0), "num_hidden_layers 0 out of range")
    bad_config("negative_hidden", config_with(hidden_size=-64, head_dim=16), "hidden_size -64 out of range")
    bad_config("heads_not_divisible_by_kv", config_with(num_key_value_heads=3),
               "num_key_value_heads 3 must divide num_attention_heads 4")
    bad_config("hidden_not_divisible_by_heads", config_with(hidden_size=66),
               "hidden_size 66 is not divisible by num_attention_heads 4")
    bad_config("head_dim_odd", config_with(head_dim=15), "head_dim 15 must be even")
    bad_config("sliding_window_negative", config_with(sliding_window=-1), "sliding_window -1 out of range")
    bad_config("bos_out_of_vocab", config_with(bos_token_id=100), "bos/eos token id outside the vocabulary")
    bad_config("eos_empty_list", config_with(eos_token_id=[]), "field 'eos_token_id' is an empty list")
    bad_config("eos_string", config_with(eos_token_id="</s>"), "field 'eos_token_id' must be an integer")
    bad_config("unsupported_architecture", config_with(architectures=["Qwen2ForCausalLM"], model_type="qwen2"),
               "unsupported architecture 'Qwen2ForCausalLM'")
    bad_config("unsupported_model_type", config_with(architectures=DROP, model_type="gpt2"),
               "unsupported model_type 'gpt2'")
    bad_config("no_architecture", config_with(architectures=DROP, model_type=DROP), "missing field 'architectures'")
    bad_config("architectures_not_list", config_with(architectures="MistralForCausalLM"),
               "field 'architectures' must be a non-empty list of strings")
    bad_config("rope_scaling_linear", config_with(rope_scaling={"type": "linear", "factor": 2.0}),
               "rope_scaling 'linear' is not supported")
    bad_config("rope_scaling_llama3", config_with(rope_scaling={
        "factor": 8.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
        "original_max_position_embeddings": 8192, "rope_type": "llama3"}), "rope_scaling 'llama3' is not supported")
    bad_config("hidden_act_gelu", config_with(hidden_act="gelu"), "hidden_act 'gelu' is not supported")
    bad_config("attention_bias", config_with(attention_bias=True), "attention_bias true is not supported")
    bad_dir("bad_config_missing", {"model.safetensors": TINY_MODEL}, "config", "config.json", "cannot open")

    # --- model directories with bad weights (the config is fine)
    good_config = config_with()
    shard1 = np_save({"model.embed_tokens.weight": np.zeros((4, 3), dtype="<f4")})
    shard2 = np_save({"lm_head.weight": np.ones((4, 3), dtype="<f4")})

    def index(weight_map):
        return json.dumps({"metadata": {"total_size": 96}, "weight_map": weight_map}, indent=2) + "\n"

    def bad_checkpoint(name, files, file, reason):
        bad_dir(f"bad_checkpoint_{name}", dict({"config.json": good_config}, **files), "checkpoint", file, reason)

    idx = "model.safetensors.index.json"
    s1, s2 = "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"
    bad_checkpoint("missing_shard", {idx: index({"model.embed_tokens.weight": s1, "lm_head.weight": s2}), s1: shard1},
                   idx, f"shard '{s2}' (for tensor 'lm_head.weight') does not exist")
    bad_checkpoint("dotdot_shard", {idx: index({"model.embed_tokens.weight": s1, "lm_head.weight": "../" + s2}),
                                    s1: shard1}, idx, "is not a plain file name")
    bad_checkpoint("dotdot_only", {idx: index({"model.embed_tokens.weight": ".."}), s1: shard1}, idx,
                   "shard '..' for tensor 'model.embed_tokens.weight' is not a plain file name")
    bad_checkpoint("absolute_shard", {idx: index({"model.embed_tokens.weight": "/etc/passwd"}), s1: shard1}, idx,
                   "is not a plain file name")
    bad_checkpoint("tensor_not_in_shard", {idx: index({"model.embed_tokens.weight": s1, "lm_head.weight": s1}),
                                           s1: shard1}, idx, f"tensor 'lm_head.weight' is not in shard '{s1}'")
    bad_checkpoint("tensor_in_wrong_shard", {idx: index({"model.embed_tokens.weight": s2, "lm_head.weight": s1}),
                                             s1: shard1, s2: shard2}, s1, "places it in")
    extra = np_save({"lm_head.weight": np.ones((4, 3), dtype="<f4"), "extra.weight": np.ones(2, dtype="<f4")})
    bad_checkpoint("tensor_not_listed", {idx: index({"lm_head.weight": s2}), s2: extra}, s2,
                   "tensor 'extra.weight' is not listed in")
    bad_checkpoint("index_invalid_json", {idx: '{"weight_map": {"a": "b",}}', s1: shard1}, idx, "invalid JSON")
    bad_checkpoint("index_no_weight_map", {idx: '{"metadata": {}}', s1: shard1}, idx, "missing field 'weight_map'")
    bad_checkpoint("index_weight_map_list", {idx: '{"weight_map": ["' + s1 + '"]}', s1: shard1}, idx,
                   "field 'weight_map' must be an object")
    bad_checkpoint("index_empty_weight_map", {idx: '{"weight_map": {}}', s1: shard1}, idx, "weight_map is empty")
    bad_checkpoint("bad_shard_file", {idx: index({"model.embed_tokens.weight": s1}), s1: shard1[:-4]}, s1,
                   "ends past the file")
    bad_checkpoint("duplicate_across_files", {"a.safetensors": shard1, "b.safetensors": shard1}, "b.safetensors",
                   "tensor 'model.embed_tokens.weight' is also in")
    bad_checkpoint("no_weights", {"weights.bin": b"\0" * 16}, "bad_checkpoint_no_weights",
                   "no model.safetensors, model.safetensors.index.json or *.safetensors file")
    bad_checkpoint("single_file_bad", {"model.safetensors": TINY_MODEL[:8] + b"[" + TINY_MODEL[9:]}, "model.safetensors",
                   "invalid JSON")

    EXPECTED.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    total = sum(p.stat().st_size for p in BAD.rglob("*") if p.is_file() and
                (p.name.startswith("safetensors_") or p.parent.name.startswith(("bad_config_", "bad_checkpoint_"))))
    print(f"wrote {len(expected)} bad safetensors files and model directories ({total} bytes) into {BAD}")


if __name__ == "__main__":
    main()
