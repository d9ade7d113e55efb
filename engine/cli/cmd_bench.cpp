// tramontane-cli bench: prompt (prefill) and decode speed of one model on this machine.
//   tramontane-cli bench MODEL [--backend cpu] [--prompt-tokens N] [--gen-tokens M] [--batch B]
//                        [--threads T] [--repeat R] [--memory-bandwidth] [--adapter DIR[=SCALE]]... [--mixed]
//                        [--probe idle|LAYER]
// Each of the B sequences gets the same deterministic prompt of N token ids ((i*7919+13) mod
// n_vocab, skipping bos/eos), prefilled in one forward_batch call, then M greedy decode steps
// (argmax of the last logits, one token per sequence per step). One untimed warm-up forward
// first pages the memory-mapped weights in. With --repeat R the fastest of R runs is reported.
// Prints one JSON line:
//   {"model":..., "backend":"cpu", "threads":T, "batch":B, "prompt_tokens":N, "gen_tokens":M,
//    "prompt_tok_s":..., "decode_tok_s":..., "model_bytes":..., "kv_bytes":..., "peak_rss_bytes":...,
//    "load_s":..., "warmup_s":..., "simd":"avx2"[, "mem_read_gb_s":...]}
// prompt_tok_s = B*N / prefill seconds, decode_tok_s = B*M / decode seconds; kv_bytes is what the
// B caches hold after the run; peak_rss_bytes is getrusage's maximum resident set (mapped weight
// pages that were read count too). --memory-bandwidth adds a streaming-read measurement
// (cpu::bench_memory_read, 1 GiB) taken after peak_rss_bytes was read.
// --adapter (CPU only) runs every sequence with the set of all given LoRA adapters; with --mixed,
// sequence b uses adapter b mod k alone (k adapters: a mixed-adapter batch). The JSON then adds
// "adapters": k, "adapter_bytes": their float32 copies, "mixed": true|false, "adapter_load_s"
// (reading, checking and copying them), "adapter_switch_s" (building the request's adapter sets
// from the loaded adapters: what changing the set between two requests costs, before any KV
// recomputation the new set makes necessary). --probe adds "probe": the visualizer's probes
// (idle: none subscribed, as when its window is closed; LAYER: subscribed to that layer).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/backend/cpu/gemm.h"
#include "engine/backend/cpu/matmul.h"
#include "engine/backend/cpu/matmul_bench.h"
#include "engine/cli/adapter_args.h"
#include "engine/cli/args.h"
#include "engine/cli/bench_cuda.h"
#include "engine/cli/commands.h"
#include "engine/cli/report.h"
#include "engine/model/loader.h"
#include "engine/model/model.h"
#include "engine/model/synthetic.h"
#include "engine/model/weights.h"
#include "engine/runtime/probes.h"

