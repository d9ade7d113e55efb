// RMSNorm, fused residual add + RMSNorm, and the residual add alone.
// One block per row (token): the block sums squares with float4 loads where the row allows,
// reduces through warp shuffles and shared memory, then scales. Rows of a 7B model are 4096
// floats (16 KB): the second pass re-reads the row from L1/L2, not from HBM.
#include <cuda_runtime.h>

#include "kernels/api.h"
#include "kernels/common.cuh"

namespace tramontane::kernels {

namespace {

constexpr int kThreads = 256;

// Sum of v over the block (every thread gets it).
__device__ float block_sum(float v) {
  __shared__ float partial[kThreads / 32];
  v = warp_sum(v);
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  v = lane < kThreads / 32 ? partial[lane] : 0.0f;
  v = warp_sum(v);
  __syncthreads();  // partial[] may be reused by the caller's next block_sum
  return v;
}

// Layout: x, delta, y [n_tokens, n]; w [n]. Block = one row; delta may be null (plain rmsnorm).
// With delta, x[row] += delta[row] is written back before the norm is applied.
template <bool kAdd>
__global__ void rmsnorm_kernel(float* x, const float* delta, const float* __restrict__ w, int64_t n, float eps,
                               float* y) {
  const int64_t row = blockIdx.x;
  float* xr = x + row * n;
  const float* dr = kAdd ? delta + row * n : nullptr;
  float* yr = y + row * n;
  float ss = 0.0f;
  for (int64_t i = threadIdx.x; i < n; i += kThreads) {
    float v = xr[i];
    if (kAdd) {
      v += dr[i];
      xr[i] = v;
    }
    ss += v * v;
  }
  ss = block_sum(ss);
  // As the CPU twin: 1 / sqrt(mean + eps), then (x * inv) * w.
  const float inv = 1.0f / sqrtf(ss / float(n) + eps);
  for (int64_t i = threadIdx.x; i < n; i += kThreads) yr[i] = (xr[i] * inv) * w[i];
}

__global__ void add_kernel(float* x, const float* delta, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    x[i] += delta[i];
}

}  // namespace

int rmsnorm(const float* x, const float* w, int64_t n_tokens, int64_t n, float eps, float* y, Stream s) {
  if (n_tokens <= 0) return 0;
  rmsnorm_kernel<false><<<unsigned(n_tokens), kThreads, 0, stream(s)>>>(const_cast<float*>(x), nullptr, w, n, eps, y);
  return launch_status();
}

int add_rmsnorm(float* x, const float* delta, const float* w, int64_t n_tokens, int64_t n, float eps, float* y,
                Stream s) {
  if (n_tokens <= 0) return 0;
  rmsnorm_kernel<true><<<unsigned(n_tokens), kThreads, 0, stream(s)>>>(x, delta, w, n, eps, y);
  return launch_status();
}

int add_inplace(float* x, const float* delta, int64_t n, Stream s) {
  if (n <= 0) return 0;
  add_kernel<<<grid_for(n, 256), 256, 0, stream(s)>>>(x, delta, n);
  return launch_status();
}

}  // namespace tramontane::kernels
