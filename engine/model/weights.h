#pragma once
// The model's tensors bound to their roles, with every shape checked against the config.
// Pointers point into the caller's `tensors` vector, which must outlive the ModelWeights and
// not be resized; the bytes stay in the memory map, in their stored dtype.
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/tensor.h"
#include "engine/model/config.h"

namespace tramontane {

// Shapes in PyTorch order ([out, in] for a projection); q_dim = n_head * head_dim,
// kv_dim = n_head_kv * head_dim.
struct LayerWeights {
  const TensorView* attn_norm = nullptr;  // [n_embd]          input_layernorm (F32/F16/BF16)
  const TensorView* wq = nullptr;         // [q_dim, n_embd]   self_attn.q_proj
  const TensorView* wk = nullptr;         // [kv_dim, n_embd]  self_attn.k_proj
  const TensorView* wv = nullptr;         // [kv_dim, n_embd]  self_attn.v_proj
  const TensorView* wo = nullptr;         // [n_embd, q_dim]   self_attn.o_proj
  const TensorView* ffn_norm = nullptr;   // [n_embd]          post_attention_layernorm
  const TensorView* w_gate = nullptr;     // [n_ff, n_embd]    mlp.gate_proj
  const TensorView* w_up = nullptr;       // [n_ff, n_embd]    mlp.up_proj
  const TensorView* w_down = nullptr;     // [n_embd, n_ff]    mlp.down_proj
};

struct ModelWeights {
  ModelConfig config;
  const TensorView* tok_embd = nullptr;   // [n_vocab, n_embd] model.embed_tokens (any dtype)
  const TensorView* out_norm = nullptr;   // [n_embd]          model.norm
  const TensorView* lm_head = nullptr;    // [n_vocab, n_embd] lm_head, or tok_embd when tied
  std::vector<LayerWeights> layers;       // [n_layer]
};

// Finds every tensor by its Hugging Face name (model.layers.{i}.self_attn.q_proj.weight, ...)
// and checks shape, dtype and byte size. When config.tie_embeddings is set, lm_head is
// model.embed_tokens.weight (a stored lm_head.weight is ignored, as transformers does).
// Errors (BadInput) name `source`, the tensor and the problem: "model.safetensors: tensor
// 'model.layers.0.self_attn.k_proj.weight' has shape [64, 32], expected [16, 32]".
// Tensors with other names are ignored.
Expected<ModelWeights> bind_weights(const ModelConfig& config, const std::vector<TensorView>& tensors,
                                    const std::string& source);

}  // namespace tramontane
