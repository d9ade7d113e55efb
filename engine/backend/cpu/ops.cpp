#include "engine/backend/cpu/ops.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/backend/cpu/parallel.h"

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

// kRecord == false is the plain op (what runs without probes: no recording code at all in the loops).
template <bool kRecord>
void attention_impl(const float* q, const int64_t* q_pos, int64_t n_q, int64_t n_head, int64_t n_head_kv,
                    int64_t head_dim, const KvBlock* blocks, int n_blocks, int64_t window, float* out,
                    const AttentionWeights* weights) {
  const int64_t group = n_head / n_head_kv;  // query heads per KV head
  const float scale = 1.0f / std::sqrt(float(head_dim));
  int64_t n_keys = 0;
  for (int b = 0; b < n_blocks; ++b) n_keys += blocks[b].n;
  // Probe: which recorded row (0..n_sel-1) each query head goes to, -1 = not recorded.
  std::vector<int64_t> sel_of;
  if constexpr (kRecord) {
    sel_of.assign(size_t(n_head), -1);
    for (int64_t i = 0; i < weights->n_sel; ++i)
      if (weights->heads[i] >= 0 && weights->heads[i] < n_head) sel_of[size_t(weights->heads[i])] = i;
  }

  parallel_for(n_q * n_head, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> scores(static_cast<size_t>(std::max<int64_t>(n_keys, 1)));
    std::vector<float> acc(static_cast<size_t>(head_dim));
    for (int64_t item = begin; item < end; ++item) {
      const int64_t t = item / n_head, h = item % n_head, hkv = h / group;
      const float* qh = q + (t * n_head + h) * head_dim;
      const int64_t qp = q_pos[t];
      // Pass 1: scores of the visible keys (a masked key scores -inf), and their maximum.
      float max_score = -INFINITY;
      int64_t j = 0;
      for (int b = 0; b < n_blocks; ++b) {
        const KvBlock& blk = blocks[b];
        for (int64_t r = 0; r < blk.n; ++r, ++j) {
          const int64_t kp = blk.pos[r];
          if (kp < 0 || kp > qp || (window > 0 && kp <= qp - window)) {
            scores[size_t(j)] = -INFINITY;
            continue;
          }
          const float* kh = blk.k + (r * n_head_kv + hkv) * head_dim;
          float dot = 0.0f;
          for (int64_t d = 0; d < head_dim; ++d) dot += qh[d] * kh[d];
          scores[size_t(j)] = dot * scale;
          max_score = std::max(max_score, scores[size_t(j)]);
        }
      }
      float* oh = out + (t * n_head + h) * head_dim;
      float* wrow = nullptr;  // this (query, head)'s recorded weights, when probed
      if (kRecord && sel_of[size_t(h)] >= 0 && t >= weights->q_first) {
        wrow = weights->w + ((t - weights->q_first) * weights->n_sel + sel_of[size_t(h)]) * n_keys;
        std::fill(wrow, wrow + n_keys, 0.0f);
      }
      if (max_score == -INFINITY) {  // no visible key
        std::fill(oh, oh + head_dim, 0.0f);
        continue;
      }
      // Pass 2: softmax weights and the weighted sum of values.
      std::fill(acc.begin(), acc.end(), 0.0f);
      float sum = 0.0f;
      j = 0;
      for (int b = 0; b < n_blocks; ++b) {
        const KvBlock& blk = blocks[b];
        for (int64_t r = 0; r < blk.n; ++r, ++j) {
          if (scores[size_t(j)] == -INFINITY) continue;
          const float p = std::exp(scores[size_t(j)] - max_score);
          sum += p;
          if (kRecord && wrow) wrow[j] = p;
          const float* vh = blk.v + (r * n_head_kv + hkv) * head_dim;
          for (int64_t d = 0; d < head_dim; ++d) acc[size_t(d)] += p * vh[d];
        }
      }
      const float inv = 1.0f / sum;
      for (int64_t d = 0; d < head_dim; ++d) oh[d] = acc[size_t(d)] * inv;
      if (kRecord && wrow)
        for (int64_t i = 0; i < n_keys; ++i) wrow[i] *= inv;
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
