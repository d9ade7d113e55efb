// PEFT adapter_config.json (engine/lora/adapter.h load_adapter, its allowlisted configuration
// reader, then the tensor checks) on arbitrary bytes. The first byte picks a fixture adapter of
// tests/fixtures/lora (gqa_r8_attn, gqa_r16_all_rslora, gqa_r1_layer1 on models/gqa; mha_r8_regex
// on models/mha); the rest is written as adapter_config.json beside a copy of that adapter's
// adapter_model.safetensors in this process's directory in /dev/shm, and the directory is loaded
// for its base model. Accepted adapters must fit the base model with consistent pair sizes.
#include <memory>
#include <string>
#include <vector>

#include "engine/lora/adapter.h"
#include "fuzz/fuzz_base_model.h"
#include "fuzz/fuzz_util.h"

namespace {

using namespace tramontane;

using Base = fuzz::BaseModel;
constexpr auto load_base = fuzz::load_base_model;

struct Case {
  const char* adapter;
  const char* base;
};
constexpr Case kCases[] = {{"gqa_r8_attn", "gqa"}, {"gqa_r16_all_rslora", "gqa"}, {"gqa_r1_layer1", "gqa"},
                           {"mha_r8_regex", "mha"}};
constexpr size_t kNumCases = sizeof kCases / sizeof kCases[0];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  static const std::unique_ptr<Base> gqa = load_base(TRAMONTANE_FIXTURES "/models/gqa");
  static const std::unique_ptr<Base> mha = load_base(TRAMONTANE_FIXTURES "/models/mha");
  static const std::string root = fuzz::temp_dir("-lora");
  static const std::vector<std::string> dirs = [] {
    std::vector<std::string> out;
    for (const Case& c : kCases) {
      const std::string d = root + "/" + c.adapter;
      std::filesystem::create_directory(d);
      const std::string st = fuzz::slurp(std::string(TRAMONTANE_FIXTURES "/lora/") + c.adapter + "/adapter_model.safetensors");
      fuzz::write_file(d + "/adapter_model.safetensors", st.data(), st.size());
      out.push_back(d);
    }
    return out;
  }();
  if (size == 0) return 0;
  const size_t k = data[0] % kNumCases;
  fuzz::write_file(dirs[k] + "/adapter_config.json", data + 1, size - 1);
  const Base& base = std::string(kCases[k].base) == "gqa" ? *gqa : *mha;
  auto a = lora::load_adapter(dirs[k], base.weights);
  if (!a) {
    fuzz::note(a.error().message);
    FUZZ_CHECK(a.error().kind == ErrorKind::BadInput);
    return 0;
  }
  fuzz::note("accepted");
  fuzz::check_accepted_adapter(**a, base.weights.config);
  return 0;
}
