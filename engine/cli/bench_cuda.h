#pragma once
// The CUDA half of tramontane-cli bench (see bench_cuda.cpp); a Resource error without CUDA.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/weights.h"

namespace tramontane::cli {

int bench_cuda(const ModelWeights& weights, const std::string& name, const std::vector<int32_t>& prompt, int64_t gen,
               int64_t repeat, bool bandwidth);

}  // namespace tramontane::cli
