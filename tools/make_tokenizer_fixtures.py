#!/usr/bin/env python3
"""Writes the tokenizer fixtures of tests/engine/test_tokenizer.cpp and test_chat_template.cpp.

References come from the Python `sentencepiece` package, `mistral_common` and `gguf` (llama.cpp's
converter code), never from Tramontane. Inputs: tests/fixtures/tokenizers/tokenizer.model.v1, .v3.

  tests/fixtures/tokenizer/strings.json   >= 250 strings; per tokenizer ("v1", "v3") the ids of
                                          SentencePieceProcessor.encode(s) and decode(ids); plus
                                          "decode_cases": odd id sequences (byte pieces that do not
                                          form UTF-8, control ids in the middle, unk, lone '▁') with
                                          decode(ids)
  tests/fixtures/tokenizer/chats.json     conversations and the ids of mistral_common's
                                          MistralTokenizer.from_file(tokenizer.model.vN)
                                          .encode_chat_completion(...), or the exception it raises
  tests/fixtures/tokenizer/vocab_v1.gguf  tokenizer-only GGUF files (no tensors) with the vocabulary
  tests/fixtures/tokenizer/vocab_v3.gguf  of each model as llama.cpp's converter writes it
                                          (gguf.vocab.SentencePieceVocab: pieces, scores, token types;
                                          user-defined pieces marked USER_DEFINED, see below)
  tests/fixtures/tokenizer/tiny.model     a small valid BPE model written here by hand (protobuf
                                          wire format), with its ids from Python sentencepiece
  tests/fixtures/bad/tokenizer_*.model    malformed variants of tiny.model; bad_models.json names
                                          the problem each one must be rejected for

Python sentencepiece (0.1.97) has no IsUserDefined(), so gguf's SentencePieceVocab writes the
user-defined pieces of tokenizer.model.v3 ([REFERENCE_DOC_0..19]) as NORMAL; llama.cpp's HF
converter marks such tokens from added_tokens USER_DEFINED. Here they are marked USER_DEFINED,
read from the model's protobuf (type field 3 == 4), so the GGUF vocabulary keeps what SentencePiece
needs to reproduce the ids of the model file.

Deterministic (seeded) and re-runnable:  tools/.venv/bin/python tools/make_tokenizer_fixtures.py
"""
import json
import random
import shutil
import struct
import tempfile
from pathlib import Path

import gguf
import sentencepiece as spm
from gguf.vocab import SentencePieceVocab
from mistral_common.protocol.instruct.messages import AssistantMessage, SystemMessage, UserMessage
from mistral_common.protocol.instruct.request import ChatCompletionRequest
from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "fixtures" / "tokenizers"
OUT = ROOT / "tests" / "fixtures" / "tokenizer"
BAD = ROOT / "tests" / "fixtures" / "bad"
VERSIONS = ("v1", "v3")


# ---------------------------------------------------------------------------------------------
# Strings
# ---------------------------------------------------------------------------------------------

