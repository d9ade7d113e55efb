// gemv: y[t, r] = sum_c W[r, c] * x[t, c] for a few tokens (decode), straight from the stored
// blocks of W. This is the decode hot path: it is bound by reading W once from HBM.
//
// Design (fast path):
//   * One warp per output row, kWarps rows per 128-thread block (a 4096-row matrix gives 1024
//     blocks, ~8 per SM on 132 SMs). No shared memory, no __syncthreads.
//   * A row is cut into "chunks", the unit one lane decodes (per type below: 4..32 weights read
//     with one 16-byte load for F32/F16/BF16/Q4_K/Q5_K, 4-byte loads for Q4_1 and pairs of
//     2-byte loads for the 2-byte aligned Q8_0/Q4_0/Q6_K blocks). Lane l takes chunks
//     l, l + 32, l + 64, ...: consecutive lanes read consecutive bytes, so each warp load covers
//     a contiguous span of the row. kUnroll chunks are loaded before any is used, so every lane
//     has kUnroll independent loads in flight (4 x 16 B x 32 warps/SM = 64 KiB per SM).
//   * Quants become floats without I2F (a quarter-rate instruction): a byte q is placed into the
//     mantissa of 2^23 with one PRMT, and 2^23 (+ the type's offset) subtracted: exact.
//     Weights are then formed with the exact formulas of engine/core/quant.cpp (__fmul_rn /
//     __fsub_rn, so the float32 values equal dequantize_row's bit for bit) and multiplied by
//     x (float4 __ldg loads: x is shared by all rows and stays in L1/L2) into float32
//     accumulators, one per token (n_tokens is a template parameter: registers only).
//   * Warp-shuffle reduction; lane t stores y[t, r].
// Fallback (any misaligned W or x, or F32/F16/BF16 rows whose cols is not a multiple of 4/8 and
// so not 16-byte aligned): one warp per row, lane-strided scalar elements via qdev::weight_at.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/api.h"
#include "kernels/quant_device.cuh"

