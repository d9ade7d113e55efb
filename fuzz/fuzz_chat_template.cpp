// A GGUF's tokenizer.chat_template text (engine/tokenizer/chat_template.h): how it is mapped onto
// our templates (detect_template) and ChatML's default system prompt read from it
// (chatml_default_system), then apply_chat_template with the detected template on two fixed
// conversations. The text is the input; the vocabulary is the first 300 tokens of the fixture
// tests/fixtures/bpe/tiny-smollm2-q4_1.gguf (its <|im_start|>/<|im_end|> control tokens, the byte
// tokens, the merges among them), and a copy whose tokens 1 and 2 are [INST] and [/INST]
// instead (a V3 tokenizer unless the text says ChatML). Checks: the template follows the rule of
// detect_template; a default system prompt is a plain literal of the text; token ids in range;
// the conversations are refused only where a ChatML text meets a tokenizer without ChatML tokens.
#include <algorithm>
#include <array>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/format/gguf.h"
#include "engine/tokenizer/bpe_model.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/gguf_vocab.h"
#include "engine/tokenizer/tokenizer.h"
#include "fuzz/fuzz_util.h"

namespace {

using namespace tramontane;

constexpr size_t kKeep = 300;  // the 17 special tokens, the 256 byte tokens, a few merged ones

std::array<BpeVocab, 2> make_vocabs() {
  auto f = read_gguf(TRAMONTANE_FIXTURES "/bpe/tiny-smollm2-q4_1.gguf");
  if (!f) std::abort();
  auto v = bpe_vocab_from_gguf(*f);
  if (!v || v->tokens.size() < kKeep) std::abort();
  BpeVocab small = *v;
  small.tokens.resize(kKeep);
  small.types.resize(kKeep);
  const std::set<std::string> kept(small.tokens.begin(), small.tokens.end());
  small.merges.clear();
  for (const std::string& m : v->merges) {
    const size_t sp = m.find(' ');
    const std::string l = m.substr(0, sp), r = m.substr(sp + 1);
    if (kept.count(l) && kept.count(r) && kept.count(l + r)) small.merges.push_back(m);
  }
  for (int32_t* id : {&small.bos_id, &small.eos_id, &small.unk_id, &small.pad_id})
    if (*id >= int32_t(kKeep)) *id = -1;
  if (small.tokens[1] != "<|im_start|>" || small.tokens[2] != "<|im_end|>") std::abort();
  BpeVocab inst = small;
  inst.tokens[1] = "[INST]";
  inst.tokens[2] = "[/INST]";
  inst.bos_id = 0;
  inst.eos_id = 0;
  inst.pad_id = -1;
  return {small, inst};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  static const std::array<BpeVocab, 2> vocabs = make_vocabs();
  const std::string text(reinterpret_cast<const char*>(data), size);

  if (auto sys = chatml_default_system(text)) {
    fuzz::note("default system prompt: " + *sys);
    FUZZ_CHECK(!sys->empty());
    FUZZ_CHECK(sys->find_first_of("{}'\"\\+") == std::string::npos);
    FUZZ_CHECK(sys->find("<|im_end|>") == std::string::npos);
    FUZZ_CHECK(text.find("<|im_start|>system") != std::string::npos);
    FUZZ_CHECK(text.find(*sys + "<|im_end|>") != std::string::npos);
  }

  const bool says_chatml = text.find("<|im_start|>") != std::string::npos;
  const std::vector<ChatMessage> user = {{ChatMessage::Role::User, "Hello"}};
  const std::vector<ChatMessage> with_system = {{ChatMessage::Role::System, "Be brief."},
                                                {ChatMessage::Role::User, "Hi"}};
  for (size_t k = 0; k < vocabs.size(); ++k) {
    BpeVocab v = vocabs[k];
    v.chat_template = text;
    auto tok = Tokenizer::from_bpe(std::move(v), "tokenizer.chat_template");
    FUZZ_CHECK(tok.has_value());  // the template text is not checked: any text loads
    FUZZ_CHECK((*tok)->chat_template_text() == text);
    const ChatTemplate t = detect_template(**tok);
    fuzz::note(std::string("vocabulary ") + std::to_string(k) + ": " + chat_template_name(t));
    FUZZ_CHECK(t == (k == 0 || says_chatml ? ChatTemplate::ChatML : ChatTemplate::V3));
    for (const auto* messages : {&user, &with_system}) {
      auto ids = apply_chat_template(**tok, t, *messages);
      if (!ids) {
        fuzz::note(ids.error().message);
        FUZZ_CHECK(ids.error().kind == ErrorKind::BadInput);
        FUZZ_CHECK(k == 1 && t == ChatTemplate::ChatML);  // ChatML text, no ChatML tokens
        continue;
      }
      FUZZ_CHECK(!ids->empty());
      for (int32_t id : *ids) FUZZ_CHECK(id >= 0 && id < (*tok)->n_vocab());
    }
  }
  return 0;
}