HAND_STRINGS = [
    # empty, whitespace runs, leading/trailing spaces
    "", " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n ", "\t\t\t", " \t \n\r ",
    "a", "A", "hello", "Hello world", " Hello world", "Hello world ", "  leading two",
    "trailing two  ", "   three both sides   ", "multiple   spaces   inside",
    "tab\tseparated\tvalues", "line1\nline2\nline3", "mixed \t\n whitespace \t\n",
    "ends with newline\n", "\nstarts with newline", "word" + " " * 40 + "word",
    "\n" * 12, " " * 33,
    # English prose and punctuation
    "The quick brown fox jumps over the lazy dog.",
    "It's a beautiful day, isn't it? Yes -- absolutely!",
    "\"Quoted\" and 'single-quoted' text; semicolons: colons... ellipsis…",
    "Mr. O'Neil paid $1,234.56 (about 50%) on 2024-03-15 at 10:30am.",
    "email me at first.last+tag@example.co.uk or visit https://example.org/path?q=1&r=%20x#frag",
    "ALL CAPS SENTENCE WITH NUMBERS 42 AND ACRONYMS LIKE NASA, GPU, CUDA.",
    "camelCaseWords and snake_case_words and kebab-case-words",
    "1234567890", "3.14159265358979", "-0.000001e-10", "0x7FFFFFFF", "1,000,000", "½ ¾ ⅓ ∞ ≠ ≤ ≥ ± × ÷",
    "A sentence. Another sentence! A third? And a fourth…",
    # code
    "def f(x):\n    return x ** 2  # square\n",
    "int main(void) {\n\tprintf(\"%d\\n\", 42);\n\treturn 0;\n}",
    "for (size_t i = 0; i < n; ++i) { sum += a[i] * b[i]; }",
    "{\"role\": \"user\", \"content\": \"Hi\", \"list\": [1, 2.5, null, true]}",
    "<div class=\"x\"><p>Hello &amp; welcome</p></div>",
    "cat file.txt | grep -E '^[a-z]+$' | sort -u > out.txt && echo done",
    "SELECT name, COUNT(*) FROM users WHERE age >= 18 GROUP BY name;",
    "```python\nprint('hi')\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "- item one\n- item two\n  - nested item",
    "regex: (?P<year>\\d{4})-(?P<month>\\d{2})",
    "C:\\Users\\name\\Documents\\file.txt",
    "template<typename T> auto f(T&& t) -> decltype(t.size()) { return t.size(); }",
    "    indented by four\n        indented by eight",
    # Korean, Japanese, Chinese
    "안녕하세요", "한국어 토크나이저 테스트입니다.", "서울은 대한민국의 수도입니다. 날씨가 좋네요!",
    "こんにちは世界", "東京は日本の首都です。", "カタカナとひらがなと漢字", "ｶﾀｶﾅ 半角",
    "你好，世界！", "我爱自然语言处理。", "繁體中文測試", "中文、日本語、한국어",
    "Hello 世界 안녕 こんにちは", "混合 mixed テキスト 텍스트 123",
    # other scripts
    "مرحبا بالعالم", "שלום עולם", "Привет, мир!", "Γειά σου Κόσμε", "नमस्ते दुनिया",
    "สวัสดีชาวโลก", "Tiếng Việt có dấu", "გამარჯობა", "Բարեւ աշխարհ", "ሰላም ልዑል", "வணக்கம்",
    "Ünïcödé wïth dïäcrïtïcs: àéîõü ÀÉÎÕÜ ßøæœ",
    # emoji, including ZWJ sequences, skin tones, flags, keycaps
    "😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇰🇷🇯🇵🇫🇷", "❤️", "🧑🏿‍💻", "1️⃣", "emoji in text 🎉 party 🥳!",
    "👩‍❤️‍💋‍👨 couple", "🤷‍♀️🤷‍♂️", "😀😃😄😁😆😅😂🤣",
    # look-alikes of control tokens and pieces
    "[INST]", "[/INST]", "[INST] hi [/INST]", "<s>", "</s>", "<unk>", "<s>hello</s>", "<pad>",
    "<0x41>", "[TOOL_CALLS]", "[AVAILABLE_TOOLS]", "[control_12]", "[REFERENCE_DOC_1]",
    "see [REFERENCE_DOC_7] and [REFERENCE_DOC_19]", "▁", "▁▁hello", "a▁b", "<|im_start|>user\nhi<|im_end|>",
    "[INST][/INST]", "</s><s>",
    # byte fallback: rare characters, control characters, odd code points
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙", "a\x00b", "\x01\x02\x03\x7f", "zero\u200bwidth", "\ufeffBOM first",
    "no\u00a0break\u00a0space", "ideographic\u3000space", "e\u0301 vs \u00e9", "\ue000\uf8ff private use",
    "\U000F0000\U0010FFFD plane 15/16", "𠀀𠀁𠀂 ext B", "𝄞 music", "\ufffd replacement char",
    "\u2028line separator\u2029paragraph", "\x1b[31mred\x1b[0m", "bell\x07", "\U0001F9EC\U0001FAE0",
    "ꙮ ᚠᛇᚻ ⰀⰁ 𓀀", "\u0600\u0601 arabic number sign",
    # very long words and text
    "a" * 1000,
    "supercalifragilisticexpialidocious" * 30,
    "9" * 500,
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
    "laboris nisi ut aliquip ex ea commodo consequat. " * 8,
    "한글" * 300,
    "😀" * 200,
]

