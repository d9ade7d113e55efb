// Quantized GEMM for prefill on AVX-512 VNNI (see gemm.h for the scheme).
//
// Per call: the quantized activation rows are rewritten as one int8 row per token plus, per token
// and sub-block, d_x, o * sum(x_q) and d_x * sum(x_q). Then each thread takes panels of kPanelRows
// weight rows: unpacks them into its panel buffer (u, a, m as gemm.h says) and runs the 16 x 8
// register tile over every tile of 8 tokens, then a 16 x (n_tokens mod 8) one.
#include "engine/backend/cpu/gemm.h"

#include <algorithm>
#include <atomic>
#include <type_traits>
#include <cstring>
#include <vector>

#include "engine/backend/cpu/parallel.h"
#include "engine/core/quant.h"

#if defined(__x86_64__)
// GCC 12 reports _mm512_undefined_ps() inside _mm512_cvtepi32_ps as maybe-uninitialized: a false positive.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#define TRAMONTANE_GEMM __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512dq,avx512vnni")))
#endif

namespace tramontane::cpu {

namespace {

std::atomic<int64_t> g_min_tokens{0};
std::atomic<bool> g_for_prompts{true};
// Below these the dot kernels are faster (unpacking a panel costs about as much as 8 tokens of
// products; measured with 2048 x 2048 matrices on an AVX-512 VNNI EPYC): 8 tokens for most types,
// 16 for Q6_K, whose panels are the slowest to unpack.
constexpr int64_t kDefaultMinTokens = 8;
constexpr int64_t kDefaultMinTokensQ6K = 16;

constexpr int kPanelRows = 16;   // rows per panel = int32 lanes of a zmm register
constexpr int kTileTokens = 8;   // tokens per register tile

// The type's constants: sub-block length L, offset o, whether it has a min.
struct Scheme {
  int L = 32;
  int offset = 0;
  bool has_min = false;
};

bool scheme_for(DType t, Scheme* s) {
  switch (t) {
    case DType::Q8_0: *s = {32, 128, false}; return true;
    case DType::Q4_0: *s = {32, 8, false}; return true;
    case DType::Q4_1: *s = {32, 0, true}; return true;
    case DType::Q4_K: *s = {32, 0, true}; return true;
    case DType::Q5_K: *s = {32, 0, true}; return true;
    case DType::Q6_K: *s = {16, 32, false}; return true;
    default: return false;
  }
}

// Per token and sub-block: d_x, o * sum(x_q), d_x * sum(x_q).
struct ActMeta {
  float dx;
  int32_t osx;
  float dsx;
};

// ---- weight rows -> u (unsigned 8-bit) 64 columns at a time; a, m per sub-block --------------

#if defined(__x86_64__)

TRAMONTANE_GEMM inline float f16(uint16_t h) { return _cvtsh_ss(h); }

TRAMONTANE_GEMM inline __m512i join(__m256i lo, __m256i hi) {
  return _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
}

// 16 bytes of nibbles -> 32 values: low nibbles (elements 0..15), then high nibbles (16..31).
TRAMONTANE_GEMM inline __m256i nibbles32(const uint8_t* qs) {
  const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
  return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(raw, 4), raw), _mm256_set1_epi8(0x0F));
}

