// tramontane-cli attention: one layer's attention weights for a list of token ids, as a float32 .npy.
//   tramontane-cli attention MODEL --tokens 1,2,3 --layer L [--head H] --out FILE.npy [--chunk N] [--decode]
// Output: [heads, queries, keys] = [n_head (or 1 with --head), n_tokens, n_tokens]: row q is the
// softmax over keys of the query at position q, keys indexed by absolute position, 0 outside the
// causal (sliding-window) mask. Computed by the attention probe (engine/runtime/probes.h) during an
// ordinary CPU forward pass: prefill in chunks of --chunk (default min(window, 512)), or one token
// per forward call with --decode. Prints one JSON line:
//   {"heads":H,"keys":N,"layer":L,"out":"FILE.npy","queries":N}
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/cli/report.h"
#include "engine/format/npy.h"
#include "engine/model/loader.h"
#include "engine/model/model.h"
#include "engine/model/weights.h"
#include "engine/runtime/probes.h"

namespace tramontane::cli {

namespace {

constexpr const char* kUsage =
    "usage: tramontane-cli attention MODEL --tokens 1,2,3 --layer L [--head H] --out FILE.npy [--chunk N] [--decode]";
// [heads, n, n] floats: keep the output under 1 GiB.
constexpr int64_t kMaxOutputFloats = int64_t(1) << 28;


}  // namespace

int cmd_attention(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"decode"});
  if (!args) return report(args.error());
  if (auto ok = args->check_known({"tokens", "layer", "head", "out", "chunk", "decode"}); !ok) return report(ok.error());
  if (args->positional().size() != 1 || !args->has("tokens") || !args->has("out") || !args->has("layer"))
    return report(usage_error(kUsage));
  auto tokens = parse_token_ids(*args->get("tokens"));
  if (!tokens) return report(tokens.error());
  auto chunk = args->get_int("chunk", 0, 1, 1 << 20);
  if (!chunk) return report(chunk.error());
  auto layer = args->get_int("layer", 0, 0, 1 << 20);
  if (!layer) return report(layer.error());
  auto head = args->get_int("head", -1, 0, 1 << 20);
  if (!head) return report(head.error());
  const bool decode = args->has("decode");
  const std::string out_path = *args->get("out");

  auto loaded = open_model(args->positional()[0]);
  if (!loaded) return report(loaded.error());
  const ModelConfig& c = loaded->config;
  if (*layer >= c.n_layer)
    return report(usage_error("--layer " + std::to_string(*layer) + ": the model has layers 0.." +
                              std::to_string(c.n_layer - 1)));
  if (*head >= c.n_head)
    return report(usage_error("--head " + std::to_string(*head) + ": the model has heads 0.." +
                              std::to_string(c.n_head - 1)));
  const int64_t n = int64_t(tokens->size());
  const int64_t n_heads = *head >= 0 ? 1 : c.n_head;
  if (n_heads * n * n > kMaxOutputFloats)
    return report(usage_error("--tokens: " + std::to_string(n) + " tokens make an output over 1 GiB; use --head or fewer tokens"));
  auto weights = bind_weights(c, loaded->tensors, loaded->path);
  if (!weights) return report(weights.error());
  auto model = Model::create(*weights);
  if (!model) return report(model.error());
  model->set_chunk_size(*chunk);

  // Every step's frame is kept (one per chunk, or per token with --decode).
  Probes probes(size_t(n) + 1, ~uint64_t(0));
  ProbeSpec spec;
  spec.layers = {*layer};
  if (*head >= 0) spec.heads = {*head};
  spec.kv = false;
  probes.subscribe(spec);

  KvCache cache = model->new_cache();
  if (decode) {
    for (int64_t t = 0; t < n; ++t)
      if (auto st = model->forward(cache, tokens->data() + t, 1, nullptr, Logits::None, nullptr, &probes); !st)
        return report(st.error());
  } else if (auto st = model->forward(cache, tokens->data(), n, nullptr, Logits::None, nullptr, &probes); !st) {
    return report(st.error());
  }

  std::vector<float> out(size_t(n_heads * n * n), 0.0f);  // [heads, queries, keys]
  for (const ProbeFrame& f : probes.frames_after(0)) {
    for (const AttentionFrame& a : f.attention) {
      if (a.layer != *layer) continue;
      for (size_t h = 0; h < a.heads.size() && int64_t(h) < n_heads; ++h)
        for (size_t t = 0; t < a.q_pos.size(); ++t) {
          const int64_t qp = a.q_pos[t];
          float* row = out.data() + (int64_t(h) * n + qp) * n;
          for (int64_t k = 0; k < a.n_keys; ++k)
            row[a.key_first + k] = a.weights[(h * a.q_pos.size() + t) * size_t(a.n_keys) + size_t(k)];
        }
    }
  }
  if (auto st = write_npy_f32(out_path, out.data(), {n_heads, n, n}); !st) return report(st.error());
  const nlohmann::json summary = {{"layer", *layer}, {"heads", n_heads}, {"queries", n}, {"keys", n}, {"out", out_path}};
  std::printf("%s\n", summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return 0;
}

}  // namespace tramontane::cli
