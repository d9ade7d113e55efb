#include "engine/backend/cpu/ops.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/backend/cpu/matmul.h"
#include "engine/backend/cpu/parallel.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tramontane::cpu {

void rmsnorm(const float* x, const float* w, int64_t n_tokens, int64_t n, float eps, float* y) {
  for (int64_t t = 0; t < n_tokens; ++t) {
    const float* xr = x + t * n;
    float* yr = y + t * n;
    float ss = 0.0f;
    for (int64_t i = 0; i < n; ++i) ss += xr[i] * xr[i];
    const float inv = 1.0f / std::sqrt(ss / float(n) + eps);
    for (int64_t i = 0; i < n; ++i) yr[i] = (xr[i] * inv) * w[i];
  }
}

std::vector<float> rope_inv_freq(float theta, int64_t head_dim) {
  // 1 / theta^(2i / head_dim), in float32 like transformers' rotary embedding.
  std::vector<float> inv_freq(static_cast<size_t>(head_dim / 2));
  for (int64_t i = 0; i < head_dim / 2; ++i)
    inv_freq[size_t(i)] = 1.0f / std::pow(theta, float(2 * i) / float(head_dim));
  return inv_freq;
}

void rope(float* x, const int64_t* pos, int64_t n_tokens, int64_t n_head, int64_t head_dim, float theta,
          bool interleaved) {
  const int64_t half = head_dim / 2;
  const std::vector<float> inv_freq = rope_inv_freq(theta, head_dim);
  std::vector<float> cos_t(static_cast<size_t>(half)), sin_t(static_cast<size_t>(half));
  for (int64_t t = 0; t < n_tokens; ++t) {
    for (int64_t i = 0; i < half; ++i) {
      const float angle = float(pos[t]) * inv_freq[size_t(i)];
      cos_t[size_t(i)] = float(std::cos(double(angle)));
      sin_t[size_t(i)] = float(std::sin(double(angle)));
    }
    for (int64_t h = 0; h < n_head; ++h) {
      float* xh = x + (t * n_head + h) * head_dim;
      for (int64_t i = 0; i < half; ++i) {
        // HF: (x[i], x[i + half]); interleaved: (x[2i], x[2i + 1]).
        float* a = interleaved ? xh + 2 * i : xh + i;
        float* b = interleaved ? xh + 2 * i + 1 : xh + i + half;
        const float c = cos_t[size_t(i)], s = sin_t[size_t(i)];
        const float a0 = *a, b0 = *b;
        *a = a0 * c - b0 * s;
        *b = b0 * c + a0 * s;
      }
    }
  }
}

void swiglu(float* gate, const float* up, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float g = gate[i];
    gate[i] = g / (1.0f + std::exp(-g)) * up[i];
  }
}

void add_inplace(float* y, const float* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += x[i];
}

namespace {

// ---- vector helpers for attention (AVX2 + FMA, chosen at run time with the matmul kernels) ----

#if defined(__x86_64__)
#define TRAMONTANE_OPS_AVX2 __attribute__((target("avx2,fma")))

TRAMONTANE_OPS_AVX2 inline float hsum8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// sum_d a[d] * b[d]
TRAMONTANE_OPS_AVX2 float dot_avx2(const float* a, const float* b, int64_t n) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  int64_t d = 0;
  for (; d + 16 <= n; d += 16) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + d), _mm256_loadu_ps(b + d), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + d + 8), _mm256_loadu_ps(b + d + 8), s1);
  }
  for (; d + 8 <= n; d += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + d), _mm256_loadu_ps(b + d), s0);
  float s = hsum8(_mm256_add_ps(s0, s1));
  for (; d < n; ++d) s += a[d] * b[d];
  return s;
}