namespace tramontane::kernels {
namespace {

constexpr int kWarps = 4;   // rows (warps) per block
constexpr int kUnroll = 4;  // chunks per lane loaded before use

// ---- helpers --------------------------------------------------------------------------------

__device__ __forceinline__ uint32_t ld_u32(const uint8_t* p) { return __ldg(reinterpret_cast<const uint32_t*>(p)); }
__device__ __forceinline__ uint4 ld_u128(const uint8_t* p) { return __ldg(reinterpret_cast<const uint4*>(p)); }
// 4 bytes at a 2-byte aligned address.
__device__ __forceinline__ uint32_t ld_u32_a2(const uint8_t* p) {
  return uint32_t(qdev::ld_u16(p)) | (uint32_t(qdev::ld_u16(p + 2)) << 16);
}

// Byte K of v as the float (v.byte[K] - (bias - 2^23)): PRMT builds the bits of 2^23 + byte,
// then one exact subtraction. bias = 2^23 + offset, so e.g. 8388616 gives q - 8.
constexpr float k2p23 = 8388608.0f;
template <int K>
__device__ __forceinline__ float byte_f(uint32_t v, float bias) {
  return __fsub_rn(__uint_as_float(__byte_perm(v, 0x4B000000u, 0x7540 + K)), bias);
}

// acc[t] += w0..w3 . x[t, e .. e+3]  (e a multiple of 4; x rows 16-byte aligned).
template <int N>
__device__ __forceinline__ void fma4(float (&acc)[N], const float* __restrict__ x, int64_t cols, int64_t e,
                                     float w0, float w1, float w2, float w3) {
#pragma unroll
  for (int t = 0; t < N; ++t) {
    const float4 v = __ldg(reinterpret_cast<const float4*>(x + t * cols + e));
    acc[t] = fmaf(w0, v.x, acc[t]);
    acc[t] = fmaf(w1, v.y, acc[t]);
    acc[t] = fmaf(w2, v.z, acc[t]);
    acc[t] = fmaf(w3, v.w, acc[t]);
  }
}

// Q4_K / Q5_K: 6-bit scale and min of sub-block j from the 12 scale bytes held in s0..s2
// (get_scale_min_k4 of engine/core/quant.h on registers).
__device__ __forceinline__ void scale_min_regs(int j, uint32_t s0, uint32_t s1, uint32_t s2, int* sc, int* m) {
  const int sh = 8 * (j & 3);
  const int a = (s0 >> sh) & 0xFF, b = (s1 >> sh) & 0xFF, c = (s2 >> sh) & 0xFF;
  if (j < 4) {
    *sc = a & 63;
    *m = b & 63;
  } else {
    *sc = (c & 0xF) | ((a >> 6) << 4);
    *m = (c >> 4) | ((b >> 6) << 4);
  }
}

// ---- per-type chunks --------------------------------------------------------------------------
// Each type: Raw (the loaded bytes of one chunk), chunks(cols), load(row, ch) and
// dot<N>(raw, x, cols, ch, acc), which adds the chunk's weights times x to acc.

// F32: chunk = 4 elements, one float4.
struct ChunkF32 {
  static constexpr int kColMultiple = 4;
  using Raw = float4;
  static __device__ int chunks(int64_t cols) { return int(cols / 4); }
  static __device__ Raw load(const uint8_t* row, int ch) { return __ldg(reinterpret_cast<const float4*>(row) + ch); }
  template <int N>
  static __device__ void dot(const Raw& r, const float* x, int64_t cols, int ch, float (&acc)[N]) {
    fma4(acc, x, cols, 4 * int64_t(ch), r.x, r.y, r.z, r.w);
  }
};

// F16 / BF16: chunk = 8 elements, one 16-byte load.
template <bool kBf16>
struct Chunk16 {
  static constexpr int kColMultiple = 8;
  using Raw = uint4;
  static __device__ int chunks(int64_t cols) { return int(cols / 8); }
  static __device__ Raw load(const uint8_t* row, int ch) { return ld_u128(row + 16 * int64_t(ch)); }
  static __device__ float2 pair(uint32_t u) {
    if constexpr (kBf16) return make_float2(__uint_as_float(u << 16), __uint_as_float(u & 0xFFFF0000u));
    else return __half22float2(*reinterpret_cast<const __half2*>(&u));  // exact
  }
  template <int N>
  static __device__ void dot(const Raw& r, const float* x, int64_t cols, int ch, float (&acc)[N]) {
    const int64_t e = 8 * int64_t(ch);
    const float2 a = pair(r.x), b = pair(r.y), c = pair(r.z), d = pair(r.w);
    fma4(acc, x, cols, e, a.x, a.y, b.x, b.y);
    fma4(acc, x, cols, e + 4, c.x, c.y, d.x, d.y);
  }
};

// Q8_0 (34 B, 2-byte aligned): chunk = 8 quants, 4 chunks per block.
struct ChunkQ8_0 {
  static constexpr int kColMultiple = 32;
  struct Raw { uint32_t q0, q1; uint16_t d; };
  static __device__ int chunks(int64_t cols) { return int(cols / 32) * 4; }
  static __device__ Raw load(const uint8_t* row, int ch) {
    const uint8_t* b = row + int64_t(ch >> 2) * 34;
    const uint8_t* q = b + 2 + 8 * (ch & 3);
    return {ld_u32_a2(q), ld_u32_a2(q + 4), qdev::ld_u16(b)};
  }
  template <int N>
  static __device__ void dot(const Raw& r, const float* x, int64_t cols, int ch, float (&acc)[N]) {
    const float d = qdev::f16_bits_to_f32(r.d);
    const int64_t e = 8 * int64_t(ch);  // = 32 * block + 8 * (ch & 3)
    constexpr float kBias = k2p23 + 128.0f;  // int8 q stored as q ^ 0x80 = q + 128
    const uint32_t a = r.q0 ^ 0x80808080u, b = r.q1 ^ 0x80808080u;
    fma4(acc, x, cols, e, __fmul_rn(byte_f<0>(a, kBias), d), __fmul_rn(byte_f<1>(a, kBias), d),
         __fmul_rn(byte_f<2>(a, kBias), d), __fmul_rn(byte_f<3>(a, kBias), d));
    fma4(acc, x, cols, e + 4, __fmul_rn(byte_f<0>(b, kBias), d), __fmul_rn(byte_f<1>(b, kBias), d),
         __fmul_rn(byte_f<2>(b, kBias), d), __fmul_rn(byte_f<3>(b, kBias), d));
  }
};

// Q4_0 (18 B, 2-byte aligned) and Q4_1 (20 B, 4-byte aligned): chunk = 4 qs bytes = elements
// 4g..4g+3 (low nibbles) and 16+4g..16+4g+3 (high nibbles), 4 chunks per block.
template <bool kQ41>
struct ChunkQ4 {
  static constexpr int kColMultiple = 32;
  static constexpr int kBytes = kQ41 ? 20 : 18;
  struct Raw { uint32_t q, dm; };  // dm: d in the low half, m (Q4_1) in the high half
  static __device__ int chunks(int64_t cols) { return int(cols / 32) * 4; }
  static __device__ Raw load(const uint8_t* row, int ch) {
    const uint8_t* b = row + int64_t(ch >> 2) * kBytes;
    if constexpr (kQ41) return {ld_u32(b + 4 + 4 * (ch & 3)), ld_u32(b)};
    else return {ld_u32_a2(b + 2 + 4 * (ch & 3)), qdev::ld_u16(b)};
  }
  template <int N>
  static __device__ void dot(const Raw& r, const float* x, int64_t cols, int ch, float (&acc)[N]) {
    const float d = qdev::f16_bits_to_f32(uint16_t(r.dm & 0xFFFF));
    const int64_t e = int64_t(ch >> 2) * 32 + 4 * (ch & 3);
    const uint32_t lo = r.q & 0x0F0F0F0Fu, hi = (r.q >> 4) & 0x0F0F0F0Fu;
    if constexpr (kQ41) {  // d * q + m
      const float m = qdev::f16_bits_to_f32(uint16_t(r.dm >> 16));
      auto w = [&](float q) { return __fadd_rn(__fmul_rn(d, q), m); };
      fma4(acc, x, cols, e, w(byte_f<0>(lo, k2p23)), w(byte_f<1>(lo, k2p23)), w(byte_f<2>(lo, k2p23)),
           w(byte_f<3>(lo, k2p23)));
      fma4(acc, x, cols, e + 16, w(byte_f<0>(hi, k2p23)), w(byte_f<1>(hi, k2p23)), w(byte_f<2>(hi, k2p23)),
           w(byte_f<3>(hi, k2p23)));
    } else {  // d * (q - 8)
      constexpr float kB = k2p23 + 8.0f;
      fma4(acc, x, cols, e, __fmul_rn(d, byte_f<0>(lo, kB)), __fmul_rn(d, byte_f<1>(lo, kB)),
           __fmul_rn(d, byte_f<2>(lo, kB)), __fmul_rn(d, byte_f<3>(lo, kB)));
      fma4(acc, x, cols, e + 16, __fmul_rn(d, byte_f<0>(hi, kB)), __fmul_rn(d, byte_f<1>(hi, kB)),
           __fmul_rn(d, byte_f<2>(hi, kB)), __fmul_rn(d, byte_f<3>(hi, kB)));
    }
  }
};

// Q4_K (144 B) / Q5_K (176 B): both sizes are multiples of 16, so with a 16-byte aligned W
// every block is. Chunk k (0..7) = qs[16k .. 16k+15] (one 16-byte load): sub-block pair
// c = k / 2, lanes l = 16 (k % 2) .. +15; low nibbles are sub-block 2c (elements 64c + l),
// high nibbles sub-block 2c+1 (64c + 32 + l). Q5_K adds qh[l] (16 bytes, one load): bit j is
// the fifth bit of sub-block j. Plus d/dmin (4 B) and the 12 scale bytes (3 x 4 B): these
// repeat for the 8 chunks of a block and come from L1.
template <bool kQ5>
struct ChunkK4 {
  static constexpr int kColMultiple = 256;
  static constexpr int kBytes = kQ5 ? 176 : 144;
  static constexpr int kQs = kQ5 ? 48 : 16;
  struct Raw { uint4 q; uint4 h; uint32_t dd, s0, s1, s2; };
  static __device__ int chunks(int64_t cols) { return int(cols / 256) * 8; }
  static __device__ Raw load(const uint8_t* row, int ch) {
    const uint8_t* b = row + int64_t(ch >> 3) * kBytes;
    const int k = ch & 7;
    Raw r;
    r.q = ld_u128(b + kQs + 16 * k);
    if constexpr (kQ5) r.h = ld_u128(b + 16 + 16 * (k & 1));
    else r.h = make_uint4(0, 0, 0, 0);
    r.dd = ld_u32(b);
    r.s0 = ld_u32(b + 4);
    r.s1 = ld_u32(b + 8);
    r.s2 = ld_u32(b + 12);
    return r;
  }
  template <int N>
  static __device__ void dot(const Raw& r, const float* x, int64_t cols, int ch, float (&acc)[N]) {
    const int k = ch & 7, c = k >> 1, j0 = 2 * c, j1 = 2 * c + 1;
    const float d = qdev::f16_bits_to_f32(uint16_t(r.dd & 0xFFFF));
    const float dmin = qdev::f16_bits_to_f32(uint16_t(r.dd >> 16));
    int sc0, m0, sc1, m1;
    scale_min_regs(j0, r.s0, r.s1, r.s2, &sc0, &m0);
    scale_min_regs(j1, r.s0, r.s1, r.s2, &sc1, &m1);
    // Scales and mins are 6-bit integers: int -> float and the products are exact.
    const float d0 = __fmul_rn(d, float(sc0)), mm0 = __fmul_rn(dmin, float(m0));
    const float d1 = __fmul_rn(d, float(sc1)), mm1 = __fmul_rn(dmin, float(m1));
    const int64_t e = int64_t(ch >> 3) * 256 + 64 * c + 16 * (k & 1);
    const uint32_t qw[4] = {r.q.x, r.q.y, r.q.z, r.q.w};
    const uint32_t hw[4] = {r.h.x, r.h.y, r.h.z, r.h.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      uint32_t lo = qw[i] & 0x0F0F0F0Fu, hi = (qw[i] >> 4) & 0x0F0F0F0Fu;
      if constexpr (kQ5) {
        lo |= ((hw[i] >> j0) & 0x01010101u) << 4;
        hi |= ((hw[i] >> j1) & 0x01010101u) << 4;
      }
      auto wl = [&](float q) { return __fsub_rn(__fmul_rn(d0, q), mm0); };
      auto wh = [&](float q) { return __fsub_rn(__fmul_rn(d1, q), mm1); };
      fma4(acc, x, cols, e + 4 * i, wl(byte_f<0>(lo, k2p23)), wl(byte_f<1>(lo, k2p23)), wl(byte_f<2>(lo, k2p23)),
           wl(byte_f<3>(lo, k2p23)));
      fma4(acc, x, cols, e + 32 + 4 * i, wh(byte_f<0>(hi, k2p23)), wh(byte_f<1>(hi, k2p23)),
           wh(byte_f<2>(hi, k2p23)), wh(byte_f<3>(hi, k2p23)));
    }
  }
};

// Q6_K (210 B, 2-byte aligned): chunk k (0..7) = half h = k / 4, lanes l = 8g .. 8g+7 (g = k % 4)
// of that half: the 32 elements 128h + 32s + l (s = 0..3) built from ql[64h + l] (s = 0 low,
// s = 2 high nibble), ql[64h + 32 + l] (s = 1 low, s = 3 high) and bits 2s of qh[32h + l];
// element e uses scales[e / 16] = scales[8h + 2s + g / 2].
struct ChunkQ6K {
  static constexpr int kColMultiple = 256;
  struct Raw { uint32_t a0, a1, b0, b1, h0, h1; int sc[4]; uint16_t d; };
  static __device__ int chunks(int64_t cols) { return int(cols / 256) * 8; }
  static __device__ Raw load(const uint8_t* row, int ch) {
    const uint8_t* b = row + int64_t(ch >> 3) * 210;
    const int h = (ch >> 2) & 1, g = ch & 3;
    const uint8_t* ql = b + 64 * h + 8 * g;
    const uint8_t* qh = b + 128 + 32 * h + 8 * g;
    const uint8_t* sc = b + 192 + 8 * h + (g >> 1);
    Raw r;
    r.a0 = ld_u32_a2(ql);
    r.a1 = ld_u32_a2(ql + 4);
    r.b0 = ld_u32_a2(ql + 32);
    r.b1 = ld_u32_a2(ql + 36);
    r.h0 = ld_u32_a2(qh);
    r.h1 = ld_u32_a2(qh + 4);
#pragma unroll
    for (int s = 0; s < 4; ++s) r.sc[s] = int8_t(qdev::ld_u8(sc + 2 * s));
    r.d = qdev::ld_u16(b + 208);
    return r;
  }
  template <int N>
  static __device__ void dot(const Raw& r, const float* x, int64_t cols, int ch, float (&acc)[N]) {
    const float d = qdev::f16_bits_to_f32(r.d);
    const int64_t e0 = int64_t(ch >> 3) * 256 + 128 * ((ch >> 2) & 1) + 8 * (ch & 3);
    constexpr float kB = k2p23 + 32.0f;  // q6 - 32
#pragma unroll
    for (int s = 0; s < 4; ++s) {
      const float ds = __fmul_rn(d, float(r.sc[s]));
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        const uint32_t src = (s & 1) ? (half ? r.b1 : r.b0) : (half ? r.a1 : r.a0);
        const uint32_t hb = half ? r.h1 : r.h0;
        const uint32_t q = ((src >> (4 * (s >> 1))) & 0x0F0F0F0Fu) | (((hb >> (2 * s)) & 0x03030303u) << 4);
        fma4(acc, x, cols, e0 + 32 * s + 4 * half, __fmul_rn(ds, byte_f<0>(q, kB)), __fmul_rn(ds, byte_f<1>(q, kB)),
             __fmul_rn(ds, byte_f<2>(q, kB)), __fmul_rn(ds, byte_f<3>(q, kB)));
      }
    }
  }
};

template <WType T> struct ChunkOf;
template <> struct ChunkOf<WType::F32> { using type = ChunkF32; };
template <> struct ChunkOf<WType::F16> { using type = Chunk16<false>; };
template <> struct ChunkOf<WType::BF16> { using type = Chunk16<true>; };
template <> struct ChunkOf<WType::Q8_0> { using type = ChunkQ8_0; };
template <> struct ChunkOf<WType::Q4_0> { using type = ChunkQ4<false>; };
template <> struct ChunkOf<WType::Q4_1> { using type = ChunkQ4<true>; };
template <> struct ChunkOf<WType::Q4_K> { using type = ChunkK4<false>; };
template <> struct ChunkOf<WType::Q5_K> { using type = ChunkK4<true>; };
template <> struct ChunkOf<WType::Q6_K> { using type = ChunkQ6K; };

// Sum over the warp (every lane gets the total), then lane t stores token t's output.
template <int N>
__device__ __forceinline__ void reduce_store(float (&acc)[N], int lane, int64_t r, int64_t rows, float* y) {
#pragma unroll
  for (int t = 0; t < N; ++t) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) acc[t] += __shfl_xor_sync(0xffffffffu, acc[t], o);
  }
