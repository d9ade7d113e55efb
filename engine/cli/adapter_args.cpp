#include "engine/cli/adapter_args.h"

#include <cstdlib>

namespace tramontane::cli {

Expected<lora::AdapterSet> adapter_set_from_args(const Args& args, const ModelWeights& weights) {
  lora::AdapterSet set;
  for (const std::string& v : args.get_all("adapter")) {
    std::string dir = v;
    double scale = 1.0;
    if (const size_t eq = v.find_last_of('='); eq != std::string::npos) {
      const std::string tail = v.substr(eq + 1);
      char* end = nullptr;
      const double x = std::strtod(tail.c_str(), &end);
      if (!tail.empty() && *end == '\0') {
        dir = v.substr(0, eq);
        scale = x;
      }
    }
    if (dir.empty()) return usage_error("--adapter needs a directory: --adapter DIR[=SCALE]");
    if (!(scale >= 0 && scale <= lora::AdapterSet::kMaxScale))
      return usage_error("--adapter " + v + ": the scale must be in [0, 2]");
    auto adapter = lora::load_adapter(dir, weights);
    if (!adapter) return adapter.error();
    if (auto st = set.add(std::move(*adapter), float(scale)); !st) return st.error();
  }
  return set;
}

}  // namespace tramontane::cli
