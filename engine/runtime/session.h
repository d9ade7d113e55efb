#pragma once
// One conversation on an Engine: its KV cache, the tokens it holds (history) and the logits of
// the last one. A session is used from one thread at a time; cancellation comes from another
// thread through an atomic flag, checked between prefill chunks and between generated tokens.
//
// Turn by turn (the cache is kept, only new tokens are computed):
//   prefill(prompt of turn 1) -> generate(...) -> prefill(tokens of turn 2) -> generate(...)
// or prefill_to(whole conversation's tokens), which prefills only what follows the history.
//
// Context policy: with a sliding window W the cache is a ring of W slots and the conversation can
// go on past W (older tokens leave the window); generate() still stops at the model's context
// limit n_ctx_max (trained positions) unless GenerateRequest::stop_at_n_ctx_max is false.
// Without a window the cache holds every position and n_ctx_max is a hard limit: generate()
// stops there with StopReason::Context and prefill() past it is BadInput.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/runtime/sequence.h"
#include "engine/sampling/sampler.h"

namespace tramontane {

class Engine;
class Probes;
class Tokenizer;

enum class StopReason {
  Eos,         // the model produced its end-of-sequence token
  StopString,  // the text reached one of GenerateRequest::stop
  MaxTokens,   // GenerateRequest::max_tokens new tokens
  Context,     // the context limit: n_past() reached n_ctx_max
  Cancelled,   // the cancel flag was set
  Callback,    // the token callback returned false
};

// "eos", "stop", "max-tokens", "context", "cancelled", "callback"
const char* stop_reason_name(StopReason r);

struct GenerateRequest {
  SamplingParams sampling;
  int64_t max_tokens = 256;           // new tokens at most (>= 0)
  std::vector<std::string> stop;      // stop strings (empty ones are ignored); EOS always stops
  bool stop_at_n_ctx_max = true;      // with a window: stop at n_ctx_max too (without one it is a must)
};

struct GenerateResult {
  StopReason reason = StopReason::MaxTokens;
  std::string text;                   // everything passed to the callback, concatenated
  std::vector<int32_t> tokens;        // the new tokens now in the cache (not EOS, not the stop-string token)
  std::string matched_stop;           // the stop string that ended it (StopReason::StopString)
  double seconds = 0;                 // wall time of generate()
  double tokens_per_second() const { return seconds > 0 ? double(tokens.size()) / seconds : 0.0; }
};

// Called as text becomes final: `text` (possibly empty while StopMatcher or StreamDecoder hold
// bytes back; always whole UTF-8 characters) and `id`, the token that released it, or -1 for text
// released at the end. Returning false stops generation after this token (StopReason::Callback).
using TokenCallback = std::function<bool(std::string_view text, int32_t id)>;
// Called after each prefill chunk: tokens done so far of `total`.
using PrefillProgress = std::function<void(int64_t done, int64_t total)>;

class Session {
 public:
  // `engine` must outlive the session. Nothing is allocated until the first prefill.
  explicit Session(const Engine& engine);
  Session(Session&&) = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Appends `tokens` to the conversation in chunks of at most engine.chunk_size() tokens.
  // Before each chunk `cancel` is checked: when set, ErrorKind::Cancelled is returned and the
  // session holds the chunks done so far (history(), the cache and last_logits() agree; reset()
  // to start over). Errors: BadInput for a token outside the vocabulary or (no window) past the
  // context limit, with nothing changed; Resource when memory runs out, after which the session
  // is reset. Empty `tokens` do nothing.
  Status prefill(std::span<const int32_t> tokens, const PrefillProgress& progress = {},
                 const std::atomic<bool>* cancel = nullptr);

  // Makes the history equal `tokens`: when the history is a prefix of them only the rest is
  // prefilled, otherwise the session is reset first. Same errors as prefill().
  Status prefill_to(std::span<const int32_t> tokens, const PrefillProgress& progress = {},
                    const std::atomic<bool>* cancel = nullptr);

  // Samples new tokens after the history (which must not be empty: BadInput), streams their text
  // through `on_text` (StreamDecoder + StopMatcher: never a part of a stop string, never half a
  // character) and appends them to the conversation. Stops at EOS, a stop string, max_tokens,
  // the context limit, `cancel` (checked before each token) or `on_text` returning false.
  // An error from the forward pass (Resource) resets the session.
  Expected<GenerateResult> generate(const GenerateRequest& request, const TokenCallback& on_text = {},
                                    const std::atomic<bool>* cancel = nullptr);

  // Forgets the conversation and frees the cache.
  void reset();

  // LoRA adapters used from the next forward call on (null: none); `set` must outlive its use
  // and may be changed (enable, scale) between calls. The cache is kept: tokens already in it
  // stay as they were computed (engine/lora/adapter.h, cache policy); to recompute the history
  // with the new set, copy history(), reset() and prefill_to() it.
  void set_adapters(const lora::AdapterSet* set) { seq_->set_adapters(set); }

  // Probes (engine/runtime/probes.h) fed after each forward step from now on (null: none); they
  // must outlive their use. On the CUDA backend they are marked unavailable ("not available on
  // CUDA") and get no frames.
  void set_probes(Probes* probes);

  int64_t n_past() const { return seq_->n_past(); }
  const std::vector<int32_t>& history() const { return history_; }
  // Logits after the last token of history(): [n_vocab]; empty before the first prefill.
  std::span<const float> last_logits() const;
  uint64_t kv_bytes() const { return seq_->bytes(); }
  // Positions the next generate() may still fill before the context limit (-1: no limit).
  int64_t context_left(bool stop_at_n_ctx_max = true) const;

 private:
  const Tokenizer* tok_;
  const Engine* engine_;
  std::unique_ptr<Sequence> seq_;  // the KV cache on the engine's backend
  std::vector<int32_t> history_;  // [n_past()] tokens in the cache
  std::vector<float> logits_;     // [n_vocab] of history_.back()
};

}  // namespace tramontane
