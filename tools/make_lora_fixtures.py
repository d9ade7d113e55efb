#!/usr/bin/env python3
"""PEFT LoRA adapters on the fixture models, with peft's reference logits.

Writes tests/fixtures/lora/:
  (adapters on model "gguf" are for tests/fixtures/gguf_models, whose HF form make_gguf_models.py rebuilds)
  <adapter>/adapter_config.json, adapter_model.safetensors   PeftModel.save_pretrained (F32; the
                                                              model card README.md is removed)
  refs/<case>.npy        float32 [len(prompt), n_vocab]: logits of every prompt position
  ref.json               {"cases": [{"name", "model", "prompt", "adapters": [[name, scale], ...],
                                     "file", "max_abs"}],
                          "toggle": {"model", "adapter", "prompt", "segments": [[begin, end, on], ...],
                                     "file", "max_abs"}}
  bad/<case>/            malformed adapters (see make_bad), each made from a good one
  gguf_r4_all.gguf, gqa_r8_attn.gguf   the PEFT adapters of those names as llama.cpp GGUF LoRA files
                         (write_gguf_lora; the second in F16, so its reference is only close)

Adapters are made with PyPI peft (0.13.2) on tests/fixtures/models/<model> (F32): LoraConfig,
get_peft_model, then every lora_A / lora_B weight is overwritten with seeded Gaussian values
(B is random and non-zero, unlike peft's default zero init, so that the delta matters).

References are peft's own forward pass, unmerged, in float64 (eager attention) from exactly the
stored float32 weights, then cast to float32. The script also checks that merge_and_unload()
gives the same logits (within 1e-9 relative) as the unmerged model.

Scales: a user scale s multiplies every LoRA layer's `scaling[adapter]` (alpha/r, or
alpha/sqrt(r) with use_rslora) by s, which is what LoraLayer.scale_layer(s) does; peft's
set_scale() is not used because it forgets use_rslora.

Stacked adapters: base_model.set_adapter([a, b]) makes both active in every LoRA layer, whose
forward then adds scaling_a * B_a(A_a x) + scaling_b * B_b(A_b x): the sum of the deltas. (peft's
add_weighted_adapter would build one combined adapter instead, which is not the same thing.)

Toggle case (the engine's cache policy, engine/lora/adapter.h): one prompt fed in segments through
peft's model with past_key_values; the adapter is on for some segments and off (disable_adapter())
for others; the KV rows computed earlier are kept as they were computed.

Deterministic (seeded) and re-runnable: tools/.venv/bin/python tools/make_lora_fixtures.py [--out DIR]
"""
import argparse
import copy
import json
import math
import os
import shutil

import numpy as np
import torch
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors.torch import load_file, save_file
from transformers import AutoModelForCausalLM, DynamicCache

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "tests", "fixtures", "models")

ATTN = ["q_proj", "k_proj", "v_proj", "o_proj"]
ALL = ATTN + ["gate_proj", "up_proj", "down_proj"]

# name: base model, LoraConfig arguments, seed
ADAPTERS = {
    # rank 8, attention only, alpha 16 (scaling 2)
    "gqa_r8_attn": dict(model="gqa", seed=11, cfg=dict(r=8, lora_alpha=16, target_modules=ATTN)),
    # rank 16, all linear, use_rslora (scaling 8 / sqrt(16) = 2)
    "gqa_r16_all_rslora": dict(model="gqa", seed=12, cfg=dict(r=16, lora_alpha=8, target_modules=ALL,
                                                              use_rslora=True)),
    # rank 1, a subset of projections, layer 1 only, use_rslora (scaling 3)
    "gqa_r1_layer1": dict(model="gqa", seed=13, cfg=dict(r=1, lora_alpha=3, target_modules=["v_proj", "o_proj",
                                                                                           "down_proj"],
                                                         layers_to_transform=[1], use_rslora=True)),
    # rank 4, all linear, on the Mistral model of tests/fixtures/gguf_models (its HF form, rebuilt by
    # make_gguf_models.build_model): the engine must permute B's q/k rows as the GGUF's Q/K rows are
    "gguf_r4_all": dict(model="gguf", seed=15, cfg=dict(r=4, lora_alpha=6, target_modules="all-linear")),
    # rank 8 on the MHA model, target_modules as a regex string, all linear, alpha 4 (scaling 0.5)
    "mha_r8_regex": dict(model="mha", seed=14, cfg=dict(r=8, lora_alpha=4,
                                                        target_modules=r".*\.(q_proj|k_proj|v_proj|o_proj|gate_proj|up_proj|down_proj)")),
}

