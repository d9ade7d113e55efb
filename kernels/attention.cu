// Attention: chunked prefill (flash-attention, online softmax) and split-KV decode (flash-decoding).
// CPU twin: cpu::attention in engine/backend/cpu/ops.cpp (same masking, same GQA mapping).
//
// Common conventions (kernels/api.h):
//   q [n, n_head, head_dim], k_new / v_new [n, n_head_kv, head_dim], out [n, n_head, head_dim];
//   KV ring [cap, n_head_kv, head_dim], position p in slot p mod window (window == 0: slot p).
//   Query head h uses KV head h / G with G = n_head / n_head_kv; the G query heads of KV head g are
//   h = g * G .. g * G + G - 1 (contiguous in q's rows).
//   Key at position j is visible from a query at position i iff i - window < j <= i (window > 0),
//   j <= i otherwise. Scale 1/sqrt(head_dim). A query that sees no key gets zeros.
//
// Both kernels fold scale * log2(e) into q when staging it, so softmax uses exp2f on scores that are
// already in the log2 domain (the running maxima written to `work` are in that domain too).
//
// head_dim: a kernel instantiation has a compile-time width D in {32, 64, 128, 256} and handles any
// even head_dim <= D: rows are zero-padded to D in shared memory / registers, so 64 and 128 (the
// common sizes) run exactly and other sizes (8, 12, 96, ...) run on the next width up.
// Global loads are float4 when head_dim % 4 == 0 (row starts are then 16-byte aligned), float2
// otherwise (head_dim is even).
//
// Everything is float32 on CUDA cores. Tensor cores (TF32 or 16-bit K/V with mma.sync / wgmma for
// QK^T and PV) are a later optimisation for prefill; decode is memory-bound and gains nothing.
#include <cuda_runtime.h>

#include <cmath>
#include <cstdint>

#include "kernels/api.h"