// u of columns c0 .. c0 + 63 of one row (c0 a multiple of 64; with `full` false only 32 columns
// are left and the upper half is 0).
template <DType T>
TRAMONTANE_GEMM inline __m512i slice64(const uint8_t* row, int64_t c0, bool full) {
  const __m256i m4 = _mm256_set1_epi8(0x0F);
  if constexpr (T == DType::Q8_0) {  // q + 128 (the 128 is the offset)
    const auto* W = reinterpret_cast<const BlockQ8_0*>(row) + c0 / 32;
    const __m256i flip = _mm256_set1_epi8(char(0x80));
    const __m256i lo = _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(W[0].qs)), flip);
    if (!full) return _mm512_castsi256_si512(lo);
    return join(lo, _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(W[1].qs)), flip));
  } else if constexpr (T == DType::Q4_0 || T == DType::Q4_1) {
    using Block = std::conditional_t<T == DType::Q4_0, BlockQ4_0, BlockQ4_1>;
    const auto* W = reinterpret_cast<const Block*>(row) + c0 / 32;
    const __m256i lo = nibbles32(W[0].qs);
    if (!full) return _mm512_castsi256_si512(lo);
    return join(lo, nibbles32(W[1].qs));
  } else if constexpr (T == DType::Q4_K || T == DType::Q5_K) {
    // 32 bytes of qs: sub-block 2k in the low nibbles, 2k + 1 in the high ones (64 columns)
    using Block = std::conditional_t<T == DType::Q4_K, BlockQ4_K, BlockQ5_K>;
    const Block& W = reinterpret_cast<const Block*>(row)[c0 / QK_K];
    const int k = int(c0 % QK_K) / 64;
    const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.qs + 32 * k));
    __m256i lo = _mm256_and_si256(bits, m4), hi = _mm256_and_si256(_mm256_srli_epi16(bits, 4), m4);
    if constexpr (T == DType::Q5_K) {
      const __m256i hb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.qh)), m1 = _mm256_set1_epi8(1);
      lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hb, 2 * k), m1), 4));
      hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hb, 2 * k + 1), m1), 4));
    }
    return join(lo, hi);
  } else {  // Q6_K: columns 128h + 32c + l take the low 4 bits from ql (low nibbles for c < 2, high
            // for c >= 2) and the high 2 bits from qh bits 2c..2c+1; this slice is c = 2p, 2p + 1
    const BlockQ6_K& W = reinterpret_cast<const BlockQ6_K*>(row)[c0 / QK_K];
    const int h = int(c0 % QK_K) / 128, pair = int(c0 % 128) / 64;
    const __m256i b1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.ql + 64 * h));
    const __m256i b2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.ql + 64 * h + 32));
    const __m256i bh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W.qh + 32 * h));
    const __m256i m3 = _mm256_set1_epi8(3);
    const int shift = pair * 4;  // 0: nibbles as they are, 4: the high nibbles
    const __m256i l1 = _mm256_and_si256(_mm256_srli_epi16(b1, shift), m4);
    const __m256i l2 = _mm256_and_si256(_mm256_srli_epi16(b2, shift), m4);
    const __m256i h1 = _mm256_and_si256(_mm256_srli_epi16(bh, 4 * pair), m3);
    const __m256i h2 = _mm256_and_si256(_mm256_srli_epi16(bh, 4 * pair + 2), m3);
    return join(_mm256_or_si256(l1, _mm256_slli_epi16(h1, 4)), _mm256_or_si256(l2, _mm256_slli_epi16(h2, 4)));
  }
}

// a and m of every sub-block of one row, to a[s * kPanelRows] and m[s * kPanelRows] (the
// panel's layout): w = a (u - offset) - m.
template <DType T>
TRAMONTANE_GEMM void row_scales(const uint8_t* row, int64_t cols, float* a, float* m) {
  constexpr int P = kPanelRows;
  if constexpr (T == DType::Q8_0 || T == DType::Q4_0 || T == DType::Q4_1) {
    using Block = std::conditional_t<T == DType::Q8_0, BlockQ8_0, std::conditional_t<T == DType::Q4_0, BlockQ4_0, BlockQ4_1>>;
    const auto* W = reinterpret_cast<const Block*>(row);
    for (int64_t b = 0; b < cols / 32; ++b) {
      a[b * P] = f16(W[b].d);
      if constexpr (T == DType::Q4_1) m[b * P] = -f16(W[b].m);  // w = d q + min
    }
  } else if constexpr (T == DType::Q4_K || T == DType::Q5_K) {
    using Block = std::conditional_t<T == DType::Q4_K, BlockQ4_K, BlockQ5_K>;
    const auto* W = reinterpret_cast<const Block*>(row);
    for (int64_t b = 0; b < cols / QK_K; ++b) {
      const float d = f16(W[b].d), dmin = f16(W[b].dmin);
      for (int j = 0; j < QK_K / 32; ++j) {
        uint8_t sc, mn;
        get_scale_min_k4(j, W[b].scales, &sc, &mn);
        a[(8 * b + j) * P] = d * float(sc);
        m[(8 * b + j) * P] = dmin * float(mn);
      }
    }
  } else {  // Q6_K: 16 groups of 16 with int8 scales
    const auto* W = reinterpret_cast<const BlockQ6_K*>(row);
    for (int64_t b = 0; b < cols / QK_K; ++b) {
      const float d = f16(W[b].d);
      for (int g = 0; g < QK_K / 16; ++g) a[(16 * b + g) * P] = d * float(W[b].scales[g]);
    }
  }
}

