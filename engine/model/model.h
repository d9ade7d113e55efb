#pragma once
// The Mistral / Llama forward pass on the CPU: embedding -> n_layer x (RMSNorm, GQA attention
// with RoPE and an optional sliding window, residual, RMSNorm, SwiGLU MLP, residual) -> final
// RMSNorm -> LM head. Weights are used in their stored dtype straight from the memory map
// (cpu::matmul); only the small norm vectors are widened to float32 copies.
//
// Prompts are processed in chunks of at most chunk_size() tokens; the result does not depend
// on the chunk size (see kv_cache.h for how a chunk meets the rolling buffer).
#include <cstdint>
#include <vector>

#include "engine/core/status.h"
#include "engine/kv/kv_cache.h"
#include "engine/model/weights.h"

namespace tramontane {

namespace lora {
class AdapterSet;
}
class Probes;

// Which logits a forward call returns.
enum class Logits {
  All,   // [n_tokens, n_vocab]: one row per input token
  Last,  // [n_vocab]: the last input token only
  None,  // nothing (prefill whose logits are not needed)
};

// One sequence of a batch: its cache (with its own positions), its new tokens, where its logits go.
struct SeqInput {
  KvCache* cache = nullptr;
  const int32_t* tokens = nullptr;  // [n_tokens]
  int64_t n_tokens = 0;
  float* logits = nullptr;          // sized by `which`; may be null for Logits::None
  Logits which = Logits::All;
  // LoRA adapters for this sequence's rows (engine/lora/adapter.h), or null: sequences of one
  // batch may use different sets. The set is read during the call only. Tokens already in `cache`
  // keep what they were computed with (see the cache policy in adapter.h).
  const lora::AdapterSet* adapters = nullptr;
  // Probes (engine/runtime/probes.h) fed after each chunk step of this sequence, or null. Only a
  // Probes object with a subscription costs anything; without one the pass is unchanged.
  Probes* probes = nullptr;
  // True for tokens the model has just generated (decode), false for prompt tokens. Prompt tokens
  // are computed the same way whatever the batch, chunk size or prefix split around them, so a
  // prompt's logits (and moderation scores) are bit-identical however it is run; a step holding
  // only generated tokens may use kernels that depend on the batch size (cpu::RowKind).
  bool generated = false;
};

class Model {
 public:
  // Keeps `weights` (whose tensors must outlive the Model). BadInput when a norm weight's
  // dtype is not F32/F16/BF16 (bind_weights checks that already).
  static Expected<Model> create(const ModelWeights& weights);

  const ModelConfig& config() const { return w_.config; }
  const ModelWeights& weights() const { return w_; }

  // An empty cache sized for this model (nothing is allocated until the first forward).
  KvCache new_cache() const { return KvCache::for_config(w_.config); }

  // Chunk size for prefill; n <= 0 restores the default min(window, 512) (512 without a window).
  void set_chunk_size(int64_t n);
  int64_t chunk_size() const { return chunk_; }

  // Runs n_tokens new tokens of one sequence at positions cache.n_past() ... and appends them
  // to the cache. Equivalent to forward_batch with one SeqInput.
  Status forward(KvCache& cache, const int32_t* tokens, int64_t n_tokens, float* logits,
                 Logits which = Logits::All, const lora::AdapterSet* adapters = nullptr,
                 Probes* probes = nullptr, bool generated = false) const;

  // Several independent sequences at once: each chunk step concatenates the rows of every
  // sequence so that each weight is multiplied once per step; attention stays per sequence.
  // Everything is checked before any cache changes: a token outside [0, n_vocab) is BadInput
  // naming the token, its index and the vocabulary size; without a window, a sequence that
  // would pass the context limit is BadInput ("prompt of N tokens exceeds the context limit
  // of M tokens"); a cache of another shape or the same cache twice is an Internal error; an
  // adapter set holding an adapter loaded for another model is BadInput.
  // LoRA: each targeted projection of a sequence's rows gets the sum of its active adapters'
  // deltas scale * scaling * B(A x), added to the base projection's output (never merged);
  // sequences without an active set run exactly the base computation.
  // An allocation failure (Resource) may leave the caches half-written: clear() them then.
  Status forward_batch(const std::vector<SeqInput>& batch) const;

 private:
  struct Step;
  explicit Model(const ModelWeights& w);
  void run_step(const std::vector<Step>& steps) const;

  ModelWeights w_;
  int64_t chunk_ = 512;
  // Norm weights widened to float32: [n_layer][n_embd] each, and [n_embd].
  std::vector<std::vector<float>> attn_norm_, ffn_norm_;
  std::vector<float> out_norm_;
};

}  // namespace tramontane
