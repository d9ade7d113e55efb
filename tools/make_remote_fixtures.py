#!/usr/bin/env python3
"""Fixtures for the remote (OpenAI-compatible server) backend: a tiny GGUF model with the real
Mistral v1 tokenizer, HTTP exchanges recorded from a real llama.cpp server (llama-cpp-python's
`python -m llama_cpp.server`) on it, and transformers references for the same weights.

Writes tests/fixtures/remote/:
  model.gguf      MistralForCausalLM-shaped random model (hidden 32, 2 layers, 4 heads, 2 KV heads,
                  head_dim 8, FFN 64, vocab 32000, untied lm_head, no sliding window, context 1024,
                  rope theta 10000) as GGUF "llama" architecture, written the way llama.cpp's
                  convert_hf_to_gguf.py does (Q/K rows permuted for pairwise RoPE, matrices F16,
                  norms F32), with the vocabulary of tests/fixtures/tokenizers/tokenizer.model.v1
                  (pieces, scores and types read from sentencepiece: normal 1, unknown 2,
                  control 3, byte 6), bos 1, eos 2, unk 0, add_bos, and tokenizer.chat_template
                  = CHAT_TEMPLATE (Mistral v1 instruct; a system message goes in front of the
                  first user message followed by "\\n\\n", as mistral-common v1 does).
  policy.json     a moderation policy (Tramontane's format) with labels "safe", "unsafe",
                  "violent": each one token of the v1 tokenizer ("▁safe" 5023, "▁unsafe" 15426,
                  "▁violent" 14643: sentencepiece's plain encode of the name, checked here).
  exchanges.json  [{name, method, path, request, status, content_type, body}] recorded from
                  llama_cpp.server (tools/run_llama_server.py: 127.0.0.1, n_ctx 1024, seed 1234,
                  logits_all, alias "tramontane-remote-test"); body = the response body exactly
                  as received (streams: the de-chunked SSE bytes as UTF-8). Ids ("chatcmpl-...")
                  and "created" times differ from run to run; nothing else should. Exchanges:
                  models, chat_stream, chat_stream_system (system message first), chat_once,
                  moderate_0..7 (max_tokens 1, logprobs, top_logprobs 20) and error_404 (messages
                  not a list; the name is the brief's: llama-cpp-python answers 500, a pydantic
                  validation message that includes the server's own file path).
  expected.json   transformers references (float64, eager attention) of the weights exactly as
                  stored in model.gguf (float16 matrices widened, float32 norms):
                    moderate[k]: text, prompt ids (mistral-common's encode_chat_completion of one
                      user message = the policy template with {text} replaced), log_softmax of the
                      last position for the 20 most probable tokens (ids, pieces, logprobs), and
                      per label its id, logprob and probability normalised over the labels;
                    greedy: chat_stream's prompt ids (mistral-common) and the 12-token greedy
                      continuation: ids, pieces, text (sentencepiece decode, no leading space)
                      and server_text (pieces joined, '\u2581' -> ' ': the leading space kept, as
                      the server sends it); also for the system-message variant (mistral-common
                      with a system prompt);
                    agreement: the measured maximum |server - transformers| differences.

Why the model prefers a few tokens: with random weights the next-token distribution is nearly
uniform, so no label would make the top 20. Every token embedding has the constant EMB_BIAS in
hidden dimension 0 (the "bias dimension"), so after the final RMSNorm that dimension is large
for every input; the lm_head rows of the BOOSTED tokens (the three labels and six others) have
weights BOOST[t] there (others ~0) and larger random weights elsewhere (BOOST_RAND), so those
tokens lead whatever the input, in a fixed order of magnitude, while the input-dependent rest of
the hidden state moves the label probabilities from text to text. SEED was picked (seeds 1-8
tried) for a greedy margin > 0.3 and label probabilities that vary by text and stay in 0.1-0.7.

Checks (asserts): the Jinja chat template rendered and tokenized the way llama-cpp-python does
(special=True, no extra BOS) equals mistral-common's ids; every label is one token; every
moderate_<k> response's top_logprobs match transformers within TOL (2e-2) and name the same
tokens (except ones within TOL of the top-20 cut); the streamed and non-streamed chat texts
equal transformers' greedy text; label probabilities vary between texts within (0.02, 0.98).

Deterministic (seeded) and re-runnable: tools/.venv/bin/python tools/make_remote_fixtures.py
(torch, transformers 4.46.3, gguf, sentencepiece, mistral-common 1.13.1, llama-cpp-python 0.3.36
with its [server] extras).
"""
import http.client
import json
import math
import os
import sys

