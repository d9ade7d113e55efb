#pragma once
// LoRA adapters (Hu et al.; PEFT's format), kept apart from the base weights and never merged:
// a targeted projection y = W0 x becomes
//     y = W0 x + sum over the enabled adapters of  scale * scaling * B (A x)
// where A is [r, in], B is [out, r], scaling = lora_alpha / r (or lora_alpha / sqrt(r) with
// use_rslora) and `scale` is the user's live scale in [0, 2]. Targets: the seven projections of
// a Mistral/Llama layer (q, k, v, o, gate, up, down).
//
// A PEFT adapter directory holds adapter_config.json and adapter_model.safetensors (tensors
// base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight, ....lora_B.weight, ...).
// load_adapter() reads only the configuration fields it understands and refuses what would change
// the arithmetic without being implemented, each with a BadInput message naming the file and the
// field or tensor:
//   read:    peft_type (must be "LORA"), r, lora_alpha (default 8, as PEFT), use_rslora,
//            target_modules (list of names, "all-linear", or a regex string matched with
//            fullmatch against module names such as "model.layers.3.self_attn.q_proj"; at most
//            256 bytes, no counted repetition {m,n}, no back-references: a hostile pattern must
//            not hang or overflow the stack),
//            layers_to_transform (int or list), bias (must be "none"), fan_in_fan_out (accepted
//            and ignored: PEFT itself resets it to false for nn.Linear targets, which these all
//            are), base_model_name_or_path (kept for display), layers_pattern (null or "layers").
//   refused: use_dora, modules_to_save, rank_pattern / alpha_pattern (non-empty),
//            layer_replication, exclude_modules, lora_bias, a target that is no projection
//            ("embed_tokens": embedding LoRA; "lm_head"; any unknown name), and any other field
//            unless null, false or empty. Metadata that does not change the arithmetic is ignored
//            (task_type, inference_mode, lora_dropout, init_lora_weights, revision, auto_mapping,
//            loftq_config, megatron_config, megatron_core, runtime_config, peft_version).
// Tensors (F32, F16 or BF16; widened to float32 copies): every targeted projection needs both
// lora_A and lora_B; A must be [r, in] and B [out, r] with r = the config's r and in/out those of
// the base model's weight (a mismatch names the tensor, its shape, the expected shape and the base
// tensor); NaN or Inf is refused naming the tensor; any other tensor (lora_magnitude_vector =
// DoRA, lora_embedding_*, biases, a projection not targeted) is refused naming it.
//
// Cache policy when the adapter set of a conversation changes (enable, disable, scale, add,
// remove): the KV cache rows already computed are KEPT as they were computed (with the set active
// then); only tokens fed afterwards use the new set. This is what PEFT gives when its adapters are
// switched between calls that share past_key_values. A caller that wants the conversation exactly
// as if the new set had been active from the start clears the cache and prefills the history
// again (Session::reset + prefill_to). tests/engine/test_lora.cpp checks both.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/model/weights.h"

namespace tramontane::lora {

enum class Proj : int { Q = 0, K, V, O, Gate, Up, Down };
constexpr int kNumProj = 7;
// "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"
const char* proj_name(Proj p);
// "self_attn" or "mlp"
const char* proj_block(Proj p);

// One projection's pair, float32, row-major. Empty (rank 0) when the projection is not targeted.
struct LoraPair {
  int64_t rank = 0, in = 0, out = 0;
  std::vector<float> a;  // [rank, in]
  std::vector<float> b;  // [out, rank]
  bool empty() const { return rank == 0; }
};

struct Adapter {
  std::string path;        // the directory
  std::string name;        // its last path component
  std::string base_model;  // base_model_name_or_path ("" when absent)
  int64_t rank = 0;
  double alpha = 0;
  bool use_rslora = false;
  float scaling = 0;       // alpha / rank, or alpha / sqrt(rank) with use_rslora
  std::vector<std::array<LoraPair, kNumProj>> layers;  // [n_layer][proj]
  // Names of the targeted projections, in Proj order ("q_proj", ...), for display.
  std::vector<std::string> targets() const;
  // Bytes of the float32 A and B copies (the adapter's memory, apart from the model's).
  uint64_t bytes() const;
  // Whether the shapes fit `c` (n_layer and every pair's in/out); checked by Model::forward_batch.
  bool fits(const ModelConfig& c) const;
};

// Loads a PEFT adapter directory for the model `base` (see above), or, for a path ending in
// ".gguf", llama.cpp's GGUF LoRA file (general.type "adapter", adapter.type "lora",
// adapter.lora.alpha; tensors blk.{i}.attn_q.weight.lora_a [r, in] / .lora_b [out, r] for
// attn_q/k/v/output and ffn_gate/up/down; q/k B rows in pairwise RoPE order, permuted back for a
// Hugging Face base; scaling alpha / r, or 1 when alpha is 0, as llama.cpp; one rank for all
// tensors). BadInput naming the file for anything wrong; Resource when memory runs out.
Expected<std::shared_ptr<const Adapter>> load_adapter(const std::string& dir, const ModelWeights& base);

// Adapters used together (the sum of their deltas), each with an enabled flag and a live scale
// in [0, 2]. The adapters are shared (one loaded adapter may be in many sets). A set is read by
// the forward pass; change it only between forward calls.
class AdapterSet {
 public:
  static constexpr float kMaxScale = 2.0f;
  struct Entry {
    std::shared_ptr<const Adapter> adapter;
    float scale = 1.0f;
    bool enabled = true;
  };

  // BadInput when scale is outside [0, 2] (or NaN) or the adapter is null.
  Status add(std::shared_ptr<const Adapter> adapter, float scale = 1.0f, bool enabled = true);
  Status set_scale(size_t i, float scale);
  void set_enabled(size_t i, bool enabled) { entries_.at(i).enabled = enabled; }
  void remove(size_t i) { entries_.erase(entries_.begin() + ptrdiff_t(i)); }
  void clear() { entries_.clear(); }

  const std::vector<Entry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  // Some entry is enabled with a non-zero scale (otherwise the forward pass skips the set and the
  // result is the base model's, bit for bit).
  bool active() const;
  // Whether every adapter fits `c`.
  bool fits(const ModelConfig& c) const;

 private:
  std::vector<Entry> entries_;
};

// The CPU twin of the shrink/expand step for one segment of rows that share a set:
//   y[n, out] += sum over active entries: scale * scaling * (x[n, in] · Aᵀ) · Bᵀ   (float32)
// for layer `layer`, projection `p`. Entries without a pair for (layer, p) add nothing.
void apply_cpu(const AdapterSet& set, int64_t layer, Proj p, const float* x, int64_t n, int64_t in, float* y,
               int64_t out);

}  // namespace tramontane::lora