namespace tramontane::kernels {
namespace {

constexpr float kLog2e = 1.4426950408889634f;

// 4 floats of a row starting at element d (d % 4 == 0). EXACT (head_dim == D, a multiple of 4): one
// float4 load, no bounds check. Otherwise zero past head_dim; float4 when head_dim % 4 == 0 (the row
// and d are then 16-byte aligned), else two float2 loads (head_dim is even).
template <bool EXACT>
__device__ __forceinline__ float4 load4(const float* __restrict__ row, int d, int hd, bool vec4) {
  if (EXACT) return __ldg(reinterpret_cast<const float4*>(row + d));
  float4 r = make_float4(0.f, 0.f, 0.f, 0.f);
  if (d >= hd) return r;
  if (vec4) return __ldg(reinterpret_cast<const float4*>(row + d));
  const float2 a = __ldg(reinterpret_cast<const float2*>(row + d));
  r.x = a.x;
  r.y = a.y;
  if (d + 2 < hd) {
    const float2 b = __ldg(reinterpret_cast<const float2*>(row + d + 2));
    r.z = b.x;
    r.w = b.y;
  }
  return r;
}

__device__ __forceinline__ float warp_max(float v, int width) {
  for (int o = width / 2; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}
__device__ __forceinline__ float warp_sum(float v, int width) {
  for (int o = width / 2; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// =====================================================================================================
// Prefill
// =====================================================================================================
//
// Work decomposition: for KV head g, the "rows" are the (token t, head-in-group gi) pairs, flattened
// as r = t * G + gi (so one row block covers all query heads of a few consecutive tokens, and each
// K/V tile loaded into shared memory serves every query head of the group). Block (x, y) handles
// rows [x * BR, x * BR + BR) of KV head y. Its tokens span positions [q_lo, q_hi]; it walks the
// keys by POSITION over [k_begin, q_hi], where k_begin = the oldest position the ring holds, raised
// to q_lo - window + 1 with a window (so a sliding window costs O(window) per block, not O(p0)).
// Position j < p0 comes from ring slot (j mod window | j), j >= p0 from the chunk's row j - p0;
// slot positions are derived arithmetically from p0, so no position array is needed.
//
// Per key tile (BK = 32 positions):
//   1. all threads stage K and V rows [BK][D] in shared memory (zero rows past the range);
//   2. S = Q K^T: thread (ty = tid / 8, tx = tid % 8) computes the RM x 4 micro-tile of rows
//      ty * RM + i and keys tx + 8 * jj, reading float4s along d from row-major Qs and Ks;
//   3. online softmax per row: the 8 threads of a row (consecutive lanes) reduce max and sum by
//      shuffles; each keeps the row's running max m and sum l (replicated), rescales its accumulator;
//   4. P goes to shared memory [BR][BK]; O += P V: the same thread owns rows ty * RM + i and dims
//      tx * 4 + 32 * c (c < D / 32), reading float4s of P (4 keys) and of V (conflict-free).
// Shared memory rows are padded to D + 4 floats, which keeps the float4 reads of 8 different K rows
// (one quarter-warp) on distinct banks.
//
// Threads: 128 (16 x 8). BR = 16 * RM rows: RM = 4 for D <= 128 (64 rows), 1 for D = 256 (to stay
// under the 99 KB of shared memory of sm_86 / sm_89). Accumulator registers: RM * D / 8.

constexpr int kPrefillThreads = 128;
constexpr int kPrefillBK = 32;

template <int D>
struct PrefillCfg {
  static constexpr int RM = D <= 128 ? 4 : 1;  // rows per thread
  static constexpr int BR = 16 * RM;           // rows per block
  static constexpr int SD = D + 4;             // shared row stride (floats)
  static constexpr int SP = kPrefillBK + 4;    // P row stride
  static constexpr size_t smem_bytes = sizeof(float) * (size_t(BR) * SD + 2 * size_t(kPrefillBK) * SD + size_t(BR) * SP);
};

template <int D, bool EXACT>
__global__ void __launch_bounds__(kPrefillThreads)
    attention_prefill_kernel(const float* __restrict__ q, const float* __restrict__ k_ring,
                             const float* __restrict__ v_ring, int64_t cap, const float* __restrict__ k_new,
                             const float* __restrict__ v_new, const int32_t* __restrict__ pos0, int n, int n_head,
                             int n_head_kv, int hd, int window, float qscale, float* __restrict__ out) {
  using C = PrefillCfg<D>;
  constexpr int RM = C::RM, BR = C::BR, SD = C::SD, SP = C::SP, BK = kPrefillBK;
  constexpr int NC = D / 32;  // float4 output chunks per thread and row

  extern __shared__ float4 smem4[];
  float* Qs = reinterpret_cast<float*>(smem4);  // [BR][SD], pre-scaled by scale * log2(e)
  float* Ks = Qs + BR * SD;                     // [BK][SD]
  float* Vs = Ks + BK * SD;                     // [BK][SD]
  float* Ps = Vs + BK * SD;                     // [BR][SP]

  const int tid = threadIdx.x, ty = tid >> 3, tx = tid & 7;
  const int hkv = blockIdx.y;
  const int G = n_head / n_head_kv;
  const int rows_total = n * G;
  const int r0 = blockIdx.x * BR;
  const int p0 = *pos0;
  const bool vec4 = EXACT || (hd & 3) == 0;
  const int64_t row_stride_kv = int64_t(n_head_kv) * hd;  // floats between consecutive tokens / slots

  // ---- stage Q (float2 granularity; once per block) ----
  for (int idx = tid; idx < BR * (D / 2); idx += kPrefillThreads) {
    const int r = idx / (D / 2), d = 2 * (idx % (D / 2));
    const int row = r0 + r;
    float2 v = make_float2(0.f, 0.f);
    if (row < rows_total && d < hd) {
      const int t = row / G, gi = row - t * G;
      const float* src = q + (int64_t(t) * n_head + int64_t(hkv) * G + gi) * hd + d;
      v = __ldg(reinterpret_cast<const float2*>(src));
      v.x *= qscale;
      v.y *= qscale;
    }
    *reinterpret_cast<float2*>(Qs + r * SD + d) = v;
  }

  // Query positions of this thread's rows (-1: no query, sees nothing).
  int qpos[RM];
#pragma unroll
  for (int i = 0; i < RM; ++i) {
    const int row = r0 + ty * RM + i;
    qpos[i] = row < rows_total ? p0 + row / G : -1;
  }

  // Key positions this block needs.
  const int t_lo = r0 / G;
  const int t_hi = min(n - 1, (r0 + BR - 1) / G);
  const int q_lo = p0 + t_lo, q_end = p0 + t_hi + 1;  // keys: [k_begin, q_end)
  int k_begin = p0 - int(min(int64_t(p0), cap));      // oldest position in the ring
  if (window > 0) k_begin = max(k_begin, q_lo - window + 1);

  float m[RM], l[RM], acc[RM][NC][4];
#pragma unroll
  for (int i = 0; i < RM; ++i) {
    m[i] = -INFINITY;
    l[i] = 0.f;
#pragma unroll
    for (int c = 0; c < NC; ++c) acc[i][c][0] = acc[i][c][1] = acc[i][c][2] = acc[i][c][3] = 0.f;
  }

  for (int kt = k_begin; kt < q_end; kt += BK) {
    __syncthreads();  // previous tile's Ks / Vs / Ps fully consumed (and Qs staged, first time)

    // ---- stage K, then V, rows of positions kt .. kt + BK - 1 (4-float chunks; zero past the range) ----
    {
      constexpr int CH = D / 4;                         // chunks per row
      constexpr int PER = (BK * CH) / kPrefillThreads;  // chunks per thread (>= 2)
      static_assert((BK * CH) % kPrefillThreads == 0, "tile / thread mismatch");
      // Row offset (floats) of this thread's chunk u, or -1 past the range. Consecutive threads read
      // consecutive chunks of one row (coalesced); the row is the same for both K and V.
      int64_t off[PER];
#pragma unroll
      for (int u = 0; u < PER; ++u) {
        const int kp = kt + (tid + u * kPrefillThreads) / CH;
        const int64_t base = kp < p0 ? int64_t(window > 0 ? kp % window : kp)  // ring slot
                                     : int64_t(kp - p0);                        // chunk row
        off[u] = kp < q_end ? base * row_stride_kv + int64_t(hkv) * hd : -1;
      }
#pragma unroll
      for (int pass = 0; pass < 2; ++pass) {
        float* dst = pass == 0 ? Ks : Vs;
        float4 buf[PER];
#pragma unroll
        for (int u = 0; u < PER; ++u) {
          const int idx = tid + u * kPrefillThreads;
          const int kp = kt + idx / CH, d = 4 * (idx % CH);
          const float* src = kp < p0 ? (pass == 0 ? k_ring : v_ring) : (pass == 0 ? k_new : v_new);
          buf[u] = off[u] >= 0 ? load4<EXACT>(src + off[u], d, hd, vec4) : make_float4(0.f, 0.f, 0.f, 0.f);
        }
#pragma unroll
        for (int u = 0; u < PER; ++u) {
          const int idx = tid + u * kPrefillThreads;
          *reinterpret_cast<float4*>(dst + (idx / CH) * SD + 4 * (idx % CH)) = buf[u];
        }
      }
    }
    __syncthreads();

    // ---- S = Q K^T for rows ty*RM+i, keys tx+8*jj ----
    float s[RM][4];
#pragma unroll
    for (int i = 0; i < RM; ++i) s[i][0] = s[i][1] = s[i][2] = s[i][3] = 0.f;
#pragma unroll 4
    for (int d = 0; d < D; d += 4) {
      float4 qv[RM], kv[4];
#pragma unroll
      for (int i = 0; i < RM; ++i) qv[i] = *reinterpret_cast<const float4*>(Qs + (ty * RM + i) * SD + d);
#pragma unroll
      for (int jj = 0; jj < 4; ++jj) kv[jj] = *reinterpret_cast<const float4*>(Ks + (tx + 8 * jj) * SD + d);
#pragma unroll
      for (int i = 0; i < RM; ++i)
#pragma unroll
        for (int jj = 0; jj < 4; ++jj)
          s[i][jj] += qv[i].x * kv[jj].x + qv[i].y * kv[jj].y + qv[i].z * kv[jj].z + qv[i].w * kv[jj].w;
    }

    // ---- mask + online softmax (row stats replicated over the row's 8 lanes) ----
#pragma unroll
    for (int i = 0; i < RM; ++i) {
      float mx = -INFINITY;
#pragma unroll
      for (int jj = 0; jj < 4; ++jj) {
        const int kp = kt + tx + 8 * jj;
        const bool ok = kp < q_end && kp <= qpos[i] && (window <= 0 || kp > qpos[i] - window);
        s[i][jj] = ok ? s[i][jj] : -INFINITY;
        mx = fmaxf(mx, s[i][jj]);
      }
      mx = warp_max(mx, 8);
      const float m_new = fmaxf(m[i], mx);
      float alpha = 1.f, rs = 0.f;
      if (m_new != -INFINITY) {  // uniform over the row's 8 lanes
        alpha = exp2f(m[i] - m_new);  // 0 when m[i] == -inf
#pragma unroll
        for (int jj = 0; jj < 4; ++jj) {
          s[i][jj] = exp2f(s[i][jj] - m_new);  // masked: exp2(-inf) = 0
          rs += s[i][jj];
        }
      } else {
#pragma unroll
        for (int jj = 0; jj < 4; ++jj) s[i][jj] = 0.f;
      }
      rs = warp_sum(rs, 8);
      m[i] = m_new;
      l[i] = l[i] * alpha + rs;
#pragma unroll
      for (int c = 0; c < NC; ++c) {
        acc[i][c][0] *= alpha;
        acc[i][c][1] *= alpha;
        acc[i][c][2] *= alpha;
        acc[i][c][3] *= alpha;
      }
#pragma unroll
      for (int jj = 0; jj < 4; ++jj) Ps[(ty * RM + i) * SP + tx + 8 * jj] = s[i][jj];
    }
    __syncthreads();

    // ---- O += P V for rows ty*RM+i, dims tx*4 + 32*c ----
#pragma unroll 2
    for (int k = 0; k < BK; k += 4) {
      float4 pv[RM];
#pragma unroll
      for (int i = 0; i < RM; ++i) pv[i] = *reinterpret_cast<const float4*>(Ps + (ty * RM + i) * SP + k);
#pragma unroll
      for (int kk = 0; kk < 4; ++kk) {
#pragma unroll
        for (int c = 0; c < NC; ++c) {
          const float4 v = *reinterpret_cast<const float4*>(Vs + (k + kk) * SD + tx * 4 + 32 * c);
#pragma unroll
          for (int i = 0; i < RM; ++i) {
            const float p = kk == 0 ? pv[i].x : kk == 1 ? pv[i].y : kk == 2 ? pv[i].z : pv[i].w;
            acc[i][c][0] += p * v.x;
            acc[i][c][1] += p * v.y;
            acc[i][c][2] += p * v.z;
            acc[i][c][3] += p * v.w;
          }
        }
      }
    }
  }

  // ---- write out: O / l (zeros for a row that saw no key) ----
#pragma unroll
  for (int i = 0; i < RM; ++i) {
    const int row = r0 + ty * RM + i;
    if (row >= rows_total) continue;
    const int t = row / G, gi = row - t * G;
    float* dst = out + (int64_t(t) * n_head + int64_t(hkv) * G + gi) * hd;
    const float inv = l[i] > 0.f ? __frcp_rn(l[i]) : 0.f;
#pragma unroll
    for (int c = 0; c < NC; ++c) {
      const int d = tx * 4 + 32 * c;
      if (d >= hd) continue;
      const float4 o = make_float4(acc[i][c][0] * inv, acc[i][c][1] * inv, acc[i][c][2] * inv, acc[i][c][3] * inv);
      if (vec4) {
        *reinterpret_cast<float4*>(dst + d) = o;
      } else {
        *reinterpret_cast<float2*>(dst + d) = make_float2(o.x, o.y);
        if (d + 2 < hd) *reinterpret_cast<float2*>(dst + d + 2) = make_float2(o.z, o.w);
      }
    }
  }
}

template <int D, bool EXACT>
int launch_prefill(const float* q, const float* k_ring, const float* v_ring, int64_t cap, const float* k_new,
                   const float* v_new, const int32_t* pos0, int64_t n, int n_head, int n_head_kv, int head_dim,
                   int64_t window, float* out, cudaStream_t stream) {
  using C = PrefillCfg<D>;
  const int G = n_head / n_head_kv;
  const int64_t rows = n * G;
  const dim3 grid(unsigned((rows + C::BR - 1) / C::BR), unsigned(n_head_kv));
  const size_t smem = C::smem_bytes;
  if (smem > 48 * 1024) {
    // Opt-in above 48 KB (not a stream operation: fine during graph capture).
    const cudaError_t e = cudaFuncSetAttribute(attention_prefill_kernel<D, EXACT>,
                                               cudaFuncAttributeMaxDynamicSharedMemorySize, int(smem));
    if (e != cudaSuccess) return int(e);
  }
  const float qscale = kLog2e / sqrtf(float(head_dim));
  attention_prefill_kernel<D, EXACT><<<grid, kPrefillThreads, smem, stream>>>(
      q, k_ring, v_ring, cap, k_new, v_new, pos0, int(n), n_head, n_head_kv, head_dim, int(window), qscale, out);
  return int(cudaGetLastError());
}

// =====================================================================================================
// Decode (split-KV / flash-decoding)
// =====================================================================================================
//
// Kernel 1, grid (n_head_kv, max_splits, ceil(G / 8)), 128 threads. Block (g, s, z) handles query
// heads h0 .. h0 + nh - 1 of KV head g (h0 = g * G + 8 * z, nh = min(8, G - 8 z) <= GM) over the
// s-th contiguous range of the valid slots [0, n_valid), n_valid = min(p + 1, cap), p = *pos0:
//   chunk = ceil(n_valid / max_splits) rounded up to the tile size T = 32; range [s * chunk,
//   min(s * chunk + chunk, n_valid)). All of it is computed on the device, so one captured graph
//   serves every token. A block whose range is empty writes neutral partials (m = -inf, l = 0,
//   acc = 0) and leaves. All valid slots are inside the window: no mask.
// Per tile of T = 32 slots:
//   phase 1 (scores): 4 lanes per key (tid / 4 = key, tid % 4 = lane li); lane li holds float4
//     chunks li + 4 i of the K row in registers (each K row is read from memory once for all nh
//     heads), dots them with the staged q of each head, 2 shuffles complete the dot. The same
//     threads also issue the loads of their V chunks for phase 3 (prefetch: K and V in flight at once).
//   phase 2 (softmax): warp w handles heads w, w + 4: running max / sum in shared memory, the tile's
//     probabilities overwrite the scores, alpha = exp2(m_old - m_new) is published.
//   phase 3 (PV): thread = (key subgroup ks = tid / CH, float4 chunk c = tid % CH), CH = D / 4;
//     it accumulates keys ks, ks + KS, ... (KS = 128 / CH) into acc[head][4] registers.
// At the end the KS partial accumulators are summed through shared memory and the block writes
// its partial (m, l, unnormalised acc) per head to `work`.
//
// work layout (attention_decode_work_floats = n_head * max_splits * (head_dim + 2)):
//   acc [n_head][max_splits][head_dim]   sum_j exp2(s_j - m) v_j over the split's keys
//   m   [n_head][max_splits]             max_j s_j (log2 domain: scores carry scale * log2 e)
//   l   [n_head][max_splits]             sum_j exp2(s_j - m)
//
// Kernel 2, grid (n_head), 128 threads: merges the max_splits partials of one head:
//   M = max_s m_s, w_s = exp2(m_s - M), out = sum_s w_s acc_s / sum_s w_s l_s.
//
// Launch advice: max_splits ~ ceil(2 * multiprocessors / n_head_kv) (7B on H100: 33 -> 264 blocks);
// with short contexts fewer splits are used automatically (>= 32 keys per split).

constexpr int kDecodeThreads = 128;
constexpr int kDecodeT = 32;
constexpr int kDecodeHeadsPerBlock = 8;

template <int D, int GM, bool EXACT>
__global__ void __launch_bounds__(kDecodeThreads)
    attention_decode_split_kernel(const float* __restrict__ q, const float* __restrict__ k_ring,
                                  const float* __restrict__ v_ring, int64_t cap, const int32_t* __restrict__ pos0,
                                  int n_head, int n_head_kv, int hd, int max_splits, float qscale,
                                  float* __restrict__ work) {
  constexpr int T = kDecodeT;
  constexpr int NC1 = D / 16;             // float4 chunks of a K row per phase-1 lane (4 lanes / key)
  constexpr int CH = D / 4;               // float4 chunks per row
  constexpr int KS = kDecodeThreads / CH; // key subgroups in phase 3
  constexpr int NV = T / KS;              // keys per thread in phase 3
  static_assert(NC1 >= 1 && KS >= 1 && NV >= 1, "bad decode tiling");

  __shared__ __align__(16) float q_s[GM][D];      // staged q, scaled by scale * log2(e)
  __shared__ float s_s[GM][T];                    // scores, then probabilities
  __shared__ float m_s[GM], l_s[GM], a_s[GM];     // running max, running sum, tile rescale
  __shared__ __align__(16) float red[KS][GM][D];  // end: partial accumulators of the key subgroups

  const int tid = threadIdx.x;
  const int hkv = blockIdx.x, split = blockIdx.y;
  const int G = n_head / n_head_kv;
  const int g0 = blockIdx.z * kDecodeHeadsPerBlock;
  const int nh = min(GM, G - g0);
  const int h0 = hkv * G + g0;
  const bool vec4 = EXACT || (hd & 3) == 0;
  const int64_t row_stride = int64_t(n_head_kv) * hd;

  // 32-bit arithmetic (slot counts < 2^31): avoids the 64-bit division subroutine.
  const int p = *pos0;
  const int n_valid = int(min(int64_t(p) + 1, cap));
  int chunk = (n_valid + max_splits - 1) / max_splits;
  chunk = (chunk + T - 1) / T * T;
  const int begin = split * chunk;  // may exceed n_valid: empty range
  const int end = min(begin + chunk, n_valid);

  const int64_t n_part = int64_t(n_head) * max_splits;
  float* acc_w = work;                        // [n_head][max_splits][hd]
  float* m_w = work + n_part * hd;            // [n_head][max_splits]
  float* l_w = m_w + n_part;                  // [n_head][max_splits]

  if (begin >= end) {  // nothing to do: neutral partials (uniform over the block)
    for (int idx = tid; idx < nh * hd; idx += kDecodeThreads) {
      const int g = idx / hd, d = idx - g * hd;
      acc_w[(int64_t(h0 + g) * max_splits + split) * hd + d] = 0.f;
    }
    if (tid < nh) {
      m_w[int64_t(h0 + tid) * max_splits + split] = -INFINITY;
      l_w[int64_t(h0 + tid) * max_splits + split] = 0.f;
    }
    return;
  }

  for (int idx = tid; idx < GM * D; idx += kDecodeThreads) {
    const int g = idx / D, d = idx - g * D;
    q_s[g][d] = (g < nh && d < hd) ? q[int64_t(h0 + g) * hd + d] * qscale : 0.f;
  }
  if (tid < GM) {
    m_s[tid] = -INFINITY;
    l_s[tid] = 0.f;
  }

  const int j1 = tid >> 2, li = tid & 3;           // phase 1: key, lane in key group
  const int c3 = tid % CH, ks = tid / CH;          // phase 3: chunk, key subgroup
  const int warp = tid >> 5, lane = tid & 31;

  float acc[GM][4];
#pragma unroll
  for (int g = 0; g < GM; ++g) acc[g][0] = acc[g][1] = acc[g][2] = acc[g][3] = 0.f;

  __syncthreads();

  for (int kt = begin; kt < end; kt += T) {
    // ---- phase 1: K (and V prefetch) loads, scores ----
    const int slot1 = kt + j1;
    const bool ok1 = slot1 < end;
    float4 kr[NC1];
    {
      const float* krow = k_ring + int64_t(slot1) * row_stride + int64_t(hkv) * hd;
#pragma unroll
      for (int i = 0; i < NC1; ++i)
        kr[i] = ok1 ? load4<EXACT>(krow, 4 * (li + 4 * i), hd, vec4) : make_float4(0.f, 0.f, 0.f, 0.f);
    }
    float4 vr[NV];
    {
      const float* vrow = v_ring + int64_t(kt + ks) * row_stride + int64_t(hkv) * hd + 4 * c3;
      const int64_t vstep = KS * row_stride;
      const int n3 = min(T, end - kt);  // valid keys of this tile
#pragma unroll
      for (int i = 0; i < NV; ++i)
        vr[i] = ks + KS * i < n3 ? load4<EXACT>(vrow + i * vstep, 0, hd - 4 * c3, vec4) : make_float4(0.f, 0.f, 0.f, 0.f);
    }
#pragma unroll
    for (int g = 0; g < GM; ++g) {
      if (g >= nh) break;
      float dot = 0.f;
#pragma unroll
      for (int i = 0; i < NC1; ++i) {
        const float4 qv = *reinterpret_cast<const float4*>(&q_s[g][4 * (li + 4 * i)]);
        dot += qv.x * kr[i].x + qv.y * kr[i].y + qv.z * kr[i].z + qv.w * kr[i].w;
      }
      dot += __shfl_xor_sync(0xffffffffu, dot, 1);
      dot += __shfl_xor_sync(0xffffffffu, dot, 2);
      if (li == 0) s_s[g][j1] = ok1 ? dot : -INFINITY;
    }
    __syncthreads();

    // ---- phase 2: online softmax per head (the tile has >= 1 valid key, so m_new is finite) ----
    for (int g = warp; g < nh; g += kDecodeThreads / 32) {
      const float m_old = m_s[g];
      const float sc = s_s[g][lane];
      const float m_new = fmaxf(m_old, warp_max(sc, 32));
      const float pr = exp2f(sc - m_new);
      const float sum = warp_sum(pr, 32);
      s_s[g][lane] = pr;
      if (lane == 0) {
        const float a = exp2f(m_old - m_new);
        a_s[g] = a;
        m_s[g] = m_new;
        l_s[g] = l_s[g] * a + sum;
      }
    }
    __syncthreads();

    // ---- phase 3: acc = acc * alpha + P V ----
#pragma unroll
    for (int g = 0; g < GM; ++g) {
      if (g >= nh) break;
      const float a = a_s[g];
      acc[g][0] *= a;
      acc[g][1] *= a;
      acc[g][2] *= a;
      acc[g][3] *= a;
#pragma unroll
      for (int i = 0; i < NV; ++i) {
        const float pr = s_s[g][ks + KS * i];  // 0 for keys past the range
        acc[g][0] += pr * vr[i].x;
        acc[g][1] += pr * vr[i].y;
        acc[g][2] += pr * vr[i].z;
        acc[g][3] += pr * vr[i].w;
      }
    }
    __syncthreads();  // s_s / a_s are rewritten by the next tile
  }

  // ---- reduce the KS key subgroups, write the partials ----
#pragma unroll
  for (int g = 0; g < GM; ++g)
    *reinterpret_cast<float4*>(&red[ks][g][4 * c3]) = make_float4(acc[g][0], acc[g][1], acc[g][2], acc[g][3]);
  __syncthreads();
  for (int idx = tid; idx < nh * D; idx += kDecodeThreads) {
    const int g = idx / D, d = idx - g * D;
    if (d >= hd) continue;
    float sum = 0.f;
#pragma unroll
    for (int k = 0; k < KS; ++k) sum += red[k][g][d];
    acc_w[(int64_t(h0 + g) * max_splits + split) * hd + d] = sum;
  }
  if (tid < nh) {
    m_w[int64_t(h0 + tid) * max_splits + split] = m_s[tid];
    l_w[int64_t(h0 + tid) * max_splits + split] = l_s[tid];
  }
}

// Merge of the split partials of head blockIdx.x (layout above); threads over head_dim.
__global__ void __launch_bounds__(128)
    attention_decode_merge_kernel(const float* __restrict__ work, int n_head, int hd, int max_splits,
                                  float* __restrict__ out) {
  const int h = blockIdx.x;
  const int64_t n_part = int64_t(n_head) * max_splits;
  const float* acc_w = work + int64_t(h) * max_splits * hd;
  const float* m_w = work + n_part * hd + int64_t(h) * max_splits;
  const float* l_w = work + n_part * hd + n_part + int64_t(h) * max_splits;

  float M = -INFINITY;
  for (int s = 0; s < max_splits; ++s) M = fmaxf(M, m_w[s]);
  float L = 0.f;
  if (M != -INFINITY)
    for (int s = 0; s < max_splits; ++s) L += exp2f(m_w[s] - M) * l_w[s];  // neutral: exp2(-inf) = 0
  const float inv = L > 0.f ? 1.f / L : 0.f;
  for (int d = threadIdx.x; d < hd; d += blockDim.x) {
    float o = 0.f;
    if (M != -INFINITY) {
#pragma unroll 4
      for (int s = 0; s < max_splits; ++s) {
        const float w = exp2f(m_w[s] - M);
        if (w != 0.f) o += w * acc_w[int64_t(s) * hd + d];
      }
    }
    out[int64_t(h) * hd + d] = o * inv;
  }
}

template <int D, int GM, bool EXACT>
int launch_decode(const float* q, const float* k_ring, const float* v_ring, int64_t cap, const int32_t* pos0,
                  int n_head, int n_head_kv, int head_dim, float* out, float* work, int max_splits,
                  cudaStream_t stream) {
  const int G = n_head / n_head_kv;
  const dim3 grid(unsigned(n_head_kv), unsigned(max_splits),
                  unsigned((G + kDecodeHeadsPerBlock - 1) / kDecodeHeadsPerBlock));
  const float qscale = kLog2e / sqrtf(float(head_dim));
  attention_decode_split_kernel<D, GM, EXACT><<<grid, kDecodeThreads, 0, stream>>>(
      q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, max_splits, qscale, work);
  cudaError_t e = cudaGetLastError();
  if (e != cudaSuccess) return int(e);
  attention_decode_merge_kernel<<<unsigned(n_head), 128, 0, stream>>>(work, n_head, head_dim, max_splits, out);
  return int(cudaGetLastError());
}

template <int D, bool EXACT>
int dispatch_decode_gm(int gm, const float* q, const float* k_ring, const float* v_ring, int64_t cap,
                       const int32_t* pos0, int n_head, int n_head_kv, int head_dim, float* out, float* work,
                       int max_splits, cudaStream_t s) {
  if (gm <= 1) return launch_decode<D, 1, EXACT>(q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, s);
  if (gm <= 2) return launch_decode<D, 2, EXACT>(q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, s);
  if (gm <= 4) return launch_decode<D, 4, EXACT>(q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, s);
  return launch_decode<D, 8, EXACT>(q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, s);
}

bool valid_heads(int n_head, int n_head_kv, int head_dim) {
  return n_head > 0 && n_head_kv > 0 && n_head % n_head_kv == 0 && head_dim > 0 && head_dim % 2 == 0 &&
         head_dim <= kMaxHeadDim;
}

}  // namespace

int attention_prefill(const float* q, const float* k_ring, const float* v_ring, int64_t cap, const float* k_new,
                      const float* v_new, const int32_t* pos0, int64_t n, int n_head, int n_head_kv, int head_dim,
                      int64_t window, float* out, Stream s) {
  if (!valid_heads(n_head, n_head_kv, head_dim) || n < 0 || cap < 0 || window < 0) return int(cudaErrorInvalidValue);
  if (n == 0) return 0;
  const cudaStream_t st = static_cast<cudaStream_t>(s);
  if (head_dim <= 32)
    return head_dim == 32 ? launch_prefill<32, true>(q, k_ring, v_ring, cap, k_new, v_new, pos0, n, n_head, n_head_kv, head_dim, window, out, st)
                             : launch_prefill<32, false>(q, k_ring, v_ring, cap, k_new, v_new, pos0, n, n_head, n_head_kv, head_dim, window, out, st);
  if (head_dim <= 64)
    return head_dim == 64 ? launch_prefill<64, true>(q, k_ring, v_ring, cap, k_new, v_new, pos0, n, n_head, n_head_kv, head_dim, window, out, st)
                             : launch_prefill<64, false>(q, k_ring, v_ring, cap, k_new, v_new, pos0, n, n_head, n_head_kv, head_dim, window, out, st);
  if (head_dim <= 128)
    return head_dim == 128 ? launch_prefill<128, true>(q, k_ring, v_ring, cap, k_new, v_new, pos0, n, n_head, n_head_kv, head_dim, window, out, st)
                             : launch_prefill<128, false>(q, k_ring, v_ring, cap, k_new, v_new, pos0, n, n_head, n_head_kv, head_dim, window, out, st);
  return head_dim == 256 ? launch_prefill<256, true>(q, k_ring, v_ring, cap, k_new, v_new, pos0, n, n_head, n_head_kv, head_dim, window, out, st)
                             : launch_prefill<256, false>(q, k_ring, v_ring, cap, k_new, v_new, pos0, n, n_head, n_head_kv, head_dim, window, out, st);
}

int64_t attention_decode_work_floats(int n_head, int head_dim, int max_splits) {
  return int64_t(n_head) * max_splits * (head_dim + 2);
}

int attention_decode(const float* q, const float* k_ring, const float* v_ring, int64_t cap, const int32_t* pos0,
                     int n_head, int n_head_kv, int head_dim, float* out, float* work, int max_splits, Stream s) {
  if (!valid_heads(n_head, n_head_kv, head_dim) || cap <= 0 || max_splits <= 0 || max_splits > 65535)
    return int(cudaErrorInvalidValue);
  const cudaStream_t st = static_cast<cudaStream_t>(s);
  const int gm = n_head / n_head_kv < kDecodeHeadsPerBlock ? n_head / n_head_kv : kDecodeHeadsPerBlock;
  if (head_dim <= 32)
    return head_dim == 32 ? dispatch_decode_gm<32, true>(gm, q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, st)
                             : dispatch_decode_gm<32, false>(gm, q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, st);
  if (head_dim <= 64)
    return head_dim == 64 ? dispatch_decode_gm<64, true>(gm, q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, st)
                             : dispatch_decode_gm<64, false>(gm, q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, st);
  if (head_dim <= 128)
    return head_dim == 128 ? dispatch_decode_gm<128, true>(gm, q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, st)
                             : dispatch_decode_gm<128, false>(gm, q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, st);
  return head_dim == 256 ? dispatch_decode_gm<256, true>(gm, q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, st)
                             : dispatch_decode_gm<256, false>(gm, q, k_ring, v_ring, cap, pos0, n_head, n_head_kv, head_dim, out, work, max_splits, st);
}

}  // namespace tramontane::kernels
