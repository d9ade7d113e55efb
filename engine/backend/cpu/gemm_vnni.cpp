// Quantized GEMM for prefill on AVX-512 VNNI (see gemm.h for the scheme).
//
// Per call: the quantized activation rows are rewritten as one int8 row per token (padded to a
// multiple of kTileTokens tokens with zeros) plus, per token and sub-block, d_x, o * sum(x_q) and
// d_x * sum(x_q). Then each thread takes panels of kPanelRows weight rows: unpacks them into its
// panel buffer (u, a, m as gemm.h says) and runs the 16 x 8 register tile over every token tile.
#include "engine/backend/cpu/gemm.h"

#include <algorithm>
#include <atomic>
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
constexpr int64_t kDefaultMinTokens = 16;

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

// ---- weight rows -> u (unsigned 8-bit), a, m per sub-block -----------------------------------

void unpack_row(DType t, const uint8_t* row, int64_t cols, uint8_t* u, float* a, float* m) {
  switch (t) {
    case DType::Q8_0:
      for (int64_t b = 0; b < cols / 32; ++b) {
        const auto& W = reinterpret_cast<const BlockQ8_0*>(row)[b];
        for (int i = 0; i < 32; ++i) u[32 * b + i] = uint8_t(W.qs[i]) ^ 0x80;  // q + 128
        a[b] = fp16_to_f32(W.d);
        m[b] = 0.0f;
      }
      return;
    case DType::Q4_0:
    case DType::Q4_1:
      for (int64_t b = 0; b < cols / 32; ++b) {
        const uint8_t* qs;
        if (t == DType::Q4_0) {
          const auto& W = reinterpret_cast<const BlockQ4_0*>(row)[b];
          qs = W.qs;
          a[b] = fp16_to_f32(W.d);
          m[b] = 0.0f;  // the -8 is the offset
        } else {
          const auto& W = reinterpret_cast<const BlockQ4_1*>(row)[b];
          qs = W.qs;
          a[b] = fp16_to_f32(W.d);
          m[b] = -fp16_to_f32(W.m);  // w = d q + min
        }
        for (int i = 0; i < 16; ++i) {
          u[32 * b + i] = qs[i] & 0x0F;
          u[32 * b + 16 + i] = qs[i] >> 4;
        }
      }
      return;
    case DType::Q4_K:
    case DType::Q5_K:
      for (int64_t b = 0; b < cols / QK_K; ++b) {
        const uint8_t *scales, *qs, *qh = nullptr;
        float d, dmin;
        if (t == DType::Q4_K) {
          const auto& W = reinterpret_cast<const BlockQ4_K*>(row)[b];
          scales = W.scales, qs = W.qs, d = fp16_to_f32(W.d), dmin = fp16_to_f32(W.dmin);
        } else {
          const auto& W = reinterpret_cast<const BlockQ5_K*>(row)[b];
          scales = W.scales, qs = W.qs, qh = W.qh, d = fp16_to_f32(W.d), dmin = fp16_to_f32(W.dmin);
        }
        uint8_t* ub = u + QK_K * b;
        for (int j = 0; j < QK_K / 32; ++j) {
          uint8_t sc, mn;
          get_scale_min_k4(j, scales, &sc, &mn);
          a[8 * b + j] = d * float(sc);
          m[8 * b + j] = dmin * float(mn);
          const uint8_t* q = qs + 32 * (j / 2);
          const int shift = 4 * (j % 2);
          for (int l = 0; l < 32; ++l) {
            int v = (q[l] >> shift) & 0x0F;
            if (qh) v |= ((qh[l] >> j) & 1) << 4;
            ub[32 * j + l] = uint8_t(v);
          }
        }
      }
      return;
    case DType::Q6_K:
      for (int64_t b = 0; b < cols / QK_K; ++b) {
        const auto& W = reinterpret_cast<const BlockQ6_K*>(row)[b];
        const float d = fp16_to_f32(W.d);
        for (int g = 0; g < QK_K / 16; ++g) {
          a[16 * b + g] = d * float(W.scales[g]);
          m[16 * b + g] = 0.0f;
        }
        uint8_t* ub = u + QK_K * b;
        for (int h = 0; h < 2; ++h) {
          const uint8_t* ql = W.ql + 64 * h;
          const uint8_t* qh = W.qh + 32 * h;
          for (int l = 0; l < 32; ++l) {
            ub[128 * h + l] = uint8_t((ql[l] & 0x0F) | ((qh[l] & 3) << 4));
            ub[128 * h + 32 + l] = uint8_t((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4));
            ub[128 * h + 64 + l] = uint8_t((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4));
            ub[128 * h + 96 + l] = uint8_t((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4));
          }
        }
      }
      return;
    default: return;
  }
}

