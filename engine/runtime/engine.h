#pragma once
// A loaded model ready to run: the file's tensors (memory-mapped), their binding to roles, the
// forward pass and the tokenizer, owned together so that nothing points into freed memory.
// One Engine serves any number of Sessions (one conversation each, see session.h); it is not
// changed by running them, so const methods may be called while sessions run on one thread.
//
//   auto engine = Engine::load("model.gguf", {.threads = 8});
//   Session chat(**engine);
//   auto ids = build_chat_prompt(**engine, {{ChatMessage::Role::User, "hello"}});
//   chat.prefill(*ids);  chat.generate(request, on_text);
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/model/config.h"
#include "engine/model/loader.h"
#include "engine/model/model.h"
#include "engine/runtime/sequence.h"
#include "engine/tokenizer/chat_message.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane {

namespace cuda {
class CudaModel;
}

// Cpu: the CPU engine. Cuda: the CUDA device (Resource error when this build has no CUDA backend,
// there is no device, or the model does not fit: "needs X GiB ..., Y GiB free"). Auto: CUDA when
// it works, else the CPU, with the reason in Engine::backend_note().
enum class BackendKind { Cpu, Cuda, Auto };

struct LoadOptions {
  BackendKind backend = BackendKind::Cpu;
  int threads = 0;                             // CPU worker threads (process-wide); 0 keeps the current count
  int64_t chunk_size = 0;                      // prefill chunk; <= 0: the model's default min(window, 512)
  const std::atomic<bool>* cancel = nullptr;   // checked between the load steps: ErrorKind::Cancelled
};

class Engine {
 public:
  // Opens `path` (a Hugging Face directory or a .gguf file), its tokenizer, binds and checks the
  // weights. Errors are those of open_model / open_tokenizer / bind_weights (BadInput naming the
  // file), Resource for an unavailable backend, Cancelled when options.cancel was set.
  static Expected<std::unique_ptr<Engine>> load(const std::string& path, const LoadOptions& options = {});

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  const ModelConfig& config() const { return loaded_.config; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }
  const Model& model() const { return *model_; }
  const LoadedModel& loaded() const { return loaded_; }
  const std::string& path() const { return loaded_.path; }

  // Bytes of the weights as stored (the memory-mapped tensors).
  uint64_t model_bytes() const { return loaded_.weight_bytes(); }
  // "cpu" or "cuda"; backend_note() says why Auto chose the CPU (empty otherwise), and the
  // CUDA memory use ("NVIDIA H100 ...: weights 13.5 GiB, ...") when on CUDA.
  const char* backend_name() const;
  const std::string& backend_note() const { return backend_note_; }
  // Positions a conversation may hold: n_ctx_max, or the CUDA cache's size without a window.
  int64_t context_limit() const;
  // A new conversation's state on this engine's backend (nothing allocated until its first forward).
  std::unique_ptr<Sequence> new_sequence() const;

  // Tokens per prefill chunk (Session::prefill checks its cancel flag between chunks).
  int64_t chunk_size() const { return model_->chunk_size(); }
  // n <= 0 restores the default. Not while a session of this engine is running.
  void set_chunk_size(int64_t n) { model_->set_chunk_size(n); }

 private:
  Engine() = default;
  Status start_cuda(const LoadOptions& options);

  LoadedModel loaded_;                    // owns the maps; model_ (its ModelWeights) points into loaded_.tensors
  std::unique_ptr<Tokenizer> tokenizer_;
  std::optional<Model> model_;
  std::shared_ptr<cuda::CudaModel> cuda_;  // set when the engine runs on CUDA
  std::string backend_note_;
};

// The conversation as prompt tokens (BOS first) in the model's chat template: `forced`, or the one
// detected from the tokenizer. BadInput for the conversations apply_chat_template refuses.
Expected<std::vector<int32_t>> build_chat_prompt(const Engine& engine, const std::vector<ChatMessage>& messages,
                                                 std::optional<ChatTemplate> forced = std::nullopt);

}  // namespace tramontane
