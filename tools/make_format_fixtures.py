#!/usr/bin/env python3
"""safetensors files and config.json files written by the reference libraries, for
tests/engine/test_safetensors.cpp and tests/engine/test_hf_config.cpp.

Writes tests/fixtures/format/:
  mixed.safetensors       safetensors.numpy.save_file: F32/F16 tensors of odd shapes (a scalar, an
                          empty [0, 4], eight dims, inf/-0/subnormal/NaN halves) and __metadata__
  bf16.safetensors        safetensors.torch.save_file: BF16 (with specials), F32 and F16 tensors
  unaligned.safetensors   written here byte by byte, then loaded by safetensors.numpy to prove it
                          valid: a header of odd length and an F32 tensor after an F16 one of
                          odd length, so tensor data starts at odd file offsets
  single/                 model.safetensors plus consolidated.safetensors, which must be ignored
  unindexed/              b.safetensors, a.safetensors and notes.txt (no index, no model.safetensors)
  sharded/                a tiny LlamaForCausalLM saved by transformers' save_pretrained in two
                          shards with model.safetensors.index.json, and its config.json
  expected.json           per file: metadata, tensors in data-offset order (name, dtype, shape,
                          data_offsets as the Python header parse reads them, index into
                          expected.bin); per directory: the file of each tensor
  expected.bin            little-endian float32 values of every tensor, from the numpy/torch arrays
  configs/*.json          config.json files as published for Mistral 7B v0.1 / v0.3, Mistral Nemo
                          (head_dim 128 != 5120 / 32), Llama 2 7B, TinyLlama, a Llama 3 style one
                          with an eos list, one with sliding_window left out, one with model_type
                          only, and sharded/config.json
  configs/expected.json   what transformers' AutoConfig makes of each (eos list -> first element;
                          window 0 for Llama and for a null sliding_window)

Deterministic and re-runnable:  tools/.venv/bin/python tools/make_format_fixtures.py
"""
import json
import shutil
import struct
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import load_file as np_load_file
from safetensors.numpy import save_file as np_save_file
from safetensors.torch import save_file as torch_save_file

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "format"

DTYPE_NAMES = {np.dtype("<f4"): "F32", np.dtype("<f2"): "F16"}