#pragma unroll
  for (int t = 0; t < N; ++t) {
    if (lane == t) y[t * rows + r] = acc[t];
  }
}

// Layout: W [rows, cols] stored blocks, row pitch `pitch` bytes, 16-byte aligned; x [N, cols]
// float32, 16-byte aligned rows; y [N, rows]. Thread mapping: see the top of the file.
template <class C, int N>
__global__ void __launch_bounds__(kWarps * 32) gemv_kernel(const uint8_t* __restrict__ w, int64_t rows, int64_t cols,
                                                          int64_t pitch, const float* __restrict__ x,
                                                          float* __restrict__ y) {
  const int lane = threadIdx.x & 31;
  const int64_t r = int64_t(blockIdx.x) * kWarps + (threadIdx.x >> 5);
  if (r >= rows) return;  // the whole warp leaves together
  const uint8_t* row = w + r * pitch;
  const int n_chunks = C::chunks(cols);
  float acc[N];
#pragma unroll
  for (int t = 0; t < N; ++t) acc[t] = 0.0f;
  int ch = lane;
  for (; ch + 32 * (kUnroll - 1) < n_chunks; ch += 32 * kUnroll) {
    typename C::Raw raw[kUnroll];
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) raw[u] = C::load(row, ch + 32 * u);
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) C::template dot<N>(raw[u], x, cols, ch + 32 * u, acc);
  }
  for (; ch < n_chunks; ch += 32) {
    const typename C::Raw raw = C::load(row, ch);
    C::template dot<N>(raw, x, cols, ch, acc);
  }
  reduce_store(acc, lane, r, rows, y);
}

