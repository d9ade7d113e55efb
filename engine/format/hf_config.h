#pragma once
// Hugging Face config.json (MistralForCausalLM / LlamaForCausalLM) -> ModelConfig.
//
// Architecture: architectures[0] "MistralForCausalLM" -> Mistral, "LlamaForCausalLM" -> Llama; when
// architectures is absent or null, model_type "mistral" / "llama". Anything else is refused, named.
// Required integers: hidden_size, intermediate_size, num_hidden_layers, num_attention_heads,
//   vocab_size, max_position_embeddings; required number: rms_norm_eps.
// Optional (default as transformers 4.46 does):
//   num_key_value_heads (= num_attention_heads), head_dim (= hidden_size / num_attention_heads,
//   which must then divide exactly), rope_theta (10000), tie_word_embeddings (false),
//   bos_token_id (1), eos_token_id (2; a list means its first element),
//   sliding_window: Mistral only; an integer, null (no window), absent (4096, MistralConfig's
//   default); 0 also means none. Llama configs have no window (the field is ignored).
// Refused as unsupported: rope_scaling other than null / {"rope_type": "default"}, hidden_act other
//   than "silu", attention_bias or mlp_bias true (we have no bias tensors).
// Integers must be JSON integers (4096, not 4096.0 or "4096"). The result passes
// ModelConfig::validate. Every error is BadInput with a message that starts with the source and
// names the field: "config.json: field 'num_hidden_layers' must be an integer".
#include <string>
#include <string_view>

#include "engine/core/status.h"
#include "engine/model/config.h"

namespace tramontane {

// Reads `path` (at most 16 MiB); messages start with `path`.
Expected<ModelConfig> read_hf_config(const std::string& path);

// Parses config.json text; messages start with `source`.
Expected<ModelConfig> parse_hf_config(std::string_view json, const std::string& source);

}  // namespace tramontane