namespace tramontane::cli {

namespace {

constexpr const char* kUsage =
    "usage: tramontane-cli bench MODEL|--synthetic SHAPE:DTYPE [--backend cpu|cuda] [--prompt-tokens N] [--gen-tokens M] [--batch B] "
    "[--threads T] [--repeat R] [--memory-bandwidth] [--adapter DIR[=SCALE]]... [--mixed]\n"
    "       tramontane-cli bench --matmul DTYPE:ROWSxCOLS [--prompt-tokens N] [--threads T] [--gemm-min-tokens N] [--cold]";

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The prompt: n ids (i*7919+13) mod n_vocab, each moved forward past bos/eos.
std::vector<int32_t> make_prompt(int64_t n, const ModelConfig& c) {
  std::vector<int32_t> ids(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t id = (i * 7919 + 13) % c.n_vocab;
    for (int tries = 0; tries < 3 && (id == c.bos_id || id == c.eos_id); ++tries) id = (id + 1) % c.n_vocab;
    ids[size_t(i)] = int32_t(id);
  }
  return ids;
}

int32_t argmax(const float* v, int64_t n) { return int32_t(std::max_element(v, v + n) - v); }

uint64_t peak_rss_bytes() {
  rusage u{};
  if (getrusage(RUSAGE_SELF, &u) != 0) return 0;
  return uint64_t(u.ru_maxrss) * 1024;  // Linux reports kilobytes
}

struct RunResult {
  double prefill_s = 0, decode_s = 0;
  uint64_t kv_bytes = 0;
};

// One timed prefill of `prompt` in each of `batch` fresh caches, then gen steps of greedy decode.
// sets[b] is sequence b's adapter set (null: none); empty: none for every sequence.
Expected<RunResult> run_once(const Model& model, const std::vector<int32_t>& prompt, int64_t batch, int64_t gen,
                             const std::vector<const lora::AdapterSet*>& sets, Probes* probes) {
  const int64_t n_vocab = model.config().n_vocab;
  std::vector<KvCache> caches;
  caches.reserve(size_t(batch));
  for (int64_t b = 0; b < batch; ++b) caches.push_back(model.new_cache());
  std::vector<float> logits(size_t(batch) * size_t(n_vocab));  // [batch, n_vocab]
  std::vector<int32_t> next(static_cast<size_t>(batch));       // the token each sequence feeds next
  std::vector<SeqInput> in(static_cast<size_t>(batch));
  for (int64_t b = 0; b < batch; ++b)
    in[size_t(b)] = {&caches[size_t(b)], prompt.data(), int64_t(prompt.size()), logits.data() + b * n_vocab,
                     Logits::Last, sets.empty() ? nullptr : sets[size_t(b) % sets.size()], probes};

  RunResult r;
  auto t0 = Clock::now();
  if (Status st = model.forward_batch(in); !st) return st.error();
  r.prefill_s = seconds_since(t0);

  t0 = Clock::now();
  for (int64_t step = 0; step < gen; ++step) {
    for (int64_t b = 0; b < batch; ++b) {
      next[size_t(b)] = argmax(logits.data() + b * n_vocab, n_vocab);
      in[size_t(b)].tokens = &next[size_t(b)];
      in[size_t(b)].n_tokens = 1;
      in[size_t(b)].generated = true;
    }
    if (Status st = model.forward_batch(in); !st) return st.error();
  }
  r.decode_s = seconds_since(t0);
  for (const auto& c : caches) r.kv_bytes += c.bytes();
  return r;
}

double rate(int64_t n, double s) { return s > 0 ? double(n) / s : 0.0; }

// --matmul DTYPE:ROWSxCOLS: cpu::matmul alone on random weights (cpu::bench_matmul), n tokens =
// --prompt-tokens; --cold cycles through 256 MiB of copies so the weights come from memory;
// --gemm-min-tokens N sends products of N or more tokens to the prefill GEMM (gemm.h; 0: its
// defaults, a large N: never).
int bench_matmul_cli(const Args& args, int64_t n_tokens) {
  const std::string spec = *args.get("matmul");
  const auto colon = spec.find(':'), x = spec.find('x', colon == std::string::npos ? 0 : colon);
  const auto dtype = colon == std::string::npos ? std::nullopt : dtype_from_name(spec.substr(0, colon));
  int64_t rows = 0, cols = 0;
  try {
    if (x != std::string::npos) {
      size_t used = 0;
      rows = std::stoll(spec.substr(colon + 1, x - colon - 1), &used);
      if (used != x - colon - 1) rows = 0;
      cols = std::stoll(spec.substr(x + 1), &used);
      if (used != spec.size() - x - 1) cols = 0;
    }
  } catch (const std::exception&) {
    rows = cols = 0;
  }
  if (!dtype || rows <= 0 || cols <= 0)
    return report(usage_error("--matmul takes DTYPE:ROWSxCOLS (e.g. Q8_0:2048x2048), got '" + spec + "'"));
  auto gemm_min = args.get_int("gemm-min-tokens", 0, 0, int64_t(1) << 30);
  if (!gemm_min) return report(gemm_min.error());
  cpu::set_gemm_min_tokens(*gemm_min);
  cpu::MatmulBenchOptions o;
  o.dtype = *dtype;
  o.rows = rows;
  o.cols = cols;
  o.n_tokens = n_tokens;
  o.cold_bytes = args.has("cold") ? o.cold_bytes : 0;
  try {
    std::printf("%s\n", cpu::bench_matmul(o).c_str());
  } catch (const ErrorException& e) {
    return report(e.error());
  }
  return 0;
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"memory-bandwidth", "mixed", "cold"});
  if (!args) return report(args.error());
  if (auto ok = args->check_known(
          {"backend", "prompt-tokens", "gen-tokens", "batch", "threads", "repeat", "memory-bandwidth", "synthetic", "adapter",
           "mixed", "probe", "matmul", "gemm-min-tokens", "cold"});
      !ok)
    return report(ok.error());
  const bool no_model = args->has("synthetic") || args->has("matmul");
  if (args->positional().size() != (no_model ? 0u : 1u) || (args->has("synthetic") && args->has("matmul")))
    return report(usage_error(kUsage));
  if (!args->has("matmul") && (args->has("gemm-min-tokens") || args->has("cold")))
    return report(usage_error("--gemm-min-tokens and --cold go with --matmul"));
  const std::string backend = args->get("backend").value_or("cpu");
  if (backend != "cpu" && backend != "cuda")
    return report(usage_error("--backend must be cpu or cuda, got '" + backend + "'"));
  auto n_prompt = args->get_int("prompt-tokens", 512, 1, 1 << 20);
  if (!n_prompt) return report(n_prompt.error());
  auto n_gen = args->get_int("gen-tokens", 128, 0, 1 << 20);
  if (!n_gen) return report(n_gen.error());
  auto batch = args->get_int("batch", 1, 1, 256);
  if (!batch) return report(batch.error());
  auto threads = args->get_int("threads", 0, 1, 1024);
  if (!threads) return report(threads.error());
  auto repeat = args->get_int("repeat", 1, 1, 1000);
  if (!repeat) return report(repeat.error());
  if (*threads > 0) cpu::set_num_threads(int(*threads));
  if (args->has("matmul")) {
    if (backend != "cpu") return report(usage_error("--matmul measures the CPU backend's matmul only"));
    return bench_matmul_cli(*args, *n_prompt);
  }

