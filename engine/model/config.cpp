#include "engine/model/config.h"

namespace tramontane {

const char* arch_name(Arch a) { return a == Arch::Mistral ? "mistral" : "llama"; }

Status ModelConfig::validate(const std::string& source) const {
  auto bad = [&](const std::string& what) { return Error{ErrorKind::BadInput, source + ": " + what}; };
  auto in_range = [](int64_t v, int64_t lo, int64_t hi) { return v >= lo && v <= hi; };
  if (!in_range(n_embd, 1, 1 << 20)) return bad("hidden_size " + std::to_string(n_embd) + " out of range");
  if (!in_range(n_ff, 1, 1 << 22)) return bad("intermediate_size " + std::to_string(n_ff) + " out of range");
  if (!in_range(n_layer, 1, 4096)) return bad("num_hidden_layers " + std::to_string(n_layer) + " out of range");
  if (!in_range(n_head, 1, 4096)) return bad("num_attention_heads " + std::to_string(n_head) + " out of range");
  if (!in_range(n_head_kv, 1, n_head) || n_head % n_head_kv != 0)
    return bad("num_key_value_heads " + std::to_string(n_head_kv) + " must divide num_attention_heads " +
               std::to_string(n_head));
  if (!in_range(head_dim, 2, 4096) || head_dim % 2 != 0)
    return bad("head_dim " + std::to_string(head_dim) + " must be even and in range");
  if (!in_range(n_vocab, 1, 1 << 24)) return bad("vocab_size " + std::to_string(n_vocab) + " out of range");
  if (!(rms_eps > 0.0f && rms_eps < 1.0f)) return bad("rms_norm_eps out of range");
  if (!(rope_theta > 0.0f)) return bad("rope_theta must be positive");
  if (!in_range(window, 0, 1 << 24)) return bad("sliding_window " + std::to_string(window) + " out of range");
  if (!in_range(n_ctx_max, 1, 1 << 24))
    return bad("max_position_embeddings " + std::to_string(n_ctx_max) + " out of range");
  if (bos_id < 0 || bos_id >= n_vocab || eos_id < 0 || eos_id >= n_vocab)
    return bad("bos/eos token id outside the vocabulary");
  return {};
}

}  // namespace tramontane