WORDS = [
    "the", "tokenizer", "model", "Mistral", "weather", "cat", "running", "unbelievable", "GPU",
    "안녕", "사람", "컴퓨터", "日本", "東京", "ありがとう", "中国", "学习", "数据", "Привет", "мир",
    "naïve", "café", "straße", "x", "42", "3.5", "(", ")", "{", "}", ";", "->", "::", "==", "\"",
    "'", "#", "@", "%", "&&", "||", "<s>", "[INST]", "</s>", "▁", "🙂", "👍🏻", "🇩🇪", "👨‍💻",
]
SEPARATORS = [" ", " ", " ", "", "  ", "\t", "\n", " \n", "   ", "\n\n"]
CODE_POINT_RANGES = [
    (0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF), (0x900, 0x97F),
    (0xE00, 0xE7F), (0x1100, 0x11FF), (0x2000, 0x206F), (0x2190, 0x23FF), (0x2500, 0x27BF),
    (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xE000, 0xF8FF), (0xFF00, 0xFFEF),
    (0x10000, 0x1007F), (0x1D400, 0x1D7FF), (0x1F300, 0x1FAFF), (0x20000, 0x2A6DF), (0xF0000, 0xF00FF),
]


def generated_strings(rng, n):
    out = []
    for k in range(n):
        kind = k % 3
        if kind == 0:  # words joined by random separators, sometimes with outer whitespace
            parts = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
            s = ""
            for p in parts:
                s += p + rng.choice(SEPARATORS)
            if rng.random() < 0.3:
                s = rng.choice(SEPARATORS) + s
            if rng.random() < 0.5:
                s = s.rstrip(" ")
        elif kind == 1:  # random code points from assorted blocks (never surrogates)
            chars = []
            for _ in range(rng.randint(1, 20)):
                lo, hi = rng.choice(CODE_POINT_RANGES)
                chars.append(chr(rng.randint(lo, hi)))
                if rng.random() < 0.2:
                    chars.append(rng.choice(" \t\n"))
            s = "".join(chars)
        else:  # printable ASCII soup with runs of spaces
            s = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,;:!?-_()[]{}<>/\\\"'  ")
                        for _ in range(rng.randint(1, 60)))
        out.append(s)
    return out


def make_strings():
    rng = random.Random(20240607)
    strings = list(HAND_STRINGS) + generated_strings(rng, 150)
    seen, unique = set(), []
    for s in strings:
        if s not in seen:
            seen.add(s)
            unique.append(s)
    assert len(unique) >= 250, len(unique)
    return unique


# ---------------------------------------------------------------------------------------------
# Decode cases: id sequences that encode() never produces
# ---------------------------------------------------------------------------------------------

