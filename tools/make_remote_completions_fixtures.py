#!/usr/bin/env python3
"""The remote backend's completions mode (RemoteConfig::prompt_format, gui/core/remote_prompt.h):
the prompt texts Tramontane must render for each chat format, checked against independent
references, and llama.cpp's C++ llama-server answering /v1/completions with those prompts, with
transformers' references for the same weights.

  tools/.venv/bin/python tools/make_remote_completions_fixtures.py --server build/llama-server/bin/llama-server

Run after tools/make_remote_fixtures.py and tools/make_remote_lora_fixtures.py (model.gguf and
lora.gguf are read, not rewritten; the model is rebuilt with make_remote_fixtures.build_model and
checked equal to the file).

Writes tests/fixtures/remote/:
  prompts.json                [{name, format, server, system, turns: [{role, text}], prompt}]: the
                              prompt text for each format, conversation and server kind, written BY
                              HAND below (PROMPTS) and checked here:
                                v1       llama.cpp's tokenizer (llama_cpp, the llama.cpp of
                                         llama-server, special=True, BOS added) of the text on
                                         model.gguf (the v1 vocabulary) == mistral-common 1.13.1's
                                         encode_chat_completion ids (tokenizer.model.v1);
                                v3       (server "llamacpp") llama.cpp's tokenizer of the text on a
                                         vocabulary-only GGUF of tokenizer.model.v3 == mistral-common's
                                         v3 ids. (server "generic": the spacing of Mistral 7B
                                         Instruct v0.3's HF chat template, which HF's tokenizer
                                         needs; not checked here: building that tokenizer from
                                         tokenizer.model.v3 needs protobuf, which tools/.venv lacks);
                                chatml   == transformers 4.46.3's apply_chat_template(tokenize=False,
                                         add_generation_prompt=True) with the canonical ChatML
                                         template (CHATML_TEMPLATE).
  completions_exchanges.json  [{name, method, path, request, status, content_type, body}] recorded
                              from llama-server on model.gguf started as scripts/test-remote-live
                              starts it (--lora lora.gguf --lora-init-without-apply, so requests carry
                              "lora": [{"id": 0, "scale": 0.0}] as RemoteBackend sends them):
                              models, lora_adapters, completions_<case> (POST /v1/completions,
                              stream, max_tokens 12, temperature 0, usage) and cmod_<k> (the
                              moderation prompt of make_remote_fixtures.TEXTS[k] rendered as v1,
                              max_tokens 1, temperature 0, "logprobs": 20).
  expected_completions.json   transformers (float64) references: per completions case the prompt
                              ids (llama-server's /tokenize of the prompt, checked == mistral-common's
                              for v1), the 12-token greedy continuation (ids, pieces, server_text);
                              the moderation cases' ids equal expected.json's (mistral-common's), so
                              expected.json's label probabilities are the reference there.

Checks (asserts): the hand-written prompts against the references above; llama-server's streamed
text == transformers' greedy text for every completions case (greedy margins > 0.05); the
moderation answers' first-token top logprobs == transformers' within make_remote_fixtures.TOL.
"""
import argparse
import json
import os
import sys
import tempfile

import sentencepiece as spm
import torch
from mistral_common.protocol.instruct.messages import AssistantMessage, SystemMessage, UserMessage
from mistral_common.protocol.instruct.request import ChatCompletionRequest
from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_remote_fixtures as mrf  # noqa: E402
import run_llama_server  # noqa: E402

OUT = mrf.OUT
TOK_V3 = os.path.join(mrf.ROOT, "tests", "fixtures", "tokenizers", "tokenizer.model.v3")
CHATML_TEMPLATE = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content']"
                   " + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}"
                   "{% endif %}")

SYS = "You are terse."
MULTI = [("user", "Hi there"), ("assistant", "Hello! "), ("user", "Tell me about the sea.")]
MERGE = [("user", "One"), ("user", "Two"), ("assistant", "Sure."), ("user", "Three")]
SINGLE = [("user", mrf.CHAT_PROMPT)]
ANSWER_FIRST = [("assistant", "Hi."), ("user", "A"), ("user", ""), ("user", "B")]

