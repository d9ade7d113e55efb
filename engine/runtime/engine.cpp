#include "engine/runtime/engine.h"

#include "engine/backend/cpu/matmul.h"
#include "engine/lora/adapter.h"
#include "engine/model/weights.h"
#ifdef TRAMONTANE_HAVE_CUDA
#include "engine/backend/cuda/cuda_model.h"
#include "kernels/api.h"
#endif

namespace tramontane {

namespace {

bool cancelled(const std::atomic<bool>* flag) { return flag && flag->load(std::memory_order_relaxed); }

Error load_cancelled(const std::string& path) { return {ErrorKind::Cancelled, path + ": loading cancelled"}; }

}  // namespace

Expected<std::unique_ptr<Engine>> Engine::load(const std::string& path, const LoadOptions& options) {
  if (options.threads < 0) return Error{ErrorKind::Usage, "thread count must be >= 0"};
  if (cancelled(options.cancel)) return load_cancelled(path);

  // Engine is on the heap and never moves: the weights' pointers into loaded_.tensors stay valid.
  std::unique_ptr<Engine> e(new Engine());
  auto loaded = open_model(path);
  if (!loaded) return loaded.error();
  e->loaded_ = std::move(*loaded);
  if (cancelled(options.cancel)) return load_cancelled(path);

  auto tok = open_tokenizer(e->loaded_);
  if (!tok) return tok.error();
  e->tokenizer_ = std::move(*tok);
  if (cancelled(options.cancel)) return load_cancelled(path);

  auto weights = bind_weights(e->loaded_.config, e->loaded_.tensors, e->loaded_.path);
  if (!weights) return weights.error();
  auto model = Model::create(*weights);
  if (!model) return model.error();
  e->model_.emplace(std::move(*model));
  e->model_->set_chunk_size(options.chunk_size);
  if (options.threads > 0) cpu::set_num_threads(options.threads);
  if (cancelled(options.cancel)) return load_cancelled(path);
  if (options.backend != BackendKind::Cpu) {
    if (Status st = e->start_cuda(options); !st) {
      if (options.backend == BackendKind::Cuda || st.error().kind == ErrorKind::Cancelled) return st.error();
      e->backend_note_ = "running on the CPU: " + st.error().message;
    }
  }
  return e;
}

Engine::~Engine() = default;

Status Engine::start_cuda(const LoadOptions& options) {
#ifdef TRAMONTANE_HAVE_CUDA
  if (kernels::device_count() == 0) return Error{ErrorKind::Resource, "no CUDA device found"};
  auto weights = bind_weights(loaded_.config, loaded_.tensors, loaded_.path);
  if (!weights) return weights.error();
  auto m = cuda::CudaModel::create(*weights, {.chunk_size = options.chunk_size});
  if (!m) return m.error();
  cuda_ = std::move(*m);
  backend_note_ = cuda_->describe();
  return {};
#else
  (void)options;
  return Error{ErrorKind::Resource, "the CUDA backend is not available in this build: use the CPU backend"};
#endif
}

const char* Engine::backend_name() const { return cuda_ ? "cuda" : "cpu"; }

int64_t Engine::context_limit() const {
#ifdef TRAMONTANE_HAVE_CUDA
  if (cuda_) return cuda_->context_limit();
#endif
  return loaded_.config.n_ctx_max;
}

namespace {

class CpuSequence final : public Sequence {
 public:
  explicit CpuSequence(const Model& m) : model_(m), cache_(m.new_cache()) {}
  Status forward(const int32_t* tokens, int64_t n, float* logits, Logits which, bool generated) override {
    return model_.forward(cache_, tokens, n, logits, which, adapters_, probes_, generated);
  }
  int64_t n_past() const override { return cache_.n_past(); }
  uint64_t bytes() const override { return cache_.bytes(); }
  void clear() override { cache_.clear(); }

 private:
  const Model& model_;
  KvCache cache_;
};

#ifdef TRAMONTANE_HAVE_CUDA
// The device ring is allocated at the first forward and freed by clear(). The CudaModel's
// workspace is shared: sessions of one CUDA engine run one at a time (one worker thread).
class CudaSequence final : public Sequence {
 public:
  explicit CudaSequence(std::shared_ptr<cuda::CudaModel> m) : model_(std::move(m)) {}
  Status forward(const int32_t* tokens, int64_t n, float* logits, Logits which, bool /*generated*/) override {
    if (adapters_ && adapters_->active())
      return Error{ErrorKind::BadInput, "LoRA adapters are not supported on the CUDA backend yet: use the CPU backend"};
    if (!cache_) {
      auto c = model_->new_cache();
      if (!c) return c.error();
      cache_ = std::move(*c);
    }
    return model_->forward(*cache_, tokens, n, logits, which);
  }
  int64_t n_past() const override { return cache_ ? cache_->n_past() : 0; }
  uint64_t bytes() const override { return cache_ ? cache_->bytes() : 0; }
  void clear() override { cache_.reset(); }

 private:
  std::shared_ptr<cuda::CudaModel> model_;
  std::unique_ptr<cuda::CudaCache> cache_;
};
#endif

}  // namespace

std::unique_ptr<Sequence> Engine::new_sequence() const {
#ifdef TRAMONTANE_HAVE_CUDA
  if (cuda_) return std::make_unique<CudaSequence>(cuda_);
#endif
  return std::make_unique<CpuSequence>(*model_);
}

Expected<std::vector<int32_t>> build_chat_prompt(const Engine& engine, const std::vector<ChatMessage>& messages,
                                                 std::optional<ChatTemplate> forced) {
  const Tokenizer& tok = engine.tokenizer();
  return apply_chat_template(tok, forced.value_or(detect_template(tok)), messages);
}

}  // namespace tramontane
