#!/usr/bin/env python3
"""LoRA on a real llama.cpp server: a LoRA adapter for tests/fixtures/remote/model.gguf, the
answers of llama.cpp's C++ llama-server with it (its /lora-adapters API and per-request "lora"
scales), and peft's references for the same weights.

  tools/.venv/bin/python tools/make_remote_lora_fixtures.py --server build/llama-server/bin/llama-server

(scripts/get-llama-server builds that binary from the llama.cpp sources of llama-cpp-python
0.3.36's PyPI sdist; llama-cpp-python's own Python server has no LoRA endpoints.) Run after
tools/make_remote_fixtures.py: the base model is rebuilt here with its build_model() (seeded, so
identical to model.gguf, which is checked) and model.gguf is not rewritten.

Writes tests/fixtures/remote/:
  lora.gguf            the adapter as llama.cpp's convert_lora_to_gguf.py writes it (general.type
                       "adapter", adapter.lora.alpha, blk.N.<name>.weight.lora_a/lora_b in F32,
                       lora_b of attn_q/attn_k permuted like the base model's Q/K rows): r 4,
                       alpha 8, on q/k/v/o/gate/up/down of both layers, seeded random A and B.
  lora_exchanges.json  [{name, method, path, request, status, content_type, body}] recorded from
                       llama-server started with --lora lora.gguf --lora-init-without-apply
                       (tools/run_llama_server.py): lora_adapters (GET /lora-adapters),
                       lora_models (GET /v1/models: owned_by "llamacpp", so clients know it), and the
                       streamed chat of make_remote_fixtures.py's CHAT_PROMPT with
                       "lora": [{"id": 0, "scale": S}] for S in SCALES.
  expected_lora.json   peft 0.13.2 references (float64, eager attention): for each scale, the
                       12-token greedy continuation (ids, pieces, server_text), the adapter's
                       file name and the agreement measured here.

Checks (asserts): the rebuilt base model equals model.gguf's tensors; the greedy continuations
at the scales differ from each other and from the base model's (so the test can tell whether the
scale reached the server); every greedy step has a margin > 0.05; llama-server's streamed text
equals peft's greedy text at every scale.
"""
import argparse
import json
import os
import sys

import numpy as np
import sentencepiece as spm
import torch
from mistral_common.protocol.instruct.messages import UserMessage
from mistral_common.protocol.instruct.request import ChatCompletionRequest
from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_remote_fixtures as mrf  # noqa: E402
import run_llama_server  # noqa: E402
from make_lora_fixtures import write_lora_gguf_file  # noqa: E402

OUT = mrf.OUT
LORA_SEED = 21  # with B_SCALE: greedy margins 0.54 (scale 1) and 0.22 (scale 0.5); seeds 21-26 tried
RANK, ALPHA = 4, 8
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
B_SCALE = 0.4   # B's entries ~ N(0, B_SCALE^2 / r): big enough to change the greedy answer
SCALES = [1.0, 0.5]


def build_peft(base):
    from peft import LoraConfig, get_peft_model
    cfg = LoraConfig(r=RANK, lora_alpha=ALPHA, target_modules=TARGETS, lora_dropout=0.0, bias="none")
    model = get_peft_model(base, cfg).to(torch.float64).eval()
    gen = torch.Generator().manual_seed(LORA_SEED)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_A" in name:
                p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64) / np.sqrt(p.shape[1]))
            elif "lora_B" in name:
                p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64) * B_SCALE / np.sqrt(p.shape[1]))
    return model


def lora_tensors(model):
    """{(layer, proj): (A [r, in], B [out, r])} as float32 (what the GGUF stores)."""
    out = {}
    for name, p in model.named_parameters():
        if "lora_" not in name:
            continue
        parts = name.split(".")  # base_model.model.model.layers.{i}.{block}.{proj}.lora_X.default.weight
        layer, proj, ab = int(parts[4]), parts[6], parts[7]
        out.setdefault((layer, proj), [None, None])[0 if ab == "lora_A" else 1] = \
            p.detach().to(torch.float32).numpy()
    return out


def set_scale(model, scale):
    """peft's scaling of every LoRA layer = scale * alpha / r (what a request's "scale" does)."""
    from peft.tuners.lora import LoraLayer
    for m in model.modules():
        if isinstance(m, LoraLayer):
            m.scaling["default"] = scale * ALPHA / RANK