# (name, format, server, system, turns, prompt): the prompts written by hand from mistral-common's
# layout (engine/tokenizer/chat_template.h) and ChatML's.
PROMPTS = [
    ("v1_multi_system", "v1", "any", SYS, MULTI,
     "[INST] You are terse.\n\nHi there [/INST] Hello! </s>[INST] Tell me about the sea. [/INST]"),
    ("v1_merge", "v1", "any", "", MERGE,
     "[INST] One\n\nTwo [/INST] Sure.</s>[INST] Three [/INST]"),
    ("v1_single", "v1", "any", "", SINGLE, "[INST] Tell me about the sea. [/INST]"),
    ("v1_answer_first", "v1", "any", "", ANSWER_FIRST, "[INST]  [/INST] Hi.</s>[INST] A\n\nB [/INST]"),
    ("v3_multi_system_llamacpp", "v3", "llamacpp", SYS, MULTI,
     "[INST]Hi there[/INST]Hello!</s>[INST]You are terse.\n\nTell me about the sea.[/INST]"),
    ("v3_merge_llamacpp", "v3", "llamacpp", "", MERGE,
     "[INST]One\n\nTwo[/INST]Sure.</s>[INST]Three[/INST]"),
    ("v3_multi_system_generic", "v3", "generic", SYS, MULTI,
     "[INST] Hi there[/INST] Hello!</s>[INST] You are terse.\n\nTell me about the sea.[/INST]"),
    ("chatml_multi_system", "chatml", "any", SYS, MULTI,
     "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n"
     "<|im_start|>assistant\nHello! <|im_end|>\n<|im_start|>user\nTell me about the sea.<|im_end|>\n"
     "<|im_start|>assistant\n"),
    ("chatml_merge", "chatml", "any", "", MERGE,
     "<|im_start|>user\nOne<|im_end|>\n<|im_start|>user\nTwo<|im_end|>\n<|im_start|>assistant\nSure.<|im_end|>\n"
     "<|im_start|>user\nThree<|im_end|>\n<|im_start|>assistant\n"),
]

# The completions cases run on llama-server (the model has the v1 vocabulary: v1 is its format;
# ChatML's markers are plain text to it, which is still a prompt to continue).
COMPLETIONS = ["v1_multi_system", "v1_single", "chatml_multi_system"]


def mc_messages(system, turns):
    msgs = [SystemMessage(content=system)] if system else []
    for role, text in turns:
        msgs.append(UserMessage(content=text) if role == "user" else AssistantMessage(content=text))
    return msgs