def header_of(path):
    """The JSON header of a safetensors file, parsed here with struct + json (not by our reader)."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    return json.loads(raw[8:8 + n])


class Expected:
    """Collects float32 reference values and per-file descriptions."""

    def __init__(self):
        self.values = []
        self.count = 0
        self.files = {}
        self.dirs = {}

    def add_file(self, rel, arrays):
        """arrays: name -> float32 numpy array (the reference values of that tensor)."""
        header = header_of(OUT / rel)
        meta = header.pop("__metadata__", {})
        tensors = []
        for name, info in sorted(header.items(), key=lambda kv: (kv[1]["data_offsets"], kv[0])):
            ref = np.array(arrays[name], dtype="<f4", order="C")
            assert list(ref.shape) == info["shape"], name
            tensors.append({"name": name, "dtype": info["dtype"], "shape": info["shape"],
                            "data_offsets": info["data_offsets"], "value_index": self.count,
                            "numel": int(ref.size)})
            self.values.append(ref.reshape(-1))
            self.count += ref.size
        assert set(arrays) == {t["name"] for t in tensors}
        self.files[rel] = {"metadata": meta, "tensors": tensors}

    def write(self):
        (OUT / "expected.json").write_text(
            json.dumps({"files": self.files, "dirs": self.dirs}, indent=1, sort_keys=True) + "\n")
        np.concatenate(self.values).astype("<f4").tofile(OUT / "expected.bin")


def f16_specials():
    return np.array([0.0, -0.0, 1.0, -2.5, 65504.0, np.inf, -np.inf, 6e-8, 6.1e-5, 1 / 3, np.nan],
                    dtype="<f2")


def write_mixed(exp, rng):
    arrays = {
        "layers.0.attention.wq.weight": rng.standard_normal((3, 5, 7)).astype("<f4"),
        "norm.weight": rng.standard_normal(13).astype("<f2"),
        "specials.f16": f16_specials(),
        "scalar": np.array(-7.25, dtype="<f4"),
        "empty": np.zeros((0, 4), dtype="<f4"),
        "eight_dims": rng.standard_normal((1, 2, 1, 3, 1, 1, 2, 1)).astype("<f2"),
        "big.f32": (rng.standard_normal((17, 9)) * 1e3).astype("<f4"),
    }
    np_save_file(arrays, str(OUT / "mixed.safetensors"),
                 metadata={"format": "np", "note": "tools/make_format_fixtures.py"})
    exp.add_file("mixed.safetensors", {k: v.astype("<f4") for k, v in arrays.items()})


def write_bf16(exp):
    g = torch.Generator().manual_seed(7)
    specials = torch.tensor([0.0, -0.0, 1.0, -3.0e38, 1e-40, float("inf"), float("-inf"), 0.1, float("nan")],
                            dtype=torch.float32).to(torch.bfloat16)
    tensors = {
        "model.embed_tokens.weight": torch.randn(17, 3, generator=g).to(torch.bfloat16),
        "specials.bf16": specials,
        "model.norm.weight": torch.randn(2, 2, generator=g),
        "lm_head.weight": torch.randn(7, 1, generator=g).to(torch.float16),
    }
    torch_save_file(tensors, str(OUT / "bf16.safetensors"), metadata={"format": "pt"})
    exp.add_file("bf16.safetensors", {k: v.float().numpy() for k, v in tensors.items()})


def write_unaligned(exp):
    a = np.array([1.5, -0.25, 3.0], dtype="<f2")           # 6 bytes at 0..6
    b = np.array([1e-3, -123456.75], dtype="<f4")          # 8 bytes at 6..14: starts at an odd file offset
    header = {"a.f16": {"dtype": "F16", "shape": [3], "data_offsets": [0, 6]},
              "b.f32": {"dtype": "F32", "shape": [2], "data_offsets": [6, 14]}}
    hb = json.dumps(header, separators=(",", ":")).encode()
    if len(hb) % 2 == 0:
        hb += b" "                                          # odd header length: data starts at odd offsets
    path = OUT / "unaligned.safetensors"
    path.write_bytes(struct.pack("<Q", len(hb)) + hb + a.tobytes() + b.tobytes())
    assert (8 + len(hb)) % 2 == 1, "the F32 tensor should start at an odd file offset"
    loaded = np_load_file(str(path))   # the reference reader accepts it and reads the same values
    assert np.array_equal(loaded["a.f16"], a) and np.array_equal(loaded["b.f32"], b)
    exp.add_file("unaligned.safetensors", {"a.f16": a.astype("<f4"), "b.f32": b})


def write_single_and_unindexed(exp, rng):
    single = OUT / "single"
    single.mkdir()
    m = {"model.embed_tokens.weight": rng.standard_normal((5, 3)).astype("<f4")}
    c = {"tok_embeddings.weight": rng.standard_normal((5, 3)).astype("<f4")}
    np_save_file(m, str(single / "model.safetensors"))
    np_save_file(c, str(single / "consolidated.safetensors"))
    exp.add_file("single/model.safetensors", m)
    exp.dirs["single"] = {"model.embed_tokens.weight": "model.safetensors"}

    unindexed = OUT / "unindexed"
    unindexed.mkdir()
    a = {"x.weight": rng.standard_normal((2, 2)).astype("<f4"), "y.weight": rng.standard_normal(3).astype("<f2")}
    b = {"z.weight": rng.standard_normal((1, 4)).astype("<f4")}
    np_save_file(b, str(unindexed / "b.safetensors"))
    np_save_file(a, str(unindexed / "a.safetensors"))
    (unindexed / "notes.txt").write_text("not a weight file\n")
    exp.add_file("unindexed/a.safetensors", {k: v.astype("<f4") for k, v in a.items()})
    exp.add_file("unindexed/b.safetensors", b)
    exp.dirs["unindexed"] = {"x.weight": "a.safetensors", "y.weight": "a.safetensors", "z.weight": "b.safetensors"}


def write_sharded(exp):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    cfg = LlamaConfig(hidden_size=16, intermediate_size=40, num_hidden_layers=2, num_attention_heads=4,
                      num_key_value_heads=2, vocab_size=48, max_position_embeddings=64, rms_norm_eps=1e-5,
                      tie_word_embeddings=False)
    model = LlamaForCausalLM(cfg).eval()
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    total = sum(v.numel() * 4 for v in state.values())
    out = OUT / "sharded"
    for shard_size in range(total // 2, total, 256):   # the smallest size giving exactly two shards
        if out.exists():
            shutil.rmtree(out)
        model.save_pretrained(str(out), max_shard_size=shard_size, safe_serialization=True)
        if len(list(out.glob("*.safetensors"))) == 2:
            break
    else:
        raise SystemExit("could not make exactly two shards")
    (out / "generation_config.json").unlink(missing_ok=True)
    index = json.loads((out / "model.safetensors.index.json").read_text())
    shards = sorted(set(index["weight_map"].values()))
    assert shards == ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"], shards
    for shard in shards:
        names = [k for k, v in index["weight_map"].items() if v == shard]
        exp.add_file(f"sharded/{shard}", {k: state[k].float().numpy() for k in names})
    exp.dirs["sharded"] = dict(index["weight_map"])


# config.json files as published on the Hugging Face hub (transformers_version as there).
CONFIGS = {
    "mistral_7b_v0.1": {
        "architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
        "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336,
        "max_position_embeddings": 32768, "model_type": "mistral", "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
        "sliding_window": 4096, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "transformers_version": "4.34.0.dev0", "use_cache": True, "vocab_size": 32000},
    "mistral_7b_v0.3": {
        "architectures": ["MistralForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 1, "eos_token_id": 2,
        "hidden_act": "silu", "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336,
        "max_position_embeddings": 32768, "model_type": "mistral", "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05, "rope_theta": 1000000.0,
        "sliding_window": None, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "transformers_version": "4.42.0.dev0", "use_cache": True, "vocab_size": 32768},
    "mistral_nemo_12b": {
        "architectures": ["MistralForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 1, "eos_token_id": 2,
        "head_dim": 128, "hidden_act": "silu", "hidden_size": 5120, "initializer_range": 0.02,
        "intermediate_size": 14336, "max_position_embeddings": 1024000, "model_type": "mistral",
        "num_attention_heads": 32, "num_hidden_layers": 40, "num_key_value_heads": 8, "rms_norm_eps": 1e-05,
        "rope_theta": 1000000.0, "sliding_window": None, "tie_word_embeddings": False,
        "torch_dtype": "bfloat16", "transformers_version": "4.43.0.dev0", "use_cache": True,
        "vocab_size": 131072},
    "llama_2_7b": {
        "architectures": ["LlamaForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
        "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 11008,
        "max_position_embeddings": 4096, "model_type": "llama", "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 32, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
        "rope_scaling": None, "tie_word_embeddings": False, "torch_dtype": "float16",
        "transformers_version": "4.31.0.dev0", "use_cache": True, "vocab_size": 32000},
    "tinyllama_1.1b": {
        "architectures": ["LlamaForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
        "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 5632,
        "max_position_embeddings": 2048, "model_type": "llama", "num_attention_heads": 32,
        "num_hidden_layers": 22, "num_key_value_heads": 4, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
        "rope_scaling": None, "rope_theta": 10000.0, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "transformers_version": "4.35.0", "use_cache": True, "vocab_size": 32000},
    "llama_3_8b_eos_list": {
        "architectures": ["LlamaForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
        "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009], "hidden_act": "silu",
        "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336,
        "max_position_embeddings": 8192, "mlp_bias": False, "model_type": "llama", "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
        "rope_scaling": None, "rope_theta": 500000.0, "tie_word_embeddings": False,
        "torch_dtype": "bfloat16", "transformers_version": "4.40.0.dev0", "use_cache": True,
        "vocab_size": 128256},
    # Small made-up ones for the defaults.
    "mistral_window_left_out": {
        "architectures": ["MistralForCausalLM"], "hidden_size": 256, "intermediate_size": 704,
        "max_position_embeddings": 8192, "model_type": "mistral", "num_attention_heads": 8,
        "num_hidden_layers": 3, "rms_norm_eps": 1e-06, "vocab_size": 1000},
    "llama_model_type_only_tied": {
        "model_type": "llama", "hidden_size": 96, "intermediate_size": 200, "max_position_embeddings": 512,
        "num_attention_heads": 6, "num_key_value_heads": 2, "num_hidden_layers": 1, "rms_norm_eps": 1e-06,
        "rope_theta": 50000, "tie_word_embeddings": True, "vocab_size": 300, "bos_token_id": 0,
        "eos_token_id": [5], "sliding_window": 17},
}


def expected_config(path):
    """What transformers makes of config.json, in ModelConfig's terms."""
    from transformers import AutoConfig

    cfg = AutoConfig.from_pretrained(str(path))
    arch = cfg.architectures[0] if cfg.architectures else {"mistral": "MistralForCausalLM",
                                                            "llama": "LlamaForCausalLM"}[cfg.model_type]
    eos = cfg.eos_token_id[0] if isinstance(cfg.eos_token_id, list) else cfg.eos_token_id
    window = (getattr(cfg, "sliding_window", None) or 0) if arch == "MistralForCausalLM" else 0
    return {"arch": {"MistralForCausalLM": "mistral", "LlamaForCausalLM": "llama"}[arch],
            "n_embd": cfg.hidden_size, "n_ff": cfg.intermediate_size, "n_layer": cfg.num_hidden_layers,
            "n_head": cfg.num_attention_heads, "n_head_kv": cfg.num_key_value_heads, "head_dim": cfg.head_dim,
            "n_vocab": cfg.vocab_size, "rms_eps": cfg.rms_norm_eps, "rope_theta": cfg.rope_theta,
            "window": window, "n_ctx_max": cfg.max_position_embeddings,
            "tie_embeddings": cfg.tie_word_embeddings, "bos_id": cfg.bos_token_id, "eos_id": eos}


def write_configs():
    cdir = OUT / "configs"
    cdir.mkdir()
    expected = {}
    for name, cfg in CONFIGS.items():
        path = cdir / f"{name}.json"
        path.write_text(json.dumps(cfg, indent=2, sort_keys=True) + "\n")
        expected[f"configs/{name}.json"] = expected_config(path)
    expected["sharded/config.json"] = expected_config(OUT / "sharded" / "config.json")
    (cdir / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


def main():
    if OUT.exists():
        shutil.rmtree(OUT / "single", ignore_errors=True)
        shutil.rmtree(OUT / "unindexed", ignore_errors=True)
        shutil.rmtree(OUT / "sharded", ignore_errors=True)
        shutil.rmtree(OUT / "configs", ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20240611)
    exp = Expected()
    write_mixed(exp, rng)
    write_bf16(exp)
    write_unaligned(exp)
    write_single_and_unindexed(exp, rng)
    write_sharded(exp)
    write_configs()
    exp.write()
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT} ({total} bytes)")


if __name__ == "__main__":
    main()
