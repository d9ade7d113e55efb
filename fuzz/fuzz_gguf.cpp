// read_gguf on arbitrary bytes, then what the app does with an accepted file: every typed
// metadata lookup, gguf_model_config, and the GGUF vocabulary -> SentencePiece tokenizer path
// (encode/decode of a few strings). Accepted tensors must lie inside the data section, not overlap.
#include <algorithm>
#include <utility>

#include "engine/format/gguf.h"
#include "engine/tokenizer/gguf_vocab.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  const std::string& path = fuzz::input_file(data, size, ".gguf");
  auto f = read_gguf(path);
  if (!f) {
    FUZZ_CHECK(f.error().kind == ErrorKind::BadInput || f.error().kind == ErrorKind::Resource);
    return 0;
  }
  const uint8_t* begin = f->map->data();
  const uint8_t* end = begin + f->map->size();
  FUZZ_CHECK(f->data_offset <= f->map->size() || f->tensors.empty());
  std::vector<std::pair<const uint8_t*, const uint8_t*>> ranges;
  for (const TensorView& t : f->tensors) {
    FUZZ_CHECK(t.data >= begin + f->data_offset && t.data <= end && t.nbytes <= uint64_t(end - t.data));
    FUZZ_CHECK(t.shape.size() >= 1 && t.shape.size() <= 4);
    ranges.emplace_back(t.data, t.data + t.nbytes);
    FUZZ_CHECK(f->find_tensor(t.name) != nullptr);
  }
  std::sort(ranges.begin(), ranges.end());
  for (size_t k = 1; k < ranges.size(); ++k) FUZZ_CHECK(ranges[k].first >= ranges[k - 1].second);

  for (const auto& [key, value] : f->metadata) {
    (void)f->get_string(key), (void)f->get_uint(key), (void)f->get_int(key), (void)f->get_float(key);
    (void)f->get_bool(key), (void)f->get_string_array(key), (void)f->get_float_array(key);
    (void)f->get_int_array(key), (void)value.array_size(), (void)gguf_type_name(value.type);
  }
  auto config = gguf_model_config(*f);
  if (!config) FUZZ_CHECK(config.error().kind == ErrorKind::BadInput);
  auto tok = tokenizer_from_gguf(*f);
  if (!tok) {
    FUZZ_CHECK(tok.error().kind == ErrorKind::BadInput || tok.error().kind == ErrorKind::Resource);
    return 0;
  }
  for (const char* text : {"Hello world", "", "  a\tb\n\xE2\x81\x87 \xFF", "<0x41>[INST]</s>"}) {
    std::vector<int32_t> ids = (*tok)->encode(text);
    for (int32_t id : ids) FUZZ_CHECK(id >= 0 && id < (*tok)->n_vocab());
    auto back = (*tok)->decode(ids);
    FUZZ_CHECK(back.has_value());
  }
  (void)(*tok)->decode({-1, (*tok)->n_vocab()});
  return 0;
}
