// AVX2 + FMA + F16C dot-product kernels (see quant_dot.h). Compiled per function with target
// attributes, so the library still runs on any x86-64; matmul picks these when cpu_has_avx2().
//
// Integer products use _mm256_maddubs_epi16 (unsigned 8-bit x signed 8-bit, pairwise sums to
// int16) and _mm256_madd_epi16 (int16 x int16, pairwise sums to int32). No int16 sum can
// saturate: |u8 weight| <= 128 (Q8_0 via the sign trick), 63 (Q6_K), 31 (Q5_K) and activations
// are in [-127, 127], so a pair is at most 2 * 128 * 127 = 32512.
//
// Every kernel is a template over NX, the number of activation rows (tokens) that share one
// pass over the weight row: the weights are unpacked once per block and multiplied with each.
#include "engine/backend/cpu/quant_dot.h"

#if defined(__x86_64__)

#include <immintrin.h>

#include <cfloat>
#include <cstring>
#include <limits>

#define TRAMONTANE_AVX2 __attribute__((target("avx2,fma,f16c")))
#define TRAMONTANE_SIMD TRAMONTANE_AVX2

namespace tramontane::cpu {
namespace {

TRAMONTANE_SIMD inline __m256i madd_acc(__m256i acc, __m256i s, __m256i p) {
  return _mm256_add_epi32(acc, _mm256_madd_epi16(s, p));
}

#include "engine/backend/cpu/quant_dot_simd.inc"

TRAMONTANE_AVX2 inline int hsum_i32(__m256i v) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  return _mm_cvtsi128_si32(s);
}

// ---- activation quantization (same rule as the scalar code) -------------------------------

// 8 floats -> rounded int32 (to nearest even; |v| <= 127 by construction).
TRAMONTANE_AVX2 inline __m256i round8(const float* x, __m256 id) {
  return _mm256_cvtps_epi32(
      _mm256_round_ps(_mm256_mul_ps(_mm256_loadu_ps(x), id), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

// max |x_i| over n (a multiple of 8) values; *finite is false when any is Inf or NaN.
TRAMONTANE_AVX2 inline float absmax(const float* x, int n, bool* finite) {
  const __m256 sign = _mm256_set1_ps(-0.0f);
  const __m256 big = _mm256_set1_ps(FLT_MAX);
  __m256 m = _mm256_setzero_ps();
  __m256 ok = _mm256_castsi256_ps(_mm256_set1_epi32(-1));
  for (int i = 0; i < n; i += 8) {
    const __m256 a = _mm256_andnot_ps(sign, _mm256_loadu_ps(x + i));
    ok = _mm256_and_ps(ok, _mm256_cmp_ps(a, big, _CMP_LE_OQ));
    m = _mm256_max_ps(m, a);
  }
  *finite = _mm256_movemask_ps(ok) == 0xff;
  __m128 s = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
  s = _mm_max_ps(s, _mm_movehl_ps(s, s));
  s = _mm_max_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// 32 values with inverse scale id -> 32 int8 at q; returns their sum; sums16[0..1] get the
// sums of the two halves of 16.
TRAMONTANE_AVX2 inline int quantize32(const float* x, __m256 id, int8_t* q, int* sums16) {
  const __m256i i0 = round8(x, id), i1 = round8(x + 8, id), i2 = round8(x + 16, id), i3 = round8(x + 24, id);
  sums16[0] = hsum_i32(_mm256_add_epi32(i0, i1));
  sums16[1] = hsum_i32(_mm256_add_epi32(i2, i3));
  // packs works within 128-bit lanes: the result holds 0,1,4,5,2,3,6,7 (groups of 4); fix with a permute.
  const __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(q),
                      _mm256_permutevar8x32_epi32(p, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
  return sums16[0] + sums16[1];
}

TRAMONTANE_AVX2 void quantize_q8a(const float* x, uint8_t* out, int64_t n) {
  auto* y = reinterpret_cast<BlockQ8A*>(out);
  for (int64_t b = 0; b < n / 32; ++b) {
    const float* xb = x + 32 * b;
    bool finite;
    const float amax = absmax(xb, 32, &finite);
    if (!finite) {
      std::memset(y[b].qs, 0, 32);
      y[b].d = y[b].s = std::numeric_limits<float>::quiet_NaN();
      continue;
    }
    const float d = amax / 127.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    int sums16[2];
    const int sum = quantize32(xb, _mm256_set1_ps(id), y[b].qs, sums16);
    y[b].d = fp16_round(d);  // float16 precision, as llama.cpp's block_q8_0/q8_1
    y[b].s = y[b].d * float(sum);
  }
}

TRAMONTANE_AVX2 void quantize_q8k(const float* x, uint8_t* out, int64_t n) {
  auto* y = reinterpret_cast<BlockQ8K*>(out);
  for (int64_t b = 0; b < n / QK_K; ++b) {
    const float* xb = x + QK_K * b;
    bool finite;
    const float amax = absmax(xb, QK_K, &finite);
    if (!finite) {
      std::memset(y[b].qs, 0, QK_K);
      std::memset(y[b].bsums, 0, sizeof y[b].bsums);
      y[b].d = std::numeric_limits<float>::quiet_NaN();
      continue;
    }
    const float d = amax / 127.0f;
    const __m256 id = _mm256_set1_ps(d != 0.0f ? 1.0f / d : 0.0f);
    for (int k = 0; k < QK_K / 32; ++k) {
      int sums16[2];
      quantize32(xb + 32 * k, id, y[b].qs + 32 * k, sums16);
      y[b].bsums[2 * k] = int16_t(sums16[0]);
      y[b].bsums[2 * k + 1] = int16_t(sums16[1]);
    }
    y[b].d = d;
  }
}

// ---- float weights ------------------------------------------------------------------------

template <DType T>
TRAMONTANE_AVX2 inline __m256 load8(const uint8_t* w, int64_t c) {
  if constexpr (T == DType::F32) {
    return _mm256_loadu_ps(reinterpret_cast<const float*>(w) + c);
  } else if constexpr (T == DType::F16) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + 2 * c)));
  } else {  // BF16: the top half of a float32
    const __m256i h = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + 2 * c)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(h, 16));
  }
}

