#include "engine/backend/cuda/cuda_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "engine/backend/cpu/ops.h"
#include "engine/core/quant.h"

namespace tramontane::cuda {

namespace {

constexpr int64_t kMaxChunk = 512;
constexpr int64_t kDefaultMaxContext = 8192;

static_assert(int(kernels::WType::Q6_K) == int(DType::Q6_K) && int(kernels::WType::F16) == int(DType::F16) &&
                  int(kernels::WType::Q4_1) == int(DType::Q4_1),
              "kernels::WType must mirror DType");

kernels::WType wtype(DType t) { return kernels::WType(int(t)); }

double gib(uint64_t b) { return double(b) / double(1ull << 30); }

// What every call of a model says after a CUDA error left its device unusable.
Error device_failed() { return Error{ErrorKind::Internal, "cuda: the device failed earlier; reload the model"}; }

std::vector<float> widen(const TensorView& t) {
  std::vector<float> out(static_cast<size_t>(t.numel()));
  dequantize_row(t.dtype, t.data, out.data(), t.numel());
  return out;
}

}  // namespace

// Activations of one chunk of up to `rows` rows, and the pinned staging of the small copies.
struct CudaModel::Buffers {
  int64_t rows = 0;
  DeviceBuffer x, xb, delta, q, k, v, att, gate, up, logits;  // float32 [rows, ...]
  DeviceBuffer x16, w16;                                       // 16-bit scratch for cuBLAS
  DeviceBuffer tokens, pos, argmax;                            // int32 [rows], [1], [1]
  DeviceBuffer attn_work;                                      // split-KV partials
  int32_t* host = nullptr;                                     // pinned: [rows] tokens, pos, argmax
  ~Buffers() { kernels::free_host(host); }
};

CudaCache::~CudaCache() { kernels::graph_destroy(graph_); }

CudaModel::CudaModel(const ModelWeights& w) : w_(w) {}

CudaModel::~CudaModel() {
  buf_.reset();
  weights_.clear();
  attn_norm_.clear();
  ffn_norm_.clear();
  out_norm_ = DeviceBuffer();
  inv_freq_ = DeviceBuffer();
  kernels::blas_destroy(blas_);
  kernels::stream_destroy(stream_);
  // After a device fault (illegal address, ...) the context stays broken for the whole process:
  // reset it so that the next CudaModel (the app's "reload") starts on a clean device. Every
  // CudaCache holds this model through its sequence, so none outlives it.
  if (failed_) kernels::device_reset();
}

int64_t CudaModel::context_limit() const {
  return w_.config.window > 0 ? w_.config.n_ctx_max : std::min(w_.config.n_ctx_max, slots_);
}

Expected<std::unique_ptr<CudaModel>> CudaModel::create(const ModelWeights& weights, const CudaOptions& options) {
  return try_call([&] {
    if (kernels::device_count() <= options.device)
      throw_error(ErrorKind::Resource, "no CUDA device " + std::to_string(options.device) + " found");
    std::unique_ptr<CudaModel> m(new CudaModel(weights));
    m->init(options);
    return m;
  });
}

void CudaModel::init(const CudaOptions& o) {
  const ModelConfig& c = w_.config;
  kernels::DeviceInfo info{};
  TRAMONTANE_CUDA_CHECK(kernels::device_info(o.device, &info), "selecting device " + std::to_string(o.device));
  device_name_ = info.name;
  graphs_ = o.graphs;
  chunk_ = o.chunk_size > 0 ? o.chunk_size : (c.window > 0 ? std::min(c.window, kMaxChunk) : kMaxChunk);
  slots_ = c.window > 0 ? c.window : std::min(c.n_ctx_max, o.max_context > 0 ? o.max_context : kDefaultMaxContext);
  max_splits_ = std::clamp<int64_t>((2 * info.multiprocessors + c.n_head_kv - 1) / c.n_head_kv, 1, 128);

  // Every distinct matrix (lm_head may be tok_embd).
  std::vector<const TensorView*> mats = {w_.tok_embd};
  if (w_.lm_head != w_.tok_embd) mats.push_back(w_.lm_head);
  for (const LayerWeights& l : w_.layers)
    for (const TensorView* t : {l.wq, l.wk, l.wv, l.wo, l.w_gate, l.w_up, l.w_down}) mats.push_back(t);
  uint64_t w16_elems = 0;
  for (const TensorView* t : mats) {
    weight_bytes_ += t->nbytes;
    // The LM head never goes through cuBLAS (head_matmul), so its float16 copy is never needed.
    if (dtype_is_quantized(t->dtype) && t != w_.tok_embd && t != w_.lm_head)
      w16_elems = std::max<uint64_t>(w16_elems, uint64_t(t->numel()));
  }
  weight_bytes_ += uint64_t(2 * c.n_layer + 1) * uint64_t(c.n_embd) * 4;

  const int64_t R = chunk_, q_dim = c.n_head * c.head_dim, kv_dim = c.n_head_kv * c.head_dim;
  const int64_t widest = std::max({c.n_embd, c.n_ff, q_dim});
  const uint64_t f = 4;
  const uint64_t act = f * uint64_t(R) * uint64_t(3 * c.n_embd + 2 * q_dim + 2 * kv_dim + 2 * c.n_ff + c.n_vocab);
  const uint64_t scratch16 = R > kernels::kGemvMaxTokens ? 2 * uint64_t(R) * uint64_t(widest) + 2 * w16_elems : 0;
  const uint64_t attn = f * uint64_t(kernels::attention_decode_work_floats(int(c.n_head), int(c.head_dim), int(max_splits_)));
  workspace_bytes_ = act + scratch16 + attn + 4 * uint64_t(R + 2) + (32ull << 20) /* cuBLAS */;
  const uint64_t ring = 2ull * uint64_t(c.n_layer) * uint64_t(slots_) * uint64_t(kv_dim) * f;
  const uint64_t need = weight_bytes_ + workspace_bytes_ + ring;
  if (need + (256ull << 20) > info.free_bytes) {
    char msg[512];
    std::snprintf(msg, sizeof msg,
                  "the model needs %.2f GiB on %s (weights %.2f, workspace %.2f, KV ring %.2f), %.2f GiB free",
                  gib(need), info.name, gib(weight_bytes_), gib(workspace_bytes_), gib(ring), gib(info.free_bytes));
    throw_error(ErrorKind::Resource, msg);
  }

  TRAMONTANE_CUDA_CHECK(kernels::stream_create(&stream_), "creating a stream");
  TRAMONTANE_CUDA_CHECK(kernels::blas_create(&blas_, stream_), "creating the cuBLAS handle");
  for (const TensorView* t : mats) {
    DeviceBuffer b(t->nbytes, "tensor '" + t->name + "'");
    b.upload(t->data, t->nbytes);
    weights_.emplace_back(t, std::move(b));
  }
  auto upload_f32 = [](const std::vector<float>& v, const std::string& what) {
    DeviceBuffer b(v.size() * sizeof(float), what);
    b.upload(v);
    return b;
  };
  for (const LayerWeights& l : w_.layers) {
    attn_norm_.push_back(upload_f32(widen(*l.attn_norm), l.attn_norm->name));
    ffn_norm_.push_back(upload_f32(widen(*l.ffn_norm), l.ffn_norm->name));
  }
  out_norm_ = upload_f32(widen(*w_.out_norm), w_.out_norm->name);
  inv_freq_ = upload_f32(cpu::rope_inv_freq(c.rope_theta, c.head_dim), "RoPE frequencies");

  buf_ = std::make_unique<Buffers>();
  Buffers& b = *buf_;
  b.rows = R;
  auto fbuf = [&](int64_t cols, const char* what) { return DeviceBuffer(size_t(R * cols) * 4, what); };
  b.x = fbuf(c.n_embd, "activations");
  b.xb = fbuf(c.n_embd, "activations");
  b.delta = fbuf(c.n_embd, "activations");
  b.q = fbuf(q_dim, "queries");
  b.k = fbuf(kv_dim, "keys");
  b.v = fbuf(kv_dim, "values");
  b.att = fbuf(q_dim, "attention output");
  b.gate = fbuf(c.n_ff, "MLP activations");
  b.up = fbuf(c.n_ff, "MLP activations");
  b.logits = fbuf(c.n_vocab, "logits");
  if (R > kernels::kGemvMaxTokens) {
    b.x16 = DeviceBuffer(size_t(R * widest) * 2, "16-bit activations");
    if (w16_elems) b.w16 = DeviceBuffer(size_t(w16_elems) * 2, "16-bit weight scratch");
  }
  b.tokens = DeviceBuffer(size_t(R) * 4, "token ids");
  b.pos = DeviceBuffer(4, "position");
  b.argmax = DeviceBuffer(4, "argmax");
  b.attn_work = DeviceBuffer(size_t(attn) + 4, "attention partials");
  void* host = nullptr;
  TRAMONTANE_CUDA_CHECK(kernels::malloc_host(&host, size_t(R + 2) * 4), "pinned staging");
  b.host = static_cast<int32_t*>(host);
}

std::string CudaModel::describe() const {
  const ModelConfig& c = w_.config;
  const uint64_t ring = 2ull * uint64_t(c.n_layer) * uint64_t(slots_) * uint64_t(c.n_head_kv * c.head_dim) * 4;
  char s[512];
  std::snprintf(s, sizeof s, "%s: weights %.2f GiB, workspace %.2f GiB, KV ring %.2f GiB per sequence (%lld slots)",
                device_name_.c_str(), gib(weight_bytes_), gib(workspace_bytes_), gib(ring), (long long)slots_);
  return s;
}

const void* CudaModel::dev(const TensorView* t) const {
  for (const auto& [view, b] : weights_)
    if (view == t) return b.get();
  throw_error(ErrorKind::Internal, "cuda: tensor '" + t->name + "' was not uploaded");
}

Expected<std::unique_ptr<CudaCache>> CudaModel::new_cache() {
  if (failed_) return device_failed();
  return try_call([&] {
    const ModelConfig& c = w_.config;
    std::unique_ptr<CudaCache> cache(new CudaCache);
    cache->slots_ = slots_;
    const size_t bytes = size_t(c.n_layer * slots_ * c.n_head_kv * c.head_dim) * 4;
    cache->k_ = DeviceBuffer(bytes, "the KV cache");
    cache->v_ = DeviceBuffer(bytes, "the KV cache");
    return cache;
  });
}

void CudaModel::matmul(const TensorView* w, const float* x, int64_t n, float* y) {
  const int64_t rows = w->rows(), cols = w->cols();
  if (n <= kernels::kGemvMaxTokens) {
    TRAMONTANE_CUDA_CHECK(kernels::gemv(wtype(w->dtype), dev(w), rows, cols, x, n, y, stream_), "gemv " + w->name);
  } else {
    TRAMONTANE_CUDA_CHECK(kernels::gemm(blas_, wtype(w->dtype), dev(w), rows, cols, x, n, y, buf_->x16.get(),
                                        buf_->w16.get(), stream_),
                          "gemm " + w->name);
  }
}

// The LM head: cuBLAS for 16-bit and float32 weights; quantized heads (n_vocab x n_embd, the
// largest matrix) in GEMV groups of kGemvMaxTokens rows, which needs no float16 copy of it. Only
// Logits::All asks for more than one row.
void CudaModel::head_matmul(const float* x, int64_t n, float* y) {
  const TensorView* h = w_.lm_head;
  if (!dtype_is_quantized(h->dtype) || n <= kernels::kGemvMaxTokens) return matmul(h, x, n, y);
  for (int64_t i = 0; i < n; i += kernels::kGemvMaxTokens) {
    const int64_t m = std::min<int64_t>(kernels::kGemvMaxTokens, n - i);
    TRAMONTANE_CUDA_CHECK(kernels::gemv(wtype(h->dtype), dev(h), h->rows(), h->cols(), x + i * h->cols(), m,
                                        y + i * h->rows(), stream_),
                          "gemv " + h->name);
  }
}

void CudaModel::enqueue_step(CudaCache& cache, int64_t n, int64_t out_first, bool want_argmax) {
  const ModelConfig& c = w_.config;
  Buffers& b = *buf_;
  const int64_t kv_dim = c.n_head_kv * c.head_dim, E = c.n_embd;
  const int32_t* pos = b.pos.as<int32_t>();
  const uint64_t layer_floats = uint64_t(slots_) * uint64_t(kv_dim);
  float *x = b.x.as<float>(), *xb = b.xb.as<float>(), *delta = b.delta.as<float>();

  TRAMONTANE_CUDA_CHECK(kernels::dequant_rows(wtype(w_.tok_embd->dtype), dev(w_.tok_embd), E, b.tokens.as<int32_t>(),
                                              n, x, false, stream_),
                        "embedding");
  for (int64_t l = 0; l < c.n_layer; ++l) {
    const LayerWeights& lw = w_.layers[size_t(l)];
    float* k_ring = cache.k_.as<float>() + uint64_t(l) * layer_floats;
    float* v_ring = cache.v_.as<float>() + uint64_t(l) * layer_floats;
    if (l == 0)
      TRAMONTANE_CUDA_CHECK(kernels::rmsnorm(x, attn_norm_[0].as<float>(), n, E, c.rms_eps, xb, stream_), "rmsnorm");
    else
      TRAMONTANE_CUDA_CHECK(kernels::add_rmsnorm(x, delta, attn_norm_[size_t(l)].as<float>(), n, E, c.rms_eps, xb, stream_),
                            "add_rmsnorm");
    matmul(lw.wq, xb, n, b.q.as<float>());
    matmul(lw.wk, xb, n, b.k.as<float>());
    matmul(lw.wv, xb, n, b.v.as<float>());
    const bool decode = n == 1;
    // Decode writes its key first (the slot it overwrites, position p - W, is outside p's window);
    // a longer chunk attends over the ring as it was, then writes (see kv_cache.h).
    TRAMONTANE_CUDA_CHECK(kernels::rope_qk(b.q.as<float>(), b.k.as<float>(), b.v.as<float>(), pos, n, int(c.n_head),
                                           int(c.n_head_kv), int(c.head_dim), inv_freq_.as<float>(), c.rope_interleaved,
                                           decode ? k_ring : nullptr, decode ? v_ring : nullptr, slots_, c.window,
                                           stream_),
                          "rope");
    if (decode) {
      TRAMONTANE_CUDA_CHECK(kernels::attention_decode(b.q.as<float>(), k_ring, v_ring, slots_, pos, int(c.n_head),
                                                      int(c.n_head_kv), int(c.head_dim), b.att.as<float>(),
                                                      b.attn_work.as<float>(), int(max_splits_), stream_),
                            "attention (decode)");
    } else {
      TRAMONTANE_CUDA_CHECK(kernels::attention_prefill(b.q.as<float>(), k_ring, v_ring, slots_, b.k.as<float>(),
                                                       b.v.as<float>(), pos, n, int(c.n_head), int(c.n_head_kv),
                                                       int(c.head_dim), c.window, b.att.as<float>(), stream_),
                            "attention (prefill)");
      TRAMONTANE_CUDA_CHECK(kernels::kv_store(b.k.as<float>(), b.v.as<float>(), pos, n, int(kv_dim), k_ring, v_ring,
                                              slots_, c.window, stream_),
                            "kv store");
    }
    matmul(lw.wo, b.att.as<float>(), n, delta);
    TRAMONTANE_CUDA_CHECK(kernels::add_rmsnorm(x, delta, ffn_norm_[size_t(l)].as<float>(), n, E, c.rms_eps, xb, stream_),
                          "add_rmsnorm");
    matmul(lw.w_gate, xb, n, b.gate.as<float>());
    matmul(lw.w_up, xb, n, b.up.as<float>());
    TRAMONTANE_CUDA_CHECK(kernels::swiglu(b.gate.as<float>(), b.up.as<float>(), n * c.n_ff, stream_), "swiglu");
    matmul(lw.w_down, b.gate.as<float>(), n, delta);
  }
  if (out_first >= n) return;
  // Final norm and LM head for the wanted rows only.
  const int64_t m = n - out_first;
  TRAMONTANE_CUDA_CHECK(kernels::add_rmsnorm(x + out_first * E, delta + out_first * E, out_norm_.as<float>(), m, E,
                                             c.rms_eps, xb, stream_),
                        "final norm");
  head_matmul(xb, m, b.logits.as<float>());
  if (want_argmax)
    TRAMONTANE_CUDA_CHECK(kernels::argmax(b.logits.as<float>() + (m - 1) * c.n_vocab, c.n_vocab, b.argmax.as<int32_t>(),
                                          stream_),
                          "argmax");
}

void CudaModel::run_chunk(CudaCache& cache, const int32_t* tokens, int64_t n, int64_t out_first, bool want_argmax) {
  Buffers& b = *buf_;
  std::memcpy(b.host, tokens, size_t(n) * 4);
  b.host[b.rows] = int32_t(cache.n_past_);
  TRAMONTANE_CUDA_CHECK(kernels::memcpy_h2d(b.tokens.get(), b.host, size_t(n) * 4, stream_), "token upload");
  TRAMONTANE_CUDA_CHECK(kernels::memcpy_h2d(b.pos.get(), b.host + b.rows, 4, stream_), "position upload");
  // The decode graph computes the logits row and its argmax; captured once per cache.
  if (n == 1 && graphs_ && out_first == 0) {
    if (!cache.graph_) {
      TRAMONTANE_CUDA_CHECK(kernels::graph_begin(stream_), "graph capture");
      try {
        enqueue_step(cache, 1, 0, true);
      } catch (...) {
        kernels::Graph g = nullptr;
        kernels::graph_end(stream_, &g);
        kernels::graph_destroy(g);
        throw;
      }
      TRAMONTANE_CUDA_CHECK(kernels::graph_end(stream_, &cache.graph_), "graph capture");
    }
    TRAMONTANE_CUDA_CHECK(kernels::graph_launch(cache.graph_, stream_), "graph launch");
  } else {
    enqueue_step(cache, n, out_first, want_argmax);
  }
}

Status CudaModel::check_tokens(const CudaCache& cache, const int32_t* tokens, int64_t n) const {
  const ModelConfig& c = w_.config;
  for (int64_t i = 0; i < n; ++i)
    if (tokens[i] < 0 || tokens[i] >= c.n_vocab)
      return Error{ErrorKind::BadInput, "token id " + std::to_string(tokens[i]) + " at index " + std::to_string(i) +
                                            " is outside the vocabulary (0.." + std::to_string(c.n_vocab - 1) + ")"};
  if (c.window == 0 && cache.n_past_ + n > slots_)
    return Error{ErrorKind::BadInput, "prompt of " + std::to_string(cache.n_past_ + n) +
                                          " tokens exceeds the context limit of " + std::to_string(slots_) +
                                          " tokens" + (slots_ < c.n_ctx_max ? " (the CUDA cache size)" : "")};
  if (cache.n_past_ + n > INT32_MAX) return Error{ErrorKind::BadInput, "position past 2^31"};
  return {};
}

Status CudaModel::forward(CudaCache& cache, const int32_t* tokens, int64_t n, float* logits, Logits which) {
  if (failed_) return device_failed();
  if (n < 0 || (n > 0 && !tokens) || (which != Logits::None && n > 0 && !logits))
    return Error{ErrorKind::Internal, "forward: missing tokens or logits buffer"};
  if (which == Logits::Last && n == 0)
    return Error{ErrorKind::BadInput, "no tokens: there is no last token to give logits for"};
  if (auto st = check_tokens(cache, tokens, n); !st) return st;
  auto r = try_call([&] {
    const int64_t V = w_.config.n_vocab;
    for (int64_t done = 0; done < n;) {
      const int64_t m = std::min(chunk_, n - done);
      const bool last = done + m == n;
      int64_t out_first = m;  // no logits
      float* dst = nullptr;
      if (which == Logits::All) {
        out_first = 0;
        dst = logits + done * V;
      } else if (which == Logits::Last && last) {
        out_first = m - 1;
        dst = logits;
      }
      run_chunk(cache, tokens + done, m, out_first, false);
      if (dst)
        TRAMONTANE_CUDA_CHECK(kernels::memcpy_d2h(dst, buf_->logits.get(), size_t((m - out_first) * V) * 4, stream_),
                              "logits download");
      TRAMONTANE_CUDA_CHECK(kernels::stream_sync(stream_), "forward");
      cache.n_past_ += m;
      done += m;
    }
  });
  if (!r) {
    failed_ = r.error().kind == ErrorKind::Internal;
    cache.clear();
    return r.error();
  }
  return {};
}

Expected<int32_t> CudaModel::decode_greedy(CudaCache& cache, int32_t token) {
  if (failed_) return device_failed();
  if (auto st = check_tokens(cache, &token, 1); !st) return st.error();
  auto r = try_call([&] {
    run_chunk(cache, &token, 1, 0, true);
    TRAMONTANE_CUDA_CHECK(kernels::memcpy_d2h(buf_->host + buf_->rows + 1, buf_->argmax.get(), 4, stream_), "argmax");
    TRAMONTANE_CUDA_CHECK(kernels::stream_sync(stream_), "decode");
    cache.n_past_ += 1;
    return buf_->host[buf_->rows + 1];
  });
  if (!r) {
    failed_ = r.error().kind == ErrorKind::Internal;
    cache.clear();
  }
  return r;
}

}  // namespace tramontane::cuda
