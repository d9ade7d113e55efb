#include "engine/model/gguf_names.h"

#include <utility>

namespace tramontane {

namespace {

// Per-layer names: GGUF suffix after "blk.N." -> HF suffix after "model.layers.N.".
constexpr std::pair<std::string_view, std::string_view> kLayerNames[] = {
    {"attn_norm.weight", "input_layernorm.weight"},
    {"attn_q.weight", "self_attn.q_proj.weight"},
    {"attn_k.weight", "self_attn.k_proj.weight"},
    {"attn_v.weight", "self_attn.v_proj.weight"},
    {"attn_output.weight", "self_attn.o_proj.weight"},
    {"ffn_norm.weight", "post_attention_layernorm.weight"},
    {"ffn_gate.weight", "mlp.gate_proj.weight"},
    {"ffn_up.weight", "mlp.up_proj.weight"},
    {"ffn_down.weight", "mlp.down_proj.weight"},
};

constexpr std::pair<std::string_view, std::string_view> kGlobalNames[] = {
    {"token_embd.weight", "model.embed_tokens.weight"},
    {"output_norm.weight", "model.norm.weight"},
    {"output.weight", "lm_head.weight"},
};

}  // namespace

std::string hf_name_from_gguf(std::string_view name) {
  for (const auto& [gguf, hf] : kGlobalNames)
    if (name == gguf) return std::string(hf);
  constexpr std::string_view kBlk = "blk.";
  if (name.substr(0, kBlk.size()) != kBlk) return {};
  name.remove_prefix(kBlk.size());
  // The layer number: decimal digits without a leading zero (so "blk.01" is not "blk.1"), at most 6.
  size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
  if (digits == 0 || digits > 6 || (digits > 1 && name[0] == '0')) return {};
  if (digits >= name.size() || name[digits] != '.') return {};
  const std::string_view layer = name.substr(0, digits);
  const std::string_view rest = name.substr(digits + 1);
  for (const auto& [gguf, hf] : kLayerNames)
    if (rest == gguf) return "model.layers." + std::string(layer) + "." + std::string(hf);
  return {};
}

}  // namespace tramontane