  // The model: a file, or a random-weight one of a real shape made in memory (--synthetic).
  auto t0 = Clock::now();
  LoadedModel loaded;
  std::unique_ptr<SyntheticModel> synthetic;
  std::string path;
  if (args->has("synthetic")) {
    auto m = make_synthetic_model(*args->get("synthetic"));
    if (!m) return report(m.error());
    synthetic = std::move(*m);
    path = "synthetic:" + synthetic->name;
    loaded.config = synthetic->config;
    loaded.tensors = synthetic->tensors;
  } else {
    path = args->positional()[0];
    auto opened = open_model(path);
    if (!opened) return report(opened.error());
    loaded = std::move(*opened);
  }
  auto weights = bind_weights(loaded.config, loaded.tensors, path);
  if (!weights) return report(weights.error());
  const ModelConfig& c = loaded.config;
  if (c.window == 0 && *n_prompt + *n_gen > c.n_ctx_max)
    return report({ErrorKind::BadInput, path + ": --prompt-tokens " + std::to_string(*n_prompt) + " + --gen-tokens " +
                                            std::to_string(*n_gen) + " exceeds the context limit of " +
                                            std::to_string(c.n_ctx_max) + " tokens"});
  const std::vector<int32_t> prompt = make_prompt(*n_prompt, c);
  const auto t_adapters = Clock::now();
  auto adapters = adapter_set_from_args(*args, *weights);
  if (!adapters) return report(adapters.error());
  const double adapter_load_s = seconds_since(t_adapters);  // read, checked, copied to float32
  if (args->has("mixed") && adapters->size() == 0) return report(usage_error("--mixed needs --adapter"));
  // One set of all adapters, or (--mixed) one single-adapter set per adapter.
  std::vector<lora::AdapterSet> singles;
  std::vector<const lora::AdapterSet*> sets;
  const auto t_sets = Clock::now();
  uint64_t adapter_bytes = 0;
  for (const auto& e : adapters->entries()) adapter_bytes += e.adapter->bytes();
  if (args->has("mixed")) {
    singles.resize(adapters->size());
    for (size_t i = 0; i < adapters->size(); ++i) {
      const auto& e = adapters->entries()[i];
      if (auto st = singles[i].add(e.adapter, e.scale); !st) return report(st.error());
      sets.push_back(&singles[i]);
    }
  } else if (adapters->size() > 0) {
    sets.push_back(&*adapters);
  }
  // Switching adapters = building the sets from adapters already loaded (what a request does).
  const double adapter_switch_s = seconds_since(t_sets);
  if (backend == "cuda") {
    if (!sets.empty()) return report(usage_error("--adapter: LoRA adapters are not supported on the CUDA backend yet"));
    if (*batch != 1) return report(usage_error("--backend cuda: --batch must be 1 (batched CUDA decode is not done yet)"));
    return bench_cuda(*weights, path, prompt, *n_gen, *repeat, args->has("memory-bandwidth"));
  }
  // --probe: the visualizer's cost. "idle": a Probes object with no subscription (the window
  // closed, as the app always runs); L: subscribed to layer L as the window does (every head, the
  // KV state, the last 64 queries of a prefill chunk). Frames are produced, not read.
  std::unique_ptr<Probes> probes;
  std::string probe_mode = "none";
  if (auto pv = args->get("probe")) {
    probes = std::make_unique<Probes>();
    probe_mode = *pv;
    if (*pv != "idle") {
      char* end = nullptr;
      const long long layer = std::strtoll(pv->c_str(), &end, 10);
      if (pv->empty() || *end != '\0' || layer < 0 || layer >= c.n_layer)
        return report(usage_error("--probe must be idle or a layer 0.." + std::to_string(c.n_layer - 1) + ", got '" + *pv + "'"));
      ProbeSpec spec;
      spec.layers = {layer};
      spec.max_queries = 64;
      probes->subscribe(spec);
    }
  }
  auto model = Model::create(*weights);
  if (!model) return report(model.error());
  const double load_s = seconds_since(t0);

