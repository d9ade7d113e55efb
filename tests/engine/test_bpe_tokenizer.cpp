// Byte-level BPE (GGUF tokenizer.ggml.model = "gpt2", pre "smollm") and the ChatML template,
// against the `tokenizers` / transformers packages with SmolLM2-135M-Instruct's tokenizer
// (tools/make_bpe_fixtures.py -> tests/fixtures/bpe/): a small GGUF carrying SmolLM2's whole
// tokenizer (49152 tokens, 48900 merges, its chat template) on a random 2-layer Q4_1 model.
//   - ids of 368 strings (Unicode, emoji, code, numbers, whitespace runs, contractions, special
//     tokens as text) equal `tokenizers`; decode() gives each string back;
//   - 300 random id sequences decode (and stream-decode) as `tokenizers` decodes them;
//   - 12 conversations equal transformers' apply_chat_template(add_generation_prompt=True);
//   - malformed vocabularies are refused with the file's path; unknown pre-tokenizers by name;
//   - the model's last-token logits on 3 prompts against llama.cpp (as test_gguf_models.cpp:
//     max|ours - ref| <= max(1.1 * max|llama.cpp Q4_1 - ref|, 1e-3 * max|ref|), where ref is
//     llama.cpp on the same weights dequantized to F32).
#include <QtTest>

#include "tests/engine/fixture_util.h"

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/text.h"
#include "engine/format/gguf.h"
#include "engine/format/npy.h"
#include "engine/model/loader.h"
#include "engine/model/model.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/gguf_vocab.h"
#include "engine/tokenizer/stream_decoder.h"
#include "engine/tokenizer/tokenizer.h"

using namespace tramontane;
using nlohmann::json;

namespace {

const std::string kDir = std::string(TRAMONTANE_FIXTURES) + "/bpe";
const std::string kModel = kDir + "/tiny-smollm2-q4_1.gguf";

const json& reference() {
  static const json j = json::parse(slurp(kDir + "/reference.json"));
  return j;
}

const GgufFile& gguf_file() {
  static const GgufFile f = [] {
    auto g = read_gguf(kModel);
    if (!g) qFatal("%s", g.error().message.c_str());
    return std::move(*g);
  }();
  return f;
}

const Tokenizer& tokenizer() {
  static const std::unique_ptr<Tokenizer> t = [] {
    auto tok = tokenizer_from_gguf(gguf_file());
    if (!tok) qFatal("%s", tok.error().message.c_str());
    return std::move(*tok);
  }();
  return *t;
}

std::vector<int32_t> ids_of(const json& a) { return a.get<std::vector<int32_t>>(); }

std::string expect_error(const GgufFile& f) {
  auto t = tokenizer_from_gguf(f);
  if (t) return "(loaded)";
  if (t.error().kind != ErrorKind::BadInput) return "(not BadInput) " + t.error().message;
  if (t.error().message.rfind(f.path, 0) != 0) return "(no path) " + t.error().message;
  return t.error().message;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

NpyArray npy(const std::string& name) {
  auto a = read_npy(kDir + "/" + name);
  if (!a) qFatal("%s", a.error().message.c_str());
  return std::move(*a);
}

}  // namespace

class TestBpeTokenizer : public QObject {
  Q_OBJECT

 private slots:
  void vocabulary_facts() {
    const Tokenizer& tok = tokenizer();
    QVERIFY(tok.byte_level());
    QCOMPARE(tok.n_vocab(), 49152);
    QCOMPARE(reference()["n_vocab"].get<int>(), 49152);
    QCOMPARE(tok.bos_id(), 1);
    QCOMPARE(tok.eos_id(), 2);
    QCOMPARE(tok.unk_id(), 0);
    QCOMPARE(tok.piece(1), std::string("<|im_start|>"));
    QCOMPARE(tok.piece(17), std::string("!"));
    QCOMPARE(tok.piece(49152), std::string());
    for (int32_t id = 0; id < 17; ++id) {
      QVERIFY(tok.is_control(id));
      QCOMPARE(tok.control_token(tok.piece(id)), std::optional<int32_t>(id));
      QCOMPARE(tok.token_bytes(id), std::string());
    }
    QVERIFY(!tok.is_control(17) && !tok.is_control(-1) && !tok.is_control(49152));
    QCOMPARE(tok.control_token("!"), std::optional<int32_t>());
    QCOMPARE(tok.control_token("<|no_such|>"), std::optional<int32_t>());
    for (int32_t id : {0, 17, 300, 49151}) {
      QVERIFY(!tok.is_byte(id));
      QCOMPARE(tok.byte_value(id), -1);
      QVERIFY(!tok.is_unknown(id));
    }
    // 'Ġ' is the space byte, 'Ċ' the newline
    const int32_t space = tok.encode(" ").at(0);
    QCOMPARE(tok.piece(space), std::string("\xC4\xA0"));
    QCOMPARE(tok.token_bytes(space), std::string(" "));
    QCOMPARE(tok.token_bytes(tok.encode("\n").at(0)), std::string("\n"));
    QVERIFY(!tok.model_info().add_dummy_prefix);
    QVERIFY(contains(tok.chat_template_text(), "<|im_start|>"));
  }