// The panel of rows [r0, r0 + nr) (nr <= 16; missing rows are zeros):
//   q[s][c][r][4]: bytes 4c..4c+3 of sub-block s of row r (= the row's 4-byte group s * L / 4 + c);
//   pa[s][r], pm[s][r] (pm only for the types with a min).
struct Panel {
  std::vector<uint8_t> q;
  std::vector<float> pa, pm;
};

// out[c] = the 4-byte group c of the 16 rows r[0..15] (a 16 x 16 transpose of 32-bit elements).
TRAMONTANE_GEMM inline void transpose16(__m512i r[16]) {
  __m512i t[16];
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_unpacklo_epi32(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_epi32(r[2 * i], r[2 * i + 1]);
  }
  // r[4i + k], 128-bit lane L: group 4L + k of rows 4i..4i+3
  for (int i = 0; i < 4; ++i) {
    r[4 * i] = _mm512_unpacklo_epi64(t[4 * i], t[4 * i + 2]);
    r[4 * i + 1] = _mm512_unpackhi_epi64(t[4 * i], t[4 * i + 2]);
    r[4 * i + 2] = _mm512_unpacklo_epi64(t[4 * i + 1], t[4 * i + 3]);
    r[4 * i + 3] = _mm512_unpackhi_epi64(t[4 * i + 1], t[4 * i + 3]);
  }
  // then a 4 x 4 transpose of 128-bit lanes across r[k], r[4 + k], r[8 + k], r[12 + k]
  for (int k = 0; k < 4; ++k) {
    const __m512i x0 = _mm512_shuffle_i32x4(r[k], r[4 + k], 0x44), x1 = _mm512_shuffle_i32x4(r[k], r[4 + k], 0xEE);
    const __m512i x2 = _mm512_shuffle_i32x4(r[8 + k], r[12 + k], 0x44);
    const __m512i x3 = _mm512_shuffle_i32x4(r[8 + k], r[12 + k], 0xEE);
    t[k] = _mm512_shuffle_i32x4(x0, x2, 0x88);
    t[4 + k] = _mm512_shuffle_i32x4(x0, x2, 0xDD);
    t[8 + k] = _mm512_shuffle_i32x4(x1, x3, 0x88);
    t[12 + k] = _mm512_shuffle_i32x4(x1, x3, 0xDD);
  }
  for (int i = 0; i < 16; ++i) r[i] = t[i];
}

