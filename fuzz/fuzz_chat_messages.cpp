// parse_chat_messages (the CLI's --messages FILE.json) on arbitrary bytes; accepted conversations
// go through every chat template with the small fixture tokenizer (tests/fixtures/tokenizer/tiny.model).
#include <cstdlib>
#include <memory>
#include <string_view>

#include "engine/tokenizer/chat_message.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  static const std::unique_ptr<Tokenizer> tok = [] {
    auto t = Tokenizer::from_file(TRAMONTANE_FIXTURES "/tokenizer/tiny.model");
    if (!t) std::abort();
    return std::move(*t);
  }();
  auto messages = parse_chat_messages(std::string_view(reinterpret_cast<const char*>(data), size), "messages.json");
  if (!messages) {
    FUZZ_CHECK(messages.error().kind == ErrorKind::BadInput);
    return 0;
  }
  FUZZ_CHECK(!messages->empty());
  for (ChatTemplate t : {ChatTemplate::V1, ChatTemplate::V3, ChatTemplate::ChatML}) {
    auto ids = apply_chat_template(*tok, t, *messages);
    if (!ids) FUZZ_CHECK(ids.error().kind == ErrorKind::BadInput);
    else for (int32_t id : *ids) FUZZ_CHECK(id >= 0 && id < tok->n_vocab());
  }
  return 0;
}
