// config.json -> ModelConfig: architecture, dimensions, defaults as transformers, unsupported features
// refused by name (see hf_config.h).
#include "engine/format/hf_config.h"

#include <cmath>
#include <limits>

#include "engine/core/mapped_file.h"
#include "engine/format/json_util.h"

namespace tramontane {

namespace {

constexpr uint64_t kMaxConfigBytes = 16ull << 20;
constexpr int64_t kMistralDefaultWindow = 4096;  // MistralConfig(sliding_window=4096)

Arch parse_arch(const nlohmann::json& j, const std::string& source) {
  auto a = j.find("architectures");
  if (a != j.end() && !a->is_null()) {
    if (!a->is_array() || a->empty() || !(*a)[0].is_string())
      throw_bad_input(source + ": field 'architectures' must be a non-empty list of strings");
    const std::string name = (*a)[0].get<std::string>();
    if (name == "MistralForCausalLM") return Arch::Mistral;
    if (name == "LlamaForCausalLM") return Arch::Llama;
    throw_bad_input(source + ": unsupported architecture '" + escape_for_message(name) +
                    "' (supported: MistralForCausalLM, LlamaForCausalLM)");
  }
  std::optional<std::string> type = json_string(j, "model_type", source);
  if (!type) throw_bad_input(source + ": missing field 'architectures' (or 'model_type')");
  if (*type == "mistral") return Arch::Mistral;
  if (*type == "llama") return Arch::Llama;
  throw_bad_input(source + ": unsupported model_type '" + escape_for_message(*type) + "' (supported: mistral, llama)");
}

// rope_scaling: null, absent or {"rope_type"/"type": "default"} only.
void check_rope_scaling(const nlohmann::json& j, const std::string& source) {
  auto r = j.find("rope_scaling");
  if (r == j.end() || r->is_null()) return;
  std::string kind;
  if (r->is_object()) {
    for (const char* key : {"rope_type", "type"}) {
      auto t = r->find(key);
      if (t != r->end() && t->is_string()) {
        kind = t->get<std::string>();
        break;
      }
    }
    if (kind == "default") return;
  }
  throw_bad_input(source + ": rope_scaling" + (kind.empty() ? "" : " '" + escape_for_message(kind) + "'") +
                  " is not supported (only null)");
}

void check_unsupported(const nlohmann::json& j, const std::string& source) {
  check_rope_scaling(j, source);
  if (std::optional<std::string> act = json_string(j, "hidden_act", source); act && *act != "silu")
    throw_bad_input(source + ": hidden_act '" + escape_for_message(*act) + "' is not supported (only silu)");
  for (const char* key : {"attention_bias", "mlp_bias"}) {
    if (json_bool(j, key, source).value_or(false))
      throw_bad_input(source + ": " + key + " true is not supported (the model has no bias tensors)");
  }
}

// A JSON number as a float (a double beyond the float range would be undefined to convert).
float to_float(double v, const char* key, const std::string& source) {
  if (!(std::fabs(v) <= double(std::numeric_limits<float>::max())))
    throw_bad_input(source + ": " + key + " " + std::to_string(v) + " out of range");
  return float(v);
}

// A token id field: an integer (or, when `list_ok`, a non-empty list whose first element is used).
int32_t token_id(const nlohmann::json& j, const char* key, int32_t fallback, bool list_ok,
                 const std::string& source) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  const nlohmann::json* v = &*it;
  if (list_ok && v->is_array()) {
    if (v->empty()) throw_bad_input(source + ": field '" + key + "' is an empty list");
    v = &(*v)[0];
  }
  std::optional<int64_t> id = json_as_int(*v);
  if (!id)
    throw_bad_input(source + ": field '" + key + "' must be an integer" + (list_ok ? " or a list of integers" : ""));
  if (*id < 0 || *id > std::numeric_limits<int32_t>::max())
    throw_bad_input(source + ": " + key + " " + std::to_string(*id) + " out of range");
  return int32_t(*id);
}

ModelConfig parse(std::string_view text, const std::string& source) {
  auto parsed = parse_json(text, source);
  if (!parsed) throw ErrorException(parsed.error());
  const nlohmann::json& j = *parsed;
  if (!j.is_object()) throw_bad_input(source + ": must be a JSON object, not " + j.type_name());

  ModelConfig c;
  c.arch = parse_arch(j, source);
  check_unsupported(j, source);
  c.n_embd = json_require_int(j, "hidden_size", source);
  c.n_ff = json_require_int(j, "intermediate_size", source);
  c.n_layer = json_require_int(j, "num_hidden_layers", source);
  c.n_head = json_require_int(j, "num_attention_heads", source);
  c.n_head_kv = json_int(j, "num_key_value_heads", source).value_or(c.n_head);
  if (std::optional<int64_t> hd = json_int(j, "head_dim", source)) {
    c.head_dim = *hd;
  } else if (c.n_head > 0) {
    if (c.n_embd % c.n_head != 0)
      throw_bad_input(source + ": hidden_size " + std::to_string(c.n_embd) + " is not divisible by " +
                      "num_attention_heads " + std::to_string(c.n_head) + " and head_dim is not given");
    c.head_dim = c.n_embd / c.n_head;
  }
  c.n_vocab = json_require_int(j, "vocab_size", source);
  c.rms_eps = to_float(json_require_number(j, "rms_norm_eps", source), "rms_norm_eps", source);
  c.rope_theta = to_float(json_number(j, "rope_theta", source).value_or(10000.0), "rope_theta", source);
  c.n_ctx_max = json_require_int(j, "max_position_embeddings", source);
  c.tie_embeddings = json_bool(j, "tie_word_embeddings", source).value_or(false);
  if (c.arch == Arch::Mistral) {
    c.window = j.contains("sliding_window") ? json_int(j, "sliding_window", source).value_or(0)
                                            : kMistralDefaultWindow;
  }
  c.bos_id = token_id(j, "bos_token_id", 1, false, source);
  c.eos_id = token_id(j, "eos_token_id", 2, true, source);
  c.rope_interleaved = false;  // HF checkpoints rotate halves of head_dim

  if (Status s = c.validate(source); !s) throw ErrorException(s.error());
  return c;
}

}  // namespace

Expected<ModelConfig> parse_hf_config(std::string_view json, const std::string& source) {
  return try_call([&] { return parse(json, source); });
}

Expected<ModelConfig> read_hf_config(const std::string& path) {
  auto text = read_text_file(path, kMaxConfigBytes);
  if (!text) return text.error();
  return parse_hf_config(*text, path);
}

}  // namespace tramontane