  void encode_equals_tokenizers() {
    const Tokenizer& tok = tokenizer();
    const json& strings = reference()["strings"];
    const json& ids = reference()["ids"];
    QVERIFY(strings.size() >= 200);
    QCOMPARE(strings.size(), ids.size());
    int mismatches = 0, lossy = 0;
    for (size_t i = 0; i < strings.size(); ++i) {
      const std::string s = strings[i].get<std::string>();
      const std::vector<int32_t> ours = tok.encode(s), want = ids_of(ids[i]);
      if (ours != want) {
        if (++mismatches <= 5) qWarning("string %zu '%s': ids differ", i, s.c_str());
        continue;
      }
      auto text = tok.decode(ours);
      QVERIFY(text.has_value());
      QCOMPARE(*text, reference()["decoded"][i].get<std::string>());   // s, less bytes without a token
      if (*text != s) ++lossy;
    }
    QCOMPARE(mismatches, 0);
    // the strings with control bytes SmolLM2 has no token for (e.g. 0x04) lose them, as in `tokenizers`
    int want_lossy = 0;
    for (size_t i = 0; i < strings.size(); ++i) want_lossy += strings[i] != reference()["decoded"][i];
    QCOMPARE(lossy, want_lossy);
    QVERIFY(lossy >= 2);
    // special-token text is text
    QVERIFY(tok.encode("<|im_start|>").size() > 1);
    QCOMPARE(tok.encode(""), std::vector<int32_t>());
  }

  void invalid_utf8_reads_as_replacement() {
    const Tokenizer& tok = tokenizer();
    QCOMPARE(tok.encode("a\xFF" "b"), tok.encode("a\xEF\xBF\xBD" "b"));
    // a maximal subpart (E2 82 of a 3-byte character) is one U+FFFD
    QCOMPARE(tok.encode("x\xE2\x82" "y"), tok.encode("x\xEF\xBF\xBD" "y"));
    QCOMPARE(tok.encode("\xED\xA0\x80"), tok.encode("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"));   // a surrogate
  }

  void decode_equals_tokenizers() {
    const Tokenizer& tok = tokenizer();
    const json& cases = reference()["decode"];
    QVERIFY(cases.size() >= 100);
    StreamDecoder stream(tok);
    for (const json& c : cases) {
      const std::vector<int32_t> ids = ids_of(c["ids"]);
      const std::string want = c["text"].get<std::string>();
      auto text = tok.decode(ids);
      QVERIFY(text.has_value());
      QCOMPARE(*text, want);
      std::string streamed;
      for (int32_t id : ids) {
        auto piece = stream.push(id);
        QVERIFY(piece.has_value());
        QVERIFY(is_valid_utf8(*piece));
        streamed += *piece;
      }
      const std::string tail = stream.finish();
      QVERIFY(is_valid_utf8(tail));
      QCOMPARE(streamed + tail, want);
    }
    // out of range
    QVERIFY(!tok.decode({49152}).has_value());
    QCOMPARE(tok.decode({-1}).error().kind, ErrorKind::BadInput);
    QVERIFY(!stream.push(49152).has_value());
  }

  void stream_emits_whole_characters() {
    const Tokenizer& tok = tokenizer();
    // "😀" is four bytes; byte-level tokens of single bytes make the stream hold them.
    std::vector<int32_t> ids;
    for (char ch : std::string("\xF0\x9F\x98\x80")) {
      std::string c;
      const uint8_t b = uint8_t(ch);
      // GPT-2's byte character of b (b >= 0xA1 except 0xAD stands for itself; others U+0100 + k)
      auto one = tok.encode(std::string(1, ch));   // invalid alone: U+FFFD, so look the byte up instead
      Q_UNUSED(one);
      for (int32_t id = 0; id < tok.n_vocab(); ++id)
        if (tok.token_bytes(id) == std::string(1, char(b))) { ids.push_back(id); break; }
    }
    QCOMPARE(ids.size(), size_t(4));
    StreamDecoder s(tok);
    QCOMPARE(*s.push(ids[0]), std::string());
    QCOMPARE(*s.push(ids[1]), std::string());
    QCOMPARE(*s.push(1), std::string());   // a control token adds nothing and does not end the run
    QCOMPARE(*s.push(ids[2]), std::string());
    QCOMPARE(*s.push(ids[3]), std::string("\xF0\x9F\x98\x80"));
    QCOMPARE(*s.push(ids[0]), std::string());
    QCOMPARE(s.finish(), std::string("\xEF\xBF\xBD"));
    // a byte that cannot continue is replaced at once
    QCOMPARE(*s.push(ids[0]), std::string());
    QCOMPARE(*s.push(tok.encode("A").at(0)), std::string("\xEF\xBF\xBD" "A"));
    QCOMPARE(s.finish(), std::string());
  }

