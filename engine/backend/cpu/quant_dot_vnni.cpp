// AVX-512 VNNI kernels (see quant_dot.h), on 256-bit vectors (AVX512-VL). Compiled with target
// attributes; matmul uses them only when cpu_has_avx512_vnni().
//
// Q4_K / Q5_K / Q6_K: the AVX2 kernels with _mm256_dpwssd_epi32 for madd + add: the same int32
// sums, so the same results bit for bit.
// Q8_0/Q4_0/Q4_1 keep the AVX2 kernels: a 4-row x 4-token dpbusd Q8_0 kernel was tried; it gained
// about 8% in an isolated micro-benchmark and nothing measurable end to end through the run-to-run
// noise (+-20%) of this project's 2-core VMs, so it was not kept.
#include "engine/backend/cpu/quant_dot.h"

#if defined(__x86_64__)

#include <immintrin.h>

#include <cstring>

#define TRAMONTANE_VNNI __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512dq,avx512vnni")))

namespace tramontane::cpu {
namespace {

TRAMONTANE_VNNI inline float f16(uint16_t h) { return _cvtsh_ss(h); }

TRAMONTANE_VNNI inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

TRAMONTANE_VNNI inline float hsum(__m128 s) {
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

template <class T>
const T* at(const uint8_t* x, size_t stride, int j) {
  return reinterpret_cast<const T*>(x + size_t(j) * stride);
}

// ---- Q4_K / Q5_K / Q6_K: the AVX2 kernels (quant_dot_avx2.cpp) with _mm256_dpwssd_epi32 in
// place of _mm256_madd_epi16 + _mm256_add_epi32 (the same int32 sums, so the same results) ----

// The 8 packed 6-bit scales and mins of a Q4_K/Q5_K block as 16 int16: [sc0..sc7, m0..m7]
// (the same values as get_scale_min_k4, four at a time with 32-bit masks).
TRAMONTANE_VNNI inline __m256i unpack_scales_mins(const uint8_t* scales) {
  uint32_t u[3];
  std::memcpy(u, scales, 12);
  const uint32_t lo6 = 0x3f3f3f3f, lo4 = 0x0f0f0f0f, lo2 = 0x03030303;
  const uint32_t sc03 = u[0] & lo6;
  const uint32_t sc47 = (u[2] & lo4) | (((u[0] >> 6) & lo2) << 4);
  const uint32_t mn03 = u[1] & lo6;
  const uint32_t mn47 = ((u[2] >> 4) & lo4) | (((u[1] >> 6) & lo2) << 4);
  return _mm256_cvtepu8_epi16(_mm_set_epi32(int(mn47), int(mn03), int(sc47), int(sc03)));
}

// Broadcasts int16 element k of each 128-bit lane to all 8 positions of the lane.
TRAMONTANE_VNNI inline __m256i broadcast_i16(__m256i v, int k) {
  return _mm256_shuffle_epi8(v, _mm256_set1_epi16(int16_t((2 * k) | ((2 * k + 1) << 8))));
}

template <bool kFifthBit, class Block, int NX>
TRAMONTANE_VNNI void dot_q45_k_vnni(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, float* out) {
  const __m256i m4 = _mm256_set1_epi8(0x0F);
  const __m256i m1 = _mm256_set1_epi8(1);
  __m256 acc[NX];
  __m128 accm[NX];
  for (int j = 0; j < NX; ++j) {
    acc[j] = _mm256_setzero_ps();
    accm[j] = _mm_setzero_ps();
  }
  for (int64_t b = 0; b < n / QK_K; ++b) {
    const Block& W = reinterpret_cast<const Block*>(w)[b];
    const __m256i sm = unpack_scales_mins(W.scales);
    const __m128i mins = _mm256_extracti128_si256(sm, 1);
    const __m256i scales = _mm256_broadcastsi128_si256(_mm256_castsi256_si128(sm));
    __m256i hbits;
    if constexpr (kFifthBit) hbits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.qh));
    __m256i sumi[NX];
    for (int j = 0; j < NX; ++j) sumi[j] = _mm256_setzero_si256();
    // 32 bytes of qs = sub-block 2k (low nibbles) and 2k + 1 (high nibbles), 64 elements.
    for (int k = 0; k < QK_K / 64; ++k) {
      const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.qs + 32 * k));
      __m256i ql = _mm256_and_si256(bits, m4);
      __m256i qh = _mm256_and_si256(_mm256_srli_epi16(bits, 4), m4);
      if constexpr (kFifthBit) {
        ql = _mm256_or_si256(ql, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hbits, 2 * k), m1), 4));
        qh = _mm256_or_si256(qh, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hbits, 2 * k + 1), m1), 4));
      }
      const __m256i sl = broadcast_i16(scales, 2 * k), sh = broadcast_i16(scales, 2 * k + 1);
      for (int j = 0; j < NX; ++j) {
        const int8_t* y = at<BlockQ8K>(x, xs, j)[b].qs + 64 * k;
        const __m256i y0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(y));
        const __m256i y1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(y + 32));
        sumi[j] = _mm256_dpwssd_epi32(sumi[j], sl, _mm256_maddubs_epi16(ql, y0));
        sumi[j] = _mm256_dpwssd_epi32(sumi[j], sh, _mm256_maddubs_epi16(qh, y1));
      }
    }
    const float dw = f16(W.d), dmw = f16(W.dmin);
    for (int j = 0; j < NX; ++j) {
      const BlockQ8K& X = at<BlockQ8K>(x, xs, j)[b];
      acc[j] = _mm256_fmadd_ps(_mm256_set1_ps(dw * X.d), _mm256_cvtepi32_ps(sumi[j]), acc[j]);
      // sub-block sums bsums[2i] + bsums[2i+1], times the mins
      const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(X.bsums));
      const __m128i s8 = _mm_hadd_epi16(_mm256_castsi256_si128(bs), _mm256_extracti128_si256(bs, 1));
      accm[j] = _mm_fmadd_ps(_mm_set1_ps(dmw * X.d), _mm_cvtepi32_ps(_mm_madd_epi16(mins, s8)), accm[j]);
    }
  }
  for (int j = 0; j < NX; ++j) out[j] = hsum(acc[j]) - hsum(accm[j]);
}

