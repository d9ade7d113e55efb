#include "engine/lora/adapter.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "engine/core/mapped_file.h"
#include "engine/core/quant.h"
#include "engine/format/gguf.h"
#include "engine/format/json_util.h"
#include "engine/format/safetensors.h"
#include "engine/model/gguf_names.h"

namespace tramontane::lora {

namespace {

constexpr uint64_t kMaxConfigBytes = 1 << 20;
constexpr int64_t kMaxRank = 1 << 16;
// A target_modules regex is hostile input like the rest of the file. std::regex compiles
// recursively (one level per atom and group) and expands a counted repetition {m,n} into copies of
// its operand, and libstdc++'s default matcher backtracks (exponential time on "(.*)*(.*)*x").
// So: at most kMaxRegexBytes, no counted repetition ('{'; module names have no braces), no
// back-reference (a backslash and a digit), and on libstdc++ its polynomial-time matcher
// (__polynomial: Thompson NFA; back-references are then refused as not understood). Real patterns
// ("model.layers.\d+.self_attn.(q_proj|v_proj)") are far shorter.
constexpr size_t kMaxRegexBytes = 256;
#if defined(__GLIBCXX__)
constexpr auto kRegexFlags = std::regex::ECMAScript | std::regex_constants::__polynomial;
#else
constexpr auto kRegexFlags = std::regex::ECMAScript;
#endif

const char* const kProjNames[kNumProj] = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
const char* const kGgufProj[kNumProj] = {"attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"};

// The module name PEFT matches target_modules against: "model.layers.3.self_attn.q_proj".
std::string module_key(int64_t layer, Proj p) {
  return "model.layers." + std::to_string(layer) + "." + proj_block(p) + "." + proj_name(p);
}

const TensorView* base_tensor(const LayerWeights& l, Proj p) {
  switch (p) {
    case Proj::Q: return l.wq;
    case Proj::K: return l.wk;
    case Proj::V: return l.wv;
    case Proj::O: return l.wo;
    case Proj::Gate: return l.w_gate;
    case Proj::Up: return l.w_up;
    case Proj::Down: return l.w_down;
  }
  return nullptr;
}

// [out, in] of projection p for config c.
std::pair<int64_t, int64_t> proj_dims(const ModelConfig& c, Proj p) {
  const int64_t q_dim = c.n_head * c.head_dim, kv_dim = c.n_head_kv * c.head_dim;
  switch (p) {
    case Proj::Q: return {q_dim, c.n_embd};
    case Proj::K:
    case Proj::V: return {kv_dim, c.n_embd};
    case Proj::O: return {c.n_embd, q_dim};
    case Proj::Gate:
    case Proj::Up: return {c.n_ff, c.n_embd};
    case Proj::Down: return {c.n_embd, c.n_ff};
  }
  return {0, 0};
}

bool is_neutral(const nlohmann::json& v) {
  return v.is_null() || (v.is_boolean() && !v.get<bool>()) || (v.is_array() && v.empty()) ||
         (v.is_object() && v.empty()) || (v.is_string() && v.get<std::string>().empty());
}

// Which (layer, projection) pairs the configuration targets.
struct Targets {
  std::vector<std::array<bool, kNumProj>> on;  // [n_layer][proj]
};

Targets parse_targets(const nlohmann::json& cfg, int64_t n_layer, const std::string& src) {
  Targets t;
  t.on.assign(size_t(n_layer), {});
  if (!cfg.contains("target_modules") || cfg["target_modules"].is_null())
    throw_bad_input(src + ": missing field 'target_modules'");
  const nlohmann::json& tm = cfg["target_modules"];

  // layers_to_transform: null, an integer or a list of integers.
  std::set<int64_t> layers;
  bool all_layers = true;
  if (cfg.contains("layers_to_transform") && !cfg["layers_to_transform"].is_null()) {
    const nlohmann::json& lt = cfg["layers_to_transform"];
    auto add_layer = [&](const nlohmann::json& v) {
      auto i = json_as_int(v);
      if (!i || *i < 0 || *i >= n_layer)
        throw_bad_input(src + ": field 'layers_to_transform' must hold layer indices 0.." +
                        std::to_string(n_layer - 1) + ", got " + v.dump());
      layers.insert(*i);
    };
    if (lt.is_array()) {
      for (const auto& v : lt) add_layer(v);
    } else {
      add_layer(lt);
    }
    all_layers = false;
  }
  auto layer_ok = [&](int64_t l) { return all_layers || layers.count(l) > 0; };

  if (tm.is_string()) {
    const std::string pattern = tm.get<std::string>();
    if (pattern == "all-linear") {
      for (int64_t l = 0; l < n_layer; ++l)
        if (layer_ok(l)) t.on[size_t(l)].fill(true);
      return t;
    }
    // PEFT: re.fullmatch(target_modules, key); layers_to_transform does not apply to a regex.
    if (pattern.size() > kMaxRegexBytes)
      throw_bad_input(src + ": field 'target_modules' is a regular expression of " + std::to_string(pattern.size()) +
                      " bytes, more than " + std::to_string(kMaxRegexBytes));
    if (pattern.find('{') != std::string::npos)
      throw_bad_input(src + ": field 'target_modules': counted repetition ('{') in the regular expression is not supported: '" +
                      pattern + "'");
    // A backslash then a digit is a back-reference, whose number libstdc++ reads into a long
    // without an overflow check (undefined behaviour on "\8888888888888888888"; found by
    // fuzz_lora_config). Refused wherever a backslash stands right before a digit, even where an
    // escape before it would make it literal: which backslash starts an escape depends on the
    // scanner's rules ("\c" takes the next character along; found by the same fuzzer after a
    // first fix that paired the backslashes itself). Module names have neither.
    for (size_t i = 0; i + 1 < pattern.size(); ++i) {
      if (pattern[i] == '\\' && pattern[i + 1] >= '0' && pattern[i + 1] <= '9')
        throw_bad_input(src + ": field 'target_modules': back-references ('\\" + std::string(1, pattern[i + 1]) +
                        "') in the regular expression are not supported: '" + pattern + "'");
    }
    std::regex re;
    try {
      re = std::regex(pattern, kRegexFlags);
    } catch (const std::regex_error& e) {
      throw_bad_input(src + ": field 'target_modules' is not a regular expression this engine understands: '" +
                      pattern + "'");
    }
    for (const char* other : {"model.embed_tokens", "lm_head"})
      if (std::regex_match(other, re))
        throw_bad_input(src + ": field 'target_modules' matches '" + std::string(other) +
                        "': LoRA on the embedding or the LM head is not supported");
    bool any = false;
    for (int64_t l = 0; l < n_layer; ++l)
      for (int p = 0; p < kNumProj; ++p)
        if (std::regex_match(module_key(l, Proj(p)), re)) t.on[size_t(l)][size_t(p)] = any = true;
    if (!any) throw_bad_input(src + ": field 'target_modules' ('" + pattern + "') matches no projection of the model");
    return t;
  }
  if (!tm.is_array() || tm.empty())
    throw_bad_input(src + ": field 'target_modules' must be a non-empty list of module names or a string");
  for (const auto& v : tm) {
    if (!v.is_string()) throw_bad_input(src + ": field 'target_modules' must hold strings, got " + v.dump());
    const std::string name = v.get<std::string>();
    if (name == "embed_tokens" || name == "model.embed_tokens")
      throw_bad_input(src + ": target_modules: 'embed_tokens' (embedding LoRA) is not supported");
    if (name == "lm_head") throw_bad_input(src + ": target_modules: 'lm_head' (LoRA on the LM head) is not supported");
    // PEFT: key == name or key ends with "." + name.
    bool matched = false;
    for (int64_t l = 0; l < n_layer; ++l)
      for (int p = 0; p < kNumProj; ++p) {
        const std::string key = module_key(l, Proj(p));
        if (key == name || (key.size() > name.size() && key.compare(key.size() - name.size(), name.size(), name) == 0 &&
                            key[key.size() - name.size() - 1] == '.')) {
          matched = true;
          if (layer_ok(l)) t.on[size_t(l)][size_t(p)] = true;
        }
      }
    if (!matched)
      throw_bad_input(src + ": target_modules: unknown target '" + name +
                      "' (supported: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)");
  }
  return t;
}

void check_config_fields(const nlohmann::json& cfg, const std::string& src) {
  static const std::set<std::string> kRead = {"peft_type", "r", "lora_alpha", "use_rslora", "target_modules",
                                              "layers_to_transform", "bias", "fan_in_fan_out",
                                              "base_model_name_or_path", "layers_pattern"};
  static const std::set<std::string> kIgnored = {"task_type", "inference_mode", "lora_dropout", "init_lora_weights",
                                                 "revision", "auto_mapping", "loftq_config", "megatron_config",
                                                 "megatron_core", "runtime_config", "peft_version"};
  static const std::map<std::string, std::string> kRefused = {
      {"use_dora", "DoRA (use_dora) is not supported"},
      {"modules_to_save", "modules_to_save (fully trained extra modules) is not supported"},
      {"rank_pattern", "per-module ranks (rank_pattern) are not supported"},
      {"alpha_pattern", "per-module alphas (alpha_pattern) are not supported"},
      {"layer_replication", "layer_replication is not supported"},
      {"exclude_modules", "exclude_modules is not supported"},
      {"lora_bias", "LoRA bias terms (lora_bias) are not supported"},
  };
  for (auto it = cfg.begin(); it != cfg.end(); ++it) {
    const std::string& k = it.key();
    if (kRead.count(k) || kIgnored.count(k)) continue;
    if (is_neutral(it.value())) continue;
    if (auto r = kRefused.find(k); r != kRefused.end()) throw_bad_input(src + ": field '" + k + "': " + r->second);
    throw_bad_input(src + ": field '" + k + "' (" + it.value().dump() + ") is not supported by this engine");
  }
  const std::string type = json_require_string(cfg, "peft_type", src);
  if (type != "LORA") throw_bad_input(src + ": field 'peft_type' is '" + type + "', only LORA adapters are supported");
  if (auto bias = json_string(cfg, "bias", src); bias && *bias != "none")
    throw_bad_input(src + ": field 'bias' is '" + *bias + "': bias terms are not supported (only \"none\")");
  if (cfg.contains("layers_pattern") && !cfg["layers_pattern"].is_null()) {
    const auto& lp = cfg["layers_pattern"];
    const bool ok = (lp.is_string() && lp.get<std::string>() == "layers") ||
                    (lp.is_array() && lp.size() == 1 && lp[0].is_string() && lp[0].get<std::string>() == "layers");
    if (!ok) throw_bad_input(src + ": field 'layers_pattern' must be null or \"layers\", got " + lp.dump());
  }
  (void)json_bool(cfg, "fan_in_fan_out", src);  // type check only (see adapter.h)
}


// Checks one lora_A (is_b false) or lora_B tensor against the base model and stores it as
// float32 in a.layers[l][p]. `file_interleaved`: the file's q/k B rows are already in the pairwise
// RoPE order of llama.cpp's GGUF (GGUF LoRA files); PEFT files are in Hugging Face order. The base
// model's order is config.rope_interleaved (a GGUF base from llama.cpp's converter has its Q/K rows
// permuted); when the two differ, B's q/k rows are permuted the same way as the base's:
// HF row h*hd + s*hd/2 + j  <->  GGUF row h*hd + 2j + s  (s in {0, 1}, j < hd/2).
void store_tensor(Adapter& a, const ModelWeights& base, int64_t l, Proj p, bool is_b, const TensorView& t,
                  const std::string& file, const std::string& rank_source, bool file_interleaved) {
  const ModelConfig& c = base.config;
  const std::string& name = t.name;
  const TensorView* w = base_tensor(base.layers[size_t(l)], p);
  const int64_t out = w->rows(), in = w->cols();
  const std::vector<int64_t> want = is_b ? std::vector<int64_t>{out, a.rank} : std::vector<int64_t>{a.rank, in};
  if (t.shape.size() != 2 || t.shape != want) {
    // Name the rank mismatch as such when only the rank dimension differs.
    const bool rank_only = t.shape.size() == 2 && (is_b ? t.shape[0] == out : t.shape[1] == in);
    if (rank_only)
      throw_bad_input(file + ": tensor '" + name + "' has rank " + std::to_string(is_b ? t.shape[1] : t.shape[0]) +
                      " (shape " + shape_string(t.shape) + "), but " + rank_source + " " + std::to_string(a.rank) +
                      " (expected " + shape_string(want) + ")");
    throw_bad_input(file + ": tensor '" + name + "' has shape " + shape_string(t.shape) + ", expected " +
                    shape_string(want) + " for the base model's '" + w->name + "' of shape " +
                    shape_string(w->shape) + " (an adapter for another model?)");
  }
  if (t.dtype != DType::F32 && t.dtype != DType::F16 && t.dtype != DType::BF16)
    throw_bad_input(file + ": tensor '" + name + "' must be F32, F16 or BF16");
  std::vector<float> v(size_t(t.numel()));
  dequantize_row(t.dtype, t.data, v.data(), t.numel());
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      throw_bad_input(file + ": tensor '" + name + "' holds a non-finite value (" +
                      (std::isnan(v[i]) ? "NaN" : "Inf") + ") at element " + std::to_string(i));
  if (is_b && c.rope_interleaved != file_interleaved && (p == Proj::Q || p == Proj::K)) {
    const int64_t hd = c.head_dim, half = hd / 2, n_heads = out / hd, r = a.rank;
    std::vector<float> perm(v.size());
    for (int64_t h = 0; h < n_heads; ++h)
      for (int64_t s = 0; s < 2; ++s)
        for (int64_t j = 0; j < half; ++j) {
          const int64_t hf = h * hd + s * half + j, gg = h * hd + 2 * j + s;
          const int64_t from = file_interleaved ? gg : hf, to = file_interleaved ? hf : gg;
          std::copy_n(v.data() + from * r, r, perm.data() + to * r);
        }
    v = std::move(perm);
  }
  LoraPair& pr = a.layers[size_t(l)][size_t(p)];
  pr.rank = a.rank;
  pr.in = in;
  pr.out = out;
  (is_b ? pr.b : pr.a) = std::move(v);
}

// llama.cpp's GGUF LoRA file (convert_lora_to_gguf.py): general.type "adapter", adapter.type
// "lora", adapter.lora.alpha (0 or absent: scaling 1, as llama.cpp), tensors
// blk.{i}.<attn_q|attn_k|attn_v|attn_output|ffn_gate|ffn_up|ffn_down>.weight.lora_a [r, in] and
// .lora_b [out, r] (PyTorch order), q/k B rows in the pairwise RoPE order. One rank for all.
std::shared_ptr<const Adapter> load_gguf_adapter(const std::string& path, const ModelWeights& base) {
  const ModelConfig& c = base.config;
  auto f = read_gguf(path);
  if (!f) throw ErrorException(f.error());
  const std::string type = f->get_string("general.type").value_or("");
  if (type != "adapter")
    throw_bad_input(path + ": general.type is '" + type + "', not 'adapter': this GGUF is not a LoRA adapter");
  const std::string atype = f->get_string("adapter.type").value_or("");
  if (atype != "lora") throw_bad_input(path + ": adapter.type is '" + atype + "', only 'lora' is supported");
  const std::string arch = f->get_string("general.architecture").value_or("");
  if (arch != "llama" && arch != "mistral")
    throw_bad_input(path + ": general.architecture is '" + arch + "', expected llama or mistral");

  auto a = std::make_shared<Adapter>();
  a->path = path;
  {
    const size_t slash = path.find_last_of('/');
    a->name = slash == std::string::npos ? path : path.substr(slash + 1);
  }
  a->base_model = f->get_string("general.name").value_or("");
  a->layers.assign(size_t(c.n_layer), {});
  struct Found {
    int64_t layer;
    Proj proj;
    bool is_b;
    const TensorView* t;
  };
  std::vector<Found> found;
  for (const TensorView& t : f->tensors) {
    const std::string who = path + ": tensor '" + t.name + "'";
    const bool is_a = t.name.size() > 7 && t.name.compare(t.name.size() - 7, 7, ".lora_a") == 0;
    const bool is_b = t.name.size() > 7 && t.name.compare(t.name.size() - 7, 7, ".lora_b") == 0;
    if (!is_a && !is_b) throw_bad_input(who + " is not a lora_a or lora_b tensor");
    const std::string stem = t.name.substr(0, t.name.size() - 7);
    if (stem == "token_embd.weight") throw_bad_input(who + ": embedding LoRA is not supported");
    if (stem == "output.weight") throw_bad_input(who + ": LoRA on the LM head is not supported");
    const std::string hf = hf_name_from_gguf(stem);
    bool ok = false;
    for (int64_t l = 0; l < c.n_layer && !ok; ++l)
      for (int p = 0; p < kNumProj && !ok; ++p)
        if (hf == module_key(l, Proj(p)) + ".weight") {
          found.push_back({l, Proj(p), is_b, &t});
          ok = true;
        }
    if (!ok) throw_bad_input(who + " is not the LoRA of a projection of this model (layers 0.." +
                             std::to_string(c.n_layer - 1) + ")");
  }
  if (found.empty()) throw_bad_input(path + ": no LoRA tensors");
  // The rank: the first lora_a's rows.
  for (const Found& x : found)
    if (!x.is_b) {
      a->rank = x.t->shape.empty() ? 0 : x.t->shape[0];
      break;
    }
  if (a->rank < 1 || a->rank > kMaxRank) throw_bad_input(path + ": cannot tell the rank from the lora_a tensors");
  const double alpha = f->get_float("adapter.lora.alpha").value_or(0.0);
  if (!std::isfinite(alpha)) throw_bad_input(path + ": adapter.lora.alpha must be finite");
  a->alpha = alpha;
  a->scaling = alpha != 0 ? float(alpha / double(a->rank)) : 1.0f;
  for (const Found& x : found)
    store_tensor(*a, base, x.layer, x.proj, x.is_b, *x.t, path, "the first lora_a tensor has rank", true);
  // Both halves of every pair.
  for (int64_t l = 0; l < c.n_layer; ++l)
    for (int p = 0; p < kNumProj; ++p) {
      const LoraPair& pr = a->layers[size_t(l)][size_t(p)];
      if (pr.a.empty() != pr.b.empty()) {
        const std::string gname = "blk." + std::to_string(l) + "." + kGgufProj[p] + ".weight";
        throw_bad_input(path + ": missing tensor '" + gname + (pr.a.empty() ? ".lora_a'" : ".lora_b'"));
      }
    }
  return a;
}
}  // namespace

const char* proj_name(Proj p) { return kProjNames[int(p)]; }
const char* proj_block(Proj p) { return int(p) < int(Proj::Gate) ? "self_attn" : "mlp"; }

std::vector<std::string> Adapter::targets() const {
  std::vector<std::string> out;
  for (int p = 0; p < kNumProj; ++p)
    for (const auto& l : layers)
      if (!l[size_t(p)].empty()) {
        out.emplace_back(proj_name(Proj(p)));
        break;
      }
  return out;
}

uint64_t Adapter::bytes() const {
  uint64_t n = 0;
  for (const auto& l : layers)
    for (const LoraPair& pr : l) n += (pr.a.size() + pr.b.size()) * sizeof(float);
  return n;
}

bool Adapter::fits(const ModelConfig& c) const {
  if (int64_t(layers.size()) != c.n_layer) return false;
  for (const auto& l : layers)
    for (int p = 0; p < kNumProj; ++p) {
      const LoraPair& pr = l[size_t(p)];
      if (pr.empty()) continue;
      const auto [out, in] = proj_dims(c, Proj(p));
      if (pr.in != in || pr.out != out) return false;
    }
  return true;
}

Expected<std::shared_ptr<const Adapter>> load_adapter(const std::string& dir, const ModelWeights& base) {
  return try_call([&]() -> std::shared_ptr<const Adapter> {
    const ModelConfig& c = base.config;
    if (dir.size() > 5 && dir.compare(dir.size() - 5, 5, ".gguf") == 0) return load_gguf_adapter(dir, base);
    const std::string cfg_path = dir + "/adapter_config.json";
    auto text = read_text_file(cfg_path, kMaxConfigBytes);
    if (!text) throw ErrorException(text.error());
    auto parsed = parse_json(*text, cfg_path);
    if (!parsed) throw ErrorException(parsed.error());
    const nlohmann::json& cfg = *parsed;
    if (!cfg.is_object()) throw_bad_input(cfg_path + ": not a JSON object");
    check_config_fields(cfg, cfg_path);

    auto a = std::make_shared<Adapter>();
    a->path = dir;
    {
      std::string d = dir;
      while (d.size() > 1 && d.back() == '/') d.pop_back();
      const size_t slash = d.find_last_of('/');
      a->name = slash == std::string::npos ? d : d.substr(slash + 1);
    }
    a->base_model = json_string(cfg, "base_model_name_or_path", cfg_path).value_or("");
    a->rank = json_require_int(cfg, "r", cfg_path);
    if (a->rank < 1 || a->rank > kMaxRank)
      throw_bad_input(cfg_path + ": field 'r' must be in 1.." + std::to_string(kMaxRank) + ", got " +
                      std::to_string(a->rank));
    a->alpha = json_number(cfg, "lora_alpha", cfg_path).value_or(8.0);
    if (!std::isfinite(a->alpha)) throw_bad_input(cfg_path + ": field 'lora_alpha' must be finite");
    a->use_rslora = json_bool(cfg, "use_rslora", cfg_path).value_or(false);
    a->scaling = float(a->use_rslora ? a->alpha / std::sqrt(double(a->rank)) : a->alpha / double(a->rank));
    const Targets targets = parse_targets(cfg, c.n_layer, cfg_path);

    const std::string st_path = dir + "/adapter_model.safetensors";
    auto file = read_safetensors(st_path);
    if (!file) throw ErrorException(file.error());
    const std::vector<TensorView>& tensors = file->tensors;

    // Every tensor must be the A or B of a targeted projection.
    std::map<std::string, std::pair<int64_t, int>> expected;  // tensor name -> (layer, proj * 2 + is_b)
    for (int64_t l = 0; l < c.n_layer; ++l)
      for (int p = 0; p < kNumProj; ++p)
        if (targets.on[size_t(l)][size_t(p)]) {
          const std::string stem = "base_model.model." + module_key(l, Proj(p));
          expected[stem + ".lora_A.weight"] = {l, p * 2};
          expected[stem + ".lora_B.weight"] = {l, p * 2 + 1};
        }
    for (const TensorView& t : tensors) {
      if (expected.count(t.name)) continue;
      const std::string who = st_path + ": tensor '" + t.name + "'";
      if (t.name.find("lora_magnitude_vector") != std::string::npos)
        throw_bad_input(who + " is a DoRA magnitude vector: DoRA is not supported");
      if (t.name.find("lora_embedding") != std::string::npos)
        throw_bad_input(who + ": embedding LoRA is not supported");
      if (t.name.size() >= 5 && t.name.compare(t.name.size() - 5, 5, ".bias") == 0)
        throw_bad_input(who + ": bias terms are not supported");
      throw_bad_input(who + " is not the lora_A or lora_B weight of a projection targeted by adapter_config.json");
    }

    a->layers.assign(size_t(c.n_layer), {});
    for (const auto& [name, where] : expected) {
      const auto [l, code] = where;
      const TensorView* t = find_tensor(tensors, name);
      if (!t) throw_bad_input(st_path + ": missing tensor '" + name + "' (the projection is in target_modules)");
      store_tensor(*a, base, l, Proj(code / 2), code % 2 == 1, *t, st_path, "adapter_config.json says r =",
                   /*file_interleaved=*/false);
    }
    return a;
  });
}

Status AdapterSet::add(std::shared_ptr<const Adapter> adapter, float scale, bool enabled) {
  if (!adapter) return Error{ErrorKind::Internal, "AdapterSet::add: no adapter"};
  if (!(scale >= 0 && scale <= kMaxScale))
    return Error{ErrorKind::BadInput, "adapter '" + adapter->name + "': scale " + std::to_string(scale) +
                                          " is outside [0, 2]"};
  entries_.push_back({std::move(adapter), scale, enabled});
  return {};
}

Status AdapterSet::set_scale(size_t i, float scale) {
  if (i >= entries_.size()) return Error{ErrorKind::Internal, "AdapterSet::set_scale: no entry " + std::to_string(i)};
  if (!(scale >= 0 && scale <= kMaxScale))
    return Error{ErrorKind::BadInput, "scale " + std::to_string(scale) + " is outside [0, 2]"};
  entries_[i].scale = scale;
  return {};
}

bool AdapterSet::active() const {
  for (const Entry& e : entries_)
    if (e.enabled && e.scale != 0) return true;
  return false;
}

bool AdapterSet::fits(const ModelConfig& c) const {
  for (const Entry& e : entries_)
    if (!e.adapter->fits(c)) return false;
  return true;
}

}  // namespace tramontane::lora