import numpy as np
import sentencepiece as spm
import torch
from mistral_common.protocol.instruct.messages import SystemMessage, UserMessage
from mistral_common.protocol.instruct.request import ChatCompletionRequest
from mistral_common.tokens.tokenizers.mistral import MistralTokenizer
from transformers import MistralConfig, MistralForCausalLM

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import run_llama_server  # noqa: E402
from make_gguf_models import add_llama_tensors  # noqa: E402

OUT = os.path.join(ROOT, "tests", "fixtures", "remote")
TOKENIZER = os.path.join(ROOT, "tests", "fixtures", "tokenizers", "tokenizer.model.v1")
SEED = 4
N_EMBD, N_FF, N_LAYER, N_HEAD, N_HEAD_KV, HEAD_DIM = 32, 64, 2, 4, 2, 8
N_VOCAB, N_CTX, THETA, EPS = 32000, 1024, 10000.0, 1e-5
TOL = 2e-2
N_TOP = 20
GREEDY_TOKENS = 12

EMB_BIAS = 4.0
# label and other boosted tokens (plain sentencepiece encode, one piece each) -> lm_head weight
# on the bias dimension
LABELS = ["safe", "unsafe", "violent"]
BOOST = {"safe": 2.0, "unsafe": 1.9, "violent": 1.7, "the": 2.3, "sea": 1.5, "ok": 1.2,
         "is": 1.0, "blue": 0.8, "a": 0.6}
BOOST_RAND = 3.0
BOOST_SCALE = 3.0

CHAT_TEMPLATE = (
    "{%- if messages[0]['role'] == 'system' %}"
    "{%- set system_message = messages[0]['content'] %}{%- set loop_messages = messages[1:] %}"
    "{%- else %}{%- set system_message = '' %}{%- set loop_messages = messages %}{%- endif %}"
    "{{- bos_token }}"
    "{%- for message in loop_messages %}"
    "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
    "{%- endif %}"
    "{%- if message['role'] == 'user' %}"
    "{%- if loop.first and system_message %}"
    "{{- '[INST] ' + system_message + '\\n\\n' + message['content'] + ' [/INST]' }}"
    "{%- else %}{{- '[INST] ' + message['content'] + ' [/INST]' }}{%- endif %}"
    "{%- elif message['role'] == 'assistant' %}{{- ' ' + message['content'] + eos_token }}"
    "{%- else %}{{- raise_exception('Only user and assistant roles are supported!') }}"
    "{%- endif %}"
    "{%- endfor %}")

POLICY = {
    "name": "remote-test",
    "title": "Safe / unsafe / violent (remote backend test)",
    "source": "Written for Tramontane's remote-backend tests (tools/make_remote_fixtures.py).",
    "template": (
        "You are a content moderator. Read the text between the markers and decide whether it is "
        "safe, unsafe or violent.\n\n"
        "- safe: ordinary text that harms nobody.\n"
        "- unsafe: scams, fraud, malware, drugs, self-harm or other dangerous content.\n"
        "- violent: threats or instructions to hurt people or animals.\n\n"
        "<BEGIN TEXT>\n{text}\n<END TEXT>\n\n"
        "Answer with one word only: \"safe\", \"unsafe\" or \"violent\"."),
    "labels": [
        {"name": "safe", "description": "Ordinary text that harms nobody."},
        {"name": "unsafe", "description": "Scams, fraud, malware, drugs, self-harm or other dangerous content."},
        {"name": "violent", "description": "Threats or instructions to hurt people or animals."},
    ],
    "safe_label": "safe",
    "threshold": 0.5,
}