template <DType T>
inline float load1(const uint8_t* w, int64_t c) {
  uint16_t h;
  if constexpr (T == DType::F32) {
    float f;
    std::memcpy(&f, w + 4 * c, 4);
    return f;
  } else if constexpr (T == DType::F16) {
    std::memcpy(&h, w + 2 * c, 2);
    return fp16_to_f32(h);
  } else {
    std::memcpy(&h, w + 2 * c, 2);
    return bf16_to_f32(h);
  }
}

// U independent accumulators per token hide the FMA latency. U is the same for every NX, so a
// token's sum does not depend on how many tokens share the call (matmul.h: batch invariance).
template <DType T, int NX>
TRAMONTANE_AVX2 void dot_float(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, float* out) {
  constexpr int U = 2;
  __m256 acc[NX][U];
  for (int j = 0; j < NX; ++j)
    for (int u = 0; u < U; ++u) acc[j][u] = _mm256_setzero_ps();
  int64_t c = 0;
  for (; c + 8 * U <= n; c += 8 * U) {
    __m256 wv[U];
    for (int u = 0; u < U; ++u) wv[u] = load8<T>(w, c + 8 * u);
    for (int j = 0; j < NX; ++j) {
      const float* xj = at<float>(x, xs, j) + c;
      for (int u = 0; u < U; ++u) acc[j][u] = _mm256_fmadd_ps(wv[u], _mm256_loadu_ps(xj + 8 * u), acc[j][u]);
    }
  }
  for (; c + 8 <= n; c += 8) {
    const __m256 wv = load8<T>(w, c);
    for (int j = 0; j < NX; ++j) acc[j][0] = _mm256_fmadd_ps(wv, _mm256_loadu_ps(at<float>(x, xs, j) + c), acc[j][0]);
  }
  for (int j = 0; j < NX; ++j) {
    for (int u = 1; u < U; ++u) acc[j][0] = _mm256_add_ps(acc[j][0], acc[j][u]);
    float s = hsum(acc[j][0]);
    const float* xj = at<float>(x, xs, j);
    for (int64_t r = c; r < n; ++r) s += load1<T>(w, r) * xj[r];
    out[j] = s;
  }
}

// ---- Q8_0 / Q4_0 / Q4_1 x BlockQ8A --------------------------------------------------------

// Signed 8-bit q (weights) times signed 8-bit y: |q| as unsigned, y takes q's sign.
TRAMONTANE_AVX2 inline __m256i dot_s8(__m256i q, __m256i y) {
  const __m256i p16 = _mm256_maddubs_epi16(_mm256_sign_epi8(q, q), _mm256_sign_epi8(y, q));
  return _mm256_madd_epi16(p16, _mm256_set1_epi16(1));
}

// 16 bytes of nibbles -> 32 bytes: low nibbles (elements 0..15) then high nibbles (16..31).
TRAMONTANE_AVX2 inline __m256i unpack_nibbles32(const uint8_t* qs) {
  const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
  const __m256i both = _mm256_set_m128i(_mm_srli_epi16(raw, 4), raw);
  return _mm256_and_si256(both, _mm256_set1_epi8(0x0F));
}