// Fallback for unaligned operands: one warp per row, lane-strided scalar elements; n tokens at
// run time (guarded unrolled loops keep acc in registers).
template <WType T>
__global__ void __launch_bounds__(kWarps * 32) gemv_scalar_kernel(const uint8_t* __restrict__ w, int64_t rows,
                                                                 int64_t cols, int64_t pitch,
                                                                 const float* __restrict__ x, int n,
                                                                 float* __restrict__ y) {
  const int lane = threadIdx.x & 31;
  const int64_t r = int64_t(blockIdx.x) * kWarps + (threadIdx.x >> 5);
  if (r >= rows) return;
  const uint8_t* row = w + r * pitch;
  float acc[kGemvMaxTokens];
#pragma unroll
  for (int t = 0; t < kGemvMaxTokens; ++t) acc[t] = 0.0f;
  for (int64_t c = lane; c < cols; c += 32) {
    const float wv = qdev::weight_at<T>(row, c);
#pragma unroll
    for (int t = 0; t < kGemvMaxTokens; ++t) {
      if (t < n) acc[t] = fmaf(wv, __ldg(x + t * cols + c), acc[t]);
    }
  }
#pragma unroll
  for (int t = 0; t < kGemvMaxTokens; ++t) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) acc[t] += __shfl_xor_sync(0xffffffffu, acc[t], o);
  }
