// lora::apply_cpu (adapter.h): the CPU twin of the shrink/expand step. Both halves are ordinary
// float32 matrix products, so they run on cpu::matmul (threads across the cores, AVX2/AVX-512):
//   shrink  t[n, r]   = x[n, in] · Aᵀ        (A: [r, in])      then t *= scale * scaling
//   expand  d[n, out] = t[n, r] · Bᵀ         (B: [out, r])     then y += d
// Kept apart from adapter.cpp (the file readers) so that the readers do not pull in the backend.
#include <vector>

#include "engine/backend/cpu/matmul.h"
#include "engine/core/tensor.h"
#include "engine/lora/adapter.h"

namespace tramontane::lora {

namespace {

TensorView f32_view(const std::vector<float>& m, int64_t rows, int64_t cols, const char* name) {
  TensorView v;
  v.name = name;
  v.dtype = DType::F32;
  v.shape = {rows, cols};
  v.data = reinterpret_cast<const uint8_t*>(m.data());
  v.nbytes = uint64_t(rows) * uint64_t(cols) * sizeof(float);
  return v;
}

}  // namespace

void apply_cpu(const AdapterSet& set, int64_t layer, Proj p, const float* x, int64_t n, int64_t in, float* y,
               int64_t out) {
  if (n <= 0) return;
  // Scratch reused across calls of this thread (a decode step calls this for every projection).
  thread_local std::vector<float> t, d;
  for (const AdapterSet::Entry& e : set.entries()) {
    if (!e.enabled || e.scale == 0) continue;
    const LoraPair& pr = e.adapter->layers[size_t(layer)][size_t(p)];
    if (pr.empty()) continue;
    const int64_t r = pr.rank;
    const float c = e.scale * e.adapter->scaling;
    t.resize(size_t(n * r));
    cpu::matmul(f32_view(pr.a, r, in, "lora_A"), x, n, t.data());
    for (float& v : t) v *= c;  // [n, r] values scaled once instead of [n, out]
    d.resize(size_t(n * out));
    cpu::matmul(f32_view(pr.b, out, r, "lora_B"), t.data(), n, d.data());
    for (int64_t i = 0; i < n * out; ++i) y[i] += d[size_t(i)];
  }
}

}  // namespace tramontane::lora
