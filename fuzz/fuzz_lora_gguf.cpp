// llama.cpp's GGUF LoRA adapter file (engine/lora/adapter.h load_adapter on a path ending in
// ".gguf": read_gguf, then the adapter's keys, tensor names, rank, alpha and shapes) on arbitrary
// bytes, written to this process's file in /dev/shm and loaded for two fixture bases: the GGUF
// model tests/fixtures/gguf_models/model-f32.gguf (Q/K rows interleaved, as gguf_r4_all.gguf
// expects) and the Hugging Face model tests/fixtures/models/gqa (gqa_r8_attn.gguf; B's q/k rows
// are permuted back). Accepted adapters must fit the base with consistent pair sizes.
#include <memory>
#include <string>

#include "engine/lora/adapter.h"
#include "fuzz/fuzz_base_model.h"
#include "fuzz/fuzz_util.h"

namespace {

using namespace tramontane;

using Base = fuzz::BaseModel;
constexpr auto load_base = fuzz::load_base_model;

void check(const Expected<std::shared_ptr<const lora::Adapter>>& a, const ModelConfig& c) {
  if (!a) {
    fuzz::note(a.error().message);
    FUZZ_CHECK(a.error().kind == ErrorKind::BadInput);
    return;
  }
  fuzz::note("accepted");
  fuzz::check_accepted_adapter(**a, c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  static const std::unique_ptr<Base> gguf = load_base(TRAMONTANE_FIXTURES "/gguf_models/model-f32.gguf");
  static const std::unique_ptr<Base> gqa = load_base(TRAMONTANE_FIXTURES "/models/gqa");
  const std::string& path = fuzz::input_file(data, size, "-lora.gguf");
  check(lora::load_adapter(path, gguf->weights), gguf->weights.config);
  check(lora::load_adapter(path, gqa->weights), gqa->weights.config);
  return 0;
}