def decode_cases(sp, rng):
    byte = lambda b: sp.piece_to_id("<0x%02X>" % b)
    space = sp.piece_to_id("▁")
    hello = sp.piece_to_id("▁Hello")
    hello2 = sp.piece_to_id("Hello")
    controls = [i for i in range(sp.get_piece_size()) if sp.is_control(i)]
    assert hello != sp.unk_id() and hello2 != sp.unk_id()
    fixed = [
        [byte(0xE2), byte(0x82), byte(0xAC)],                       # complete 3-byte char
        [byte(0xE2), byte(0x82)],                                   # incomplete at the end
        [byte(0xE2), byte(0x82), hello],                            # incomplete before a piece
        [byte(0xE2), sp.bos_id(), byte(0x82), byte(0xAC)],          # a control id splits the run
        [byte(0xF0), byte(0x9F), byte(0x98), byte(0x80)],           # 4-byte emoji
        [byte(0xF0), byte(0xE2), byte(0x82), byte(0xAC)],           # bad lead, then valid char
        [byte(0xC0), byte(0x80)],                                   # overlong
        [byte(0xED), byte(0xA0), byte(0x80)],                       # surrogate
        [byte(0xF4), byte(0x90), byte(0x80), byte(0x80)],           # above U+10FFFF
        [byte(0xEF), byte(0xBF), byte(0xBD)],                       # literal U+FFFD
        [byte(0x80), byte(0xBF), byte(0xFF), byte(0xFE)],           # stray bytes
        [byte(0x41), byte(0x20), byte(0x42)],                       # ASCII bytes
        [byte(0x20), hello],                                        # byte space first
        [sp.bos_id(), hello, hello],                                # control first
        [space], [space, space], [space, hello], [hello, space], [hello2, hello],
        [sp.unk_id()], [sp.unk_id(), hello], [hello, sp.unk_id(), hello],
        [sp.bos_id(), sp.eos_id()], [], [sp.eos_id(), space, hello],
        [controls[-1], byte(0xE2), byte(0x82), byte(0xAC), hello],
    ]
    # weights: byte pieces, controls, unk, pieces with a leading '▁', any piece
    byte_ids = [byte(b) for b in range(256)]
    ws_ids = [i for i in range(sp.get_piece_size()) if sp.id_to_piece(i).startswith("▁")]
    cases = [list(c) for c in fixed]
    for _ in range(90):
        ids = []
        for _ in range(rng.randint(1, 24)):
            r = rng.random()
            if r < 0.45:
                ids.append(rng.choice(byte_ids))
            elif r < 0.55:
                ids.append(rng.choice(controls))
            elif r < 0.58:
                ids.append(sp.unk_id())
            elif r < 0.8:
                ids.append(rng.choice(ws_ids))
            else:
                ids.append(rng.randrange(sp.get_piece_size()))
        cases.append(ids)
    # runs of bytes of real multi-byte characters, cut at random places
    for _ in range(30):
        text = "".join(chr(rng.choice([rng.randint(0x80, 0x7FF), rng.randint(0x800, 0xD7FF),
                                       rng.randint(0x10000, 0x10FFFF)])) for _ in range(rng.randint(1, 5)))
        raw = text.encode("utf-8")
        ids = [byte(b) for b in raw]
        cut = rng.randrange(len(ids) + 1)
        ids = ids[:cut] + ([hello] if rng.random() < 0.5 else []) + ids[cut:]
        cases.append(ids)
    return [{"ids": ids, "text": sp.decode(ids)} for ids in cases]


def make_strings_fixture(strings):
    out = {"strings": strings}
    rng = random.Random(7)
    for v in VERSIONS:
        sp = spm.SentencePieceProcessor(model_file=str(MODELS / f"tokenizer.model.{v}"))
        ids = [sp.encode(s) for s in strings]
        decoded = [sp.decode(i) for i in ids]
        out[v] = {
            "n_vocab": sp.get_piece_size(), "bos_id": sp.bos_id(), "eos_id": sp.eos_id(),
            "unk_id": sp.unk_id(),
            "control_ids": [i for i in range(sp.get_piece_size()) if sp.is_control(i)],
            "byte_ids": [i for i in range(sp.get_piece_size()) if sp.is_byte(i)],
            "pieces_sample": {str(i): sp.id_to_piece(i) for i in list(range(0, 40)) + [1000, 20000, sp.get_piece_size() - 1]},
            "ids": ids, "decoded": decoded,
            "decode_cases": decode_cases(sp, rng),
        }
        n_round = sum(d == s for d, s in zip(decoded, strings))
        print(f"{v}: {len(strings)} strings, {n_round} decode back to themselves, "
              f"{sum(map(len, ids))} ids, {len(out[v]['decode_cases'])} decode cases")
    (OUT / "strings.json").write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n",
                                      encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Conversations (mistral_common)
# ---------------------------------------------------------------------------------------------