// 64 columns of 16 rows of a 4-bit type (Q4_0, Q4_1, Q4_K, Q5_K) into the panel: the raw nibble
// bytes are transposed first and split after, which moves half the data of transposing unpacked
// bytes (slice64 + transpose16). A row's 64 columns are 32 bytes in two halves of 16:
//   Q4_0 / Q4_1: half h = block h's qs; its dword m holds columns 32h + 4m .. +3 in the low
//                nibbles and 32h + 16 + 4m .. +3 in the high ones;
//   Q4_K / Q5_K: half h = bytes 16h .. 16h + 15 of the chunk's 32 qs bytes; dword m holds columns
//                16h + 4m .. +3 (low nibbles) and 32 + 16h + 4m .. +3 (high); Q5_K's fifth bits
//                come from qh (32 bytes, lane l = column l of each 32-column sub-block), transposed
//                the same way.
// The transpose: Z[j] = [row j: half 0 | half 1 | row j + 8: half 0 | half 1] (missing rows 0),
// an 8 x 8 dword transpose within each 256-bit half, then the halves' 128-bit units interleaved:
// d[h][m] = dword m of half h for rows 0..15.
template <class Half>
TRAMONTANE_GEMM inline void transpose_halves(const Half& half, __m512i d[2][4]) {
  __m512i z[8];
  for (int j = 0; j < 8; ++j) {
    __m512i v = _mm512_castsi128_si512(half(j, 0));
    v = _mm512_inserti32x4(v, half(j, 1), 1);
    v = _mm512_inserti32x4(v, half(j + 8, 0), 2);
    z[j] = _mm512_inserti32x4(v, half(j + 8, 1), 3);
  }
  __m512i t[8];
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = _mm512_unpacklo_epi32(z[2 * i], z[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_epi32(z[2 * i], z[2 * i + 1]);
  }
  // a[m] (rows 0..3 | 8..11) and b[m] (rows 4..7 | 12..15): per 128-bit unit, dword m of half 0
  // (units 0, 2) and of half 1 (units 1, 3) of four rows.
  const __m512i a[4] = {_mm512_unpacklo_epi64(t[0], t[2]), _mm512_unpackhi_epi64(t[0], t[2]),
                        _mm512_unpacklo_epi64(t[1], t[3]), _mm512_unpackhi_epi64(t[1], t[3])};
  const __m512i b[4] = {_mm512_unpacklo_epi64(t[4], t[6]), _mm512_unpackhi_epi64(t[4], t[6]),
                        _mm512_unpacklo_epi64(t[5], t[7]), _mm512_unpackhi_epi64(t[5], t[7])};
  const __m512i units0 = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13);
  const __m512i units1 = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
  for (int m = 0; m < 4; ++m) {
    d[0][m] = _mm512_permutex2var_epi64(a[m], units0, b[m]);
    d[1][m] = _mm512_permutex2var_epi64(a[m], units1, b[m]);
  }
}

template <DType T>
TRAMONTANE_GEMM inline void pack64_nibbles(const uint8_t* w, uint64_t stride, int64_t r0, int64_t nr, int64_t c0,
                                           uint8_t* dst) {
  constexpr bool kQuant4 = T == DType::Q4_0 || T == DType::Q4_1;
  auto row = [&](int64_t i) { return w + uint64_t(r0 + i) * stride; };
  __m512i d[2][4];
  transpose_halves([&](int64_t i, int h) -> __m128i {
    if (i >= nr) return _mm_setzero_si128();
    const uint8_t* q;
    if constexpr (kQuant4) {
      using Block = std::conditional_t<T == DType::Q4_0, BlockQ4_0, BlockQ4_1>;
      q = (reinterpret_cast<const Block*>(row(i)) + c0 / 32 + h)->qs;
    } else {
      using Block = std::conditional_t<T == DType::Q4_K, BlockQ4_K, BlockQ5_K>;
      q = reinterpret_cast<const Block*>(row(i))[c0 / QK_K].qs + 32 * ((c0 % QK_K) / 64) + 16 * h;
    }
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
  }, d);
  __m512i e[2][4];   // Q5_K: the qh bytes, transposed alike
  if constexpr (T == DType::Q5_K) {
    transpose_halves([&](int64_t i, int h) -> __m128i {
      if (i >= nr) return _mm_setzero_si128();
      const uint8_t* qh = reinterpret_cast<const BlockQ5_K*>(row(i))[c0 / QK_K].qh + 16 * h;
      return _mm_loadu_si128(reinterpret_cast<const __m128i*>(qh));
    }, e);
  }
  const __m512i m4 = _mm512_set1_epi8(0x0F), one = _mm512_set1_epi8(1);
  const int k = int((c0 % QK_K) / 64);   // Q5_K: this chunk's sub-blocks are 2k (low) and 2k + 1
  for (int h = 0; h < 2; ++h) {
    for (int m = 0; m < 4; ++m) {
      __m512i lo = _mm512_and_si512(d[h][m], m4), hi = _mm512_and_si512(_mm512_srli_epi16(d[h][m], 4), m4);
      if constexpr (T == DType::Q5_K) {
        lo = _mm512_or_si512(lo, _mm512_slli_epi16(_mm512_and_si512(_mm512_srli_epi16(e[h][m], 2 * k), one), 4));
        hi = _mm512_or_si512(hi, _mm512_slli_epi16(_mm512_and_si512(_mm512_srli_epi16(e[h][m], 2 * k + 1), one), 4));
      }
      // the panel's 4-column groups: Q4_0/1 half h = columns 32h.., K types half h = 16h.. and 32 + 16h..
      const int g_lo = kQuant4 ? 8 * h + m : 4 * h + m, g_hi = kQuant4 ? 8 * h + 4 + m : 8 + 4 * h + m;
      _mm512_storeu_si512(dst + g_lo * 64, lo);
      _mm512_storeu_si512(dst + g_hi * 64, hi);
    }
  }
}

