// dequant_rows: exact dequantization of (gathered) weight rows to float32 or float16.
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>

#include "kernels/api.h"
#include "kernels/quant_device.cuh"

namespace tramontane::kernels {
namespace {

constexpr int kThreads = 256;
constexpr int kMaxGridY = 65535;

// Layout: W [rows, cols] in its stored blocks, row pitch `pitch` bytes; out [n_out, cols] float32
// or float16, row-major.
// Thread mapping: one thread per output element; blockIdx.x * 256 + threadIdx.x is the column (so
// stores of a warp are 32 consecutive elements, fully coalesced), blockIdx.y strides over output
// rows. The block's scales are re-read by the threads sharing a block and hit L1.
template <WType T, bool kF16>
__global__ void __launch_bounds__(kThreads) dequant_rows_kernel(const uint8_t* __restrict__ w, int64_t cols,
                                                               int64_t pitch, const int32_t* __restrict__ ids,
                                                               int64_t n_out, void* __restrict__ out) {
  const int64_t c = int64_t(blockIdx.x) * kThreads + threadIdx.x;
  if (c >= cols) return;
  for (int64_t i = blockIdx.y; i < n_out; i += gridDim.y) {
    const int64_t r = ids ? int64_t(__ldg(ids + i)) : i;
    const float v = qdev::weight_at<T>(w + r * pitch, c);
    if constexpr (kF16) {
      static_cast<__half*>(out)[i * cols + c] = __float2half_rn(v);
    } else {
      static_cast<float*>(out)[i * cols + c] = v;
    }
  }
}

template <WType T>
int launch(const void* w, int64_t cols, const int32_t* ids, int64_t n_out, void* out, bool out_f16,
           cudaStream_t s) {
  const dim3 grid(unsigned((cols + kThreads - 1) / kThreads), unsigned(std::min<int64_t>(n_out, kMaxGridY)));
  const auto* wb = static_cast<const uint8_t*>(w);
  const int64_t pitch = qdev::row_bytes(T, cols);
  if (out_f16) {
    dequant_rows_kernel<T, true><<<grid, kThreads, 0, s>>>(wb, cols, pitch, ids, n_out, out);
  } else {
    dequant_rows_kernel<T, false><<<grid, kThreads, 0, s>>>(wb, cols, pitch, ids, n_out, out);
  }
  return int(cudaGetLastError());
}

}  // namespace

int dequant_rows(WType t, const void* w, int64_t cols, const int32_t* ids, int64_t n_out, void* out, bool out_f16,
                 Stream s) {
  if (n_out <= 0 || cols <= 0) return 0;
  if (cols % qdev::block_size(t) != 0) return int(cudaErrorInvalidValue);
  const auto st = static_cast<cudaStream_t>(s);
  switch (t) {
    case WType::F32: return launch<WType::F32>(w, cols, ids, n_out, out, out_f16, st);
    case WType::F16: return launch<WType::F16>(w, cols, ids, n_out, out, out_f16, st);
    case WType::BF16: return launch<WType::BF16>(w, cols, ids, n_out, out, out_f16, st);
    case WType::Q8_0: return launch<WType::Q8_0>(w, cols, ids, n_out, out, out_f16, st);
    case WType::Q4_0: return launch<WType::Q4_0>(w, cols, ids, n_out, out, out_f16, st);
    case WType::Q4_1: return launch<WType::Q4_1>(w, cols, ids, n_out, out, out_f16, st);
    case WType::Q4_K: return launch<WType::Q4_K>(w, cols, ids, n_out, out, out_f16, st);
    case WType::Q5_K: return launch<WType::Q5_K>(w, cols, ids, n_out, out, out_f16, st);
    case WType::Q6_K: return launch<WType::Q6_K>(w, cols, ids, n_out, out, out_f16, st);
  }
  return int(cudaErrorInvalidValue);
}

}  // namespace tramontane::kernels
