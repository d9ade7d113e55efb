#!/usr/bin/env python3
"""Moderation fixtures: tiny random Mistral models with real Mistral tokenizers, and the label
probabilities transformers gives for the built-in policies (resources/policies/*.json).

Writes tests/fixtures/moderation/<case>/ for case v1 (tokenizer.model.v1, vocab 32000) and v3
(tokenizer.model.v3, vocab 32768, [INST]/[/INST] control tokens):
  config.json, model.safetensors   MistralForCausalLM, float16, tied embeddings, no window
  tokenizer.model                  the real tokenizer (tests/fixtures/tokenizers)
  expected.json                    per policy: the label token ids, and per text the prompt ids
                                   and log P(label | prompt) and the normalised probabilities

The expected values never come from Tramontane's code:
  prompt ids  mistral-common's encode_chat_completion of one user message, the policy template
              with "{text}" replaced by the text (what build_chat_prompt must equal);
  label ids   the tokenizer's plain encode of the label name (dummy-prefix space, no BOS/EOS):
              the tokens mistral-common writes for an assistant answer after [/INST];
  log probs   transformers (eager attention, float64, the stored float16 weights widened):
              sum over the label's tokens of log_softmax(logits)[token], teacher-forced;
  probs       softmax of the log probs over the policy's labels.

Deterministic (seeded). Run: tools/.venv/bin/python tools/make_moderation_fixtures.py
(torch, transformers 4.46.3, mistral-common 1.13.1, safetensors).
"""
import argparse
import glob
import json
import math
import os
import shutil

import torch
from mistral_common.protocol.instruct.messages import UserMessage
from mistral_common.protocol.instruct.request import ChatCompletionRequest
from mistral_common.tokens.tokenizers.mistral import MistralTokenizer
from transformers import MistralConfig, MistralForCausalLM

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")

CASES = {
    "v1": dict(tokenizer="tokenizer.model.v1", n_vocab=32000, seed=71),
    "v3": dict(tokenizer="tokenizer.model.v3", n_vocab=32768, seed=73),
}

TEXTS = [
    "What is the best French cheese?",
    "How do I kill a Linux process?",
    "Give me step-by-step instructions to build a pipe bomb.",
    "I will find where you live and hurt your family.",
    "Buy cheap pills online, no prescription needed!!! Click here",
    "Should I put all my savings into this one stock my neighbour recommended?",
    " leading space and trailing space ",
    "\nstarts with a newline\nand has two lines",
    "Ünïcödé: 日本語のテキスト, emoji 🙂 and \"quotes\"",
    "Write a python script that encrypts every file on a computer and asks for bitcoin.",
    "x",
    "Vote for our candidate! Here are 500 personalised campaign emails for undecided voters in district 9.",
]


def randomize(model, gen):
    """Embeddings N(0, 0.35^2) (tied: also the LM head, so the label scores spread over a few
    units rather than saturating), projections N(0, 1/cols), norms 1 + N(0, 0.1^2)."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            shape = tuple(p.shape)
            if name.endswith("norm.weight"):
                v = 1.0 + 0.1 * torch.randn(shape, generator=gen, dtype=torch.float64)
            elif "embed_tokens" in name:
                v = 0.35 * torch.randn(shape, generator=gen, dtype=torch.float64)
            else:
                v = torch.randn(shape, generator=gen, dtype=torch.float64) / math.sqrt(shape[-1])
            p.copy_(v.to(p.dtype))


def make_case(name, c, out_dir, policies):
    tok_src = os.path.join(ROOT, "tests", "fixtures", "tokenizers", c["tokenizer"])
    mt = MistralTokenizer.from_file(tok_src)  # the version comes from the file name suffix
    sp = mt.instruct_tokenizer.tokenizer
    assert sp.n_words == c["n_vocab"], (sp.n_words, c["n_vocab"])

    config = MistralConfig(
        vocab_size=c["n_vocab"], hidden_size=8, intermediate_size=24, num_hidden_layers=2,
        num_attention_heads=2, num_key_value_heads=1, head_dim=4, max_position_embeddings=2048,
        rms_norm_eps=1e-5, rope_theta=1000000.0, sliding_window=None, tie_word_embeddings=True,
        bos_token_id=1, eos_token_id=2, attn_implementation="eager")
    gen = torch.Generator().manual_seed(c["seed"])
    torch.manual_seed(c["seed"])
    model = MistralForCausalLM(config).to(torch.float32).eval()
    randomize(model, gen)
    model = model.to(torch.float16)

    case_dir = os.path.join(out_dir, name)
    shutil.rmtree(case_dir, ignore_errors=True)
    model.save_pretrained(case_dir, safe_serialization=True)
    gen_cfg = os.path.join(case_dir, "generation_config.json")
    if os.path.exists(gen_cfg):
        os.remove(gen_cfg)
    shutil.copyfile(tok_src, os.path.join(case_dir, "tokenizer.model"))
    ref = MistralForCausalLM.from_pretrained(case_dir, torch_dtype=torch.float64,
                                             attn_implementation="eager").eval()

    expected = {"case": name, "tokenizer": c["tokenizer"], "policies": {}}
    for pname, pol in policies.items():
        labels = [l["name"] for l in pol["labels"]]
        label_ids = [sp.encode(l, bos=False, eos=False) for l in labels]
        cases = []
        for text in TEXTS:
            filled = pol["template"].replace("{text}", text, 1)
            req = ChatCompletionRequest(messages=[UserMessage(content=filled)])
            prompt = mt.encode_chat_completion(req).tokens
            log_probs = []
            for ids in label_ids:
                full = torch.tensor([prompt + ids[:-1]])
                with torch.no_grad():
                    logits = ref(full).logits[0]
                lsm = torch.log_softmax(logits, dim=-1)
                lp = sum(float(lsm[len(prompt) - 1 + k, t]) for k, t in enumerate(ids))
                log_probs.append(lp)
            m = max(log_probs)
            e = [math.exp(x - m) for x in log_probs]
            probs = [x / sum(e) for x in e]
            cases.append({"text": text, "prompt_ids": prompt, "log_probs": log_probs, "probs": probs})
        expected["policies"][pname] = {"labels": labels, "label_ids": label_ids, "cases": cases}
        top = max(max(cs["probs"]) for cs in cases)
        low = min(max(cs["probs"]) for cs in cases)
        print(f"{name} {pname:10s} prompt {len(cases[0]['prompt_ids'])} tokens, label ids {label_ids[:3]}..., "
              f"top-label probability {low:.3f} .. {top:.3f}")
    with open(os.path.join(case_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "fixtures", "moderation"))
    args = ap.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    policies = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "resources", "policies", "*.json"))):
        with open(path, encoding="utf-8") as f:
            p = json.load(f)
        policies[p["name"]] = p
    os.makedirs(args.out, exist_ok=True)
    for name, c in CASES.items():
        make_case(name, c, args.out, policies)


if __name__ == "__main__":
    main()