S, U, A = "system", "user", "assistant"
CHATS = [
    ("single user", [(U, "Hello!")]),
    ("user with system", [(S, "You are a helpful assistant."), (U, "What is the capital of France?")]),
    ("two turns", [(U, "Hi"), (A, "Hello! How can I help?"), (U, "Tell me a joke.")]),
    ("two turns with system", [(S, "Answer briefly."), (U, "2+2?"), (A, "4"), (U, "And 3+3?")]),
    ("three turns with system", [(S, "Be terse."), (U, "One"), (A, "Two"), (U, "Three"), (A, "Four"),
                                 (U, "Five")]),
    ("four turns", [(U, "a"), (A, "b"), (U, "c"), (A, "d"), (U, "e"), (A, "f"), (U, "g")]),
    ("korean", [(S, "한국어로 대답하세요."), (U, "오늘 날씨 어때요?"), (A, "맑고 따뜻해요."),
                (U, "내일은요?")]),
    ("japanese", [(U, "こんにちは、元気ですか？"), (A, "はい、元気です。"), (U, "東京のおすすめは？")]),
    ("chinese with system", [(S, "请用中文回答。"), (U, "你好！今天是星期几？")]),
    ("emoji", [(U, "Describe 👨‍👩‍👧‍👦 and 🏳️‍🌈"), (A, "A family 👪 and a rainbow flag."),
               (U, "Thanks 🙏🏽")]),
    ("code", [(S, "You write Python."), (U, "Write a function:\n```python\ndef f(x):\n    pass\n```"),
              (A, "def f(x):\n    return x * 2\n"), (U, "Now in C.")]),
    ("whitespace", [(U, "  spaced out  "), (A, "  also spaced  "), (U, "\tTabs\tand\nnewlines\n")]),
    ("control look-alikes", [(U, "What does [INST] mean? And </s> and <s>?"), (A, "[/INST] is a marker."),
                             (U, "[INST] nested [/INST]")]),
    ("empty user", [(U, "")]),
    ("empty user with system", [(S, "System only matters here."), (U, "")]),
    ("system only", [(S, "You are a bot.")]),
    ("consecutive users", [(U, "First part."), (U, "Second part.")]),
    ("consecutive assistants", [(U, "Q"), (A, "A1"), (A, "A2"), (U, "Q2")]),
    ("two systems", [(S, "Rule one."), (S, "Rule two."), (U, "Go.")]),
    ("system in the middle", [(U, "Hi"), (A, "Hello"), (U, "Question?"), (S, "Late system."), (U, "More.")]),
    ("system between user and assistant", [(U, "Hi"), (S, "Be kind."), (A, "Hello"), (U, "Bye")]),
    ("empty system", [(S, ""), (U, "Hello")]),
    ("assistant first", [(A, "I start."), (U, "OK")]),
    ("system then assistant", [(S, "Sys."), (A, "I start."), (U, "OK")]),
    ("assistant trailing spaces", [(U, "Hi"), (A, "Hello   "), (U, "Again")]),
    ("assistant trailing newline", [(U, "Hi"), (A, "Hello\n"), (U, "Again")]),
    ("long", [(S, "Summarize. " * 20), (U, "Lorem ipsum dolor sit amet. " * 30), (A, "Short summary."),
              (U, "Longer please. " * 10)]),
    ("mixed scripts", [(S, "Multilingual."), (U, "Hello 世界 안녕 こんにちは Привет مرحبا"), (A, "👋"),
                       (U, "ok")]),
    ("leading space user", [(U, " leading space"), (A, "ok"), (U, "  two spaces")]),
    ("newlines only", [(U, "\n\n"), (A, "\n"), (U, "\n")]),
    ("system last", [(U, "Hi"), (S, "Be nice.")]),
    ("system last after turns", [(U, "a"), (A, "b"), (U, "c"), (S, "d")]),
    ("assistant only spaces", [(U, "Hi"), (A, "   "), (U, "x")]),
    ("empty users merged", [(U, ""), (U, "x"), (U, ""), (U, "y")]),
    # mistral_common rejects these
    ("error: no messages", []),
    ("error: trailing assistant", [(U, "Hi"), (A, "Hello")]),
    ("error: only assistant", [(A, "Hello")]),
    ("error: system after assistant", [(U, "Hi"), (A, "Hello"), (S, "Late."), (U, "Bye")]),
    ("error: empty assistant", [(U, "Hi"), (A, ""), (U, "Bye")]),
]


def to_message(role, content):
    return {S: SystemMessage, U: UserMessage, A: AssistantMessage}[role](content=content)