template <int NX>
TRAMONTANE_VNNI void dot_q6_k_vnni(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, float* out) {
  const __m256i m4 = _mm256_set1_epi8(0x0F);
  const __m256i m3 = _mm256_set1_epi8(3);
  __m256 acc[NX];
  for (int j = 0; j < NX; ++j) acc[j] = _mm256_setzero_ps();
  for (int64_t b = 0; b < n / QK_K; ++b) {
    const BlockQ6_K& W = reinterpret_cast<const BlockQ6_K*>(w)[b];
    const __m128i sc8 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(W.scales));
    const __m256i sc16 = _mm256_cvtepi8_epi16(sc8);  // 16 group scales
    __m256i sumi[NX];
    for (int j = 0; j < NX; ++j) sumi[j] = _mm256_setzero_si256();
    for (int h = 0; h < 2; ++h) {
      // Half h, chunk c (32 elements 32c..32c+31): low 4 bits from ql (low nibbles for c < 2,
      // high for c >= 2), high 2 bits from qh bits 2c..2c+1.
      const __m256i b1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.ql + 64 * h));
      const __m256i b2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.ql + 64 * h + 32));
      const __m256i bh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.qh + 32 * h));
      __m256i q[4];
      q[0] = _mm256_or_si256(_mm256_and_si256(b1, m4), _mm256_slli_epi16(_mm256_and_si256(bh, m3), 4));
      q[1] = _mm256_or_si256(_mm256_and_si256(b2, m4),
                             _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bh, 2), m3), 4));
      q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(b1, 4), m4),
                             _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bh, 4), m3), 4));
      q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(b2, 4), m4),
                             _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bh, 6), m3), 4));
      for (int c = 0; c < 4; ++c) {
        // int16 scales: group 8h + 2c in the low lane (elements 0..15), 8h + 2c + 1 in the high one.
        const int g = 8 * h + 2 * c;
        const __m128i shuf = _mm_set_epi64x(int64_t(0x0101010101010101ull * uint64_t(g + 1)),
                                            int64_t(0x0101010101010101ull * uint64_t(g)));
        const __m256i s = _mm256_cvtepi8_epi16(_mm_shuffle_epi8(sc8, shuf));
        for (int j = 0; j < NX; ++j) {
          const int8_t* y = at<BlockQ8K>(x, xs, j)[b].qs + 128 * h + 32 * c;
          const __m256i yv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(y));
          sumi[j] = _mm256_dpwssd_epi32(sumi[j], s, _mm256_maddubs_epi16(q[c], yv));
        }
      }
    }
    const float dw = f16(W.d);
    for (int j = 0; j < NX; ++j) {
      const BlockQ8K& X = at<BlockQ8K>(x, xs, j)[b];
      // q6 is stored +32: subtract 32 * sum_g sc_g * bsums[g]
      const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(X.bsums));
      const __m256i corr = _mm256_slli_epi32(_mm256_madd_epi16(sc16, bs), 5);
      acc[j] = _mm256_fmadd_ps(_mm256_set1_ps(dw * X.d), _mm256_cvtepi32_ps(_mm256_sub_epi32(sumi[j], corr)), acc[j]);
    }
  }
  for (int j = 0; j < NX; ++j) out[j] = hsum(acc[j]);
}


template <bool kFifthBit, class Block>
void dot_q45_k_any(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, int n_x, float* out) {
  switch (n_x) {
    case 1: dot_q45_k_vnni<kFifthBit, Block, 1>(n, w, x, xs, out); return;
    case 2: dot_q45_k_vnni<kFifthBit, Block, 2>(n, w, x, xs, out); return;
    case 3: dot_q45_k_vnni<kFifthBit, Block, 3>(n, w, x, xs, out); return;
    default: dot_q45_k_vnni<kFifthBit, Block, 4>(n, w, x, xs, out); return;
  }
}

void dot_q6_k_any(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, int n_x, float* out) {
  switch (n_x) {
    case 1: dot_q6_k_vnni<1>(n, w, x, xs, out); return;
    case 2: dot_q6_k_vnni<2>(n, w, x, xs, out); return;
    case 3: dot_q6_k_vnni<3>(n, w, x, xs, out); return;
    default: dot_q6_k_vnni<4>(n, w, x, xs, out); return;
  }
}

}  // namespace

static_assert(kMaxDotTokens == 4, "the dispatch instantiates 1..4 tokens");

bool cpu_has_avx512_vnni() {
  static const bool has = [] {
    __builtin_cpu_init();
    return cpu_has_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vnni");
  }();
  return has;
}

DotKernel dot_kernel_vnni(DType t) {
  DotKernel k = dot_kernel_avx2(t);
  switch (t) {
    case DType::Q4_K: k.dot = dot_q45_k_any<false, BlockQ4_K>; break;
    case DType::Q5_K: k.dot = dot_q45_k_any<true, BlockQ5_K>; break;
    case DType::Q6_K: k.dot = dot_q6_k_any; break;
    default: break;
  }
  return k;
}

}  // namespace tramontane::cpu

#else

namespace tramontane::cpu {
bool cpu_has_avx512_vnni() { return false; }
DotKernel dot_kernel_vnni(DType t) { return dot_kernel_avx2(t); }
}  // namespace tramontane::cpu

#endif  // __x86_64__