// The 16 rows' values straight from their blocks into the panel, 64 columns at a time (cols is a
// multiple of 32, of 256 for the K types), then the scales.
template <DType T>
TRAMONTANE_GEMM void pack_panel(const uint8_t* w, uint64_t stride, int64_t r0, int64_t nr, int64_t cols, int64_t n_sub,
                                Panel& p) {
  p.q.resize(size_t(cols) * kPanelRows);
  p.pa.assign(size_t(n_sub) * kPanelRows, 0.0f);
  p.pm.assign(size_t(n_sub) * kPanelRows, 0.0f);
  for (int64_t c0 = 0; c0 < cols; c0 += 64) {
    const bool full = cols - c0 >= 64;
    if constexpr (T == DType::Q4_0 || T == DType::Q4_1 || T == DType::Q4_K || T == DType::Q5_K) {
      if (full) {
        pack64_nibbles<T>(w, stride, r0, nr, c0, p.q.data() + c0 * kPanelRows);
        continue;
      }
    }
    __m512i r[16];
    for (int i = 0; i < 16; ++i)
      r[i] = i < nr ? slice64<T>(w + uint64_t(r0 + i) * stride, c0, full) : _mm512_setzero_si512();
    transpose16(r);
    uint8_t* dst = p.q.data() + c0 * kPanelRows;
    for (int g = 0; g < (full ? 16 : 8); ++g) _mm512_storeu_si512(dst + g * 64, r[g]);
  }
  for (int64_t i = 0; i < nr; ++i) row_scales<T>(w + uint64_t(r0 + i) * stride, cols, p.pa.data() + i, p.pm.data() + i);
}

using PackFn = void (*)(const uint8_t*, uint64_t, int64_t, int64_t, int64_t, int64_t, Panel&);

PackFn pack_for(DType t) {
  switch (t) {
    case DType::Q8_0: return pack_panel<DType::Q8_0>;
    case DType::Q4_0: return pack_panel<DType::Q4_0>;
    case DType::Q4_1: return pack_panel<DType::Q4_1>;
    case DType::Q4_K: return pack_panel<DType::Q4_K>;
    case DType::Q5_K: return pack_panel<DType::Q5_K>;
    default: return pack_panel<DType::Q6_K>;
  }
}

// ---- activations -> int8 rows + per sub-block meta ----------------------------------------

