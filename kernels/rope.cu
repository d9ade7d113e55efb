// Rotary position embedding of q and k (fused with the KV-ring write for decode), and the ring
// write of a prefill chunk.
#include <cuda_runtime.h>

#include "kernels/api.h"
#include "kernels/common.cuh"

namespace tramontane::kernels {

namespace {

constexpr int kThreads = 128;

__device__ __forceinline__ int64_t ring_slot(int64_t pos, int64_t window) { return window > 0 ? pos % window : pos; }

// Block = one token t at position p = *pos0 + t. First the token's cos/sin table [half] (double
// cos/sin of the float32 angle, as cpu::rope), then threads stride over the (head, pair) index of
// q's heads followed by k's heads. A pair is (i, i + half) or (2i, 2i + 1). With a ring, the
// rotated k and the v row go to slot p mod window as well.
__global__ void rope_qk_kernel(float* q, float* k, const float* v, const int32_t* pos0, int n_head, int n_head_kv,
                               int head_dim, const float* __restrict__ inv_freq, bool interleaved, float* k_ring,
                               float* v_ring, int64_t window) {
  extern __shared__ float table[];  // cos [half], then sin [half]
  const int half = head_dim / 2;
  const int64_t t = blockIdx.x;
  const int64_t p = int64_t(*pos0) + t;
  for (int i = threadIdx.x; i < half; i += blockDim.x) {
    const float angle = float(p) * inv_freq[i];
    table[i] = float(cos(double(angle)));
    table[half + i] = float(sin(double(angle)));
  }
  __syncthreads();
  const int kv_dim = n_head_kv * head_dim;
  float* qt = q + t * int64_t(n_head) * head_dim;
  float* kt = k + t * int64_t(kv_dim);
  float* kr = k_ring ? k_ring + ring_slot(p, window) * kv_dim : nullptr;
  const int pairs = (n_head + n_head_kv) * half;
  for (int j = threadIdx.x; j < pairs; j += blockDim.x) {
    const int h = j / half, i = j % half;
    const bool is_q = h < n_head;
    float* xh = is_q ? qt + h * head_dim : kt + (h - n_head) * head_dim;
    const int a = interleaved ? 2 * i : i, b = interleaved ? 2 * i + 1 : i + half;
    const float c = table[i], s = table[half + i];
    const float a0 = xh[a], b0 = xh[b];
    const float ra = a0 * c - b0 * s, rb = b0 * c + a0 * s;
    xh[a] = ra;
    xh[b] = rb;
    if (!is_q && kr) {
      float* rh = kr + (h - n_head) * head_dim;
      rh[a] = ra;
      rh[b] = rb;
    }
  }
  if (v_ring) {
    const float* vt = v + t * int64_t(kv_dim);
    float* vr = v_ring + ring_slot(p, window) * kv_dim;
    for (int i = threadIdx.x; i < kv_dim; i += blockDim.x) vr[i] = vt[i];
  }
}

// Rows first .. n - 1 of k/v to their slots; element-wise grid-stride over (row, index).
__global__ void kv_store_kernel(const float* k, const float* v, const int32_t* pos0, int64_t first, int64_t n,
                                int kv_dim, float* k_ring, float* v_ring, int64_t window) {
  const int64_t total = (n - first) * kv_dim;
  const int64_t p0 = *pos0;
  for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < total; e += int64_t(gridDim.x) * blockDim.x) {
    const int64_t t = first + e / kv_dim, i = e % kv_dim;
    const int64_t dst = ring_slot(p0 + t, window) * kv_dim + i;
    k_ring[dst] = k[t * kv_dim + i];
    v_ring[dst] = v[t * kv_dim + i];
  }
}

}  // namespace

int rope_qk(float* q, float* k, const float* v, const int32_t* pos0, int64_t n_tokens, int n_head, int n_head_kv,
            int head_dim, const float* inv_freq, bool interleaved, float* k_ring, float* v_ring, int64_t cap,
            int64_t window, Stream s) {
  (void)cap;  // the caller reserved the slots; kept in the signature to document the ring's extent
  if (n_tokens <= 0) return 0;
  if (head_dim % 2 != 0 || head_dim > kMaxHeadDim) return int(cudaErrorInvalidValue);
  const size_t shared = size_t(head_dim) * sizeof(float);
  rope_qk_kernel<<<unsigned(n_tokens), kThreads, shared, stream(s)>>>(q, k, v, pos0, n_head, n_head_kv, head_dim,
                                                                        inv_freq, interleaved, k_ring, v_ring, window);
  return launch_status();
}

int kv_store(const float* k, const float* v, const int32_t* pos0, int64_t n, int kv_dim, float* k_ring,
             float* v_ring, int64_t cap, int64_t window, Stream s) {
  (void)cap;
  if (n <= 0) return 0;
  // A chunk longer than the window writes only its last `window` rows (the others would be
  // overwritten within the chunk anyway), as KvCache::write.
  const int64_t first = window > 0 && n > window ? n - window : 0;
  kv_store_kernel<<<grid_for((n - first) * kv_dim, 256), 256, 0, stream(s)>>>(k, v, pos0, first, n, kv_dim, k_ring,
                                                                              v_ring, window);
  return launch_status();
}

}  // namespace tramontane::kernels
