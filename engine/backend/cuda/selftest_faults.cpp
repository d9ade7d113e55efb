// Selftest of the CUDA backend's answers to faults (docs/RELIABILITY.md, "Engine faults"), on a
// real device with the fault injection of kernels/api.h: out of memory at load (the up-front
// estimate, then each single cudaMalloc of a load failing in turn), at the KV ring's allocation,
// and mid-generation (the decode graph's instantiation), and a sticky device fault mid-generation
// (a trapping kernel). Each case checks the error (kind, and numbers in the message), that no
// device memory is left behind, and that there is a working way on, whose greedy tokens equal a
// clean run's: the CPU fallback of BackendKind::Auto, the same engine once memory is there again,
// or, after the sticky fault, a new engine on the device the failed one reset.
//
// Runs last (the sticky fault resets the device). The model must run on both backends in a few
// milliseconds (tests/fixtures/gguf_models/model-q8_0.gguf).
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/backend/cuda/selftest.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/session.h"
#include "kernels/api.h"

namespace tramontane::cuda::selftest {

namespace {

constexpr int64_t kNewTokens = 12;
// Greedy decoding of this prompt runs the fixture model to max_tokens (no EOS before).
constexpr const char* kPrompt = "Tell me a story about the sea.";
constexpr double kLeakTolMiB = 16;  // device memory may differ by this much after a failure

struct Outcome {
  bool ok = false;
  Error error;
  std::vector<int32_t> tokens;
};

// Prefills the chat prompt, calls `after_prefill` (when set), then generates greedily.
Outcome greedy(const Engine& engine, const std::function<void()>& after_prefill = {}) {
  Outcome o;
  auto prompt = build_chat_prompt(engine, {{ChatMessage::Role::User, kPrompt}});
  if (!prompt) {
    o.error = prompt.error();
    return o;
  }
  Session s(engine);
  if (Status st = s.prefill(*prompt); !st) {
    o.error = st.error();
    return o;
  }
  if (after_prefill) after_prefill();
  GenerateRequest r;
  r.sampling.temperature = 0;
  r.max_tokens = kNewTokens;
  auto g = s.generate(r);
  if (!g) {
    o.error = g.error();
    return o;
  }
  o.ok = true;
  o.tokens = g->tokens;
  return o;
}

Expected<std::unique_ptr<Engine>> load(const std::string& model, BackendKind backend) {
  return Engine::load(model, {.backend = backend});
}

double free_mib() {
  size_t free_bytes = 0, total_bytes = 0;
  if (kernels::mem_get_info(&free_bytes, &total_bytes) != 0) return -1;
  return double(free_bytes) / double(1u << 20);
}

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

class Checker {
 public:
  explicit Checker(const Report& out) : out_(out) {}
  // A yes/no case: max_err 0 when it holds, 1 when not.
  void expect(const std::string& cases, bool ok, const std::string& detail) {
    out_(Result{"fault", cases, ok ? 0.0 : 1.0, 0.0, detail});
  }
  // Device memory back where it was (MiB of difference within kLeakTolMiB).
  void no_leak(const std::string& cases, double baseline_mib) {
    const double now = free_mib();
    char d[96];
    std::snprintf(d, sizeof d, "free %.0f MiB, before %.0f MiB", now, baseline_mib);
    out_(Result{"fault", cases + ": device memory", now < 0 ? NAN : std::fabs(now - baseline_mib), kLeakTolMiB, d});
  }

