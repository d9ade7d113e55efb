// tramontane-cli bench --backend cuda: prefill and greedy decode speed on the CUDA device.
// One warm-up (a 16-token prefill and 4 decode steps, which captures the decode graph), then
// per repeat: a fresh sequence, the timed prefill of the prompt (logits of the last token only),
// and gen_tokens timed greedy steps (graph replay + argmax on the device; 4 bytes back per
// token). The fastest of --repeat runs is reported. decode_bytes_per_token is what one step must
// read at least (every weight once, plus the keys and values in the window); with
// --memory-bandwidth the device-to-device copy rate is measured and roofline_tok_s =
// bandwidth / decode_bytes_per_token is printed beside it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/cli/bench_cuda.h"
#include "engine/cli/report.h"
#ifdef TRAMONTANE_HAVE_CUDA
#include "engine/backend/cuda/cuda_model.h"
#include "kernels/api.h"
#endif

namespace tramontane::cli {

#ifdef TRAMONTANE_HAVE_CUDA
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Device-to-device copy of 2 GiB, best of 5: bytes read + bytes written per second.
Expected<double> copy_bandwidth() {
  return try_call([] {
    const size_t bytes = size_t(1) << 30;
    cuda::DeviceBuffer a(bytes, "bandwidth test"), b(bytes, "bandwidth test");
    TRAMONTANE_CUDA_CHECK(kernels::memset_device(a.get(), 1, bytes, nullptr), "memset");
    double best = 1e30;
    for (int i = 0; i < 6; ++i) {
      TRAMONTANE_CUDA_CHECK(kernels::stream_sync(nullptr), "sync");
      const auto t0 = Clock::now();
      TRAMONTANE_CUDA_CHECK(kernels::memcpy_d2d(b.get(), a.get(), bytes, nullptr), "copy");
      TRAMONTANE_CUDA_CHECK(kernels::stream_sync(nullptr), "sync");
      if (i > 0) best = std::min(best, seconds_since(t0));
    }
    return 2.0 * double(bytes) / best;
  });
}

}  // namespace

int bench_cuda(const ModelWeights& weights, const std::string& name, const std::vector<int32_t>& prompt, int64_t gen,
               int64_t repeat, bool bandwidth) {
  const ModelConfig& c = weights.config;
  if (kernels::device_count() == 0) return report({ErrorKind::Resource, "--backend cuda: no CUDA device found"});
  auto t0 = Clock::now();
  auto model = cuda::CudaModel::create(weights);
  if (!model) return report(model.error());
  cuda::CudaModel& m = **model;
  const double load_s = seconds_since(t0);
  const int64_t n_prompt = int64_t(prompt.size());
  if (n_prompt + gen > m.context_limit())
    return report({ErrorKind::BadInput, name + ": prompt + generated tokens exceed the context limit of " +
                                            std::to_string(m.context_limit()) + " tokens"});
  std::vector<float> last(size_t(c.n_vocab));

  t0 = Clock::now();
  {
    auto warm = m.new_cache();
    if (!warm) return report(warm.error());
    if (Status st = m.forward(**warm, prompt.data(), std::min<int64_t>(n_prompt, 16), last.data(), Logits::Last); !st)
      return report(st.error());
    int32_t tok = prompt[0];
    for (int i = 0; i < 4; ++i) {
      auto next = m.decode_greedy(**warm, tok);
      if (!next) return report(next.error());
      tok = *next;
    }
  }
  const double warmup_s = seconds_since(t0);

  double best_prefill = 1e30, best_decode = 1e30;
  uint64_t kv_bytes = 0;
  for (int64_t r = 0; r < repeat; ++r) {
    auto cache = m.new_cache();
    if (!cache) return report(cache.error());
    kv_bytes = (*cache)->bytes();
    t0 = Clock::now();
    if (Status st = m.forward(**cache, prompt.data(), n_prompt, last.data(), Logits::Last); !st)
      return report(st.error());
    best_prefill = std::min(best_prefill, seconds_since(t0));
    int32_t tok = int32_t(std::max_element(last.begin(), last.end()) - last.begin());
    t0 = Clock::now();
    for (int64_t i = 0; i < gen; ++i) {
      auto next = m.decode_greedy(**cache, tok);
      if (!next) return report(next.error());
      tok = *next;
    }
    best_decode = std::min(best_decode, seconds_since(t0));
  }

  // Bytes a decode step must read: every weight once, and K and V of the positions in view at the
  // middle of the generated run.
  const int64_t mid = n_prompt + gen / 2;
  const int64_t in_view = c.window > 0 ? std::min(mid, c.window) : mid;
  const double kv_read = 2.0 * double(c.n_layer) * double(in_view) * double(c.n_head_kv * c.head_dim) * 4.0;
  const double bytes_per_token = double(m.weight_bytes()) + kv_read;
  nlohmann::json out = {
      {"model", name},
      {"backend", "cuda"},
      {"device", m.device_name()},
      {"batch", 1},
      {"prompt_tokens", n_prompt},
      {"gen_tokens", gen},
      {"prompt_tok_s", best_prefill > 0 ? double(n_prompt) / best_prefill : 0.0},
      {"decode_tok_s", gen > 0 && best_decode > 0 ? double(gen) / best_decode : 0.0},
      {"model_bytes", m.weight_bytes()},
      {"workspace_bytes", m.workspace_bytes()},
      {"kv_bytes", kv_bytes},
      {"decode_bytes_per_token", bytes_per_token},
      {"load_s", load_s},
      {"warmup_s", warmup_s},
      {"memory", m.describe()},
  };
  if (bandwidth) {
    auto bw = copy_bandwidth();
    if (!bw) return report(bw.error());
    out["copy_gb_s"] = *bw / 1e9;
    out["roofline_tok_s"] = *bw / bytes_per_token;
  }
  std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return 0;
}

#else

int bench_cuda(const ModelWeights&, const std::string&, const std::vector<int32_t>&, int64_t, int64_t, bool) {
  return report({ErrorKind::Resource, "--backend cuda: this build has no CUDA backend"});
}

#endif

}  // namespace tramontane::cli