# name: adapter lists [[adapter, scale], ...] on one model, prompt index of that model's ref.json
CASES = []
for _name in ADAPTERS:
    for _s in (1.0, 0.5):
        # (gguf: its 16-token prompt)
        CASES.append(dict(name=f"{_name}_s{_s:g}", model=ADAPTERS[_name]["model"],
                          prompt=1 if ADAPTERS[_name]["model"] == "gguf" else 0,
                          adapters=[[_name, _s]]))
CASES.append(dict(name="stack_r8_r16", model="gqa", prompt=0,
                  adapters=[["gqa_r8_attn", 1.0], ["gqa_r16_all_rslora", 1.0]]))
CASES.append(dict(name="stack_r8_r16_r1_scaled", model="gqa", prompt=1,
                  adapters=[["gqa_r8_attn", 0.5], ["gqa_r16_all_rslora", 1.5], ["gqa_r1_layer1", 2.0]]))

TOGGLE = dict(model="gqa", adapter="gqa_r8_attn", prompt=0, segments=[[0, 10, True], [10, 18, False],
                                                                       [18, 24, True]])


def load_base(model_name):
    if model_name == "gguf":  # the float32 weights of tests/fixtures/gguf_models/model-f32.gguf, HF layout
        import sys
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import make_gguf_models
        return make_gguf_models.build_model(len(make_gguf_models.vocabulary()[0])).float()
    return AutoModelForCausalLM.from_pretrained(os.path.join(MODELS, model_name), torch_dtype=torch.float32,
                                                attn_implementation="eager")


def prompt_of(model_name, k):
    ref = os.path.join(ROOT, "tests", "fixtures", "gguf_models", "ref.json") if model_name == "gguf" else \
        os.path.join(MODELS, model_name, "ref.json")
    with open(ref) as f:
        return json.load(f)["prompts"][k]