// One 32-element block b of a Q8_0 / Q4_0 / Q4_1 row against NX activation rows.
template <DType T, int NX>
TRAMONTANE_AVX2 inline void q32_block(int64_t b, const uint8_t* w, const uint8_t* x, size_t xs, __m256* acc,
                                      float* accm) {
  __m256i q;
  float dw, mw = 0.0f;
  if constexpr (T == DType::Q8_0) {
    const auto& W = reinterpret_cast<const BlockQ8_0*>(w)[b];
    q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.qs));
    dw = f16(W.d);
  } else if constexpr (T == DType::Q4_0) {  // d * (q - 8): unsigned q, and the -8 d as a min
    const auto& W = reinterpret_cast<const BlockQ4_0*>(w)[b];
    q = unpack_nibbles32(W.qs);
    dw = f16(W.d);
    mw = -8.0f * dw;
  } else {  // Q4_1: unsigned nibbles, the min added through the activation sums
    const auto& W = reinterpret_cast<const BlockQ4_1*>(w)[b];
    q = unpack_nibbles32(W.qs);
    dw = f16(W.d);
    mw = f16(W.m);
  }
  for (int j = 0; j < NX; ++j) {
    const BlockQ8A& X = at<BlockQ8A>(x, xs, j)[b];
    const __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(X.qs));
    __m256i p;
    if constexpr (T != DType::Q8_0) {  // sum_i (dw q_i + mw) d_x qx_i = dw d_x sum q qx + mw s_x
      p = _mm256_madd_epi16(_mm256_maddubs_epi16(q, y), _mm256_set1_epi16(1));
      accm[j] += mw * X.s;
    } else {
      p = dot_s8(q, y);
    }
    acc[j] = _mm256_fmadd_ps(_mm256_set1_ps(dw * X.d), _mm256_cvtepi32_ps(p), acc[j]);
  }
}

// Even and odd blocks go to separate accumulators so consecutive FMAs do not wait on each other.
template <DType T, int NX>
TRAMONTANE_AVX2 void dot_q32(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, float* out) {
  __m256 acc0[NX], acc1[NX];
  float accm0[NX], accm1[NX];
  for (int j = 0; j < NX; ++j) {
    acc0[j] = acc1[j] = _mm256_setzero_ps();
    accm0[j] = accm1[j] = 0.0f;
  }
  const int64_t nb = n / 32;
  int64_t b = 0;
  constexpr int64_t kBlockBytes = T == DType::Q8_0 ? 34 : T == DType::Q4_0 ? 18 : 20;
  for (; b + 2 <= nb; b += 2) {
    _mm_prefetch(reinterpret_cast<const char*>(w + (b + 32) * kBlockBytes), _MM_HINT_T0);
    q32_block<T, NX>(b, w, x, xs, acc0, accm0);
    q32_block<T, NX>(b + 1, w, x, xs, acc1, accm1);
  }
  if (b < nb) q32_block<T, NX>(b, w, x, xs, acc0, accm0);
  for (int j = 0; j < NX; ++j) out[j] = hsum(_mm256_add_ps(acc0[j], acc1[j])) + (accm0[j] + accm1[j]);
}

template <DType T>
struct FloatK {
  template <int NX>
  struct K {
    static void run(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, float* out) {
      dot_float<T, NX>(n, w, x, xs, out);
    }
  };
};

template <DType T>
struct Q32K {
  template <int NX>
  struct K {
    static void run(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, float* out) {
      dot_q32<T, NX>(n, w, x, xs, out);
    }
  };
};

}  // namespace

static_assert(kMaxDotTokens == 4, "dispatch_nx instantiates NX = 1..4");

DotKernel dot_kernel_avx2(DType t) {
  switch (t) {
    case DType::F32: return {ActFormat::F32, dispatch_nx<FloatK<DType::F32>::K>, nullptr};
    case DType::F16: return {ActFormat::F32, dispatch_nx<FloatK<DType::F16>::K>, nullptr};
    case DType::BF16: return {ActFormat::F32, dispatch_nx<FloatK<DType::BF16>::K>, nullptr};
    case DType::Q8_0: return {ActFormat::Q8A, dispatch_nx<Q32K<DType::Q8_0>::K>, quantize_q8a};
    case DType::Q4_0: return {ActFormat::Q8A, dispatch_nx<Q32K<DType::Q4_0>::K>, quantize_q8a};
    case DType::Q4_1: return {ActFormat::Q8A, dispatch_nx<Q32K<DType::Q4_1>::K>, quantize_q8a};
    case DType::Q4_K: return {ActFormat::Q8K, dispatch_nx<Q45K<false, BlockQ4_K>::K>, quantize_q8k};
    case DType::Q5_K: return {ActFormat::Q8K, dispatch_nx<Q45K<true, BlockQ5_K>::K>, quantize_q8k};
    case DType::Q6_K: return {ActFormat::Q8K, dispatch_nx<Q6K>, quantize_q8k};
  }
  return dot_kernel_scalar(t);
}

}  // namespace tramontane::cpu

#endif  // __x86_64__
