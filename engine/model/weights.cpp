#include "engine/model/weights.h"

#include <unordered_map>

#include "engine/core/checked_math.h"

namespace tramontane {

namespace {

class Binder {
 public:
  Binder(const std::vector<TensorView>& tensors, const std::string& source) : source_(source) {
    for (const auto& t : tensors)
      if (!by_name_.emplace(t.name, &t).second) fail("tensor '" + t.name + "' appears twice");
  }

  bool has(const std::string& name) const { return by_name_.count(name) > 0; }

  // The tensor `name` with exactly `shape`; norm vectors must be a float type.
  const TensorView* get(const std::string& name, const std::vector<int64_t>& shape, bool float_only = false) const {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) fail("tensor '" + name + "' is missing");
    const TensorView* t = it->second;
    if (t->shape != shape)
      fail("tensor '" + name + "' has shape " + shape_string(t->shape) + ", expected " + shape_string(shape));
    if (float_only && t->dtype != DType::F32 && t->dtype != DType::F16 && t->dtype != DType::BF16)
      fail("tensor '" + name + "' is " + std::string(dtype_name(t->dtype)) + ", expected F32, F16 or BF16");
    // Bytes: rows * row_bytes(cols); a quantized row needs cols to be a multiple of the block size.
    const int64_t cols = shape.back();
    int64_t rows = 1;
    for (size_t i = 0; i + 1 < shape.size(); ++i) rows *= shape[i];
    auto row_bytes = dtype_row_bytes(t->dtype, uint64_t(cols));
    if (!row_bytes)
      fail("tensor '" + name + "': " + std::to_string(cols) + " columns is not a whole number of " +
           std::string(dtype_name(t->dtype)) + " blocks");
    auto bytes = checked_mul(*row_bytes, uint64_t(rows));
    if (!bytes || *bytes != t->nbytes || (t->nbytes > 0 && t->data == nullptr))
      fail("tensor '" + name + "' holds " + std::to_string(t->nbytes) + " bytes, " +
           std::string(dtype_name(t->dtype)) + " " + shape_string(shape) + " needs " +
           (bytes ? std::to_string(*bytes) : std::string("more than 2^64")));
    return t;
  }

  [[noreturn]] void fail(const std::string& what) const { throw_bad_input(source_ + ": " + what); }

 private:
  const std::string& source_;
  std::unordered_map<std::string, const TensorView*> by_name_;
};

ModelWeights bind(const ModelConfig& c, const std::vector<TensorView>& tensors, const std::string& source) {
  if (auto ok = c.validate(source); !ok) throw ErrorException(ok.error());
  Binder b(tensors, source);
  const int64_t q_dim = c.n_head * c.head_dim, kv_dim = c.n_head_kv * c.head_dim;

  ModelWeights w;
  w.config = c;
  w.tok_embd = b.get("model.embed_tokens.weight", {c.n_vocab, c.n_embd});
  w.out_norm = b.get("model.norm.weight", {c.n_embd}, true);
  if (c.tie_embeddings) {
    w.lm_head = w.tok_embd;
  } else {
    if (!b.has("lm_head.weight"))
      b.fail("tensor 'lm_head.weight' is missing (and tie_word_embeddings is false)");
    w.lm_head = b.get("lm_head.weight", {c.n_vocab, c.n_embd});
  }
  w.layers.resize(size_t(c.n_layer));
  for (int64_t i = 0; i < c.n_layer; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    LayerWeights& l = w.layers[size_t(i)];
    l.attn_norm = b.get(p + "input_layernorm.weight", {c.n_embd}, true);
    l.wq = b.get(p + "self_attn.q_proj.weight", {q_dim, c.n_embd});
    l.wk = b.get(p + "self_attn.k_proj.weight", {kv_dim, c.n_embd});
    l.wv = b.get(p + "self_attn.v_proj.weight", {kv_dim, c.n_embd});
    l.wo = b.get(p + "self_attn.o_proj.weight", {c.n_embd, q_dim});
    l.ffn_norm = b.get(p + "post_attention_layernorm.weight", {c.n_embd}, true);
    l.w_gate = b.get(p + "mlp.gate_proj.weight", {c.n_ff, c.n_embd});
    l.w_up = b.get(p + "mlp.up_proj.weight", {c.n_ff, c.n_embd});
    l.w_down = b.get(p + "mlp.down_proj.weight", {c.n_embd, c.n_ff});
  }
  return w;
}

}  // namespace

Expected<ModelWeights> bind_weights(const ModelConfig& config, const std::vector<TensorView>& tensors,
                                    const std::string& source) {
  return try_call([&] { return bind(config, tensors, source); });
}

}  // namespace tramontane
