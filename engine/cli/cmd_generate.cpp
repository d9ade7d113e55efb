// tramontane-cli generate: a chat answer streamed to stdout.
//   tramontane-cli generate MODEL --prompt TEXT [--system TEXT] [--max-tokens N] [--temperature T]
//       [--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--seed S] [--stop STR]...
//       [--template v1|v3] [--chunk N]
// The prompt goes through the chat template (the system prompt as a system message; template
// detected from the tokenizer unless --template), is prefilled in chunks of --chunk tokens, then
// one token per step is sampled, decoded (StreamDecoder) and printed as soon as it is final
// (StopMatcher holds back text that may begin a stop string), flushed per token.
// Ends at EOS, a stop string, --max-tokens (default 256) or the model's context limit; Ctrl-C
// stops between tokens with exit 0 and what was printed. A summary goes to stderr:
// "[generate] N prompt tokens, M new tokens, X tok/s, stopped by eos|stop|max-tokens|context|interrupt".
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/cli/report.h"
#include "engine/model/loader.h"
#include "engine/model/model.h"
#include "engine/model/weights.h"
#include "engine/sampling/sampler.h"
#include "engine/sampling/stop_matcher.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/stream_decoder.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane::cli {

namespace {

constexpr const char* kUsage =
    "usage: tramontane-cli generate MODEL --prompt TEXT [--system TEXT] [--max-tokens N] [--temperature T] "
    "[--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--seed S] [--stop STR]... [--template v1|v3] "
    "[--chunk N]";

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_sigint(int) { g_interrupted = 1; }

// Restores the previous SIGINT handler when generation ends.
class SigintGuard {
 public:
  SigintGuard() : previous_(std::signal(SIGINT, on_sigint)) { g_interrupted = 0; }
  ~SigintGuard() { std::signal(SIGINT, previous_ == SIG_ERR ? SIG_DFL : previous_); }
  SigintGuard(const SigintGuard&) = delete;
  SigintGuard& operator=(const SigintGuard&) = delete;

 private:
  void (*previous_)(int);
};

void emit(const std::string& text) {
  if (text.empty()) return;
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

Expected<SamplingParams> sampling_params(const Args& args) {
  SamplingParams p;
  auto temperature = args.get_double("temperature", p.temperature);
  if (!temperature) return temperature.error();
  auto top_k = args.get_int("top-k", p.top_k, 0, 1 << 30);
  if (!top_k) return top_k.error();
  auto top_p = args.get_double("top-p", p.top_p);
  if (!top_p) return top_p.error();
  auto min_p = args.get_double("min-p", p.min_p);
  if (!min_p) return min_p.error();
  auto penalty = args.get_double("repeat-penalty", p.repetition_penalty);
  if (!penalty) return penalty.error();
  auto seed = args.get_int("seed", 0, 0, INT64_MAX);
  if (!seed) return seed.error();
  if (!(*temperature >= 0 && *temperature <= 100)) return usage_error("--temperature must be in [0, 100]");
  if (!(*top_p > 0 && *top_p <= 1)) return usage_error("--top-p must be in (0, 1]");
  if (!(*min_p >= 0 && *min_p <= 1)) return usage_error("--min-p must be in [0, 1]");
  if (!(*penalty > 0 && *penalty <= 100)) return usage_error("--repeat-penalty must be in (0, 100]");
  p.temperature = float(*temperature);
  p.top_k = int(*top_k);
  p.top_p = float(*top_p);
  p.min_p = float(*min_p);
  p.repetition_penalty = float(*penalty);
  p.seed = uint64_t(*seed);
  return p;
}

}  // namespace

int cmd_generate(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {});
  if (!args) return report(args.error());
  if (auto ok = args->check_known({"prompt", "system", "max-tokens", "temperature", "top-k", "top-p", "min-p",
                                   "repeat-penalty", "seed", "stop", "template", "chunk"});
      !ok)
    return report(ok.error());
  if (args->positional().size() != 1 || !args->has("prompt")) return report(usage_error(kUsage));
  auto params = sampling_params(*args);
  if (!params) return report(params.error());
  auto max_tokens = args->get_int("max-tokens", 256, 0, 1 << 30);
  if (!max_tokens) return report(max_tokens.error());
  auto chunk = args->get_int("chunk", 0, 1, 1 << 20);
  if (!chunk) return report(chunk.error());
  std::optional<ChatTemplate> forced;
  if (const auto t = args->get("template")) {
    forced = chat_template_from_name(*t);
    if (!forced) return report(usage_error("--template must be v1 or v3, got '" + *t + "'"));
  }

