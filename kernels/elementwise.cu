// SwiGLU, float32 -> 16-bit conversions, and argmax over the logits (greedy decoding on the device).
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include "kernels/api.h"
#include "kernels/common.cuh"

namespace tramontane::kernels {

namespace {

__global__ void swiglu_kernel(float* gate, const float* up, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
    const float g = gate[i];
    gate[i] = g / (1.0f + expf(-g)) * up[i];
  }
}

__global__ void to_f16_kernel(const float* x, int64_t n, __half* out) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    out[i] = __float2half_rn(x[i]);
}

__global__ void to_bf16_kernel(const float* x, int64_t n, __nv_bfloat16* out) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    out[i] = __float2bfloat16_rn(x[i]);
}

// (value, index) pairs: the larger value wins, the smaller index on ties; NaN never wins.
__device__ __forceinline__ void better(float& v, int& i, float v2, int i2) {
  if (v2 > v || (v2 == v && i2 < i)) {
    v = v2;
    i = i2;
  }
}

constexpr int kArgmaxThreads = 1024;

// One block: each thread scans a strided part, then warp shuffles and one shared-memory round.
__global__ void argmax_kernel(const float* x, int64_t n, int32_t* out) {
  float best = -INFINITY;
  int idx = n > 0 ? 0 : -1;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) better(best, idx, x[i], int(i));
  for (int o = 16; o > 0; o >>= 1) {
    const float v2 = __shfl_xor_sync(0xffffffffu, best, o);
    const int i2 = __shfl_xor_sync(0xffffffffu, idx, o);
    better(best, idx, v2, i2);
  }
  __shared__ float sv[kArgmaxThreads / 32];
  __shared__ int si[kArgmaxThreads / 32];
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  if (lane == 0) {
    sv[warp] = best;
    si[warp] = idx;
  }
  __syncthreads();
  if (warp == 0) {
    best = lane < int(blockDim.x / 32) ? sv[lane] : -INFINITY;
    idx = lane < int(blockDim.x / 32) ? si[lane] : 0x7fffffff;
    for (int o = 16; o > 0; o >>= 1) {
      const float v2 = __shfl_xor_sync(0xffffffffu, best, o);
      const int i2 = __shfl_xor_sync(0xffffffffu, idx, o);
      better(best, idx, v2, i2);
    }
    if (lane == 0) *out = idx;
  }
}

}  // namespace

int swiglu(float* gate, const float* up, int64_t n, Stream s) {
  if (n <= 0) return 0;
  swiglu_kernel<<<grid_for(n, 256), 256, 0, stream(s)>>>(gate, up, n);
  return launch_status();
}

int f32_to_f16(const float* x, int64_t n, void* out, Stream s) {
  if (n <= 0) return 0;
  to_f16_kernel<<<grid_for(n, 256), 256, 0, stream(s)>>>(x, n, static_cast<__half*>(out));
  return launch_status();
}

int f32_to_bf16(const float* x, int64_t n, void* out, Stream s) {
  if (n <= 0) return 0;
  to_bf16_kernel<<<grid_for(n, 256), 256, 0, stream(s)>>>(x, n, static_cast<__nv_bfloat16*>(out));
  return launch_status();
}

int argmax(const float* x, int64_t n, int32_t* out, Stream s) {
  argmax_kernel<<<1, kArgmaxThreads, 0, stream(s)>>>(x, n, out);
  return launch_status();
}

}  // namespace tramontane::kernels