def make_chats_fixture():
    tokenizers = {v: MistralTokenizer.from_file(str(MODELS / f"tokenizer.model.{v}")) for v in VERSIONS}
    # the fixture files are the ones mistral_common ships for MistralTokenizer.v1() / .v3()
    for v, builtin in (("v1", MistralTokenizer.v1()), ("v3", MistralTokenizer.v3())):
        probe = ChatCompletionRequest(messages=[SystemMessage(content="s"), UserMessage(content="u ü 😀"),
                                                AssistantMessage(content="a  "), UserMessage(content="[INST]")])
        assert tokenizers[v].encode_chat_completion(probe).tokens == builtin.encode_chat_completion(probe).tokens
        assert type(tokenizers[v].instruct_tokenizer).__name__ == {"v1": "InstructTokenizerV1",
                                                                   "v3": "InstructTokenizerV3"}[v]
    chats = []
    for name, msgs in CHATS:
        entry = {"name": name, "messages": [{"role": r, "content": c} for r, c in msgs]}
        for v in VERSIONS:
            try:
                request = ChatCompletionRequest(messages=[to_message(r, c) for r, c in msgs])
                entry[v] = tokenizers[v].encode_chat_completion(request).tokens
            except Exception as e:  # noqa: BLE001 - the kind of failure is what we record
                entry[v] = None
                entry[v + "_error"] = f"{type(e).__name__}: {e}"
        assert (entry["v1"] is None) == name.startswith("error:"), (name, entry)
        assert (entry["v3"] is None) == name.startswith("error:"), (name, entry)
        chats.append(entry)
    assert sum(1 for c in chats if c["v1"] is not None) >= 24
    (OUT / "chats.json").write_text(json.dumps(chats, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"chats: {len(chats)} conversations")


# ---------------------------------------------------------------------------------------------
# Protobuf wire format (for reading piece types and writing the tiny and malformed models)
# ---------------------------------------------------------------------------------------------

def pb_varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def pb_key(field, wire):
    return pb_varint((field << 3) | wire)


def pb_len(field, payload):
    return pb_key(field, 2) + pb_varint(len(payload)) + payload


def pb_uint(field, v):
    return pb_key(field, 0) + pb_varint(v)


def pb_float(field, f):
    return pb_key(field, 5) + struct.pack("<f", f)


def pb_read_varint(b, i):
    r, s = 0, 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def pb_fields(b):
    i, out = 0, []
    while i < len(b):
        key, i = pb_read_varint(b, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            v, i = pb_read_varint(b, i)
        elif wire == 1:
            v, i = b[i:i + 8], i + 8
        elif wire == 5:
            v, i = b[i:i + 4], i + 4
        elif wire == 2:
            n, i = pb_read_varint(b, i)
            v, i = b[i:i + n], i + n
        else:
            raise ValueError(f"wire type {wire}")
        out.append((field, wire, v))
    return out


def user_defined_ids(model_bytes):
    ids, k = [], 0
    for field, _, v in pb_fields(model_bytes):
        if field == 1:
            if any(f == 3 and t == 4 for f, _, t in pb_fields(v)):
                ids.append(k)
            k += 1
    return ids


# ---------------------------------------------------------------------------------------------
# GGUF vocabularies (gguf.vocab.SentencePieceVocab = llama.cpp's converter)
# ---------------------------------------------------------------------------------------------

def make_gguf_vocabs():
    for v in VERSIONS:
        src = MODELS / f"tokenizer.model.{v}"
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(src, Path(tmp) / "tokenizer.model")
            vocab = SentencePieceVocab(Path(tmp))
            tokens, scores, types = [], [], []
            for text, score, toktype in vocab.all_tokens():
                tokens.append(text)
                scores.append(score)
                types.append(int(toktype))
        for i in user_defined_ids(src.read_bytes()):
            assert types[i] == int(gguf.TokenType.NORMAL)
            types[i] = int(gguf.TokenType.USER_DEFINED)
        sp = spm.SentencePieceProcessor(model_file=str(src))
        path = OUT / f"vocab_{v}.gguf"
        w = gguf.GGUFWriter(str(path), "llama")
        w.add_tokenizer_model("llama")
        w.add_token_list(tokens)
        w.add_token_scores(scores)
        w.add_token_types(types)
        w.add_bos_token_id(sp.bos_id())
        w.add_eos_token_id(sp.eos_id())
        w.add_unk_token_id(sp.unk_id())
        w.add_add_bos_token(True)
        w.add_add_eos_token(False)
        w.add_add_space_prefix(True)
        w.write_header_to_file()
        w.write_kv_data_to_file()
        w.write_tensors_to_file()
        w.close()
        print(f"{path.name}: {len(tokens)} tokens, {path.stat().st_size} bytes")


# ---------------------------------------------------------------------------------------------
# A tiny valid model and malformed variants
# ---------------------------------------------------------------------------------------------

NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6


def piece(text, score=0.0, type_=None, raw=None):
    body = pb_len(1, raw if raw is not None else text.encode("utf-8")) + pb_float(2, score)
    if type_ is not None:
        body += pb_uint(3, type_)
    return pb_len(1, body)


TINY_NORMAL = ["▁", "h", "e", "l", "o", "w", "r", "d", "▁h", "he", "ll", "llo", "▁he", "▁hello",
               "▁w", "or", "▁wor", "▁world", "!", "ö", "▁ö"]


def tiny_pieces(byte_fallback=True, unk=True):
    out = [piece("<unk>", 0.0, UNKNOWN)] if unk else []
    out += [piece("<s>", 0.0, CONTROL), piece("</s>", 0.0, CONTROL), piece("[INST]", 0.0, CONTROL)]
    if byte_fallback:
        out += [piece("<0x%02X>" % b, 0.0, BYTE) for b in range(256)]
    out += [piece(t, -float(k)) for k, t in enumerate(TINY_NORMAL)]
    out += [piece("<tool>", 0.0, USER_DEFINED), piece("<unused0>", 0.0, UNUSED)]
    return out


def trainer_spec(model_type=2, byte_fallback=True, extra=b""):
    return pb_len(2, pb_uint(3, model_type) + pb_uint(4, 300) + pb_uint(35, int(byte_fallback))
                  + pb_uint(40, 0) + pb_uint(41, 1) + pb_uint(42, 2) + pb_uint(43, (1 << 64) - 1) + extra)


def normalizer_spec(extra=b""):
    return pb_len(3, pb_len(1, b"identity") + pb_uint(3, 1) + pb_uint(4, 0) + pb_uint(5, 1) + extra)


def tiny_model(pieces=None, trainer=None, normalizer=None, tail=b""):
    return (b"".join(pieces if pieces is not None else tiny_pieces())
            + (trainer if trainer is not None else trainer_spec())
            + (normalizer if normalizer is not None else normalizer_spec()) + tail)


TINY_STRINGS = ["hello world", "hello world!", " hello", "hellö wörld", "<tool> hello<tool>", "[INST] hi",
                "xyz 😀", "", "  ", "l\tl"]


def make_tiny_and_bad_models():
    tiny = tiny_model()
    (OUT / "tiny.model").write_bytes(tiny)
    sp = spm.SentencePieceProcessor(model_file=str(OUT / "tiny.model"))
    tiny_ref = {"strings": TINY_STRINGS, "ids": [sp.encode(s) for s in TINY_STRINGS],
                "decoded": [sp.decode(sp.encode(s)) for s in TINY_STRINGS],
                "n_vocab": sp.get_piece_size(), "bos_id": sp.bos_id(), "eos_id": sp.eos_id()}

    rng = random.Random(99)
    p = tiny_pieces()
    bad = {
        # framing
        "truncated": (tiny[: len(tiny) // 2 + 3], "past the end"),
        "truncated_in_varint": (tiny + pb_key(1, 2) + b"\x80", "truncated varint"),
        "huge_length": (pb_key(1, 2) + pb_varint((1 << 63) + 5) + b"\x0a\x01a", "past the end"),
        "length_2p64_minus_1": (pb_key(1, 2) + b"\xff" * 9 + b"\x01" + b"abc", "past the end"),
        "varint_11_bytes": (pb_key(2, 0) + b"\xff" * 10 + b"\x01", "varint"),
        "group_wire_type": (tiny + pb_key(7, 3) + pb_key(7, 4), "wire type 3"),
        "wire_type_7": (tiny + pb_key(9, 7) + b"\x00", "wire type 7"),
        "field_number_zero": (pb_key(0, 0) + b"\x01" + tiny, "field number 0"),
        "wrong_wire_type": (pb_uint(1, 5) + tiny, "wire type"),
        "bogus_nested_length": (pb_len(1, pb_key(1, 2) + pb_varint(1000) + b"ab") + tiny, "past the end"),
        "random_bytes": (bytes(rng.randrange(256) for _ in range(700)), ""),
        "empty": (b"", "no pieces"),
        # vocabulary
        "no_unk": (tiny_model(pieces=tiny_pieces(unk=False)), "UNKNOWN"),
        "two_unk": (tiny_model(pieces=p + [piece("<unk2>", 0.0, UNKNOWN)]), "UNKNOWN"),
        "duplicate_piece": (tiny_model(pieces=p + [piece("▁hello", -3.0)]), "twice"),
        "empty_piece": (tiny_model(pieces=p + [piece("", 0.0)]), "empty"),
        "piece_not_utf8": (tiny_model(pieces=p + [piece("", 0.0, NORMAL, raw=b"ab\xff")]), "UTF-8"),
        "piece_with_nul": (tiny_model(pieces=p + [piece("a\x00b", -1.0)]), "NUL byte"),
        "piece_type_9": (tiny_model(pieces=p + [piece("zz", 0.0, 9)]), "type 9"),
        "piece_nan_score": (tiny_model(pieces=p + [piece("zz", float("nan"))]), "score"),
        "byte_without_fallback": (tiny_model(trainer=trainer_spec(byte_fallback=False)), "byte_fallback"),
        "missing_byte_pieces": (tiny_model(pieces=[x for k, x in enumerate(p) if k != 4 + 0x41]), "256 byte"),
        "bad_byte_piece": (tiny_model(pieces=p + [piece("<0xZZ>", 0.0, BYTE)]), "byte piece"),
        "model_type_word": (tiny_model(trainer=trainer_spec(model_type=3)), "model type"),
        "model_type_99": (tiny_model(trainer=trainer_spec(model_type=99)), "model type"),
        # normalizer
        "precompiled_charsmap": (tiny_model(normalizer=normalizer_spec(pb_len(2, struct.pack("<I", 8) + b"\xff" * 40))),
                                 "precompiled_charsmap"),
        "denormalizer_charsmap": (tiny + pb_len(5, pb_len(2, struct.pack("<I", 4000) + b"\x01" * 20)),
                                  "precompiled_charsmap"),
        "unk_surface_not_utf8": (tiny_model(trainer=trainer_spec(extra=pb_len(44, b"\xc3("))), "unk_surface"),
        # a control piece of one character: libsentencepiece 0.1.97 loads it, then cannot encode
        # text holding that character (the meta symbol here: any text with a space)
        "control_single_char": (tiny_model(pieces=[piece("▁", 0.0, CONTROL) if k == 4 + 256 else x
                                                   for k, x in enumerate(p)]), "single character"),
    }
    # Inputs found by fuzz_sp_model (scripts/fuzz), committed as found: file -> expected message.
    found_by_fuzzing = {"tokenizer_fuzz_control_meta_symbol.model": "single character"}
    manifest = {}
    for name, (data, expect) in bad.items():
        fname = f"tokenizer_{name}.model"
        (BAD / fname).write_bytes(data)
        manifest[fname] = expect
    for fname, expect in found_by_fuzzing.items():
        assert (BAD / fname).is_file(), fname
        manifest[fname] = expect
    (OUT / "tiny.json").write_text(json.dumps({"tiny": tiny_ref, "bad_models": manifest}, ensure_ascii=False,
                                              indent=1) + "\n", encoding="utf-8")
    print(f"tiny.model: {len(tiny)} bytes; {len(bad)} malformed models")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    make_strings_fixture(make_strings())
    make_chats_fixture()
    make_gguf_vocabs()
    make_tiny_and_bad_models()


if __name__ == "__main__":
    main()
