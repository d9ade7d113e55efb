#pragma once
// Tensor names of llama.cpp's GGUF files translated to Hugging Face names, so that one
// binder (weights.h) serves both formats.
#include <string>
#include <string_view>

namespace tramontane {

// "token_embd.weight" -> "model.embed_tokens.weight"
// "blk.3.attn_q.weight" -> "model.layers.3.self_attn.q_proj.weight"
// "blk.3.ffn_gate.weight" -> "model.layers.3.mlp.gate_proj.weight"
// "output_norm.weight" -> "model.norm.weight", "output.weight" -> "lm_head.weight"
// Returns "" for a name outside this set (e.g. "rope_freqs.weight" or a malformed block number).
std::string hf_name_from_gguf(std::string_view gguf_name);

}  // namespace tramontane
