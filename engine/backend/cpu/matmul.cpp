#include "engine/backend/cpu/matmul.h"

#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

namespace tramontane::cpu {

namespace {
int g_threads = 0;

float load(const TensorView& w, const uint8_t* row, int64_t c) {
  switch (w.dtype) {
    case DType::F32: { float f; std::memcpy(&f, row + 4 * c, 4); return f; }
    case DType::F16: { uint16_t h; std::memcpy(&h, row + 2 * c, 2); return fp16_to_f32(h); }
    case DType::BF16: { uint16_t h; std::memcpy(&h, row + 2 * c, 2); return bf16_to_f32(h); }
    default: throw std::logic_error("matmul: dtype not supported yet");
  }
}
}  // namespace

void set_num_threads(int n) { g_threads = n; }
int num_threads() {
  if (g_threads > 0) return g_threads;
  unsigned hc = std::thread::hardware_concurrency();
  return hc ? int(hc) : 1;
}

// Reference implementation (one thread, float types); the tuned one replaces it.
void matmul(const TensorView& w, const float* x, int64_t n_tokens, float* y) {
  const int64_t rows = w.rows(), cols = w.cols();
  for (int64_t t = 0; t < n_tokens; ++t)
    for (int64_t r = 0; r < rows; ++r) {
      const uint8_t* row = w.row(r);
      double acc = 0;
      for (int64_t c = 0; c < cols; ++c) acc += double(load(w, row, c)) * x[t * cols + c];
      y[t * rows + r] = float(acc);
    }
}

}  // namespace tramontane::cpu