def make_adapter(name, spec, out_dir):
    torch.manual_seed(spec["seed"])
    base = load_base(spec["model"])
    peft_model = get_peft_model(base, LoraConfig(**spec["cfg"]), adapter_name="default")
    gen = torch.Generator().manual_seed(spec["seed"])
    n = 0
    with torch.no_grad():
        for mod_name, mod in peft_model.named_modules():
            if hasattr(mod, "lora_A") and "default" in getattr(mod, "lora_A", {}):
                a = mod.lora_A["default"].weight
                b = mod.lora_B["default"].weight
                a.copy_(torch.randn(a.shape, generator=gen, dtype=torch.float64).float() / math.sqrt(a.shape[1]))
                b.copy_(torch.randn(b.shape, generator=gen, dtype=torch.float64).float() * 0.3 / math.sqrt(b.shape[1]))
                n += 1
    assert n > 0, name
    d = os.path.join(out_dir, name)
    shutil.rmtree(d, ignore_errors=True)
    peft_model.save_pretrained(d)
    cfg_path = os.path.join(d, "adapter_config.json")
    with open(cfg_path) as f:
        cfg = json.load(f)
    if isinstance(cfg["target_modules"], list):  # peft keeps a set: its order varies from run to run
        cfg["target_modules"] = sorted(cfg["target_modules"])
    cfg["base_model_name_or_path"] = ("tests/fixtures/gguf_models/model-f32.gguf" if spec["model"] == "gguf" else
                                      "tests/fixtures/models/" + spec["model"])  # not this machine's path
    with open(cfg_path, "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
    readme = os.path.join(d, "README.md")
    if os.path.exists(readme):
        os.remove(readme)
    print(f"{name}: {n} LoRA layers")


def peft_with(model_name, adapters, out_dir):
    """peft's model in float64 with the named adapters loaded (each under its own name)."""
    base = load_base(model_name)
    first = adapters[0][0]
    pm = PeftModel.from_pretrained(base, os.path.join(out_dir, first), adapter_name=first)
    for a, _ in adapters[1:]:
        pm.load_adapter(os.path.join(out_dir, a), adapter_name=a)
    pm = pm.double()
    pm.eval()
    names = [a for a, _ in adapters]
    pm.base_model.set_adapter(names if len(names) > 1 else names[0])
    # user scale: multiply each layer's scaling (what LoraLayer.scale_layer does)
    for mod in pm.modules():
        if hasattr(mod, "scaling") and isinstance(mod.scaling, dict):
            for a, s in adapters:
                if a in mod.scaling:
                    mod.scaling[a] = mod.scaling[a] * s
    return pm


def head64(model, out):
    """float64 logits from the final (normed) hidden state: transformers casts .logits to float32."""
    return out.hidden_states[-1][0].double() @ model.get_output_embeddings().weight.double().T


def logits64(model, ids):
    with torch.no_grad():
        return head64(model, model(torch.tensor([ids]), use_cache=False, output_hidden_states=True))


def make_case(case, out_dir):
    ids = prompt_of(case["model"], case["prompt"])
    pm = peft_with(case["model"], case["adapters"], out_dir)
    unmerged = logits64(pm, ids)
    base_model = load_base(case["model"]).double()
    base = logits64(base_model, ids)
    rel_delta = float((unmerged - base).abs().max() / base.abs().max())
    assert rel_delta > 0.05, f"{case['name']}: the adapter hardly changes the logits ({rel_delta})"
    # merged must equal unmerged (a merge of all active adapters at their scalings)
    merged_model = copy.deepcopy(pm).merge_and_unload()
    merged = logits64(merged_model, ids)
    err = float((merged - unmerged).abs().max() / unmerged.abs().max())
    assert err < 1e-9, f"{case['name']}: merged vs unmerged {err}"
    np.save(os.path.join(out_dir, "refs", case["name"] + ".npy"), unmerged.numpy().astype("<f4"))
    print(f"{case['name']}: max|ref| {float(unmerged.abs().max()):.4f}, delta vs base {rel_delta:.3f}, "
          f"merged vs unmerged {err:.2e}")
    return dict(case, file="refs/" + case["name"] + ".npy", max_abs=float(unmerged.abs().max()),
                rel_delta_vs_base=rel_delta)


def make_toggle(t, out_dir):
    ids = prompt_of(t["model"], t["prompt"])
    pm = peft_with(t["model"], [[t["adapter"], 1.0]], out_dir)
    past = DynamicCache()
    rows = []
    with torch.no_grad():
        for b, e, on in t["segments"]:
            x = torch.tensor([ids[b:e]])
            if on:
                out = pm(x, past_key_values=past, use_cache=True, output_hidden_states=True)
            else:
                with pm.disable_adapter():
                    out = pm(x, past_key_values=past, use_cache=True, output_hidden_states=True)
            past = out.past_key_values
            rows.append(head64(pm, out))
    got = torch.cat(rows)
    # sanity: differs from both "always on" and "always off"
    on_all = logits64(pm, ids)
    with pm.disable_adapter():
        off_all = logits64(pm, ids)
    b1 = t["segments"][1][0]
    assert float((got[b1:] - on_all[b1:]).abs().max()) > 1e-2
    assert float((got[b1:] - off_all[b1:]).abs().max()) > 1e-2
    # (transformers' eager attention takes its softmax in float32, so prefixes agree to ~1e-7, not 1e-15)
    assert float((got[:b1] - on_all[:b1]).abs().max()) < 1e-6 * float(on_all.abs().max())
    np.save(os.path.join(out_dir, "refs", "toggle.npy"), got.numpy().astype("<f4"))
    print(f"toggle: max|ref| {float(got.abs().max()):.4f}")
    return dict(t, file="refs/toggle.npy", max_abs=float(got.abs().max()))


GGUF_NAMES = {"q_proj": "attn_q", "k_proj": "attn_k", "v_proj": "attn_v", "o_proj": "attn_output",
              "gate_proj": "ffn_gate", "up_proj": "ffn_up", "down_proj": "ffn_down"}


def write_lora_gguf_file(path, alpha, pairs, n_head, n_head_kv, dtype=np.float32):
    """A LoRA adapter as llama.cpp's convert_lora_to_gguf.py writes it: general.type "adapter",
    adapter.type "lora", adapter.lora.alpha; tensors blk.{i}.<gguf name>.weight.lora_a [r, in] and
    .lora_b [out, r] (PyTorch order), lora_b of attn_q / attn_k permuted like the base model's Q/K
    rows (convert_hf_to_gguf.py LlamaModel.permute, n_head / n_head_kv).
    pairs: {(layer, hf projection name): (A, B)} as numpy arrays. Shared with
    make_remote_lora_fixtures.py."""
    import gguf
    w = gguf.GGUFWriter(path, "llama")
    w.add_string("general.type", "adapter")
    w.add_string("adapter.type", "lora")
    w.add_float32("adapter.lora.alpha", float(alpha))
    # PEFT's key order (sorted names: "layers.{i}.mlp.*" before "layers.{i}.self_attn.*")
    def peft_order(item):
        (layer, proj), _ = item
        return (str(layer), "mlp" if proj in ("gate_proj", "up_proj", "down_proj") else "self_attn", proj)

    for (layer, proj), (a, b) in sorted(pairs.items(), key=peft_order):
        if proj in ("q_proj", "k_proj"):
            h = n_head if proj == "q_proj" else n_head_kv
            b = b.reshape(h, 2, b.shape[0] // h // 2, *b.shape[1:]).swapaxes(1, 2).reshape(b.shape)
        for suffix, v in (("lora_a", a), ("lora_b", b)):
            w.add_tensor(f"blk.{layer}.{GGUF_NAMES[proj]}.weight.{suffix}", np.ascontiguousarray(v.astype(dtype)))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def write_gguf_lora(adapter, model_name, path, dtype=np.float32):
    """The PEFT adapter `adapter` (a fixture directory beside `path`) as a GGUF LoRA file."""
    src = os.path.join(os.path.dirname(path), adapter)
    with open(os.path.join(src, "adapter_config.json")) as f:
        cfg = json.load(f)
    assert not cfg.get("use_rslora"), "llama.cpp scales by alpha / r"
    base = load_base(model_name)
    t = load_file(os.path.join(src, "adapter_model.safetensors"))
    pairs = {}
    for name in t:
        parts = name.split(".")  # base_model.model.model.layers.{i}.{block}.{proj}.lora_X.weight
        layer, proj, ab = int(parts[4]), parts[6], parts[7]
        pairs.setdefault((layer, proj), [None, None])[0 if ab == "lora_A" else 1] = t[name].double().numpy()
    write_lora_gguf_file(path, cfg["lora_alpha"], pairs, base.config.num_attention_heads,
                         base.config.num_key_value_heads, dtype)
    print(f"{os.path.basename(path)}: GGUF LoRA of {adapter}")


def make_bad(out_dir):
    """Malformed adapters, each a copy of gqa_r8_attn with one thing wrong."""
    src = os.path.join(out_dir, "gqa_r8_attn")
    with open(os.path.join(src, "adapter_config.json")) as f:
        good_cfg = json.load(f)
    good_t = load_file(os.path.join(src, "adapter_model.safetensors"))
    prefix = "base_model.model.model.layers."

    def write(name, cfg_edit=None, tensors_edit=None):
        d = os.path.join(out_dir, "bad", name)
        os.makedirs(d, exist_ok=True)
        cfg = copy.deepcopy(good_cfg)
        if cfg_edit:
            cfg_edit(cfg)
        t = {k: v.clone() for k, v in good_t.items()}
        if tensors_edit:
            tensors_edit(t)
        with open(os.path.join(d, "adapter_config.json"), "w") as f:
            json.dump(cfg, f, indent=2, sort_keys=True)
        save_file(t, os.path.join(d, "adapter_model.safetensors"))

    write("wrong_rank", cfg_edit=lambda c: c.update(r=4))                       # tensors have rank 8
    write("missing_b", tensors_edit=lambda t: t.pop(prefix + "1.self_attn.v_proj.lora_B.weight"))
    write("unknown_target", cfg_edit=lambda c: c.update(target_modules=ATTN + ["rotary_proj"]))
    write("dora", cfg_edit=lambda c: c.update(use_dora=True))
    write("bias", cfg_edit=lambda c: c.update(bias="lora_only"))
    write("modules_to_save", cfg_edit=lambda c: c.update(modules_to_save=["lm_head"]))
    write("embedding", cfg_edit=lambda c: c.update(target_modules=ATTN + ["embed_tokens"]))

    def nan(t):
        t[prefix + "0.self_attn.k_proj.lora_A.weight"][3, 5] = float("nan")
    write("nan", tensors_edit=nan)

    def rank_mismatch(t):  # A of rank 8, B of rank 4
        k = prefix + "0.self_attn.o_proj.lora_B.weight"
        t[k] = t[k][:, :4].contiguous()
    write("ab_rank_mismatch", tensors_edit=rank_mismatch)
    write("not_lora", cfg_edit=lambda c: c.update(peft_type="IA3"))
    write("alpha_pattern", cfg_edit=lambda c: c.update(alpha_pattern={"q_proj": 32}))
    write("unknown_field", cfg_edit=lambda c: c.update(future_option=3))

    def stray(t):
        t[prefix + "0.self_attn.q_proj.lora_embedding_A"] = torch.zeros(8, 64)
    write("stray_tensor", tensors_edit=stray)
    print("bad adapters written")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "fixtures", "lora"))
    args = ap.parse_args()
    torch.use_deterministic_algorithms(True)
    os.makedirs(os.path.join(args.out, "refs"), exist_ok=True)
    for name, spec in ADAPTERS.items():
        make_adapter(name, spec, args.out)
    cases = [make_case(c, args.out) for c in CASES]
    toggle = make_toggle(TOGGLE, args.out)
    make_bad(args.out)
    # GGUF LoRA files (same deltas as their PEFT sources, so the same references apply)
    write_gguf_lora("gguf_r4_all", "gguf", os.path.join(args.out, "gguf_r4_all.gguf"))
    write_gguf_lora("gqa_r8_attn", "gqa", os.path.join(args.out, "gqa_r8_attn.gguf"), np.float16)
    with open(os.path.join(args.out, "ref.json"), "w") as f:
        json.dump({"cases": cases, "toggle": toggle}, f, indent=1)


if __name__ == "__main__":
    main()
