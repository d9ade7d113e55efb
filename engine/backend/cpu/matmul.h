#pragma once
// Matrix products on the CPU straight from the stored (memory-mapped) weight dtype.
#include <cstdint>

#include "engine/core/tensor.h"

namespace tramontane::cpu {

// y[t, r] = sum_c w[r, c] * x[t, c]   for t < n_tokens, r < w.rows(), c < w.cols()
// w: [rows, cols] in any DType (quantized rows are decoded block by block, never copied whole)
// x: [n_tokens, cols] float32, y: [n_tokens, rows] float32 (overwritten)
void matmul(const TensorView& w, const float* x, int64_t n_tokens, float* y);

// Worker threads used by matmul and the other CPU ops (default: all cores).
void set_num_threads(int n);
int num_threads();

}  // namespace tramontane::cpu
