// parse_hf_config (config.json) on arbitrary bytes: BadInput or a config that validates.
#include <string_view>

#include "engine/format/hf_config.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane;
  auto c = parse_hf_config(std::string_view(reinterpret_cast<const char*>(data), size), "config.json");
  if (!c) FUZZ_CHECK(c.error().kind == ErrorKind::BadInput);
  return 0;
}
