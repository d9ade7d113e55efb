// tramontane-cli generate: a chat answer streamed to stdout.
//   tramontane-cli generate MODEL --prompt TEXT [--system TEXT] [--max-tokens N] [--temperature T]
//       [--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--seed S] [--stop STR]...
//       [--template v1|v3|chatml] [--chunk N] [--adapter DIR[=SCALE]]... [--backend cpu|cuda|auto]
// The prompt goes through the chat template (the system prompt as a system message; template
// detected from the tokenizer unless --template), is prefilled in chunks of --chunk tokens, then
// one token per step is sampled, decoded (StreamDecoder) and printed as soon as it is final
// (StopMatcher holds back text that may begin a stop string), flushed per token.
// --adapter adds PEFT LoRA adapters (adapter_args.h) to the session. --backend: cpu (default),
// cuda (exit 4 without a device or room for the model), or auto (CUDA when it works, else the
// CPU); with cuda or auto, stderr says where it runs and why: "[generate] backend: cpu (running
// on the CPU: no CUDA device found)".
// Runs on the runtime API (engine/runtime: Engine::load, Session::prefill, Session::generate).
// Ends at EOS, a stop string, --max-tokens (default 256) or the model's context limit; Ctrl-C
// stops between prefill chunks or tokens with exit 0 and what was printed. A summary goes to stderr:
// "[generate] N prompt tokens, M new tokens, X tok/s, stopped by eos|stop|max-tokens|context|interrupt".
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "engine/cli/adapter_args.h"
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/cli/report.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/session.h"
#include "engine/tokenizer/chat_template.h"

namespace tramontane::cli {

namespace {

constexpr const char* kUsage =
    "usage: tramontane-cli generate MODEL --prompt TEXT [--system TEXT] [--max-tokens N] [--temperature T] "
    "[--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--seed S] [--stop STR]... [--template v1|v3|chatml] "
    "[--chunk N] [--adapter DIR[=SCALE]]... [--backend cpu|cuda|auto]";

// Set by Ctrl-C, read by the runtime before each prefill chunk and each token (a lock-free
// atomic may be stored from a signal handler).
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);
extern "C" void on_sigint(int) { g_interrupted.store(true, std::memory_order_relaxed); }

// Restores the previous SIGINT handler when generation ends.
class SigintGuard {
 public:
  SigintGuard() : previous_(std::signal(SIGINT, on_sigint)) { g_interrupted = false; }
  ~SigintGuard() { std::signal(SIGINT, previous_ == SIG_ERR ? SIG_DFL : previous_); }
  SigintGuard(const SigintGuard&) = delete;
  SigintGuard& operator=(const SigintGuard&) = delete;

 private:
  void (*previous_)(int);
};

void emit(std::string_view text) {
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
                                   "repeat-penalty", "seed", "stop", "template", "chunk", "adapter", "backend"});
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
    if (!forced) return report(usage_error("--template must be v1, v3 or chatml, got '" + *t + "'"));
  }

  const std::string backend = args->get("backend").value_or("cpu");
  LoadOptions options;
  options.chunk_size = *chunk;
  if (backend == "cuda")
    options.backend = BackendKind::Cuda;
  else if (backend == "auto")
    options.backend = BackendKind::Auto;
  else if (backend != "cpu")
    return report(usage_error("--backend must be cpu, cuda or auto, got '" + backend + "'"));
  auto engine = Engine::load(args->positional()[0], options);
  if (!engine) return report(engine.error());
  if (options.backend != BackendKind::Cpu) {
    const std::string& note = (*engine)->backend_note();
    std::fprintf(stderr, "[generate] backend: %s%s%s%s\n", (*engine)->backend_name(), note.empty() ? "" : " (",
                 note.c_str(), note.empty() ? "" : ")");
  }
  const ModelConfig& c = (*engine)->config();
  auto adapters = adapter_set_from_args(*args, (*engine)->model().weights());
  if (!adapters) return report(adapters.error());

  std::vector<ChatMessage> messages;
  if (const auto sys = args->get("system")) messages.push_back({ChatMessage::Role::System, *sys});
  messages.push_back({ChatMessage::Role::User, *args->get("prompt")});
  auto ids = build_chat_prompt(**engine, messages, forced);
  if (!ids) return report(ids.error());
  const int64_t n_prompt = int64_t(ids->size());
  if (c.n_ctx_max > 0 && n_prompt >= c.n_ctx_max)
    return report({ErrorKind::BadInput, "prompt of " + std::to_string(n_prompt) +
                                            " tokens leaves no room in the context limit of " +
                                            std::to_string(c.n_ctx_max) + " tokens"});

  SigintGuard sigint;
  const auto t0 = std::chrono::steady_clock::now();
  Session session(**engine);
  if (adapters->size() > 0) session.set_adapters(&*adapters);
  Status prefilled = session.prefill(*ids, {}, &g_interrupted);
  if (!prefilled && prefilled.error().kind != ErrorKind::Cancelled) return report(prefilled.error());
  const auto t_prefill = std::chrono::steady_clock::now();

  GenerateRequest request;
  request.sampling = *params;
  request.max_tokens = *max_tokens;
  request.stop = args->get_all("stop");
  auto on_text = [](std::string_view text, int32_t) {
    emit(text);
    return true;
  };
  GenerateResult cancelled_early;  // Ctrl-C during prefill: nothing generated
  cancelled_early.reason = StopReason::Cancelled;
  auto result = prefilled ? session.generate(request, on_text, &g_interrupted) : Expected(cancelled_early);
  if (!result) return report(result.error());
  std::printf("\n");
  std::fflush(stdout);

  const auto t1 = std::chrono::steady_clock::now();
  const int64_t n_new = int64_t(result->tokens.size());
  const char* why = result->reason == StopReason::Cancelled ? "interrupt" : stop_reason_name(result->reason);
  const double decode_s = std::chrono::duration<double>(t1 - t_prefill).count();
  const double prefill_s = std::chrono::duration<double>(t_prefill - t0).count();
  std::fprintf(stderr, "[generate] %lld prompt tokens (%.1f tok/s), %lld new tokens, %.1f tok/s, stopped by %s\n",
               (long long)n_prompt, prefill_s > 0 ? double(n_prompt) / prefill_s : 0.0, (long long)n_new,
               decode_s > 0 ? double(n_new) / decode_s : 0.0, why);
  return 0;
}

}  // namespace tramontane::cli
