#pragma once
// A fixture base model for the LoRA fuzz targets: opened and bound once per process; a fixture
// that does not load is a broken build, so it aborts.
#include <cstdlib>
#include <memory>
#include <string>

#include "engine/model/loader.h"
#include "engine/model/weights.h"

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

}  // namespace tramontane::fuzz