  // Warm-up: one short prefill reads every weight once (pages the mapping in, wakes the threads).
  t0 = Clock::now();
  {
    KvCache warm = model->new_cache();
    std::vector<float> last(static_cast<size_t>(c.n_vocab));
    const int64_t n_warm = std::min<int64_t>(*n_prompt, 16);
    if (Status st = model->forward(warm, prompt.data(), n_warm, last.data(), Logits::Last,
                                   sets.empty() ? nullptr : sets[0]);
        !st)
      return report(st.error());
  }
  const double warmup_s = seconds_since(t0);

  RunResult best;
  for (long long i = 0; i < *repeat; ++i) {
    auto r = run_once(*model, prompt, *batch, *n_gen, sets, probes.get());
    if (!r) return report(r.error());
    if (i == 0 || r->prefill_s < best.prefill_s) best.prefill_s = r->prefill_s;
    if (i == 0 || r->decode_s < best.decode_s) best.decode_s = r->decode_s;
    best.kv_bytes = r->kv_bytes;
  }

  nlohmann::json out = {
      {"model", path},
      {"backend", "cpu"},
      {"threads", cpu::num_threads()},
      {"batch", *batch},
      {"prompt_tokens", *n_prompt},
      {"gen_tokens", *n_gen},
      {"prompt_tok_s", rate(*batch * *n_prompt, best.prefill_s)},
      {"decode_tok_s", rate(*batch * *n_gen, best.decode_s)},
      {"model_bytes", loaded.weight_bytes()},
      {"kv_bytes", best.kv_bytes},
      {"peak_rss_bytes", peak_rss_bytes()},
      {"load_s", load_s},
      {"warmup_s", warmup_s},
      {"simd", cpu::simd_name()},
  };
  if (probes) out["probe"] = probe_mode;
  if (!sets.empty()) {
    out["adapters"] = adapters->size();
    out["adapter_bytes"] = adapter_bytes;
    out["mixed"] = args->has("mixed");
    out["adapter_load_s"] = adapter_load_s;
    out["adapter_switch_s"] = adapter_switch_s;
  }
  if (args->has("memory-bandwidth")) {
    const auto mem = nlohmann::json::parse(cpu::bench_memory_read());
    out["mem_read_gb_s"] = mem.at("gb_per_s");
  }
  std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return 0;
}

}  // namespace tramontane::cli
