#pragma once
// Random-weight models of real shapes, made in memory, for benchmarks only (never for expected
// values): `tramontane-cli bench --synthetic mistral-7b:Q4_K` measures a 7B-shaped model on a
// machine that has no such file. Every matrix (embedding and LM head included) is stored in the
// given dtype with random but valid blocks (finite float16 scales); norms are float32 ones.
// To keep host memory small, the layers share one set of random matrices (each backend that
// uploads them, like CUDA, still gets one copy per layer).
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/tensor.h"
#include "engine/model/config.h"

namespace tramontane {

struct SyntheticModel {
  std::string name;                          // "mistral-7b:Q4_K"
  ModelConfig config;
  std::vector<TensorView> tensors;           // Hugging Face names, as open_model gives
  std::deque<std::vector<uint8_t>> storage;  // the bytes the views point into (stable)
};

// spec = SHAPE:DTYPE; shapes: mistral-7b (4096/14336/32 layers/32 heads/8 KV heads/window 4096/
// 32000 vocab), tiny (64/160/2 layers/4 heads/2 KV heads/window 16/256 vocab). Usage error for
// an unknown shape or dtype.
Expected<std::unique_ptr<SyntheticModel>> make_synthetic_model(const std::string& spec, uint64_t seed = 1);

// How random_rows draws: float types ~ N(0, value_sd) rounded to the type; quantized types get
// random quant bytes (every pattern is valid) and finite float16 scales of magnitude in
// [scale_lo, scale_hi), positive unless signed_scales (real K-quant files have d, dmin >= 0).
struct RandomRowsOptions {
  float value_sd = 0.02f;
  float scale_lo = 2e-4f, scale_hi = 2e-3f;
  bool signed_scales = false;
};

// n_rows random rows of `cols` elements of dtype t, as stored bytes (valid blocks). Also the
// generator of the CUDA selftest's weights (engine/backend/cuda/selftest_dequant.cpp).
std::vector<uint8_t> random_rows(DType t, int64_t n_rows, int64_t cols, uint64_t seed,
                                 const RandomRowsOptions& options = {});

}  // namespace tramontane