 private:
  const Report& out_;
};

std::string tokens_text(const Outcome& o) {
  if (!o.ok) return "error: " + o.error.message;
  std::string s;
  for (int32_t t : o.tokens) s += (s.empty() ? "" : ",") + std::to_string(t);
  return s;
}

// `got` equals the clean run `want` (both succeeded, same tokens).
void same_tokens(Checker& c, const std::string& cases, const Outcome& got, const Outcome& want) {
  c.expect(cases, got.ok && want.ok && got.tokens == want.tokens, tokens_text(got));
}

}  // namespace

void check_faults(const std::string& model, const Report& out) {
  Checker c(out);
  // Clean runs on both backends: the references.
  Outcome cpu_ref, cuda_ref;
  {
    auto e = load(model, BackendKind::Cpu);
    if (e) cpu_ref = greedy(**e);
    c.expect("clean run on the CPU", cpu_ref.ok && !cpu_ref.tokens.empty(),
             e ? tokens_text(cpu_ref) : e.error().message);
  }
  {
    auto e = load(model, BackendKind::Cuda);
    if (e) cuda_ref = greedy(**e);
    c.expect("clean run on CUDA", cuda_ref.ok && cuda_ref.tokens.size() == size_t(kNewTokens),
             e ? tokens_text(cuda_ref) : e.error().message);
  }
  if (!cpu_ref.ok || !cuda_ref.ok) return;
  const double baseline = free_mib();

  // 1. The up-front estimate: not enough free memory.
  kernels::fault_limit_free(1u << 20);
  {
    auto e = load(model, BackendKind::Cuda);
    const std::string m = e ? "loaded" : e.error().message;
    c.expect("load, 1 MiB free: Resource, needed and free GiB",
             !e && e.error().kind == ErrorKind::Resource && has(m, "needs") && has(m, "GiB free"), m);
  }
  {
    auto e = load(model, BackendKind::Auto);
    const bool cpu = e && std::string((*e)->backend_name()) == "cpu" && has((*e)->backend_note(), "running on the CPU");
    c.expect("load (Auto), 1 MiB free: on the CPU", cpu, e ? (*e)->backend_note() : e.error().message);
    if (e) same_tokens(c, "load (Auto), 1 MiB free: CPU answer = clean CPU run", greedy(**e), cpu_ref);
  }
  kernels::fault_limit_free(0);
  c.no_leak("load, 1 MiB free", baseline);

  // 2. Each cudaMalloc of a load failing in turn.
  long n_mallocs = 0;
  {
    const long before = kernels::fault_calls(kernels::FaultPoint::Malloc);
    auto e = load(model, BackendKind::Cuda);
    n_mallocs = kernels::fault_calls(kernels::FaultPoint::Malloc) - before;
  }
  int wrong = 0;
  std::string first_message, wrong_message;
  for (long k = 1; k <= n_mallocs; ++k) {
    kernels::fault_arm(kernels::FaultPoint::Malloc, int(k));
    auto e = load(model, BackendKind::Cuda);
    kernels::fault_arm(kernels::FaultPoint::Malloc, 0);
    const std::string m = e ? "loaded" : e.error().message;
    if (k == 1) first_message = m;
    if (e || e.error().kind != ErrorKind::Resource || !has(m, "out of memory") || !has(m, " free of ")) {
      ++wrong;
      if (wrong_message.empty()) wrong_message = "allocation " + std::to_string(k) + ": " + m;
    }
  }
  c.expect("load, allocation k of " + std::to_string(n_mallocs) + " fails (each k): Resource with numbers",
           n_mallocs > 0 && wrong == 0, wrong ? wrong_message : first_message);
  c.no_leak("load, each allocation failing", baseline);
  {
    kernels::fault_arm(kernels::FaultPoint::Malloc, int(n_mallocs / 2 + 1));
    auto e = load(model, BackendKind::Auto);
    kernels::fault_arm(kernels::FaultPoint::Malloc, 0);
    const bool cpu = e && std::string((*e)->backend_name()) == "cpu";
    c.expect("load (Auto), an allocation fails: on the CPU", cpu, e ? (*e)->backend_note() : e.error().message);
    if (e) same_tokens(c, "load (Auto), an allocation fails: CPU answer = clean CPU run", greedy(**e), cpu_ref);
  }
  c.no_leak("load (Auto), an allocation failing", baseline);

  // 3. The KV ring (allocated at a sequence's first forward), then 4. the decode graph (captured
  // at the first generated token): Resource, and the same engine answers once memory is back.
  struct Point {
    const char* name;
    kernels::FaultPoint point;
    const char* in_message;
  };
  for (const Point& p : {Point{"KV ring allocation", kernels::FaultPoint::Malloc, "KV cache"},
                         Point{"decode graph (mid-generation)", kernels::FaultPoint::GraphCapture, "graph capture"}}) {
    // Armed before the prefill; neither point is reached by anything else on the way.
    {
      auto e = load(model, BackendKind::Cuda);
      if (!e) {
        c.expect(std::string(p.name) + ": load", false, e.error().message);
        continue;
      }
      const long before = kernels::fault_calls(p.point);
      kernels::fault_arm(p.point, 1);
      const Outcome failed = greedy(**e);
      kernels::fault_arm(p.point, 0);
      const bool reached = kernels::fault_calls(p.point) > before;
      const std::string& m = failed.error.message;
      c.expect(std::string(p.name) + " fails: Resource with numbers",
               reached && !failed.ok && failed.error.kind == ErrorKind::Resource && has(m, p.in_message) &&
                   has(m, " free of "),
               failed.ok ? "no error" : m);
      same_tokens(c, std::string(p.name) + ": the same engine answers after it", greedy(**e), cuda_ref);
    }
    c.no_leak(p.name, baseline);
  }

  // 5. A sticky fault while generating: every later call of that engine fails; dropping it resets
  // the device, and a new engine on the device answers as before.
  {
    auto e = load(model, BackendKind::Cuda);
    if (!e) {
      c.expect("sticky fault: load", false, e.error().message);
      return;
    }
    // Armed after the prefill: sync k ends the forward of generated token k, so the fault comes
    // with the second token's forward, mid-generation.
    const Outcome failed = greedy(**e, [] { kernels::fault_arm(kernels::FaultPoint::TrapAtSync, 2); });
    kernels::fault_arm(kernels::FaultPoint::TrapAtSync, 0);
    c.expect("sticky fault at generated token 2: Internal cuda error",
             !failed.ok && failed.error.kind == ErrorKind::Internal && failed.error.message.rfind("cuda:", 0) == 0,
             failed.ok ? "no error" : failed.error.message);
    const Outcome again = greedy(**e);
    c.expect("sticky fault: the failed engine refuses further work", !again.ok && has(again.error.message, "reload"),
             again.ok ? "it answered" : again.error.message);
  }
  {
    auto e = load(model, BackendKind::Cuda);
    c.expect("sticky fault: a new engine loads on the device", bool(e), e ? (*e)->backend_note() : e.error().message);
    if (e) same_tokens(c, "sticky fault: the new engine's answer = clean CUDA run", greedy(**e), cuda_ref);
  }
  c.no_leak("sticky fault and device reset", baseline);
}

}  // namespace tramontane::cuda::selftest