// The panel of rows [r0, r0 + nr) (nr <= 16; missing rows are zeros):
//   q[s][c][r][4]: bytes 4c..4c+3 of sub-block s of row r;  pa[s][r], pm[s][r].
struct Panel {
  std::vector<uint8_t> q;
  std::vector<float> pa, pm;
  std::vector<uint8_t> u;        // one unpacked row
  std::vector<float> ra, rm;     // its a and m
};

void pack_panel(DType t, const Scheme& sc, const uint8_t* w, uint64_t stride, int64_t r0, int64_t nr, int64_t cols,
                Panel& p) {
  const int64_t n_sub = cols / sc.L;
  p.q.assign(size_t(cols) * kPanelRows, 0);
  p.pa.assign(size_t(n_sub) * kPanelRows, 0.0f);
  p.pm.assign(size_t(n_sub) * kPanelRows, 0.0f);
  p.u.resize(size_t(cols));
  p.ra.resize(size_t(n_sub));
  p.rm.resize(size_t(n_sub));
  const int64_t chunks = cols / 4;  // 4-byte groups of a row
  for (int64_t r = 0; r < nr; ++r) {
    unpack_row(t, w + uint64_t(r0 + r) * stride, cols, p.u.data(), p.ra.data(), p.rm.data());
    uint32_t* dst = reinterpret_cast<uint32_t*>(p.q.data()) + r;
    const uint8_t* src = p.u.data();
    for (int64_t c = 0; c < chunks; ++c) std::memcpy(dst + c * kPanelRows, src + 4 * c, 4);
    for (int64_t s = 0; s < n_sub; ++s) {
      p.pa[size_t(s * kPanelRows + r)] = p.ra[size_t(s)];
      p.pm[size_t(s * kPanelRows + r)] = p.rm[size_t(s)];
    }
  }
}

// ---- activations -> int8 rows + per sub-block meta ----------------------------------------

