#include "engine/runtime/engine.h"

#include "engine/backend/cpu/matmul.h"
#include "engine/model/weights.h"

namespace tramontane {

namespace {

bool cancelled(const std::atomic<bool>* flag) { return flag && flag->load(std::memory_order_relaxed); }

Error load_cancelled(const std::string& path) { return {ErrorKind::Cancelled, path + ": loading cancelled"}; }

}  // namespace

Expected<std::unique_ptr<Engine>> Engine::load(const std::string& path, const LoadOptions& options) {
  if (options.backend == BackendKind::Cuda)
    return Error{ErrorKind::Resource, "the CUDA backend is not available in this build: use the CPU backend"};
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
  return e;
}

Expected<std::vector<int32_t>> build_chat_prompt(const Engine& engine, const std::vector<ChatMessage>& messages,
                                                 std::optional<ChatTemplate> forced) {
  const Tokenizer& tok = engine.tokenizer();
  return apply_chat_template(tok, forced.value_or(detect_template(tok)), messages);
}

}  // namespace tramontane