  void chatml_equals_transformers() {
    const Tokenizer& tok = tokenizer();
    QCOMPARE(detect_template(tok), ChatTemplate::ChatML);
    QCOMPARE(std::string(chat_template_name(ChatTemplate::ChatML)), std::string("chatml"));
    QCOMPARE(chat_template_from_name("chatml"), std::optional<ChatTemplate>(ChatTemplate::ChatML));
    const json& chats = reference()["chats"];
    QVERIFY(chats.size() >= 10);
    for (const json& c : chats) {
      std::vector<ChatMessage> msgs;
      for (const json& m : c["messages"]) {
        const std::string role = m["role"].get<std::string>();
        msgs.push_back(ChatMessage{role == "system" ? ChatMessage::Role::System
                                   : role == "user" ? ChatMessage::Role::User
                                                    : ChatMessage::Role::Assistant,
                                   m["content"].get<std::string>()});
      }
      auto ids = apply_chat_template(tok, ChatTemplate::ChatML, msgs);
      QVERIFY2(ids.has_value(), ids ? "" : ids.error().message.c_str());
      QCOMPARE(*ids, ids_of(c["ids"]));
    }
    // no messages; turn text that looks like a control token stays text
    QCOMPARE(apply_chat_template(tok, ChatTemplate::ChatML, {}).error().kind, ErrorKind::BadInput);
    auto forged = apply_chat_template(tok, ChatTemplate::ChatML,
                                      {ChatMessage{ChatMessage::Role::User, "<|im_end|>"}});
    QVERIFY(forged.has_value());
    QCOMPARE(std::count(forged->begin(), forged->end(), 2), 2L);   // the system turn's and the user turn's
  }

  void chatml_default_system_prompt() {
    QCOMPARE(chatml_default_system(tokenizer().chat_template_text()),
             std::optional<std::string>("You are a helpful AI assistant named SmolLM, trained by Hugging Face"));
    QCOMPARE(chatml_default_system("{{ '<|im_start|>system\\nYou are Qwen.<|im_end|>\\n' }}"),
             std::optional<std::string>("You are Qwen."));
    QCOMPARE(chatml_default_system("{{'<|im_start|>' + message['role'] + '\\n'}}"), std::optional<std::string>());
    QCOMPARE(chatml_default_system("<|im_start|>system\n' + x + '<|im_end|>"), std::optional<std::string>());
    QCOMPARE(chatml_default_system(""), std::optional<std::string>());
  }

  void chatml_needs_its_control_tokens() {
    auto sp = Tokenizer::from_file(std::string(TRAMONTANE_FIXTURES) + "/tokenizers/tokenizer.model.v1");
    QVERIFY(sp.has_value());
    QCOMPARE(detect_template(**sp), ChatTemplate::V1);
    auto e = apply_chat_template(**sp, ChatTemplate::ChatML, {ChatMessage{ChatMessage::Role::User, "hi"}});
    QVERIFY(!e.has_value());
    QVERIFY(contains(e.error().message, "<|im_start|>"));
  }

  void refused_vocabularies() {
    const GgufFile& f = gguf_file();
    GgufFile g = f;
    g.metadata["tokenizer.ggml.pre"].s = "llama-bpe";
    std::string m = expect_error(g);
    QVERIFY2(contains(m, "pre-tokenizer 'llama-bpe'") && contains(m, "tokenizer.ggml.pre"), m.c_str());
    g = f;
    g.metadata.erase("tokenizer.ggml.pre");
    m = expect_error(g);
    QVERIFY2(contains(m, "tokenizer.ggml.pre is missing"), m.c_str());
    g = f;
    g.metadata.erase("tokenizer.ggml.merges");
    m = expect_error(g);
    QVERIFY2(contains(m, "tokenizer.ggml.merges is missing"), m.c_str());
    g = f;
    g.metadata["tokenizer.ggml.merges"].strings[5] = "nosuchtoken x";
    m = expect_error(g);
    QVERIFY2(contains(m, "merge 5 'nosuchtoken x'"), m.c_str());
    g = f;
    g.metadata["tokenizer.ggml.merges"].strings[6] = "a  b";
    m = expect_error(g);
    QVERIFY2(contains(m, "merge 6"), m.c_str());
    g = f;
    g.metadata["tokenizer.ggml.token_type"].ints[9] = 7;
    m = expect_error(g);
    QVERIFY2(contains(m, "token_type[9] = 7"), m.c_str());
    g = f;
    g.metadata["tokenizer.ggml.tokens"].strings.pop_back();
    m = expect_error(g);
    QVERIFY2(contains(m, "49151 tokens but 49152 token types"), m.c_str());
    g = f;
    g.metadata["tokenizer.ggml.tokens"].strings[100] = "";
    m = expect_error(g);
    QVERIFY2(contains(m, "token 100 is empty"), m.c_str());
    g = f;
    g.metadata["tokenizer.ggml.tokens"].strings[100] = "\xFF";
    m = expect_error(g);
    QVERIFY2(contains(m, "not UTF-8"), m.c_str());
    g = f;
    g.metadata["tokenizer.ggml.eos_token_id"].u = 49152;
    m = expect_error(g);
    QVERIFY2(contains(m, "EOS id 49152"), m.c_str());
    g = f;
    g.metadata["tokenizer.ggml.model"].s = "bert";
    m = expect_error(g);
    QVERIFY2(contains(m, "'bert' is not supported"), m.c_str());
  }

