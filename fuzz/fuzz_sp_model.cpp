// tokenizer.model bytes: check_sentencepiece_model first (our own protobuf walk); only what it
// accepts goes to libsentencepiece (Tokenizer::from_model_proto), as in the app. Then a few
// encodes/decodes, every piece and every id kind, which must not crash for an accepted model.
#include <string>

#include "engine/tokenizer/sp_model_check.h"
#include "engine/tokenizer/tokenizer.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  auto info = check_sentencepiece_model(bytes, "tokenizer.model");
  if (!info) {
    FUZZ_CHECK(info.error().kind == ErrorKind::BadInput);
    return 0;
  }
  FUZZ_CHECK(info->n_pieces >= 1 && info->n_pieces <= kMaxSpPieces);
  auto tok = Tokenizer::from_model_proto(bytes, "tokenizer.model");
  if (!tok) {
    // libsentencepiece may still refuse a model our checks let through (e.g. a trainer_spec
    // value it dislikes); that must be a clean error.
    FUZZ_CHECK(tok.error().kind == ErrorKind::BadInput || tok.error().kind == ErrorKind::Resource);
    return 0;
  }
  const Tokenizer& t = **tok;
  FUZZ_CHECK(t.n_vocab() == info->n_pieces);
  for (const char* text : {"Hello world", "", "  a\tb\n\xE2\x81\x87 \xFF\xFE", "[INST] <s></s> <0x41>", "x y\xE2\x96\x81z"}) {
    // A model that loaded was checked to encode text (tokenizer.cpp's probes); if some text still
    // fails, that must be a BadInput naming the model, never a crash.
    auto ids = try_call([&] { return t.encode(text); });
    if (!ids) {
      FUZZ_CHECK(ids.error().kind == ErrorKind::BadInput);
      continue;
    }
    for (int32_t id : *ids) FUZZ_CHECK(id >= 0 && id < t.n_vocab());
    FUZZ_CHECK(t.decode(*ids).has_value());
  }
  const int32_t n = t.n_vocab() < 4096 ? t.n_vocab() : 4096;
  std::vector<int32_t> all;
  for (int32_t id = 0; id < n; ++id) {
    (void)t.piece(id), (void)t.is_control(id), (void)t.is_byte(id), (void)t.is_unknown(id), (void)t.byte_value(id);
    all.push_back(id);
  }
  FUZZ_CHECK(t.decode(all).has_value());
  FUZZ_CHECK(!t.decode({-1}).has_value() && !t.decode({t.n_vocab()}).has_value());
  (void)t.bos_id(), (void)t.eos_id(), (void)t.unk_id(), (void)t.control_token("[INST]");
  return 0;
}