void convert_activations(DType t, const Scheme& sc, const uint8_t* xq, size_t xs, int64_t n_tokens, int64_t n_pad,
                         int64_t cols, int8_t* aq, ActMeta* meta) {
  const int64_t n_sub = cols / sc.L;
  const bool q8a = t == DType::Q8_0 || t == DType::Q4_0 || t == DType::Q4_1;
  parallel_for(n_pad, std::max<int64_t>(1, 4096 / std::max<int64_t>(cols / 64, 1)), [&](int64_t b, int64_t e) {
    for (int64_t tok = b; tok < e; ++tok) {
      int8_t* q = aq + tok * cols;
      ActMeta* mt = meta + tok * n_sub;
      if (tok >= n_tokens) {
        std::memset(q, 0, size_t(cols));
        std::memset(static_cast<void*>(mt), 0, sizeof(ActMeta) * size_t(n_sub));
        continue;
      }
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

#if defined(__x86_64__)

// y[t0 + j, r0 + i] for j < 8 tokens (those < n_tokens written), i < 16 rows (mask).
template <int L, bool kOffset, bool kMin>
TRAMONTANE_GEMM void tile(const Panel& p, int64_t n_sub, const int8_t* aq, const ActMeta* meta, int64_t cols,
                          int64_t t0, int64_t n_tokens, float* y, int64_t rows, int64_t r0, __mmask16 rmask) {
  __m512 acc[kTileTokens];
  for (int j = 0; j < kTileTokens; ++j) acc[j] = _mm512_setzero_ps();
  const int8_t* x0 = aq + t0 * cols;
  const ActMeta* m0 = meta + t0 * n_sub;
  const uint8_t* pq = p.q.data();
  for (int64_t s = 0; s < n_sub; ++s) {
    __m512i ia[kTileTokens];
    for (int j = 0; j < kTileTokens; ++j) ia[j] = _mm512_setzero_si512();
    const uint8_t* ws = pq + s * L * kPanelRows;
    const int8_t* xs = x0 + s * L;
    for (int c = 0; c < L / 4; ++c) {
      const __m512i wv = _mm512_loadu_si512(ws + c * 4 * kPanelRows);
      for (int j = 0; j < kTileTokens; ++j) {
        int32_t xv;
        std::memcpy(&xv, xs + j * cols + 4 * c, 4);
        ia[j] = _mm512_dpbusd_epi32(ia[j], wv, _mm512_set1_epi32(xv));
      }
    }
    const __m512 a = _mm512_loadu_ps(p.pa.data() + s * kPanelRows);
    __m512 m = _mm512_setzero_ps();
    if constexpr (kMin) m = _mm512_loadu_ps(p.pm.data() + s * kPanelRows);
    for (int j = 0; j < kTileTokens; ++j) {
      const ActMeta& M = m0[j * n_sub + s];
      __m512i i = ia[j];
      if constexpr (kOffset) i = _mm512_sub_epi32(i, _mm512_set1_epi32(M.osx));
      acc[j] = _mm512_fmadd_ps(a, _mm512_mul_ps(_mm512_cvtepi32_ps(i), _mm512_set1_ps(M.dx)), acc[j]);
      if constexpr (kMin) acc[j] = _mm512_fnmadd_ps(m, _mm512_set1_ps(M.dsx), acc[j]);
    }
  }
  for (int j = 0; j < kTileTokens && t0 + j < n_tokens; ++j)
    _mm512_mask_storeu_ps(y + (t0 + j) * rows + r0, rmask, acc[j]);
}

using TileFn = void (*)(const Panel&, int64_t, const int8_t*, const ActMeta*, int64_t, int64_t, int64_t, float*,
                        int64_t, int64_t, __mmask16);

TileFn tile_for(const Scheme& s) {
  if (s.L == 16) return s.has_min ? tile<16, true, true> : tile<16, true, false>;
  if (s.offset != 0) return s.has_min ? tile<32, true, true> : tile<32, true, false>;
  return s.has_min ? tile<32, false, true> : tile<32, false, false>;
}

#endif  // __x86_64__

struct ActBuffers {
  std::vector<int8_t> aq;
  std::vector<ActMeta> meta;
};

}  // namespace

bool gemm_supported(DType t) {
  Scheme s;
  return vnni_usable() && scheme_for(t, &s);
}

void set_gemm_min_tokens(int64_t n) { g_min_tokens.store(n > 0 ? n : 0); }

int64_t gemm_min_tokens() {
  const int64_t n = g_min_tokens.load();
  return n > 0 ? n : kDefaultMinTokens;
}

void gemm_quantized(const TensorView& w, uint64_t row_stride, const uint8_t* xq, size_t xs, int64_t n_tokens,
                    float* y) {
#if defined(__x86_64__)
  Scheme sc;
  if (!scheme_for(w.dtype, &sc) || n_tokens <= 0) return;
  const int64_t rows = w.rows(), cols = w.cols();
  const int64_t n_sub = cols / sc.L;
  const int64_t n_pad = (n_tokens + kTileTokens - 1) / kTileTokens * kTileTokens;
  thread_local ActBuffers act;
  if (act.aq.size() < size_t(n_pad * cols)) act.aq.resize(size_t(n_pad * cols));
  if (act.meta.size() < size_t(n_pad * n_sub)) act.meta.resize(size_t(n_pad * n_sub));
  convert_activations(w.dtype, sc, xq, xs, n_tokens, n_pad, cols, act.aq.data(), act.meta.data());
  const int8_t* aq = act.aq.data();
  const ActMeta* meta = act.meta.data();
  const TileFn fn = tile_for(sc);
  const int64_t panels = (rows + kPanelRows - 1) / kPanelRows;
  parallel_for(panels, 1, [&](int64_t pb, int64_t pe) {
    thread_local Panel panel;
    for (int64_t pi = pb; pi < pe; ++pi) {
      const int64_t r0 = pi * kPanelRows;
      const int64_t nr = std::min<int64_t>(kPanelRows, rows - r0);
      pack_panel(w.dtype, sc, w.data, row_stride, r0, nr, cols, panel);
      const __mmask16 rmask = __mmask16((1u << nr) - 1u);
      for (int64_t t0 = 0; t0 < n_pad; t0 += kTileTokens) fn(panel, n_sub, aq, meta, cols, t0, n_tokens, y, rows, r0, rmask);
    }
  });
#else
  (void)w, (void)row_stride, (void)xq, (void)xs, (void)n_tokens, (void)y;
#endif
}

}  // namespace tramontane::cpu