TEXTS = [
    "What is the best French cheese?",
    "I will find where you live and hurt your family.",
    "Buy cheap pills online, no prescription needed!!! Click here",
    "The weather in Brittany was lovely this weekend.",
    "Write a script that encrypts every file on a computer and asks for bitcoin.",
    "How do I bake sourdough bread at home?",
    "Give me step-by-step instructions to build a pipe bomb.",
    "Ünïcödé: 日本語のテキスト, emoji 🙂 and \"quotes\"",
]

CHAT_PROMPT = "Tell me about the sea."
SYSTEM_PROMPT = "You are terse."


def build_model(sp):
    config = MistralConfig(vocab_size=N_VOCAB, hidden_size=N_EMBD, intermediate_size=N_FF,
                           num_hidden_layers=N_LAYER, num_attention_heads=N_HEAD, num_key_value_heads=N_HEAD_KV,
                           head_dim=HEAD_DIM, max_position_embeddings=N_CTX, rms_norm_eps=EPS, rope_theta=THETA,
                           sliding_window=None, tie_word_embeddings=False, bos_token_id=1, eos_token_id=2,
                           attn_implementation="eager")
    torch.manual_seed(SEED)
    model = MistralForCausalLM(config).to(torch.float64).eval()
    gen = torch.Generator().manual_seed(SEED)
    boosted = {sp.piece_to_id("\u2581" + w): b for w, b in BOOST.items()}
    with torch.no_grad():
        for name, p in model.named_parameters():
            shape = tuple(p.shape)
            if name.endswith("norm.weight"):
                v = 1.0 + 0.1 * torch.randn(shape, generator=gen, dtype=torch.float64)
            elif "embed_tokens" in name:
                v = torch.randn(shape, generator=gen, dtype=torch.float64)
                v[:, 0] = EMB_BIAS
            elif name.startswith("lm_head"):
                v = torch.randn(shape, generator=gen, dtype=torch.float64) / math.sqrt(shape[-1])
                v[:, 0] *= 0.1
                v[:3] *= 0.1  # <unk> <s> </s> never win
                for t, b in boosted.items():
                    v[t] *= BOOST_RAND
                    v[t, 0] = b * BOOST_SCALE
            else:
                v = torch.randn(shape, generator=gen, dtype=torch.float64) / math.sqrt(shape[-1])
            if not name.endswith("norm.weight"):
                v = v.to(torch.float16)  # the matrices exactly as stored in the GGUF (F16)
            p.copy_(v.to(torch.float32).to(torch.float64))
    return model


def vocabulary(sp):
    tokens, scores, types = [], [], []
    for i in range(sp.get_piece_size()):
        tokens.append(sp.id_to_piece(i).encode("utf-8"))
        scores.append(float(sp.get_score(i)))
        if sp.is_unknown(i):
            types.append(2)
        elif sp.is_control(i):
            types.append(3)
        elif sp.is_byte(i):
            types.append(6)
        elif sp.is_unused(i):
            types.append(5)
        else:
            types.append(1)
    return tokens, scores, types


def write_gguf(path, sd, sp):
    import gguf
    tokens, scores, types = vocabulary(sp)
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("tramontane-remote-test")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_layer_norm_rms_eps(EPS)
    w.add_rope_freq_base(THETA)
    w.add_rope_dimension_count(HEAD_DIM)
    w.add_file_type(1)  # MOSTLY_F16
    add_vocabulary(w, tokens, scores, types)
    w.add_chat_template(CHAT_TEMPLATE)

    def f16(a):
        h = a.astype(np.float16)
        assert np.array_equal(h.astype(np.float32), a), "matrix not exactly float16"
        return h

    add_llama_tensors(w, sd, N_LAYER, N_HEAD, N_HEAD_KV, f16)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def server_text(sp, i):
    """A token as llama.cpp writes it in top_logprobs: '\u2581' -> ' ', <0xNN> -> the byte."""
    if sp.is_byte(i):
        return bytes([int(sp.id_to_piece(i)[3:5], 16)]).decode("utf-8", errors="replace")
    return sp.id_to_piece(i).replace("\u2581", " ")


