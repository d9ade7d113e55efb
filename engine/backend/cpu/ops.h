#pragma once
// The transformer's element-wise and attention operations on the CPU, float32 throughout.
// These are the CPU twins of the CUDA kernels (kernels/norm.cu, rope.cu, elementwise.cu, attention.cu):
// plain pointers and sizes, row-major shapes as documented, no engine types.
#include <cstdint>
#include <vector>

namespace tramontane::cpu {

// y[t, i] = x[t, i] / sqrt(mean_i(x[t, :]^2) + eps) * w[i]
// x, y: [n_tokens, n] (y may be x); w: [n]
void rmsnorm(const float* x, const float* w, int64_t n_tokens, int64_t n, float eps, float* y);

// Rotary position embedding, in place. x: [n_tokens, n_head, head_dim]; pos: [n_tokens].
// Frequency i (0 <= i < head_dim/2) is theta^(-2i/head_dim); the angle pos * freq is
// computed in float32 as transformers does (its rotary embedding runs in float32 even for
// float64 models), then rotated in float32.
// interleaved == false (Hugging Face, rotate_half): pairs (x[i], x[i + head_dim/2]).
// interleaved == true (GGUF from llama.cpp's converter): pairs (x[2i], x[2i + 1]).
// The frequencies rope() uses: inv_freq[i] = 1 / theta^(2i / head_dim) in float32, i < head_dim / 2
// (the CUDA kernel is given this same table so both rotate by identical angles).
std::vector<float> rope_inv_freq(float theta, int64_t head_dim);

void rope(float* x, const int64_t* pos, int64_t n_tokens, int64_t n_head, int64_t head_dim, float theta,
          bool interleaved);

// gate[i] = silu(gate[i]) * up[i] = gate[i] / (1 + exp(-gate[i])) * up[i];   gate, up: [n]
void swiglu(float* gate, const float* up, int64_t n);

// y[i] += x[i]; x, y: [n]
void add_inplace(float* y, const float* x, int64_t n);

// A run of cached or new keys/values that queries may attend to.
struct KvBlock {
  const float* k = nullptr;    // [n, n_head_kv, head_dim] (keys after RoPE)
  const float* v = nullptr;    // [n, n_head_kv, head_dim]
  const int64_t* pos = nullptr;  // [n] position of each row; a negative position is an empty slot
  int64_t n = 0;
};

// Causal (optionally sliding-window) grouped-query attention, float32 accumulation:
//   out[t, h, :] = sum_j softmax_j(q[t, h, :] . k_j[h / (n_head / n_head_kv), :] / sqrt(head_dim)) v_j[...]
// over every key j of every block whose position p satisfies 0 <= p <= q_pos[t] and, when
// window > 0, p > q_pos[t] - window (W keys, the query's own included). Keys may come in any
// order (a ring's slots are not in position order); they are summed in position order, so the
// result does not depend on how the keys are split into blocks (the cache before a chunk and
// the chunk, or a prompt's chunks): the same bits for a query however its prompt was run.
// q: [n_q, n_head, head_dim]; q_pos: [n_q]; out: [n_q, n_head, head_dim].
// A query that sees no key gets zeros. Parallel over (query, KV head) with cpu::parallel_for: the
// query heads sharing a KV head read each key and value row once. With the SIMD kernels on
// (cpu::simd_active()) the dot products, exponentials and value sums use AVX2/FMA (exp by a
// polynomial, relative error < 2e-7); otherwise plain loops and std::exp.
// weights (optional, for probes: engine/runtime/probes.h): the softmax weights of the chosen query
// heads are written too; null runs the plain op (no recording code in its loops).
struct AttentionWeights {
  const int64_t* heads = nullptr;  // [n_sel] query heads to record
  int64_t n_sel = 0;
  float* w = nullptr;              // [n_q - q_first, n_sel, n_keys]: n_keys = the blocks' rows in order; 0 where masked
  int64_t q_first = 0;             // queries before this one are not recorded
};
void attention(const float* q, const int64_t* q_pos, int64_t n_q, int64_t n_head, int64_t n_head_kv,
               int64_t head_dim, const KvBlock* blocks, int n_blocks, int64_t window, float* out,
               const AttentionWeights* weights = nullptr);

}  // namespace tramontane::cpu