// y[d] += p * x[d]
TRAMONTANE_OPS_AVX2 inline void axpy_avx2(float p, const float* x, float* y, int64_t n) {
  const __m256 pv = _mm256_set1_ps(p);
  int64_t d = 0;
  for (; d + 8 <= n; d += 8) _mm256_storeu_ps(y + d, _mm256_fmadd_ps(pv, _mm256_loadu_ps(x + d), _mm256_loadu_ps(y + d)));
  for (; d < n; ++d) y[d] += p * x[d];
}

// ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)): the order in which qk_rows_avx2 reduces each
// of its eight rows, so that one row alone gets the same sum.
TRAMONTANE_OPS_AVX2 inline float hsum8_tree(__m256 a) {
  __m128 lo = _mm256_castps256_ps128(a), hi = _mm256_extractf128_ps(a, 1);
  lo = _mm_hadd_ps(lo, lo);
  hi = _mm_hadd_ps(hi, hi);
  return _mm_cvtss_f32(_mm_add_ss(_mm_hadd_ps(lo, lo), _mm_hadd_ps(hi, hi)));
}

// out[j] = q . k_j for the n rows k_j = k + j * stride of hd floats. Eight rows at a time, their
// eight sums reduced together (two rounds of hadd and one lane exchange). A row's score does not
// depend on the rows around it: with hd a multiple of 8 each row has one accumulator summed over d
// in order and reduced in the order of hsum8_tree, in a group of eight or alone.
TRAMONTANE_OPS_AVX2 void qk_rows_avx2(const float* q, const float* k, int64_t stride, int64_t n, int64_t hd,
                                      float* out) {
  int64_t j = 0;
  if (hd % 8 == 0) {
    for (; j + 8 <= n; j += 8) {
      __m256 acc[8];
      for (int i = 0; i < 8; ++i) acc[i] = _mm256_setzero_ps();
      const float* kj = k + j * stride;
      for (int64_t d = 0; d < hd; d += 8) {
        const __m256 qv = _mm256_loadu_ps(q + d);
        for (int i = 0; i < 8; ++i) acc[i] = _mm256_fmadd_ps(qv, _mm256_loadu_ps(kj + i * stride + d), acc[i]);
      }
      const __m256 s01 = _mm256_hadd_ps(acc[0], acc[1]), s23 = _mm256_hadd_ps(acc[2], acc[3]);
      const __m256 s45 = _mm256_hadd_ps(acc[4], acc[5]), s67 = _mm256_hadd_ps(acc[6], acc[7]);
      const __m256 s0123 = _mm256_hadd_ps(s01, s23), s4567 = _mm256_hadd_ps(s45, s67);
      _mm256_storeu_ps(out + j, _mm256_add_ps(_mm256_permute2f128_ps(s0123, s4567, 0x20),
                                              _mm256_permute2f128_ps(s0123, s4567, 0x31)));
    }
    for (; j < n; ++j) {
      const float* kj = k + j * stride;
      __m256 acc = _mm256_setzero_ps();
      for (int64_t d = 0; d < hd; d += 8) acc = _mm256_fmadd_ps(_mm256_loadu_ps(q + d), _mm256_loadu_ps(kj + d), acc);
      out[j] = hsum8_tree(acc);
    }
  }
  for (; j < n; ++j) out[j] = dot_avx2(q, k + j * stride, hd);
}

// acc[0..hd) += sum over the rows j < n of p[j] * v_j (v_j = v + j * stride), 64 dimensions at a
// time in registers. Each dimension adds the rows one by one in order, so splitting the rows
// into consecutive calls gives the same sums.
TRAMONTANE_OPS_AVX2 void pv_rows_avx2(const float* p, const float* v, int64_t stride, int64_t n, int64_t hd,
                                      float* acc) {
  int64_t d0 = 0;
  for (; d0 + 64 <= hd; d0 += 64) {
    __m256 a[8];
    for (int i = 0; i < 8; ++i) a[i] = _mm256_loadu_ps(acc + d0 + 8 * i);
    for (int64_t j = 0; j < n; ++j) {
      const __m256 pj = _mm256_set1_ps(p[j]);
      const float* vj = v + j * stride + d0;
      for (int i = 0; i < 8; ++i) a[i] = _mm256_fmadd_ps(pj, _mm256_loadu_ps(vj + 8 * i), a[i]);
    }
    for (int i = 0; i < 8; ++i) _mm256_storeu_ps(acc + d0 + 8 * i, a[i]);
  }
  if (d0 < hd)
    for (int64_t j = 0; j < n; ++j) axpy_avx2(p[j], v + j * stride + d0, acc + d0, hd - d0);
}

