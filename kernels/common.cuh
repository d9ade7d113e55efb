#pragma once
// Small helpers shared by the kernel files (device code only; not part of the API).
#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/api.h"

namespace tramontane::kernels {

inline cudaStream_t stream(Stream s) { return static_cast<cudaStream_t>(s); }

// The launch's own error (bad configuration); kernel faults surface at the next sync.
inline int launch_status() { return int(cudaGetLastError()); }

// Blocks for a grid-stride loop over n elements, capped so huge n does not need a huge grid.
inline unsigned grid_for(int64_t n, int threads) {
  const int64_t blocks = (n + threads - 1) / threads;
  return unsigned(blocks < 65535 * 8 ? (blocks > 0 ? blocks : 1) : 65535 * 8);
}

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

}  // namespace tramontane::kernels
