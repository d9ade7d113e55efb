#pragma once
// For the LoRA fuzz targets: a fixture base model, opened and bound once per process (a fixture
// that does not load is a broken build, so it aborts), and the invariants of an accepted adapter.
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

#include "engine/lora/adapter.h"
#include "engine/model/loader.h"
#include "engine/model/weights.h"
#include "fuzz/fuzz_util.h"

namespace tramontane::fuzz {

struct BaseModel {
  LoadedModel loaded;
  ModelWeights weights;
};

inline std::unique_ptr<BaseModel> load_base_model(const std::string& path) {
  auto b = std::make_unique<BaseModel>();
  auto loaded = open_model(path);
  if (!loaded) std::abort();
  b->loaded = std::move(*loaded);
  auto w = bind_weights(b->loaded.config, b->loaded.tensors, path);
  if (!w) std::abort();
  b->weights = *w;
  return b;
}

// What an accepted adapter promises the forward pass: a sane rank and scaling, every pair of the
// adapter's rank and of the base's shapes, finite weights.
inline void check_accepted_adapter(const lora::Adapter& ad, const ModelConfig& c) {
  FUZZ_CHECK(ad.rank >= 1 && ad.rank <= (1 << 16));
  FUZZ_CHECK(std::isfinite(ad.alpha) && std::isfinite(ad.scaling));
  FUZZ_CHECK(ad.fits(c));
  FUZZ_CHECK(!ad.targets().empty());
  for (const auto& layer : ad.layers)
    for (const lora::LoraPair& p : layer) {
      if (p.empty()) continue;
      FUZZ_CHECK(p.rank == ad.rank);
      FUZZ_CHECK(p.a.size() == size_t(p.rank * p.in) && p.b.size() == size_t(p.out * p.rank));
      for (float x : p.a) FUZZ_CHECK(std::isfinite(x));
      for (float x : p.b) FUZZ_CHECK(std::isfinite(x));
    }
}

}  // namespace tramontane::fuzz