// exp(x) for x <= 0 (8 lanes): x = k ln2 + r, |r| <= ln2 / 2, exp(r) by its degree-7 Taylor
// polynomial (relative error below 2e-7 there), times 2^k built in the exponent bits. Below
// -87.3 (where exp(x) < FLT_MIN), and for -inf, the result is 0.
TRAMONTANE_OPS_AVX2 inline __m256 exp_nonpos(__m256 x) {
  const __m256 lo = _mm256_set1_ps(-87.3f);
  const __m256 under = _mm256_cmp_ps(x, lo, _CMP_LT_OQ);
  x = _mm256_max_ps(x, lo);
  const __m256 k = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(k, _mm256_set1_ps(0.693359375f), x);  // ln2 = 0.693359375 - 2.12194440e-4
  r = _mm256_fnmadd_ps(k, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.0f / 5040.0f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
  return _mm256_andnot_ps(under, _mm256_mul_ps(p, _mm256_castsi256_ps(e)));
}

// s[j] = exp(s[j] - max) (masked keys hold -inf and get 0); returns the sum.
TRAMONTANE_OPS_AVX2 float softmax_numerators_avx2(float* s, int64_t n, float max) {
  const __m256 m = _mm256_set1_ps(max);
  __m256 acc = _mm256_setzero_ps();
  int64_t j = 0;
  for (; j + 8 <= n; j += 8) {
    const __m256 p = exp_nonpos(_mm256_sub_ps(_mm256_loadu_ps(s + j), m));
    _mm256_storeu_ps(s + j, p);
    acc = _mm256_add_ps(acc, p);
  }
  float sum = hsum8(acc);
  for (; j < n; ++j) {
    s[j] = s[j] == -INFINITY ? 0.0f : std::exp(s[j] - max);
    sum += s[j];
  }
  return sum;
}
#endif

float dot_scalar(const float* a, const float* b, int64_t n) {
  float s = 0.0f;
  for (int64_t d = 0; d < n; ++d) s += a[d] * b[d];
  return s;
}

void qk_rows_scalar(const float* q, const float* k, int64_t stride, int64_t n, int64_t hd, float* out) {
  for (int64_t j = 0; j < n; ++j) out[j] = dot_scalar(q, k + j * stride, hd);
}

void pv_rows_scalar(const float* p, const float* v, int64_t stride, int64_t n, int64_t hd, float* acc) {
  for (int64_t j = 0; j < n; ++j) {
    const float* vj = v + j * stride;
    for (int64_t d = 0; d < hd; ++d) acc[d] += p[j] * vj[d];
  }
}

float softmax_numerators_scalar(float* s, int64_t n, float max) {
  float sum = 0.0f;
  for (int64_t j = 0; j < n; ++j) {
    s[j] = s[j] == -INFINITY ? 0.0f : std::exp(s[j] - max);
    sum += s[j];
  }
  return sum;
}

struct AttentionKernels {
  void (*qk)(const float*, const float*, int64_t, int64_t, int64_t, float*) = qk_rows_scalar;
  void (*pv)(const float*, const float*, int64_t, int64_t, int64_t, float*) = pv_rows_scalar;
  float (*softmax)(float*, int64_t, float) = softmax_numerators_scalar;
};

AttentionKernels attention_kernels() {
  AttentionKernels k;
#if defined(__x86_64__)
  if (simd_active()) k = {qk_rows_avx2, pv_rows_avx2, softmax_numerators_avx2};
#endif
  return k;
}

// Keys in position order: maximal runs of rows with consecutive positions (a block in position
// order is one run, a ring that wrapped two), sorted by their first position.
struct KeyRun {
  const float* k;   // first row's key / value
  const float* v;
  int64_t pos0;     // position of the first row
  int64_t n;        // rows
  int64_t j0;       // index of the first row among all blocks' rows (the probes' layout)
};

std::vector<KeyRun> key_runs(const KvBlock* blocks, int n_blocks, int64_t row_floats) {
  std::vector<KeyRun> runs;
  int64_t j0 = 0;
  for (int b = 0; b < n_blocks; ++b) {
    const KvBlock& blk = blocks[b];
    for (int64_t r = 0; r < blk.n;) {
      if (blk.pos[r] < 0) {
        ++r;
        continue;
      }
      int64_t e = r + 1;
      while (e < blk.n && blk.pos[e] == blk.pos[e - 1] + 1) ++e;
      runs.push_back({blk.k + r * row_floats, blk.v + r * row_floats, blk.pos[r], e - r, j0 + r});
      r = e;
    }
    j0 += blk.n;
  }
  std::stable_sort(runs.begin(), runs.end(), [](const KeyRun& x, const KeyRun& y) { return x.pos0 < y.pos0; });
  return runs;
}

// kRecord == false is the plain op (what runs without probes: no recording code at all in the loops).
// One work item = one query and one KV head with the `group` query heads that share it, so each
// key and value row is read once for all of them.
//
// A query's visible keys are taken in position order, whatever blocks they come from and however
// the blocks are laid out (a ring's slots, the cache before a chunk, the chunk itself): the scores
// are computed key by key with a reduction that does not depend on the neighbours (qk_rows_avx2),
// the softmax sum runs over the visible keys in position order, and each value dimension adds
// the keys in that order. So a query gets the same bits whether its keys were cached by earlier
// chunks, earlier calls or come with it (tests/engine/test_batch_invariance.cpp).
template <bool kRecord>
void attention_impl(const float* q, const int64_t* q_pos, int64_t n_q, int64_t n_head, int64_t n_head_kv,
                    int64_t head_dim, const KvBlock* blocks, int n_blocks, int64_t window, float* out,
                    const AttentionWeights* weights) {
  const int64_t group = n_head / n_head_kv;  // query heads per KV head
  const int64_t row_floats = n_head_kv * head_dim;
  const float scale = 1.0f / std::sqrt(float(head_dim));
  const AttentionKernels kern = attention_kernels();
  int64_t n_keys = 0;
  for (int b = 0; b < n_blocks; ++b) n_keys += blocks[b].n;
  const std::vector<KeyRun> runs = key_runs(blocks, n_blocks, row_floats);
  // Probe: which recorded row (0..n_sel-1) each query head goes to, -1 = not recorded.
  std::vector<int64_t> sel_of;
  if constexpr (kRecord) {
    sel_of.assign(size_t(n_head), -1);
    for (int64_t i = 0; i < weights->n_sel; ++i)
      if (weights->heads[i] >= 0 && weights->heads[i] < n_head) sel_of[size_t(weights->heads[i])] = i;
  }

  parallel_for(n_q * n_head_kv, 1, [&](int64_t begin, int64_t end) {
    const size_t nk = size_t(std::max<int64_t>(n_keys, 1));
    std::vector<float> scores(size_t(group) * nk);  // [group, visible keys in position order]
    std::vector<float> acc(static_cast<size_t>(group * head_dim));
    std::vector<KeyRun> seen;  // the visible part of each run, in position order (.j0: its first row's index)
    seen.reserve(runs.size());
    for (int64_t item = begin; item < end; ++item) {
      const int64_t t = item / n_head_kv, hkv = item % n_head_kv, h0 = hkv * group;
      const float* q0 = q + (t * n_head + h0) * head_dim;
      const int64_t qp = q_pos[t];
      const int64_t lo = window > 0 ? qp - window + 1 : 0;  // visible: lo <= p <= qp
      seen.clear();
      int64_t nv = 0;
      for (const KeyRun& run : runs) {
        const int64_t a = std::max(run.pos0, lo), e = std::min(run.pos0 + run.n - 1, qp);
        if (a > e) continue;
        const int64_t off = a - run.pos0;
        seen.push_back({run.k + off * row_floats + hkv * head_dim, run.v + off * row_floats + hkv * head_dim, a,
                        e - a + 1, run.j0 + off});
        nv += e - a + 1;
      }
      float* o0 = out + (t * n_head + h0) * head_dim;
      if (nv == 0) {  // no visible key
        std::fill(o0, o0 + group * head_dim, 0.0f);
        if constexpr (kRecord) {
          for (int64_t g = 0; g < group; ++g)
            if (sel_of[size_t(h0 + g)] >= 0 && t >= weights->q_first) {
              float* wrow = weights->w + ((t - weights->q_first) * weights->n_sel + sel_of[size_t(h0 + g)]) * n_keys;
              std::fill(wrow, wrow + n_keys, 0.0f);
            }
        }
        continue;
      }
      // Pass 1: every visible key's dot product with each query head of the group.
      for (int64_t g = 0; g < group; ++g) {
        float* sg = scores.data() + size_t(g) * nk;
        int64_t i = 0;
        for (const KeyRun& sr : seen) {
          kern.qk(q0 + g * head_dim, sr.k, row_floats, sr.n, head_dim, sg + i);
          i += sr.n;
        }
      }
      // Pass 2, per query head: the scaled scores and their maximum, the softmax numerators (in
      // place of the scores) and their sum, the weighted sum of values, the output.
      std::fill(acc.begin(), acc.end(), 0.0f);
      for (int64_t g = 0; g < group; ++g) {
        float* sg = scores.data() + size_t(g) * nk;
        float mx = -INFINITY;
        for (int64_t i = 0; i < nv; ++i) mx = std::max(mx, sg[i] *= scale);
        const float inv = 1.0f / kern.softmax(sg, nv, mx);
        float* ag = acc.data() + g * head_dim;
        int64_t i = 0;
        for (const KeyRun& sr : seen) {
          kern.pv(sg + i, sr.v, row_floats, sr.n, head_dim, ag);
          i += sr.n;
        }
        float* oh = o0 + g * head_dim;
        for (int64_t d = 0; d < head_dim; ++d) oh[d] = ag[d] * inv;
        if constexpr (kRecord) {
          if (sel_of[size_t(h0 + g)] >= 0 && t >= weights->q_first) {
            float* wrow = weights->w + ((t - weights->q_first) * weights->n_sel + sel_of[size_t(h0 + g)]) * n_keys;
            std::fill(wrow, wrow + n_keys, 0.0f);
            i = 0;
            for (const KeyRun& sr : seen)
              for (int64_t r = 0; r < sr.n; ++r) wrow[sr.j0 + r] = sg[i++] * inv;
          }
        }
      }
    }
  });
}

}  // namespace

void attention(const float* q, const int64_t* q_pos, int64_t n_q, int64_t n_head, int64_t n_head_kv,
               int64_t head_dim, const KvBlock* blocks, int n_blocks, int64_t window, float* out,
               const AttentionWeights* weights) {
  if (weights)
    attention_impl<true>(q, q_pos, n_q, n_head, n_head_kv, head_dim, blocks, n_blocks, window, out, weights);
  else
    attention_impl<false>(q, q_pos, n_q, n_head, n_head_kv, head_dim, blocks, n_blocks, window, out, nullptr);
}

}  // namespace tramontane::cpu
