#pragma once
// Hyper-parameters of a Mistral/Llama-architecture model, from config.json or GGUF metadata.
#include <cstdint>
#include <string>

#include "engine/core/status.h"

namespace tramontane {

enum class Arch { Mistral, Llama };

struct ModelConfig {
  Arch arch = Arch::Mistral;
  int64_t n_embd = 0;      // hidden_size
  int64_t n_ff = 0;        // intermediate_size
  int64_t n_layer = 0;     // num_hidden_layers
  int64_t n_head = 0;      // num_attention_heads
  int64_t n_head_kv = 0;   // num_key_value_heads (== n_head for MHA, 1 for MQA)
  int64_t head_dim = 0;    // may differ from n_embd / n_head
  int64_t n_vocab = 0;
  float rms_eps = 1e-5f;
  float rope_theta = 10000.0f;
  int64_t window = 0;      // sliding window W (query i sees i-W < j <= i); 0 = no window
  int64_t n_ctx_max = 0;   // max_position_embeddings: the context limit without a window
  bool tie_embeddings = false;
  int32_t bos_id = 1;
  int32_t eos_id = 2;
  // GGUF files from llama.cpp's converter permute Q/K rows so that RoPE rotates adjacent
  // pairs (x[2i], x[2i+1]) instead of HF's halves (x[i], x[i + head_dim/2]).
  bool rope_interleaved = false;

  // Checks ranges and consistency; `source` names the file in the message.
  Status validate(const std::string& source) const;
};

const char* arch_name(Arch a);

}  // namespace tramontane