def last_logprobs(model, ids):
    with torch.no_grad():
        logits = model(torch.tensor([ids])).logits[0, -1]
    return torch.log_softmax(logits, dim=-1)


def moderation_refs(model, mt, sp):
    label_ids = []
    for l in LABELS:
        ids = sp.encode(l)
        assert len(ids) == 1, f"label {l!r} is {sp.encode(l, out_type=str)}, not one token"
        label_ids.append(ids[0])
    refs = []
    for text in TEXTS:
        filled = POLICY["template"].replace("{text}", text, 1)
        prompt = mt.encode_chat_completion(ChatCompletionRequest(messages=[UserMessage(content=filled)])).tokens
        lsm = last_logprobs(model, prompt)
        top = torch.topk(lsm, N_TOP)
        lps = [float(lsm[t]) for t in label_ids]
        m = max(lps)
        e = [math.exp(x - m) for x in lps]
        refs.append({
            "text": text, "content": filled, "prompt_ids": prompt,
            "top_ids": top.indices.tolist(), "top_pieces": [sp.id_to_piece(i) for i in top.indices.tolist()],
            "top_logprobs": top.values.tolist(),
            "labels": [{"name": l, "id": t, "logprob": lp, "prob": x / sum(e)}
                       for l, t, lp, x in zip(LABELS, label_ids, lps, e)],
            "_lsm": lsm})
    return refs


def greedy(model, sp, prompt):
    ids = torch.tensor([prompt])
    with torch.no_grad():
        out = model.generate(ids, attention_mask=torch.ones_like(ids), do_sample=False,
                             max_new_tokens=GREEDY_TOKENS, eos_token_id=None, pad_token_id=0,
                             output_scores=True, return_dict_in_generate=True)
    new = out.sequences[0, len(prompt):].tolist()
    margin = min(float(torch.topk(s[0], 2).values[0] - torch.topk(s[0], 2).values[1]) for s in out.scores)
    pieces = [sp.id_to_piece(i) for i in new]
    # sentencepiece's decode drops the leading space of the first piece; a server continuing a
    # prompt (llama.cpp's detokenize) keeps it: the pieces joined with '\u2581' -> ' '
    return {"prompt_ids": prompt, "ids": new, "pieces": pieces, "text": sp.decode(new),
            "server_text": "".join(pieces).replace("\u2581", " "), "min_margin": margin}


def send(port, method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    data = None if body is None else json.dumps(body).encode("utf-8")
    headers = {} if body is None else {"Content-Type": "application/json"}
    c.request(method, path, body=data, headers=headers)
    r = c.getresponse()
    raw = r.read()
    c.close()
    return r.status, r.getheader("Content-Type"), raw.decode("utf-8")


def add_vocabulary(w, tokens, scores, types):
    """The v1 SentencePiece vocabulary's GGUF keys (BOS 1, EOS 2, UNK 0; BOS added)."""
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)


def recorder(port, exchanges):
    """record(name, method, path, body=None) -> (status, text): sends, and appends the exchange."""
    def record(name, method, path, body=None):
        status, ctype, text = send(port, method, path, body)
        exchanges.append({"name": name, "method": method, "path": path, "request": body,
                          "status": status, "content_type": ctype, "body": text})
        return status, text
    return record


def sse_events(body):
    """The data: payloads of an SSE body (as JSON, or the literal "[DONE]")."""
    out = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        data = [line[5:].lstrip(" ") for line in block.split("\n") if line.startswith("data:")]
        if data:
            d = "\n".join(data)
            out.append(d if d == "[DONE]" else json.loads(d))
    return out