void convert_activations(DType t, const Scheme& sc, const uint8_t* xq, size_t xs, int64_t n_tokens, int64_t cols,
                         int8_t* aq, ActMeta* meta) {
  const int64_t n_sub = cols / sc.L;
  const bool q8a = t == DType::Q8_0 || t == DType::Q4_0 || t == DType::Q4_1;
  parallel_for(n_tokens, std::max<int64_t>(1, 4096 / std::max<int64_t>(cols / 64, 1)), [&](int64_t b, int64_t e) {
    for (int64_t tok = b; tok < e; ++tok) {
      int8_t* q = aq + tok * cols;
      ActMeta* mt = meta + tok * n_sub;
      const uint8_t* row = xq + size_t(tok) * xs;
      if (q8a) {
        const auto* X = reinterpret_cast<const BlockQ8A*>(row);
        for (int64_t s = 0; s < n_sub; ++s) {
          std::memcpy(q + 32 * s, X[s].qs, 32);
          int32_t sum = 0;
          for (int i = 0; i < 32; ++i) sum += X[s].qs[i];
          mt[s] = {X[s].d, sc.offset * sum, X[s].d * float(sum)};
        }
      } else {
        const auto* X = reinterpret_cast<const BlockQ8K*>(row);
        const int per = QK_K / sc.L;        // sub-blocks per super-block
        const int groups = sc.L / 16;       // bsums per sub-block
        for (int64_t blk = 0; blk < cols / QK_K; ++blk) {
          std::memcpy(q + QK_K * blk, X[blk].qs, QK_K);
          for (int j = 0; j < per; ++j) {
            int32_t sum = 0;
            for (int g = 0; g < groups; ++g) sum += X[blk].bsums[groups * j + g];
            mt[blk * per + j] = {X[blk].d, sc.offset * sum, X[blk].d * float(sum)};
          }
        }
      }
    }
  });
}

// y[t0 + j, r0 + i] for j < NT tokens (NT = 8 but in the last tile), i < 16 rows (mask). Each
// token's lane does the same operations whatever NT, so a token's result does not depend on the
// tokens sharing its tile.
template <int L, bool kOffset, bool kMin, int NT>
TRAMONTANE_GEMM void tile(const Panel& p, int64_t n_sub, const int8_t* aq, const ActMeta* meta, int64_t cols,
                          int64_t t0, float* y, int64_t rows, int64_t r0, __mmask16 rmask) {
  static_assert(NT >= 1 && NT <= kTileTokens);
  __m512 acc[NT];
  for (int j = 0; j < NT; ++j) acc[j] = _mm512_setzero_ps();
  const int8_t* x0 = aq + t0 * cols;
  const ActMeta* m0 = meta + t0 * n_sub;
  const uint8_t* pq = p.q.data();
  for (int64_t s = 0; s < n_sub; ++s) {
    __m512i ia[NT];
    for (int j = 0; j < NT; ++j) ia[j] = _mm512_setzero_si512();
    const uint8_t* ws = pq + s * L * kPanelRows;
    const int8_t* xs = x0 + s * L;
    for (int c = 0; c < L / 4; ++c) {
      const __m512i wv = _mm512_loadu_si512(ws + c * 4 * kPanelRows);
      for (int j = 0; j < NT; ++j) {
        int32_t xv;
        std::memcpy(&xv, xs + j * cols + 4 * c, 4);
        ia[j] = _mm512_dpbusd_epi32(ia[j], wv, _mm512_set1_epi32(xv));
      }
    }
    const __m512 a = _mm512_loadu_ps(p.pa.data() + s * kPanelRows);
    __m512 m = _mm512_setzero_ps();
    if constexpr (kMin) m = _mm512_loadu_ps(p.pm.data() + s * kPanelRows);
    for (int j = 0; j < NT; ++j) {
      const ActMeta& M = m0[j * n_sub + s];
      __m512i i = ia[j];
      if constexpr (kOffset) i = _mm512_sub_epi32(i, _mm512_set1_epi32(M.osx));
      acc[j] = _mm512_fmadd_ps(a, _mm512_mul_ps(_mm512_cvtepi32_ps(i), _mm512_set1_ps(M.dx)), acc[j]);
      if constexpr (kMin) acc[j] = _mm512_fnmadd_ps(m, _mm512_set1_ps(M.dsx), acc[j]);
    }
  }
  for (int j = 0; j < NT; ++j)
    _mm512_mask_storeu_ps(y + (t0 + j) * rows + r0, rmask, acc[j]);
}

using TileFn = void (*)(const Panel&, int64_t, const int8_t*, const ActMeta*, int64_t, int64_t, float*, int64_t,
                        int64_t, __mmask16);

