#include "engine/model/synthetic.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <random>

#include "engine/core/dtype.h"
#include "engine/core/quant.h"

namespace tramontane {

namespace {

// Overwrites the float16 scale fields of every block with finite random scales; the quant
// bytes stay random (any bit pattern of them is valid).
void fix_scales(DType t, uint8_t* data, uint64_t n_blocks, std::mt19937_64& gen, const RandomRowsOptions& o) {
  std::uniform_real_distribution<float> scale(o.scale_lo, o.scale_hi);
  const uint64_t size = uint64_t(dtype_type_size(t));
  auto put = [&](uint8_t* p) {
    const float v = scale(gen);
    const uint16_t h = f32_to_fp16(o.signed_scales && (gen() & 1) ? -v : v);
    std::memcpy(p, &h, 2);
  };
  for (uint64_t b = 0; b < n_blocks; ++b) {
    uint8_t* blk = data + b * size;
    switch (t) {
      case DType::Q8_0:
      case DType::Q4_0:
        put(blk);
        break;
      case DType::Q4_1:
      case DType::Q4_K:
      case DType::Q5_K:
        put(blk);
        put(blk + 2);
        break;
      case DType::Q6_K:
        put(blk + offsetof(BlockQ6_K, d));
        break;
      default:
        break;
    }
  }
}

}  // namespace

std::vector<uint8_t> random_rows(DType t, int64_t n_rows, int64_t cols, uint64_t seed,
                                 const RandomRowsOptions& options) {
  std::mt19937_64 gen(seed);
  const uint64_t row_bytes = *dtype_row_bytes(t, uint64_t(cols));
  std::vector<uint8_t> out(row_bytes * uint64_t(n_rows));
  const uint64_t n = uint64_t(n_rows) * uint64_t(cols);
  if (t == DType::F32 || t == DType::F16 || t == DType::BF16) {
    std::normal_distribution<float> d(0.0f, options.value_sd);
    for (uint64_t i = 0; i < n; ++i) {
      const float v = d(gen);
      if (t == DType::F32) {
        std::memcpy(out.data() + 4 * i, &v, 4);
      } else {
        const uint16_t h = t == DType::F16 ? f32_to_fp16(v) : f32_to_bf16(v);
        std::memcpy(out.data() + 2 * i, &h, 2);
      }
    }
    return out;
  }
  for (size_t i = 0; i < out.size(); i += 8) {
    const uint64_t r = gen();
    std::memcpy(out.data() + i, &r, std::min<size_t>(8, out.size() - i));
  }
  fix_scales(t, out.data(), n / uint64_t(dtype_block_size(t)), gen, options);
  return out;
}

Expected<std::unique_ptr<SyntheticModel>> make_synthetic_model(const std::string& spec, uint64_t seed) {
  const size_t colon = spec.find(':');
  const std::string shape = spec.substr(0, colon), dtype = colon == std::string::npos ? "F16" : spec.substr(colon + 1);
  auto m = std::make_unique<SyntheticModel>();
  m->name = shape + ":" + dtype;
  ModelConfig& c = m->config;
  if (shape == "mistral-7b") {
    c.n_embd = 4096, c.n_ff = 14336, c.n_layer = 32, c.n_head = 32, c.n_head_kv = 8, c.head_dim = 128;
    c.n_vocab = 32000, c.window = 4096, c.n_ctx_max = 32768;
  } else if (shape == "tiny") {
    c.n_embd = 256, c.n_ff = 512, c.n_layer = 2, c.n_head = 4, c.n_head_kv = 2, c.head_dim = 64;
    c.n_vocab = 256, c.window = 16, c.n_ctx_max = 4096;
  } else {
    return Error{ErrorKind::Usage, "--synthetic: unknown shape '" + shape + "' (mistral-7b or tiny)"};
  }
  const std::optional<DType> found = dtype_from_name(dtype);
  if (!found) return Error{ErrorKind::Usage, "--synthetic: unknown dtype '" + dtype + "'"};
  const DType t = *found;
  c.rope_theta = 10000.0f;

  const int64_t q_dim = c.n_head * c.head_dim, kv_dim = c.n_head_kv * c.head_dim;
  struct Mat {
    const char* name;
    int64_t rows, cols;
  };
  const Mat layer_mats[] = {{"self_attn.q_proj", q_dim, c.n_embd},  {"self_attn.k_proj", kv_dim, c.n_embd},
                            {"self_attn.v_proj", kv_dim, c.n_embd}, {"self_attn.o_proj", c.n_embd, q_dim},
                            {"mlp.gate_proj", c.n_ff, c.n_embd},    {"mlp.up_proj", c.n_ff, c.n_embd},
                            {"mlp.down_proj", c.n_embd, c.n_ff}};
  auto store = [&](std::vector<uint8_t> bytes) -> const std::vector<uint8_t>& {
    m->storage.push_back(std::move(bytes));
    return m->storage.back();
  };
  auto view = [&](const std::string& name, DType d, std::vector<int64_t> shp, const std::vector<uint8_t>& bytes) {
    m->tensors.push_back(TensorView{name, d, std::move(shp), bytes.data(), bytes.size()});
  };
  std::vector<float> ones(size_t(c.n_embd), 1.0f);
  std::vector<uint8_t> ones_bytes(ones.size() * 4);
  std::memcpy(ones_bytes.data(), ones.data(), ones_bytes.size());
  const auto& norm = store(std::move(ones_bytes));
  const auto& embd = store(random_rows(t, c.n_vocab, c.n_embd, seed));
  const auto& head = store(random_rows(t, c.n_vocab, c.n_embd, seed + 1));
  std::vector<const std::vector<uint8_t>*> mats;
  for (size_t i = 0; i < std::size(layer_mats); ++i)
    mats.push_back(&store(random_rows(t, layer_mats[i].rows, layer_mats[i].cols, seed + 2 + i)));
  view("model.embed_tokens.weight", t, {c.n_vocab, c.n_embd}, embd);
  view("lm_head.weight", t, {c.n_vocab, c.n_embd}, head);
  view("model.norm.weight", DType::F32, {c.n_embd}, norm);
  for (int64_t l = 0; l < c.n_layer; ++l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    view(p + "input_layernorm.weight", DType::F32, {c.n_embd}, norm);
    view(p + "post_attention_layernorm.weight", DType::F32, {c.n_embd}, norm);
    for (size_t i = 0; i < std::size(layer_mats); ++i)
      view(p + layer_mats[i].name + ".weight", t, {layer_mats[i].rows, layer_mats[i].cols}, *mats[i]);
  }
  return m;
}

}  // namespace tramontane
