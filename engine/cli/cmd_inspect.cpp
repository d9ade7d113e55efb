// tramontane-cli inspect MODEL: what a model file holds, after full validation.
#include <cstdio>
#include <string>

#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/cli/report.h"
#include "engine/core/text.h"
#include "engine/format/safetensors.h"
#include "engine/model/loader.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane::cli {

namespace {
void print_tensors(const std::vector<TensorView>& tensors) {
  std::printf("tensors: %zu\n", tensors.size());
  for (const auto& t : tensors)
    std::printf("  %-48s %-5s %-20s %llu bytes\n", t.name.c_str(), std::string(dtype_name(t.dtype)).c_str(),
                shape_string(t.shape).c_str(), (unsigned long long)t.nbytes);
}

bool is_safetensors_file(const std::string& p) {
  const std::string ext = ".safetensors";
  return p.size() > ext.size() && p.compare(p.size() - ext.size(), ext.size(), ext) == 0;
}

// One .safetensors file on its own: its tensors, without a config.
int inspect_safetensors_file(const std::string& path) {
  auto f = read_safetensors(path);
  if (!f) return report(f.error());
  std::printf("file: %s\nformat: safetensors (single file; no config.json)\n", path.c_str());
  print_tensors(f->tensors);
  return 0;
}

}  // namespace

int cmd_inspect(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {});
  if (!args) return report(args.error());
  if (auto ok = args->check_known({}); !ok) return report(ok.error());
  if (args->positional().size() != 1) return report(usage_error("usage: tramontane-cli inspect MODEL"));
  if (is_safetensors_file(args->positional()[0])) return inspect_safetensors_file(args->positional()[0]);
  auto model = open_model(args->positional()[0]);
  if (!model) return report(model.error());
  const ModelConfig& c = model->config;

  std::printf("model: %s\n", model->path.c_str());
  std::printf("format: %s\n", model->format == LoadedModel::Format::Gguf ? "gguf" : "safetensors");
  std::printf("architecture: %s\n", arch_name(c.arch));
  std::printf("n_embd: %lld  n_ff: %lld  n_layer: %lld  n_head: %lld  n_head_kv: %lld  head_dim: %lld\n",
              (long long)c.n_embd, (long long)c.n_ff, (long long)c.n_layer, (long long)c.n_head,
              (long long)c.n_head_kv, (long long)c.head_dim);
  std::printf("n_vocab: %lld  rms_eps: %g  rope_theta: %g  rope: %s\n", (long long)c.n_vocab, c.rms_eps,
              c.rope_theta, c.rope_interleaved ? "interleaved pairs (GGUF)" : "halves (HF)");
  if (c.window > 0) std::printf("sliding window: %lld tokens (rolling KV cache of %lld slots)\n",
                                (long long)c.window, (long long)c.window);
  else std::printf("sliding window: none (context limit %lld tokens)\n", (long long)c.n_ctx_max);
  std::printf("tied embeddings: %s  bos: %d  eos: %d\n", c.tie_embeddings ? "yes" : "no", c.bos_id, c.eos_id);
  std::printf("parameters: %llu\n", (unsigned long long)model->parameter_count());
  std::printf("weight bytes: %llu (%s)\n", (unsigned long long)model->weight_bytes(),
              bytes_text(model->weight_bytes()).c_str());

  // The tokenizer is optional for a model; when present it must be valid.
  if (model->format == LoadedModel::Format::Gguf || !model->tokenizer_path.empty()) {
    auto tok = open_tokenizer(*model);
    if (!tok) return report(tok.error());
    std::printf("tokenizer: %lld pieces  chat template: %s\n", (long long)(*tok)->n_vocab(),
                chat_template_name(detect_template(**tok)));
  } else {
    std::printf("tokenizer: none (commands that take token ids still work)\n");
  }

  print_tensors(model->tensors);
  return 0;
}

}  // namespace tramontane::cli
