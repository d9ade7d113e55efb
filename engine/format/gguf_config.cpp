// GGUF metadata of llama.cpp's "llama" and "mistral" architectures -> ModelConfig.
#include <limits>

#include "engine/format/gguf.h"

namespace tramontane {

namespace {

// Typed access to "{arch}.*" keys that fails (BadInput, naming file and key) on a wrong type.
class ConfigKeys {
 public:
  ConfigKeys(const GgufFile& f, std::string arch) : f_(f), arch_(std::move(arch)) {}

  [[noreturn]] void fail(const std::string& what) const { throw_bad_input(f_.path + ": " + what); }

  std::string key(const std::string& suffix) const { return arch_ + "." + suffix; }

  // A non-negative integer of any integer type; nullopt when absent.
  std::optional<int64_t> opt_int(const std::string& k) const {
    const GgufValue* v = f_.find(k);
    if (!v) return std::nullopt;
    if (v->type == GgufType::UINT8 || v->type == GgufType::UINT16 || v->type == GgufType::UINT32 ||
        v->type == GgufType::UINT64) {
      if (v->u > uint64_t(std::numeric_limits<int64_t>::max()))
        fail("metadata key '" + k + "' value " + std::to_string(v->u) + " is out of range");
      return int64_t(v->u);
    }
    if (v->type == GgufType::INT8 || v->type == GgufType::INT16 || v->type == GgufType::INT32 ||
        v->type == GgufType::INT64) {
      if (v->i < 0) fail("metadata key '" + k + "' is negative (" + std::to_string(v->i) + ")");
      return v->i;
    }
    fail("metadata key '" + k + "' has type " + gguf_type_name(v->type) + ", expected an integer");
  }
  int64_t req_int(const std::string& k) const {
    const auto v = opt_int(k);
    if (!v) fail("metadata key '" + k + "' is missing");
    return *v;
  }

  std::optional<double> opt_float(const std::string& k) const {
    const GgufValue* v = f_.find(k);
    if (!v) return std::nullopt;
    if (v->type != GgufType::FLOAT32 && v->type != GgufType::FLOAT64)
      fail("metadata key '" + k + "' has type " + gguf_type_name(v->type) + ", expected FLOAT32");
    return v->f;
  }
  double req_float(const std::string& k) const {
    const auto v = opt_float(k);
    if (!v) fail("metadata key '" + k + "' is missing");
    return *v;
  }

  std::optional<std::string> opt_string(const std::string& k) const {
    const GgufValue* v = f_.find(k);
    if (!v) return std::nullopt;
    if (v->type != GgufType::STRING)
      fail("metadata key '" + k + "' has type " + gguf_type_name(v->type) + ", expected STRING");
    return v->s;
  }

  int32_t token_id(const std::string& k, int32_t fallback) const {
    const auto v = opt_int(k);
    if (!v) return fallback;
    if (*v > std::numeric_limits<int32_t>::max()) fail("metadata key '" + k + "' token id is out of range");
    return int32_t(*v);
  }

 private:
  const GgufFile& f_;
  std::string arch_;
};

// Printable ASCII of an untrusted string for a one-line message.
std::string shown(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return s.size() > 64 ? out + "..." : out;
}

ModelConfig config_from(const GgufFile& f) {
  ConfigKeys general(f, "general");
  const auto arch = general.opt_string("general.architecture");
  if (!arch) general.fail("metadata key 'general.architecture' is missing");
  ModelConfig c;
  if (*arch == "llama") c.arch = Arch::Llama;
  else if (*arch == "mistral") c.arch = Arch::Mistral;
  else general.fail("architecture '" + shown(*arch) + "' is not supported (only llama and mistral)");

  const ConfigKeys k(f, *arch);
  c.n_embd = k.req_int(k.key("embedding_length"));
  c.n_ff = k.req_int(k.key("feed_forward_length"));
  c.n_layer = k.req_int(k.key("block_count"));
  c.n_head = k.req_int(k.key("attention.head_count"));
  c.n_head_kv = k.opt_int(k.key("attention.head_count_kv")).value_or(c.n_head);
  if (const auto kl = k.opt_int(k.key("attention.key_length"))) {
    c.head_dim = *kl;
  } else if (c.n_head > 0) {
    if (c.n_embd % c.n_head != 0)
      k.fail("embedding_length " + std::to_string(c.n_embd) + " is not a multiple of head_count " +
             std::to_string(c.n_head) + " and attention.key_length is missing");
    c.head_dim = c.n_embd / c.n_head;
  }
  if (const auto vl = k.opt_int(k.key("attention.value_length")); vl && *vl != c.head_dim)
    k.fail("attention.value_length " + std::to_string(*vl) + " differs from key_length " +
           std::to_string(c.head_dim) + " (not supported)");
  c.rms_eps = float(k.req_float(k.key("attention.layer_norm_rms_epsilon")));
  c.rope_theta = float(k.opt_float(k.key("rope.freq_base")).value_or(10000.0));
  if (const auto rd = k.opt_int(k.key("rope.dimension_count")); rd && *rd != c.head_dim)
    k.fail("rope.dimension_count " + std::to_string(*rd) + " differs from head_dim " + std::to_string(c.head_dim) +
           " (partial RoPE is not supported)");
  if (const auto st = k.opt_string(k.key("rope.scaling.type")); st && *st != "none") {
    const double factor = k.opt_float(k.key("rope.scaling.factor")).value_or(1.0);
    if (!(*st == "linear" && factor == 1.0))
      k.fail("RoPE scaling '" + shown(*st) + "' is not supported");
  }
  if (f.find_tensor("rope_freqs.weight")) k.fail("tensor 'rope_freqs.weight' (RoPE frequency factors) is not supported");
  c.n_ctx_max = k.req_int(k.key("context_length"));
  c.window = k.opt_int(k.key("attention.sliding_window")).value_or(0);

  const GgufValue* tokens = f.find("tokenizer.ggml.tokens");
  if (tokens) {
    if (!tokens->is_array() || tokens->array_type != GgufType::STRING)
      k.fail("metadata key 'tokenizer.ggml.tokens' is not an array of strings");
    c.n_vocab = int64_t(tokens->strings.size());
  } else if (const TensorView* embd = f.find_tensor("token_embd.weight"); embd && embd->shape.size() == 2) {
    c.n_vocab = embd->shape[0];  // [n_vocab, n_embd]
  } else {
    k.fail("neither tokenizer.ggml.tokens nor a 2-D token_embd.weight gives the vocabulary size");
  }
  c.bos_id = k.token_id("tokenizer.ggml.bos_token_id", c.bos_id);
  c.eos_id = k.token_id("tokenizer.ggml.eos_token_id", c.eos_id);
  c.tie_embeddings = f.find_tensor("output.weight") == nullptr;
  c.rope_interleaved = true;
  return c;
}

}  // namespace

Expected<ModelConfig> gguf_model_config(const GgufFile& f) {
  auto c = try_call([&] { return config_from(f); });
  if (!c) return c;
  if (Status s = c->validate(f.path); !s) return s.error();
  return c;
}

}  // namespace tramontane
