#include "engine/model/model.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "engine/backend/cpu/matmul.h"
#include "engine/backend/cpu/ops.h"
#include "engine/core/quant.h"
#include "engine/lora/adapter.h"
#include "engine/runtime/probes.h"

namespace tramontane {

namespace {

constexpr int64_t kMaxChunk = 512;

std::vector<float> widen(const TensorView& t) {
  std::vector<float> out(static_cast<size_t>(t.numel()));
  dequantize_row(t.dtype, t.data, out.data(), t.numel());
  return out;
}

}  // namespace

// The rows one sequence contributes to one chunk step.
struct Model::Step {
  KvCache* cache;
  const int32_t* tokens;  // [n]
  int64_t n;
  int64_t out_first;      // first row (0..n) whose logits are wanted; n = none
  float* out;             // [n - out_first, n_vocab]
  const lora::AdapterSet* adapters;  // null unless the sequence has an active set
  Probes* probes;                    // null unless the sequence has a subscribed Probes object
  bool generated;                    // SeqInput::generated
};

Model::Model(const ModelWeights& w) : w_(w) { set_chunk_size(0); }

Expected<Model> Model::create(const ModelWeights& weights) {
  return try_call([&] {
    auto widen_norm = [](const TensorView& t) {
      if (t.dtype != DType::F32 && t.dtype != DType::F16 && t.dtype != DType::BF16)
        throw_bad_input("tensor '" + t.name + "': norm weights must be F32, F16 or BF16");
      return widen(t);
    };
    Model m(weights);
    for (const LayerWeights& l : weights.layers) {
      m.attn_norm_.push_back(widen_norm(*l.attn_norm));
      m.ffn_norm_.push_back(widen_norm(*l.ffn_norm));
    }
    m.out_norm_ = widen_norm(*weights.out_norm);
    return m;
  });
}

void Model::set_chunk_size(int64_t n) {
  const int64_t window = w_.config.window;
  chunk_ = n > 0 ? n : (window > 0 ? std::min(window, kMaxChunk) : kMaxChunk);
}

Status Model::forward(KvCache& cache, const int32_t* tokens, int64_t n_tokens, float* logits, Logits which,
                      const lora::AdapterSet* adapters, Probes* probes, bool generated) const {
  return forward_batch({SeqInput{&cache, tokens, n_tokens, logits, which, adapters, probes, generated}});
}

Status Model::forward_batch(const std::vector<SeqInput>& batch) const {
  const ModelConfig& c = w_.config;
  // Check everything before any cache changes.
  std::set<const KvCache*> seen;
  for (size_t s = 0; s < batch.size(); ++s) {
    const SeqInput& in = batch[s];
    const std::string who = batch.size() > 1 ? "sequence " + std::to_string(s) + ": " : "";
    if (!in.cache || in.n_tokens < 0 || (in.n_tokens > 0 && !in.tokens) ||
        (in.which != Logits::None && in.n_tokens > 0 && !in.logits))
      return Error{ErrorKind::Internal, who + "forward: missing cache, tokens or logits buffer"};
    const KvCache& kv = *in.cache;
    if (kv.n_layer() != c.n_layer || kv.n_head_kv() != c.n_head_kv || kv.head_dim() != c.head_dim ||
        kv.window() != c.window || kv.n_ctx_max() != c.n_ctx_max)
      return Error{ErrorKind::Internal, who + "forward: the KV cache was made for another model"};
    if (!seen.insert(in.cache).second)
      return Error{ErrorKind::Internal, who + "forward: the same KV cache appears twice in one batch"};
    if (in.adapters && !in.adapters->fits(c))
      return Error{ErrorKind::BadInput, who + "forward: a LoRA adapter of the set was loaded for a model of another shape"};
    if (in.which == Logits::Last && in.n_tokens == 0)
      return Error{ErrorKind::BadInput, who + "no tokens: there is no last token to give logits for"};
    for (int64_t i = 0; i < in.n_tokens; ++i)
      if (in.tokens[i] < 0 || in.tokens[i] >= c.n_vocab)
        return Error{ErrorKind::BadInput, who + "token id " + std::to_string(in.tokens[i]) + " at index " +
                                              std::to_string(i) + " is outside the vocabulary (0.." +
                                              std::to_string(c.n_vocab - 1) + ")"};
  }
  for (size_t s = 0; s < batch.size(); ++s) {
    if (auto ok = batch[s].cache->reserve(batch[s].n_tokens); !ok) {
      Error e = ok.error();
      if (batch.size() > 1) e.message = "sequence " + std::to_string(s) + ": " + e.message;
      return e;
    }
  }

  return try_call([&] {
    // Chunk steps: each takes the next <= chunk_ tokens of every sequence that has some left.
    std::vector<int64_t> done(batch.size(), 0);
    while (true) {
      std::vector<Step> steps;
      for (size_t s = 0; s < batch.size(); ++s) {
        const SeqInput& in = batch[s];
        const int64_t n = std::min(chunk_, in.n_tokens - done[s]);
        if (n <= 0) continue;
        Step st{in.cache, in.tokens + done[s], n, n, nullptr,
                in.adapters && in.adapters->active() ? in.adapters : nullptr,
                in.probes && in.probes->active() ? in.probes : nullptr, in.generated};
        if (in.which == Logits::All) {
          st.out_first = 0;
          st.out = in.logits + done[s] * c.n_vocab;
        } else if (in.which == Logits::Last && done[s] + n == in.n_tokens) {
          st.out_first = n - 1;
          st.out = in.logits;
        }
        steps.push_back(st);
        done[s] += n;
      }
      if (steps.empty()) break;
      run_step(steps);
    }
  });
}

void Model::run_step(const std::vector<Step>& steps) const {
  const ModelConfig& c = w_.config;
  const int64_t n_embd = c.n_embd, q_dim = c.n_head * c.head_dim, kv_dim = c.n_head_kv * c.head_dim;

  // Rows of all sequences, concatenated: sequence s owns rows first[s] .. first[s] + n - 1.
  int64_t n_rows = 0;
  std::vector<int64_t> first(steps.size());
  for (size_t s = 0; s < steps.size(); ++s) {
    first[s] = n_rows;
    n_rows += steps[s].n;
  }
  std::vector<int64_t> pos(static_cast<size_t>(n_rows));            // [n_rows]
  std::vector<float> x(static_cast<size_t>(n_rows * n_embd));       // residual stream [n_rows, n_embd]
  std::vector<float> xb(static_cast<size_t>(n_rows * n_embd));      // normed input / projection output [n_rows, n_embd]
  std::vector<float> q(static_cast<size_t>(n_rows * q_dim));        // [n_rows, n_head, head_dim]
  std::vector<float> k(static_cast<size_t>(n_rows * kv_dim));       // [n_rows, n_head_kv, head_dim]
  std::vector<float> v(static_cast<size_t>(n_rows * kv_dim));
  std::vector<float> att(static_cast<size_t>(n_rows * q_dim));      // attention output [n_rows, n_head, head_dim]
  std::vector<float> gate(static_cast<size_t>(n_rows * c.n_ff));    // [n_rows, n_ff]
  std::vector<float> up(static_cast<size_t>(n_rows * c.n_ff));

  // LoRA: y[rows of s] += delta of s's adapter set, segment by segment (sequences without a set
  // are skipped; with no set in the step nothing at all is done).
  bool any_lora = false;
  for (const Step& st : steps) any_lora = any_lora || st.adapters;
  // Prompt rows take one kernel whatever the batch (cpu::RowKind); a step that only carries
  // generated tokens is a decode step.
  cpu::RowKind kind = cpu::RowKind::Generated;
  for (const Step& st : steps)
    if (!st.generated) kind = cpu::RowKind::Prompt;
  auto matmul = [kind](const TensorView& w, const float* in, int64_t n, float* out) { cpu::matmul(w, in, n, out, kind); };
  auto add_lora = [&](int64_t l, lora::Proj p, const float* in, int64_t in_dim, float* out, int64_t out_dim) {
    if (!any_lora) return;
    for (size_t s = 0; s < steps.size(); ++s)
      if (steps[s].adapters)
        lora::apply_cpu(*steps[s].adapters, l, p, in + first[s] * in_dim, steps[s].n, in_dim, out + first[s] * out_dim,
                        out_dim);
  };

  // Probes: a frame per probed sequence, from the merged subscription as it is now.
  bool any_probe = false;
  for (const Step& st : steps) any_probe = any_probe || st.probes;
  std::vector<Probes::Plan> plans;
  std::vector<ProbeFrame> frames;
  std::vector<std::vector<int64_t>> slots_before;  // slot_pos() before this step, for evictions
  if (any_probe) {
    plans.resize(steps.size());
    frames.resize(steps.size());
    slots_before.resize(steps.size());
    for (size_t s = 0; s < steps.size(); ++s) {
      const Step& st = steps[s];
      if (!st.probes) continue;
      plans[s] = st.probes->plan();
      if (plans[s].heads.empty())
        for (int64_t h = 0; h < c.n_head; ++h) plans[s].heads.push_back(h);
      std::erase_if(plans[s].heads, [&](int64_t h) { return h < 0 || h >= c.n_head; });
      frames[s].tokens.assign(st.tokens, st.tokens + st.n);
      frames[s].first_pos = st.cache->n_past();
      if (plans[s].kv) slots_before[s].assign(st.cache->slot_pos(), st.cache->slot_pos() + st.cache->capacity());
    }
  }

  // Embedding: one row of tok_embd per token, decoded from its stored dtype.
  for (size_t s = 0; s < steps.size(); ++s) {
    const Step& st = steps[s];
    for (int64_t t = 0; t < st.n; ++t) {
      const int64_t r = first[s] + t;
      pos[size_t(r)] = st.cache->n_past() + t;
      dequantize_row(w_.tok_embd->dtype, w_.tok_embd->row(st.tokens[t]), x.data() + r * n_embd, n_embd);
    }
  }

  for (int64_t l = 0; l < c.n_layer; ++l) {
    const LayerWeights& lw = w_.layers[size_t(l)];
    // Attention block: x += Wo · attention(rope(Wq·norm(x)), rope(Wk·norm(x)), Wv·norm(x))
    cpu::rmsnorm(x.data(), attn_norm_[size_t(l)].data(), n_rows, n_embd, c.rms_eps, xb.data());
    matmul(*lw.wq, xb.data(), n_rows, q.data());
    matmul(*lw.wk, xb.data(), n_rows, k.data());
    matmul(*lw.wv, xb.data(), n_rows, v.data());
    add_lora(l, lora::Proj::Q, xb.data(), n_embd, q.data(), q_dim);
    add_lora(l, lora::Proj::K, xb.data(), n_embd, k.data(), kv_dim);
    add_lora(l, lora::Proj::V, xb.data(), n_embd, v.data(), kv_dim);
    cpu::rope(q.data(), pos.data(), n_rows, c.n_head, c.head_dim, c.rope_theta, c.rope_interleaved);
    cpu::rope(k.data(), pos.data(), n_rows, c.n_head_kv, c.head_dim, c.rope_theta, c.rope_interleaved);
    for (size_t s = 0; s < steps.size(); ++s) {
      const Step& st = steps[s];
      const int64_t r = first[s];
      // Keys: the cache as it was before this chunk, then the chunk's own (see kv_cache.h).
      const cpu::KvBlock blocks[2] = {
          {st.cache->k(l), st.cache->v(l), st.cache->slot_pos(), st.cache->capacity()},
          {k.data() + r * kv_dim, v.data() + r * kv_dim, pos.data() + r, st.n},
      };
      if (!any_probe || !st.probes || !plans[s].attention || !plans[s].wants(l) || plans[s].heads.empty()) {
        cpu::attention(q.data() + r * q_dim, pos.data() + r, st.n, c.n_head, c.n_head_kv, c.head_dim, blocks, 2,
                       c.window, att.data() + r * q_dim);
        continue;
      }
      // Probed: the same attention, recording the chosen heads' weights over the n_keys keys
      // for the step's last n_rec queries.
      const std::vector<int64_t>& heads = plans[s].heads;
      const int64_t n_keys = blocks[0].n + blocks[1].n;  // ring rows, then chunk rows
      const int64_t n_rec = plans[s].max_queries > 0 ? std::min(st.n, plans[s].max_queries) : st.n;
      std::vector<float> w(size_t(n_rec) * heads.size() * size_t(n_keys));  // [n_rec, n_sel, n_keys]
      std::vector<int64_t> row_pos(blocks[0].pos, blocks[0].pos + blocks[0].n);
      row_pos.insert(row_pos.end(), blocks[1].pos, blocks[1].pos + blocks[1].n);
      const cpu::AttentionWeights wout{heads.data(), int64_t(heads.size()), w.data(), st.n - n_rec};
      cpu::attention(q.data() + r * q_dim, pos.data() + r, st.n, c.n_head, c.n_head_kv, c.head_dim, blocks, 2,
                     c.window, att.data() + r * q_dim, &wout);
      frames[s].attention.push_back(probe_detail::attention_frame(l, heads, c.n_head / c.n_head_kv,
                                                                  pos.data() + r + (st.n - n_rec), n_rec, c.window,
                                                                  w.data(), row_pos.data(), n_keys));
    }
    for (size_t s = 0; s < steps.size(); ++s) {
      const int64_t r = first[s];
      steps[s].cache->write(l, steps[s].cache->n_past(), steps[s].n, k.data() + r * kv_dim, v.data() + r * kv_dim);
    }
    matmul(*lw.wo, att.data(), n_rows, xb.data());
    add_lora(l, lora::Proj::O, att.data(), q_dim, xb.data(), n_embd);
    cpu::add_inplace(x.data(), xb.data(), n_rows * n_embd);

    // MLP block: x += W_down · (silu(W_gate·norm(x)) * W_up·norm(x))
    cpu::rmsnorm(x.data(), ffn_norm_[size_t(l)].data(), n_rows, n_embd, c.rms_eps, xb.data());
    matmul(*lw.w_gate, xb.data(), n_rows, gate.data());
    matmul(*lw.w_up, xb.data(), n_rows, up.data());
    add_lora(l, lora::Proj::Gate, xb.data(), n_embd, gate.data(), c.n_ff);
    add_lora(l, lora::Proj::Up, xb.data(), n_embd, up.data(), c.n_ff);
    cpu::swiglu(gate.data(), up.data(), n_rows * c.n_ff);
    matmul(*lw.w_down, gate.data(), n_rows, xb.data());
    add_lora(l, lora::Proj::Down, gate.data(), c.n_ff, xb.data(), n_embd);
    cpu::add_inplace(x.data(), xb.data(), n_rows * n_embd);
  }
  for (const Step& st : steps) st.cache->commit(st.n);
  if (any_probe) {
    for (size_t s = 0; s < steps.size(); ++s) {
      if (!steps[s].probes) continue;
      if (plans[s].kv) {
        frames[s].kv = probe_detail::kv_frame(*steps[s].cache, slots_before[s], plans[s].layers);
        frames[s].has_kv = true;
      }
      steps[s].probes->publish(std::move(frames[s]));
    }
  }

  // Logits of the wanted rows only: final norm, then the LM head once for all of them.
  int64_t n_out = 0;
  for (const Step& st : steps) n_out += st.n - st.out_first;
  if (n_out == 0) return;
  std::vector<float> xo(static_cast<size_t>(n_out * n_embd));  // [n_out, n_embd]
  int64_t o = 0;
  for (size_t s = 0; s < steps.size(); ++s)
    for (int64_t t = steps[s].out_first; t < steps[s].n; ++t, ++o)
      std::memcpy(xo.data() + o * n_embd, x.data() + (first[s] + t) * n_embd, size_t(n_embd) * sizeof(float));
  cpu::rmsnorm(xo.data(), out_norm_.data(), n_out, n_embd, c.rms_eps, xo.data());
  std::vector<float> logits(static_cast<size_t>(n_out * c.n_vocab));  // [n_out, n_vocab]
  matmul(*w_.lm_head, xo.data(), n_out, logits.data());
  o = 0;
  for (const Step& st : steps) {
    const int64_t rows = st.n - st.out_first;
    if (rows > 0)
      std::memcpy(st.out, logits.data() + o * c.n_vocab, size_t(rows * c.n_vocab) * sizeof(float));
    o += rows;
  }
}

}  // namespace tramontane