  void long_inputs_are_fast() {
    const Tokenizer& tok = tokenizer();
    std::string text;
    for (size_t i = 0; i < reference()["strings"].size(); ++i)
      if (reference()["strings"][i] == reference()["decoded"][i]) text += reference()["strings"][i].get<std::string>() + " ";
    while (text.size() < (1u << 20)) text += text;
    const std::string spaces(100000, ' '), punct(100000, '!');
    const auto t0 = std::chrono::steady_clock::now();
    const auto ids = tok.encode(text);
    QVERIFY(ids.size() > 100000);
    QCOMPARE(*tok.decode(ids), text);
    QCOMPARE(*tok.decode(tok.encode(spaces)), spaces);
    QCOMPARE(*tok.decode(tok.encode(punct)), punct);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    qInfo("1 MiB of mixed text + 2 x 100000-character runs: %.2f s", s);
    QVERIFY(s < 30);
  }

  void model_logits_match_llama_cpp() {
    auto lm = open_model(kModel);
    QVERIFY2(lm.has_value(), lm ? "" : lm.error().message.c_str());
    QCOMPARE(lm->config.n_vocab, int64_t(49152));
    QVERIFY(lm->config.tie_embeddings);
    auto tok = open_tokenizer(*lm);
    QVERIFY(tok.has_value());
    QVERIFY((*tok)->byte_level());
    auto w = bind_weights(lm->config, lm->tensors, lm->path);
    QVERIFY2(w.has_value(), w ? "" : w.error().message.c_str());
    auto model = Model::create(*w);
    QVERIFY2(model.has_value(), model ? "" : model.error().message.c_str());
    const json& prompts = reference()["logit_prompts"];
    QCOMPARE(prompts.size(), size_t(3));
    for (size_t k = 0; k < prompts.size(); ++k) {
      const std::vector<int32_t> p = ids_of(prompts[k]);
      KvCache cache = model->new_cache();
      std::vector<float> logits(p.size() * 49152);
      const Status s = model->forward(cache, p.data(), int64_t(p.size()), logits.data(), Logits::All);
      QVERIFY2(s.has_value(), s ? "" : s.error().message.c_str());
      const NpyArray ref = npy("llama_deq_" + std::to_string(k) + ".npy");
      const NpyArray llama = npy("llama_q4_1_" + std::to_string(k) + ".npy");
      QCOMPARE(ref.numel(), int64_t(49152));
      double scale = 0, ours_err = 0, llama_err = 0, ours_vs_llama = 0;
      const float* last = logits.data() + (p.size() - 1) * 49152;
      for (int64_t i = 0; i < 49152; ++i) {
        scale = std::max(scale, std::fabs(ref.at(i)));
        const double d = std::fabs(double(last[i]) - ref.at(i));
        if (!(d <= ours_err)) ours_err = d;   // NaN fails
        llama_err = std::max(llama_err, std::fabs(llama.at(i) - ref.at(i)));
        ours_vs_llama = std::max(ours_vs_llama, std::fabs(double(last[i]) - llama.at(i)));
      }
      const double bound = std::max(1.1 * llama_err, 1e-3 * scale);
      qInfo("prompt %zu (%zu tokens): ours vs F32 ref %.3g, llama.cpp Q4_1 vs ref %.3g, ours vs llama.cpp %.3g, "
            "max|ref| %.3g", k, p.size(), ours_err, llama_err, ours_vs_llama, scale);
      QVERIFY2(ours_err <= bound, qPrintable(QString("prompt %1: %2 > %3").arg(k).arg(ours_err).arg(bound)));
    }
  }
};

QTEST_GUILESS_MAIN(TestBpeTokenizer)
#include "test_bpe_tokenizer.moc"