def check_base_equals_file(model):
    import gguf
    r = gguf.GGUFReader(os.path.join(OUT, "model.gguf"))
    t = {x.name: np.array(x.data) for x in r.tensors}
    sd = model.state_dict()
    for i in range(mrf.N_LAYER):
        got = t[f"blk.{i}.attn_v.weight"].astype(np.float64)
        want = sd[f"model.layers.{i}.self_attn.v_proj.weight"].numpy()
        assert np.array_equal(got.reshape(want.shape), want), "model.gguf is not build_model()'s: re-run make_remote_fixtures.py"
    emb = t["token_embd.weight"].astype(np.float64)
    assert np.array_equal(emb.reshape(sd["model.embed_tokens.weight"].shape), sd["model.embed_tokens.weight"].numpy())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", required=True, help="llama.cpp's llama-server binary")
    args = ap.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    sp = spm.SentencePieceProcessor(model_file=mrf.TOKENIZER)
    mt = MistralTokenizer.from_file(mrf.TOKENIZER)
    base = mrf.build_model(sp)
    check_base_equals_file(base)
    prompt = mt.encode_chat_completion(ChatCompletionRequest(messages=[UserMessage(content=mrf.CHAT_PROMPT)])).tokens
    base_greedy = mrf.greedy(base, sp, prompt)

    model = build_peft(base)
    tensors = lora_tensors(model)
    # peft runs on float64 copies of exactly the float32 values the GGUF holds
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_" in name:
                p.copy_(p.to(torch.float32).to(torch.float64))
    refs = {}
    for s in SCALES:
        set_scale(model, s)
        g = mrf.greedy(model, sp, prompt)
        print(f"scale {s}: {g['pieces']} margin {g['min_margin']:.3f}")
        assert g["min_margin"] > 0.05, f"greedy near-tie at scale {s}"
        assert 2 not in g["ids"], "greedy run hits EOS"
        assert g["ids"] != base_greedy["ids"], f"the adapter at scale {s} does not change the answer"
        refs[str(s)] = g
    assert len({tuple(g["ids"]) for g in refs.values()}) == len(SCALES), "the scales give the same answer"

    lora_path = os.path.join(OUT, "lora.gguf")
    write_lora_gguf_file(lora_path, ALPHA, tensors, mrf.N_HEAD, mrf.N_HEAD_KV)
    print(f"lora.gguf: {os.path.getsize(lora_path)} bytes")

    log = open(os.path.join(OUT, ".server.log"), "w")
    proc, port = run_llama_server.start_server(os.path.join(OUT, "model.gguf"), stderr=log,
                                               binary=args.server, lora=lora_path)
    exchanges = []
    try:
        record = mrf.recorder(port, exchanges)

        st, text = record("lora_adapters", "GET", "/lora-adapters")
        assert st == 200, text
        adapters = json.loads(text)
        assert len(adapters) == 1 and adapters[0]["id"] == 0, adapters
        st, text = record("lora_models", "GET", "/v1/models")
        assert st == 200, text
        model_id = json.loads(text)["data"][0]["id"]
        for s in SCALES:
            record(f"chat_lora_{s}", "POST", "/v1/chat/completions",
                   {"model": model_id, "messages": [{"role": "user", "content": mrf.CHAT_PROMPT}],
                    "stream": True, "max_tokens": mrf.GREEDY_TOKENS, "temperature": 0,
                    "lora": [{"id": 0, "scale": s}]})
    finally:
        run_llama_server.stop_server(proc)
        log.close()
    os.remove(os.path.join(OUT, ".server.log"))

    for s in SCALES:
        e = next(x for x in exchanges if x["name"] == f"chat_lora_{s}")
        assert e["status"] == 200, e["body"]
        text = "".join(ev["choices"][0]["delta"].get("content") or "" for ev in mrf.sse_events(e["body"])
                       if ev != "[DONE]" and ev["choices"])
        print(f"server at scale {s}: {text!r}; peft: {refs[str(s)]['server_text']!r}")
        assert text == refs[str(s)]["server_text"], f"scale {s}: llama-server {text!r} != peft {refs[str(s)]['server_text']!r}"

    from importlib.metadata import version
    expected = {"adapter_file": os.path.basename(adapters[0]["path"]), "rank": RANK, "alpha": ALPHA,
                "scales": SCALES, "greedy": refs, "base_server_text": base_greedy["server_text"],
                "versions": {p: version(p) for p in ("peft", "transformers", "torch", "gguf", "mistral_common")},
                "server": "llama-server from llama-cpp-python 0.3.36's vendor/llama.cpp"}
    with open(os.path.join(OUT, "expected_lora.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(OUT, "lora_exchanges.json"), "w", encoding="utf-8") as f:
        json.dump(exchanges, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