template <int L, bool kOffset, bool kMin>
TileFn tile_n(int nt) {
  switch (nt) {
    case 1: return tile<L, kOffset, kMin, 1>;
    case 2: return tile<L, kOffset, kMin, 2>;
    case 3: return tile<L, kOffset, kMin, 3>;
    case 4: return tile<L, kOffset, kMin, 4>;
    case 5: return tile<L, kOffset, kMin, 5>;
    case 6: return tile<L, kOffset, kMin, 6>;
    case 7: return tile<L, kOffset, kMin, 7>;
    default: return tile<L, kOffset, kMin, 8>;
  }
}

// The tile for a scheme and nt tokens (1..8).
TileFn tile_for(const Scheme& s, int nt) {
  if (s.L == 16) return s.has_min ? tile_n<16, true, true>(nt) : tile_n<16, true, false>(nt);
  if (s.offset != 0) return s.has_min ? tile_n<32, true, true>(nt) : tile_n<32, true, false>(nt);
  return s.has_min ? tile_n<32, false, true>(nt) : tile_n<32, false, false>(nt);
}

#endif  // __x86_64__

struct ActBuffers {
  std::vector<int8_t> aq;
  std::vector<ActMeta> meta;
};

}  // namespace

int64_t gemm_min_tokens(DType t) {
  const int64_t n = g_min_tokens.load();
  return n > 0 ? n : t == DType::Q6_K ? kDefaultMinTokensQ6K : kDefaultMinTokens;
}

bool gemm_supported(DType t) {
  Scheme s;
  return vnni_usable() && scheme_for(t, &s);
}

void set_gemm_min_tokens(int64_t n) { g_min_tokens.store(n > 0 ? n : 0); }

int64_t gemm_min_tokens() { return g_min_tokens.load(); }

void set_gemm_for_prompts(bool on) { g_for_prompts.store(on); }

bool gemm_for_prompts() { return g_for_prompts.load(); }

void gemm_quantized(const TensorView& w, uint64_t row_stride, const uint8_t* xq, size_t xs, int64_t n_tokens,
                    float* y) {
#if defined(__x86_64__)
  Scheme sc;
  if (!scheme_for(w.dtype, &sc) || n_tokens <= 0) return;
  const int64_t rows = w.rows(), cols = w.cols();
  const int64_t n_sub = cols / sc.L;
  thread_local ActBuffers act;
  if (act.aq.size() < size_t(n_tokens * cols)) act.aq.resize(size_t(n_tokens * cols));
  if (act.meta.size() < size_t(n_tokens * n_sub)) act.meta.resize(size_t(n_tokens * n_sub));
  convert_activations(w.dtype, sc, xq, xs, n_tokens, cols, act.aq.data(), act.meta.data());
  const int8_t* aq = act.aq.data();
  const ActMeta* meta = act.meta.data();
  const TileFn full = tile_for(sc, kTileTokens);
  const int64_t n_full = n_tokens / kTileTokens * kTileTokens;
  const TileFn last = tile_for(sc, int(n_tokens - n_full));  // used only when n_full < n_tokens
  const PackFn pack = pack_for(w.dtype);
  const int64_t panels = (rows + kPanelRows - 1) / kPanelRows;
  parallel_for(panels, 1, [&](int64_t pb, int64_t pe) {
    thread_local Panel panel;
    for (int64_t pi = pb; pi < pe; ++pi) {
      const int64_t r0 = pi * kPanelRows;
      const int64_t nr = std::min<int64_t>(kPanelRows, rows - r0);
      pack(w.data, row_stride, r0, nr, cols, n_sub, panel);
      const __mmask16 rmask = __mmask16((1u << nr) - 1u);
      for (int64_t t0 = 0; t0 < n_full; t0 += kTileTokens) full(panel, n_sub, aq, meta, cols, t0, y, rows, r0, rmask);
      if (n_full < n_tokens) last(panel, n_sub, aq, meta, cols, n_full, y, rows, r0, rmask);
    }
  });
#else
  (void)w, (void)row_stride, (void)xq, (void)xs, (void)n_tokens, (void)y;
#endif
}

}  // namespace tramontane::cpu