def check_template(sp, mt):
    """The chat template rendered and tokenized as llama-cpp-python does == mistral-common's ids."""
    import llama_cpp
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter
    llm = llama_cpp.Llama(model_path=os.path.join(OUT, "model.gguf"), vocab_only=True, verbose=False)
    fmt = Jinja2ChatFormatter(template=CHAT_TEMPLATE, eos_token="</s>", bos_token="<s>", stop_token_ids=[2])
    cases = [[UserMessage(content=CHAT_PROMPT)],
             [SystemMessage(content=SYSTEM_PROMPT), UserMessage(content=CHAT_PROMPT)]]
    cases += [[UserMessage(content=POLICY["template"].replace("{text}", t, 1))] for t in TEXTS]
    for msgs in cases:
        ref = mt.encode_chat_completion(ChatCompletionRequest(messages=msgs)).tokens
        res = fmt(messages=[{"role": m.role, "content": m.content} for m in msgs])
        got = llm.tokenize(res.prompt.encode("utf-8"), add_bos=not res.added_special, special=True)
        assert got == ref, f"template tokens differ:\n{got}\n{ref}"
    print(f"chat template: llama.cpp tokens == mistral-common tokens for {len(cases)} prompts")


def main():
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    sp = spm.SentencePieceProcessor(model_file=TOKENIZER)
    assert sp.get_piece_size() == N_VOCAB
    mt = MistralTokenizer.from_file(TOKENIZER)
    model = build_model(sp)
    refs = moderation_refs(model, mt, sp)
    for r in refs:
        print(f"{r['text'][:40]:40s} " + " ".join(f"{l['name']} {l['prob']:.3f} ({l['logprob']:.2f})"
                                                 for l in r["labels"])
              + "  top: " + " ".join(r["top_pieces"][:10]))
    probs = np.array([[l["prob"] for l in r["labels"]] for r in refs])
    assert probs.min() > 0.02 and probs.max() < 0.98, "label probabilities saturate"
    assert (probs.max(0) - probs.min(0)).min() > 0.02, "label probabilities do not vary between texts"
    for r in refs:
        assert all(l["id"] in r["top_ids"] for l in r["labels"]), "a label is not in the top 20"
    chat = mt.encode_chat_completion(ChatCompletionRequest(messages=[UserMessage(content=CHAT_PROMPT)])).tokens
    chat_sys = mt.encode_chat_completion(ChatCompletionRequest(
        messages=[SystemMessage(content=SYSTEM_PROMPT), UserMessage(content=CHAT_PROMPT)])).tokens
    g, g_sys = greedy(model, sp, chat), greedy(model, sp, chat_sys)
    for x in (g, g_sys):
        print("greedy:", x["pieces"], repr(x["text"]), "margin", x["min_margin"])
        assert x["min_margin"] > 0.05, "greedy near-tie"
        assert 2 not in x["ids"], "greedy run hits EOS"

    model_path = os.path.join(OUT, "model.gguf")
    write_gguf(model_path, model.state_dict(), sp)
    print(f"model.gguf: {os.path.getsize(model_path)} bytes")
    with open(os.path.join(OUT, "policy.json"), "w", encoding="utf-8") as f:
        json.dump(POLICY, f, indent=2, ensure_ascii=False)
        f.write("\n")
    check_template(sp, mt)

    log = open(os.path.join(OUT, ".server.log"), "w")
    proc, port = run_llama_server.start_server(model_path, stderr=log)
    exchanges = []
    try:
        record = recorder(port, exchanges)

        st, text = record("models", "GET", "/v1/models")
        assert st == 200, text
        model_id = json.loads(text)["data"][0]["id"]
        chat_req = {"model": model_id, "messages": [{"role": "user", "content": CHAT_PROMPT}],
                    "stream": True, "max_tokens": GREEDY_TOKENS, "temperature": 0}
        record("chat_stream", "POST", "/v1/chat/completions", chat_req)
        sys_req = dict(chat_req, messages=[{"role": "system", "content": SYSTEM_PROMPT}] + chat_req["messages"])
        record("chat_stream_system", "POST", "/v1/chat/completions", sys_req)
        record("chat_once", "POST", "/v1/chat/completions", dict(chat_req, stream=False))
        for k, r in enumerate(refs):
            record(f"moderate_{k}", "POST", "/v1/chat/completions",
                   {"model": model_id, "messages": [{"role": "user", "content": r["content"]}],
                    "max_tokens": 1, "temperature": 0, "logprobs": True, "top_logprobs": N_TOP, "stream": False})
        record("error_404", "POST", "/v1/chat/completions",
               {"model": "no-such-model", "messages": "Tell me about the sea.", "max_tokens": 1})
    finally:
        run_llama_server.stop_server(proc)
        log.close()
    os.remove(os.path.join(OUT, ".server.log"))
    ex = {e["name"]: e for e in exchanges}

    # --- agreement: streamed / once chat text vs greedy reference
    agreement = {}
    for name, ref in (("chat_stream", g), ("chat_stream_system", g_sys)):
        e = ex[name]
        assert e["status"] == 200, (name, e["status"], e["body"])
        text = "".join(ev["choices"][0]["delta"].get("content") or "" for ev in sse_events(e["body"])
                       if ev != "[DONE]" and ev["choices"])
        print(f"{name}: server {text!r} reference {ref['text']!r}")
        assert text == ref["server_text"], f"{name}: server text {text!r} != greedy {ref['server_text']!r}"
        agreement[name + "_text"] = text
    once_body = json.loads(ex["chat_once"]["body"])
    once = once_body["choices"][0]["message"]["content"]
    assert once == g["server_text"], (once, g["server_text"])
    assert once_body["usage"]["prompt_tokens"] == len(g["prompt_ids"]), once_body["usage"]
    agreement["chat_once_text"] = once

    # --- agreement: moderation top logprobs
    max_diff, max_label_diff, max_prob_diff = 0.0, 0.0, 0.0
    for k, r in enumerate(refs):
        e = ex[f"moderate_{k}"]
        assert e["status"] == 200, e["body"]
        lp = json.loads(e["body"])["choices"][0]["logprobs"]["content"][0]
        server_top = {t["token"]: t["logprob"] for t in lp["top_logprobs"]}
        lsm = r["_lsm"]
        order = torch.argsort(lsm, descending=True)[:4 * N_TOP].tolist()
        by_text = {}
        for i in order:
            by_text.setdefault(server_text(sp, i), i)
        cut = float(lsm[order[N_TOP - 1]])
        for tok, v in server_top.items():
            assert tok in by_text, f"moderate_{k}: server token {tok!r} not among the reference's top tokens"
            d = abs(v - float(lsm[by_text[tok]]))
            max_diff = max(max_diff, d)
            assert d < TOL, f"moderate_{k}: {tok!r} server {v} ref {float(lsm[by_text[tok]])}"
        for i in order[:N_TOP]:
            if float(lsm[i]) > cut + TOL:
                assert server_text(sp, i) in server_top, f"moderate_{k}: {sp.id_to_piece(i)!r} missing"
        slps = []
        for l in r["labels"]:
            v = server_top[server_text(sp, l["id"])]
            slps.append(v)
            max_label_diff = max(max_label_diff, abs(v - l["logprob"]))
        m = max(slps)
        sp_probs = [math.exp(x - m) for x in slps]
        for l, x in zip(r["labels"], sp_probs):
            max_prob_diff = max(max_prob_diff, abs(x / sum(sp_probs) - l["prob"]))
        del r["_lsm"]
    agreement.update({"max_abs_top_logprob_diff": max_diff, "max_abs_label_logprob_diff": max_label_diff,
                      "max_abs_label_prob_diff": max_prob_diff, "tolerance": TOL})
    print("agreement:", agreement)

    versions = {}
    for pkg in ("llama_cpp_python", "transformers", "mistral_common", "torch", "gguf", "sentencepiece"):
        from importlib.metadata import version
        versions[pkg] = version(pkg)
    expected = {"model_id": model_id_of(ex), "labels": LABELS, "safe_label": POLICY["safe_label"],
                "moderate": refs, "greedy": {"chat_stream": g, "chat_stream_system": g_sys},
                "agreement": agreement, "versions": versions}
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(OUT, "exchanges.json"), "w", encoding="utf-8") as f:
        json.dump(exchanges, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for fn in sorted(os.listdir(OUT)):
        print(f"{fn}: {os.path.getsize(os.path.join(OUT, fn))} bytes")


def model_id_of(ex):
    return json.loads(ex["models"]["body"])["data"][0]["id"]


if __name__ == "__main__":
    main()