#pragma unroll
  for (int t = 0; t < kGemvMaxTokens; ++t) {
    if (t < n && lane == t) y[t * rows + r] = acc[t];
  }
}

template <WType T>
int launch(const void* w, int64_t rows, int64_t cols, const float* x, int n, float* y, cudaStream_t s) {
  using C = typename ChunkOf<T>::type;
  const auto* wb = static_cast<const uint8_t*>(w);
  const int64_t pitch = qdev::row_bytes(T, cols);
  const dim3 grid(unsigned((rows + kWarps - 1) / kWarps)), block(kWarps * 32);
  // Fast path: 16-byte aligned W rows and x rows (cols % kColMultiple == 0 makes every row
  // pitch, and every x row, a multiple of 16 bytes for the float types; the quantized
  // pitches keep the alignment each chunk type needs).
  const bool fast = reinterpret_cast<uintptr_t>(w) % 16 == 0 && reinterpret_cast<uintptr_t>(x) % 16 == 0 &&
                    cols % C::kColMultiple == 0;
  if (!fast) {
    gemv_scalar_kernel<T><<<grid, block, 0, s>>>(wb, rows, cols, pitch, x, n, y);
    return int(cudaGetLastError());
  }
  switch (n) {
    case 1: gemv_kernel<C, 1><<<grid, block, 0, s>>>(wb, rows, cols, pitch, x, y); break;
    case 2: gemv_kernel<C, 2><<<grid, block, 0, s>>>(wb, rows, cols, pitch, x, y); break;
    case 3: gemv_kernel<C, 3><<<grid, block, 0, s>>>(wb, rows, cols, pitch, x, y); break;
    case 4: gemv_kernel<C, 4><<<grid, block, 0, s>>>(wb, rows, cols, pitch, x, y); break;
    case 5: gemv_kernel<C, 5><<<grid, block, 0, s>>>(wb, rows, cols, pitch, x, y); break;
    case 6: gemv_kernel<C, 6><<<grid, block, 0, s>>>(wb, rows, cols, pitch, x, y); break;
    case 7: gemv_kernel<C, 7><<<grid, block, 0, s>>>(wb, rows, cols, pitch, x, y); break;
    default: gemv_kernel<C, 8><<<grid, block, 0, s>>>(wb, rows, cols, pitch, x, y); break;
  }
  return int(cudaGetLastError());
}

}  // namespace

