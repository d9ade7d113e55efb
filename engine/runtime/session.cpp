#include "engine/runtime/session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "engine/model/model.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/probes.h"
#include "engine/sampling/stop_matcher.h"
#include "engine/tokenizer/stream_decoder.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane {

namespace {

bool is_set(const std::atomic<bool>* flag) { return flag && flag->load(std::memory_order_relaxed); }

}  // namespace

const char* stop_reason_name(StopReason r) {
  switch (r) {
    case StopReason::Eos: return "eos";
    case StopReason::StopString: return "stop";
    case StopReason::MaxTokens: return "max-tokens";
    case StopReason::Context: return "context";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::Callback: return "callback";
  }
  return "unknown";
}

Session::Session(const Engine& engine)
    : tok_(&engine.tokenizer()), engine_(&engine), seq_(engine.new_sequence()) {}

void Session::set_probes(Probes* probes) {
  if (probes && std::string_view(engine_->backend_name()) != "cpu") {
    probes->set_unavailable("not available on CUDA");
    seq_->set_probes(nullptr);
    return;
  }
  if (probes) probes->set_unavailable({});
  seq_->set_probes(probes);
}

void Session::reset() {
  seq_->clear();
  history_.clear();
  logits_.clear();
}

std::span<const float> Session::last_logits() const { return {logits_.data(), logits_.size()}; }

int64_t Session::context_left(bool stop_at_n_ctx_max) const {
  const ModelConfig& c = engine_->config();
  const int64_t limit = engine_->context_limit();
  const bool limited = limit > 0 && (c.window == 0 || stop_at_n_ctx_max);
  return limited ? std::max<int64_t>(0, limit - n_past()) : -1;
}

Status Session::prefill(std::span<const int32_t> tokens, const PrefillProgress& progress,
                        const std::atomic<bool>* cancel) {
  const ModelConfig& c = engine_->config();
  const int64_t total = int64_t(tokens.size());
  // Everything is checked before the first chunk so that a bad token late in the prompt
  // changes nothing (Model::forward checks per call, i.e. per chunk).
  for (int64_t i = 0; i < total; ++i) {
    if (tokens[size_t(i)] < 0 || tokens[size_t(i)] >= c.n_vocab)
      return Error{ErrorKind::BadInput, "token " + std::to_string(tokens[size_t(i)]) + " at index " +
                                            std::to_string(i) + " is outside the vocabulary of " +
                                            std::to_string(c.n_vocab) + " tokens"};
  }
  const int64_t limit = engine_->context_limit();
  if (c.window == 0 && limit > 0 && total > limit - n_past())
    return Error{ErrorKind::BadInput, "prompt of " + std::to_string(n_past() + total) +
                                          " tokens exceeds the context limit of " + std::to_string(limit) + " tokens"};

  const int64_t chunk = std::max<int64_t>(1, engine_->chunk_size());
  std::vector<float> logits(size_t(c.n_vocab));  // [n_vocab] of each chunk's last token
  for (int64_t done = 0; done < total;) {
    if (is_set(cancel)) return Error{ErrorKind::Cancelled, "prefill cancelled after " + std::to_string(done) +
                                                               " of " + std::to_string(total) + " tokens"};
    const int64_t n = std::min(chunk, total - done);
    const int32_t* ids = tokens.data() + done;
    if (auto st = seq_->forward(ids, n, logits.data(), Logits::Last, false); !st) {
      reset();  // the cache may be half-written (allocation failure)
      return st;
    }
    history_.insert(history_.end(), ids, ids + n);
    logits_.swap(logits);
    logits.resize(size_t(c.n_vocab));
    done += n;
    if (progress) progress(done, total);
  }
  return {};
}

Status Session::prefill_to(std::span<const int32_t> tokens, const PrefillProgress& progress,
                           const std::atomic<bool>* cancel) {
  const bool is_prefix = history_.size() <= tokens.size() &&
                         std::equal(history_.begin(), history_.end(), tokens.begin());
  if (!is_prefix) reset();
  return prefill(tokens.subspan(history_.size()), progress, cancel);
}

Expected<GenerateResult> Session::generate(const GenerateRequest& request, const TokenCallback& on_text,
                                           const std::atomic<bool>* cancel) {
  if (history_.empty() || logits_.empty())
    return Error{ErrorKind::BadInput, "generate needs a prompt: prefill the session first"};
  if (request.max_tokens < 0) return Error{ErrorKind::Usage, "max_tokens must be >= 0"};
  const ModelConfig& c = engine_->config();
  const auto t0 = std::chrono::steady_clock::now();

  GenerateResult result;
  Sampler sampler(request.sampling);
  StreamDecoder decoder(*tok_);
  StopMatcher stops(request.stop, {tok_->eos_id()});
  bool keep_going = true;
  auto emit = [&](const std::string& text, int32_t id) {
    result.text += text;
    if (on_text && !on_text(text, id)) keep_going = false;
  };
  auto emit_tail = [&](const std::string& text) {
    if (!text.empty()) emit(text, -1);
  };

  // One step: sample from logits_, decode, match stops, emit; the token then joins the cache.
  while (true) {
    if (is_set(cancel)) { result.reason = StopReason::Cancelled; break; }
    if (!keep_going) { result.reason = StopReason::Callback; break; }
    if (int64_t(result.tokens.size()) >= request.max_tokens) { result.reason = StopReason::MaxTokens; break; }
    const int64_t left = context_left(request.stop_at_n_ctx_max);
    if (left == 0) { result.reason = StopReason::Context; break; }

    // NaN or infinite weights in a damaged or hostile model file: every logit NaN. Say so instead
    // of sampling token 0 until max_tokens. (Some NaN among numbers: the sampler skips those ids.)
    if (std::all_of(logits_.begin(), logits_.begin() + c.n_vocab, [](float v) { return std::isnan(v); }))
      return Error{ErrorKind::BadInput, engine_->path() + ": the model's output is not a number (NaN logits): "
                                                          "the model file may be damaged"};
    const int32_t next = sampler.sample(logits_.data(), c.n_vocab, history_);
    auto piece = decoder.push(next);
    if (!piece) return piece.error();
    StopMatcher::Step step = stops.feed(next, *piece);
    if (step.stopped) {
      emit_tail(step.text);
      result.reason = step.matched.empty() ? StopReason::Eos : StopReason::StopString;
      result.matched_stop = std::move(step.matched);
      break;
    }
    emit(step.text, next);
    if (auto st = seq_->forward(&next, 1, logits_.data(), Logits::Last, true); !st) {
      reset();
      return st.error();
    }
    history_.push_back(next);
    result.tokens.push_back(next);
  }
  if (!stops.stopped()) {
    StopMatcher::Step tail = stops.feed_text(decoder.finish());
    emit_tail(tail.text);
    if (tail.stopped) {
      result.reason = StopReason::StopString;
      result.matched_stop = std::move(tail.matched);
    } else {
      emit_tail(stops.flush());
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace tramontane