def vocab_gguf(sp, path):
    """A GGUF with only sp's vocabulary (llama_cpp's vocab_only loads it)."""
    import gguf
    tokens, scores, types = mrf.vocabulary(sp)
    w = gguf.GGUFWriter(path, "llama")
    w.add_context_length(1024)
    w.add_embedding_length(32)
    w.add_block_count(1)
    w.add_feed_forward_length(64)
    w.add_head_count(4)
    w.add_head_count_kv(2)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(8)
    mrf.add_vocabulary(w, tokens, scores, types)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def check_prompts():
    import llama_cpp
    from transformers.utils.chat_template_utils import _compile_jinja_template
    mt1 = MistralTokenizer.from_file(mrf.TOKENIZER)
    mt3 = MistralTokenizer.from_file(TOK_V3)
    v1 = llama_cpp.Llama(model_path=os.path.join(OUT, "model.gguf"), vocab_only=True, verbose=False)
    tmp = tempfile.mkdtemp()
    v3_path = os.path.join(tmp, "v3_vocab.gguf")
    vocab_gguf(spm.SentencePieceProcessor(model_file=TOK_V3), v3_path)
    v3 = llama_cpp.Llama(model_path=v3_path, vocab_only=True, verbose=False)
    chatml = _compile_jinja_template(CHATML_TEMPLATE)
    out = []
    for name, fmt, server, system, turns, prompt in PROMPTS:
        entry = {"name": name, "format": fmt, "server": server, "system": system,
                 "turns": [{"role": r, "text": t} for r, t in turns], "prompt": prompt}
        if fmt == "chatml":
            msgs = ([{"role": "system", "content": system}] if system else []) + \
                   [{"role": r, "content": t} for r, t in turns]
            ref = chatml.render(messages=msgs, add_generation_prompt=True)
            assert prompt == ref, f"{name}: {prompt!r} != transformers {ref!r}"
            entry["checked"] = "transformers apply_chat_template(tokenize=False), ChatML template"
        elif fmt == "v1" or server == "llamacpp":
            mt, llm = (mt1, v1) if fmt == "v1" else (mt3, v3)
            ids = mt.encode_chat_completion(ChatCompletionRequest(messages=mc_messages(system, turns))).tokens
            got = llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=True)
            assert got == ids, f"{name}: llama.cpp {got} != mistral-common {ids}"
            entry["ids"] = ids
            entry["checked"] = f"llama.cpp tokens == mistral-common {fmt} tokens"
        else:
            entry["checked"] = "no (Mistral 7B Instruct v0.3's HF chat-template spacing)"
        print(f"{name}: {entry['checked']}")
        out.append(entry)
    os.remove(v3_path)
    os.rmdir(tmp)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", required=True, help="llama.cpp's llama-server binary")
    args = ap.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    prompts = check_prompts()
    by_name = {p["name"]: p for p in prompts}

    sp = spm.SentencePieceProcessor(model_file=mrf.TOKENIZER)
    model = mrf.build_model(sp)
    import make_remote_lora_fixtures as mrl
    mrl.check_base_equals_file(model)
    expected_mod = json.load(open(os.path.join(OUT, "expected.json"), encoding="utf-8"))["moderate"]

    log = open(os.path.join(OUT, ".server.log"), "w")
    proc, port = run_llama_server.start_server(os.path.join(OUT, "model.gguf"), stderr=log, binary=args.server,
                                               lora=os.path.join(OUT, "lora.gguf"))
    exchanges = []
    lora_off = [{"id": 0, "scale": 0.0}]
    try:
        record = mrf.recorder(port, exchanges)

        st, text = record("models", "GET", "/v1/models")
        assert st == 200, text
        model_id = json.loads(text)["data"][0]["id"]
        st, text = record("lora_adapters", "GET", "/lora-adapters")
        assert st == 200, text
        tokenized = {}
        for name in COMPLETIONS:
            st, _, text = mrf.send(port, "POST", "/tokenize", {"content": by_name[name]["prompt"], "add_special": True})
            assert st == 200, text
            tokenized[name] = json.loads(text)["tokens"]
            body = {"model": model_id, "prompt": by_name[name]["prompt"], "stream": True,
                    "stream_options": {"include_usage": True}, "max_tokens": mrf.GREEDY_TOKENS, "temperature": 0,
                    "lora": lora_off}
            if by_name[name]["format"] == "chatml":
                body["stop"] = ["<|im_end|>"]
            record(f"completions_{name}", "POST", "/v1/completions", body)
        for k, case in enumerate(expected_mod):
            prompt = "[INST] " + case["content"] + " [/INST]"
            st, _, text = mrf.send(port, "POST", "/tokenize", {"content": prompt, "add_special": True})
            assert json.loads(text)["tokens"] == case["prompt_ids"], f"moderation prompt {k}: ids differ"
            record(f"cmod_{k}", "POST", "/v1/completions",
                   {"lora": lora_off, "model": model_id, "prompt": prompt, "max_tokens": 1, "temperature": 0,
                    "logprobs": mrf.N_TOP, "stream": False})
    finally:
        run_llama_server.stop_server(proc)
        log.close()
    os.remove(os.path.join(OUT, ".server.log"))

    refs = {}
    for name in COMPLETIONS:
        ids = tokenized[name]
        if "ids" in by_name[name]:
            assert ids == by_name[name]["ids"], f"{name}: the server's ids differ from mistral-common's"
        g = mrf.greedy(model, sp, ids)
        assert g["min_margin"] > 0.05, f"{name}: greedy near-tie"
        assert 2 not in g["ids"], f"{name}: greedy run hits EOS"
        e = next(x for x in exchanges if x["name"] == f"completions_{name}")
        assert e["status"] == 200, e["body"]
        events = [ev for ev in mrf.sse_events(e["body"]) if ev != "[DONE]"]
        text = "".join(ev["choices"][0].get("text") or "" for ev in events if ev.get("choices"))
        finish = [ev["choices"][0]["finish_reason"] for ev in events if ev.get("choices") and ev["choices"][0].get("finish_reason")]
        usage = [ev["usage"] for ev in events if ev.get("usage")]
        print(f"{name}: server {text!r}; transformers {g['server_text']!r} (margin {g['min_margin']:.3f})")
        assert text == g["server_text"], f"{name}: llama-server {text!r} != transformers {g['server_text']!r}"
        assert finish == ["length"], finish
        assert usage and usage[-1]["prompt_tokens"] == len(ids) and usage[-1]["completion_tokens"] == mrf.GREEDY_TOKENS, usage
        refs[name] = g

    max_top = 0.0
    for k, case in enumerate(expected_mod):
        e = next(x for x in exchanges if x["name"] == f"cmod_{k}")
        assert e["status"] == 200, e["body"]
        lp = json.loads(e["body"])["choices"][0]["logprobs"]
        # llama-server answers /v1/completions in the chat layout: content[0].top_logprobs
        top = lp["content"][0]["top_logprobs"]
        ref = dict(zip(case["top_ids"], case["top_logprobs"]))
        for t in top:
            if t["id"] in ref:
                max_top = max(max_top, abs(t["logprob"] - ref[t["id"]]))
        assert [t["id"] for t in top[:4]] == case["top_ids"][:4], f"cmod_{k}: top tokens differ"
    assert max_top < mrf.TOL, max_top
    print(f"completions moderation: top logprobs vs transformers max |diff| {max_top:.4f}")

    from importlib.metadata import version
    expected = {"completions": refs, "moderation_top_logprob_max_diff": max_top,
                "chatml_template": CHATML_TEMPLATE,
                "versions": {p: version(p) for p in ("transformers", "torch", "gguf", "mistral_common", "llama_cpp_python")},
                "server": "llama-server from llama-cpp-python 0.3.36's vendor/llama.cpp"}
    for path, obj in (("prompts.json", prompts), ("completions_exchanges.json", exchanges),
                      ("expected_completions.json", expected)):
        with open(os.path.join(OUT, path), "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=1, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