int gemv(WType t, const void* w, int64_t rows, int64_t cols, const float* x, int64_t n_tokens, float* y, Stream s) {
  if (n_tokens < 1 || n_tokens > kGemvMaxTokens || cols % qdev::block_size(t) != 0) return int(cudaErrorInvalidValue);
  if (rows <= 0) return 0;
  const auto st = static_cast<cudaStream_t>(s);
  const int n = int(n_tokens);
  switch (t) {
    case WType::F32: return launch<WType::F32>(w, rows, cols, x, n, y, st);
    case WType::F16: return launch<WType::F16>(w, rows, cols, x, n, y, st);
    case WType::BF16: return launch<WType::BF16>(w, rows, cols, x, n, y, st);
    case WType::Q8_0: return launch<WType::Q8_0>(w, rows, cols, x, n, y, st);
    case WType::Q4_0: return launch<WType::Q4_0>(w, rows, cols, x, n, y, st);
    case WType::Q4_1: return launch<WType::Q4_1>(w, rows, cols, x, n, y, st);
    case WType::Q4_K: return launch<WType::Q4_K>(w, rows, cols, x, n, y, st);
    case WType::Q5_K: return launch<WType::Q5_K>(w, rows, cols, x, n, y, st);
    case WType::Q6_K: return launch<WType::Q6_K>(w, rows, cols, x, n, y, st);
  }
  return int(cudaErrorInvalidValue);
}

}  // namespace tramontane::kernels
