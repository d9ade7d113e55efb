// tramontane-cli logits: the model's logits for a list of token ids, as a float32 .npy.
//   tramontane-cli logits MODEL --tokens 1,2,3 --out FILE.npy [--chunk N] [--decode] [--backend cpu|cuda]
//                         [--adapter DIR[=SCALE]]...
// Output: [n_tokens, n_vocab], row t = logits after token t. --decode feeds one token per
// forward call (the decode path); otherwise the tokens are prefilled in chunks of --chunk
// (default min(window, 512)). --adapter adds PEFT LoRA adapters (CPU backend only; see
// adapter_args.h). Prints one JSON line: {"n_tokens":N,"n_vocab":V,"out":"FILE.npy"}.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/cli/adapter_args.h"
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/cli/report.h"
#include "engine/format/npy.h"
#include "engine/model/loader.h"
#include "engine/model/model.h"
#include "engine/model/weights.h"
#ifdef TRAMONTANE_HAVE_CUDA
#include "engine/backend/cuda/cuda_model.h"
#endif

namespace tramontane::cli {

namespace {

constexpr const char* kUsage =
    "usage: tramontane-cli logits MODEL --tokens 1,2,3 --out FILE.npy [--chunk N] [--decode] [--backend cpu|cuda] "
    "[--adapter DIR[=SCALE]]...";


// The same on the CUDA backend (--decode replays the captured decode graph token by token).
Status cuda_logits(const ModelWeights& weights, int64_t chunk, bool decode, const std::vector<int32_t>& tokens,
                   std::vector<float>& logits) {
#ifdef TRAMONTANE_HAVE_CUDA
  if (kernels::device_count() == 0) return Error{ErrorKind::Resource, "--backend cuda: no CUDA device found"};
  auto model = cuda::CudaModel::create(weights, {.chunk_size = chunk});
  if (!model) return model.error();
  auto cache = (*model)->new_cache();
  if (!cache) return cache.error();
  const int64_t n = int64_t(tokens.size()), n_vocab = weights.config.n_vocab;
  if (!decode) return (*model)->forward(**cache, tokens.data(), n, logits.data());
  for (int64_t t = 0; t < n; ++t)
    if (auto st = (*model)->forward(**cache, tokens.data() + t, 1, logits.data() + t * n_vocab, Logits::Last); !st)
      return st;
  return {};
#else
  (void)weights, (void)chunk, (void)decode, (void)tokens, (void)logits;
  return Error{ErrorKind::Resource, "--backend cuda: this build has no CUDA backend"};
#endif
}

}  // namespace

int cmd_logits(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"decode"});
  if (!args) return report(args.error());
  if (auto ok = args->check_known({"tokens", "out", "chunk", "decode", "backend", "adapter"}); !ok) return report(ok.error());
  if (args->positional().size() != 1 || !args->has("tokens") || !args->has("out")) return report(usage_error(kUsage));
  const std::string backend = args->get("backend").value_or("cpu");
  if (backend != "cpu" && backend != "cuda") return report(usage_error("--backend must be cpu or cuda, got '" + backend + "'"));
  auto tokens = parse_token_ids(*args->get("tokens"));
  if (!tokens) return report(tokens.error());
  auto chunk = args->get_int("chunk", 0, 1, 1 << 20);
  if (!chunk) return report(chunk.error());
  const bool decode = args->has("decode");
  const std::string out_path = *args->get("out");

  auto loaded = open_model(args->positional()[0]);
  if (!loaded) return report(loaded.error());
  auto weights = bind_weights(loaded->config, loaded->tensors, loaded->path);
  if (!weights) return report(weights.error());
  auto adapters = adapter_set_from_args(*args, *weights);
  if (!adapters) return report(adapters.error());
  if (adapters->size() > 0 && backend == "cuda")
    return report(usage_error("--adapter: LoRA adapters are not supported on the CUDA backend yet"));
  auto model = Model::create(*weights);
  if (!model) return report(model.error());
  model->set_chunk_size(*chunk);
  const lora::AdapterSet* set = adapters->size() > 0 ? &*adapters : nullptr;

  const int64_t n = int64_t(tokens->size()), n_vocab = loaded->config.n_vocab;
  std::vector<float> logits(size_t(n) * size_t(n_vocab));  // [n, n_vocab]
  if (backend == "cuda") {
    if (auto st = cuda_logits(*weights, *chunk, decode, *tokens, logits); !st) return report(st.error());
  } else if (decode) {
    KvCache cache = model->new_cache();
    for (int64_t t = 0; t < n; ++t)
      if (auto st = model->forward(cache, tokens->data() + t, 1, logits.data() + t * n_vocab, Logits::Last, set, nullptr,
                                    /*generated=*/true); !st)
        return report(st.error());
  } else {
    KvCache cache = model->new_cache();
    if (auto st = model->forward(cache, tokens->data(), n, logits.data(), Logits::All, set); !st)
      return report(st.error());
  }
  if (auto st = write_npy_f32(out_path, logits.data(), {n, n_vocab}); !st) return report(st.error());
  const nlohmann::json summary = {{"n_tokens", n}, {"n_vocab", n_vocab}, {"out", out_path}};
  std::printf("%s\n", summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return 0;
}

}  // namespace tramontane::cli