  auto loaded = open_model(args->positional()[0]);
  if (!loaded) return report(loaded.error());
  auto tok = open_tokenizer(*loaded);
  if (!tok) return report(tok.error());
  auto weights = bind_weights(loaded->config, loaded->tensors, loaded->path);
  if (!weights) return report(weights.error());
  auto model = Model::create(*weights);
  if (!model) return report(model.error());
  model->set_chunk_size(*chunk);
  const Tokenizer& tokenizer = **tok;
  const ModelConfig& c = loaded->config;

  std::vector<ChatMessage> messages;
  if (const auto sys = args->get("system")) messages.push_back({ChatMessage::Role::System, *sys});
  messages.push_back({ChatMessage::Role::User, *args->get("prompt")});
  auto ids = apply_chat_template(tokenizer, forced.value_or(detect_template(tokenizer)), messages);
  if (!ids) return report(ids.error());
  const int64_t n_prompt = int64_t(ids->size());
  if (c.n_ctx_max > 0 && n_prompt >= c.n_ctx_max)
    return report({ErrorKind::BadInput, "prompt of " + std::to_string(n_prompt) +
                                            " tokens leaves no room in the context limit of " +
                                            std::to_string(c.n_ctx_max) + " tokens"});

  SigintGuard sigint;
  const auto t0 = std::chrono::steady_clock::now();
  KvCache cache = model->new_cache();
  std::vector<float> logits(size_t(c.n_vocab));  // [n_vocab] of the last token
  if (auto st = model->forward(cache, ids->data(), n_prompt, logits.data(), Logits::Last); !st)
    return report(st.error());
  const auto t_prefill = std::chrono::steady_clock::now();

  Sampler sampler(*params);
  StreamDecoder decoder(tokenizer);
  StopMatcher stops(args->get_all("stop"), {tokenizer.eos_id()});
  std::vector<int32_t> history = *ids;
  int64_t n_new = 0;
  std::string why = "max-tokens";
  while (true) {
    if (g_interrupted) { why = "interrupt"; break; }
    if (n_new >= *max_tokens) { why = "max-tokens"; break; }
    if (c.n_ctx_max > 0 && int64_t(history.size()) >= c.n_ctx_max) { why = "context"; break; }
    const int32_t next = sampler.sample(logits.data(), c.n_vocab, history);
    auto piece = decoder.push(next);
    if (!piece) return report(piece.error());
    const StopMatcher::Step step = stops.feed(next, *piece);
    emit(step.text);
    if (step.stopped) { why = step.matched.empty() ? "eos" : "stop"; break; }
    history.push_back(next);
    ++n_new;
    if (auto st = model->forward(cache, &next, 1, logits.data(), Logits::Last); !st) return report(st.error());
  }
  if (!stops.stopped()) {
    const StopMatcher::Step tail = stops.feed_text(decoder.finish());
    emit(tail.text);
    if (!tail.stopped) emit(stops.flush());
  }
  std::printf("\n");
  std::fflush(stdout);

  const auto t1 = std::chrono::steady_clock::now();
  const double decode_s = std::chrono::duration<double>(t1 - t_prefill).count();
  const double prefill_s = std::chrono::duration<double>(t_prefill - t0).count();
  std::fprintf(stderr, "[generate] %lld prompt tokens (%.1f tok/s), %lld new tokens, %.1f tok/s, stopped by %s\n",
               (long long)n_prompt, prefill_s > 0 ? double(n_prompt) / prefill_s : 0.0, (long long)n_new,
               decode_s > 0 ? double(n_new) / decode_s : 0.0, why.c_str());
  return 0;
}

}  // namespace tramontane::cli
