// tramontane-cli: the engine without Qt, for tests, benchmarks and scripts.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "engine/cli/commands.h"
#include "engine/cli/report.h"

namespace {

struct Command {
  const char* name;
  int (*run)(int, char**);
  const char* usage;
};

const Command kCommands[] = {
    {"info", tramontane::cli::cmd_info, "info"},
    {"inspect", tramontane::cli::cmd_inspect, "inspect MODEL"},
    {"tokenize", tramontane::cli::cmd_tokenize, "tokenize MODEL --text TEXT [--bos]"},
    {"chat-tokens", tramontane::cli::cmd_chat_tokens, "chat-tokens MODEL --messages FILE.json [--template v1|v3|chatml]"},
    {"logits", tramontane::cli::cmd_logits, "logits MODEL --tokens 1,2,3 --out FILE.npy [--chunk N] [--decode] [--backend cpu|cuda]"},
    {"attention", tramontane::cli::cmd_attention, "attention MODEL --tokens 1,2,3 --layer L [--head H] --out FILE.npy [--chunk N] [--decode]"},
    {"generate", tramontane::cli::cmd_generate, "generate MODEL --prompt TEXT [--system TEXT] [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--seed S] [--stop STR]... [--template v1|v3|chatml] [--chunk N] [--adapter DIR[=SCALE]]... [--backend cpu|cuda|auto]"},
    {"selftest", tramontane::cli::cmd_selftest, "selftest --backend cuda [--seed S] [--only OP] [--faults MODEL]"},
    {"moderate", tramontane::cli::cmd_moderate, "moderate MODEL --input FILE.csv|FILE.jsonl --column C [--label-column L] [--policy NAME|FILE] [--threshold T] [--batch N] [--no-prefix-reuse] [--threads N] --out results.jsonl"},
    {"bench", tramontane::cli::cmd_bench, "bench MODEL [--prompt-tokens N] [--gen-tokens M] [--batch B] [--threads T] [--repeat R] [--memory-bandwidth] [--backend cpu]"},
};

void print_usage(FILE* f) {
  std::fprintf(f, "usage: tramontane-cli COMMAND [ARGS]\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(f, "  tramontane-cli %s\n", c.usage);
  std::fprintf(f, "\nMODEL is a directory (config.json + *.safetensors [+ tokenizer.model]) or a .gguf file.\n"
                  "Exit codes: 0 ok, 2 usage error, 3 bad input file or model, 4 resource error.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    print_usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  for (const auto& c : kCommands) {
    if (std::strcmp(argv[1], c.name) != 0) continue;
    try {
      return c.run(argc, argv);
    } catch (const tramontane::ErrorException& e) {
      return tramontane::cli::report(e.error());
    } catch (const std::bad_alloc&) {
      return tramontane::cli::report({tramontane::ErrorKind::Resource, "out of memory"});
    } catch (const std::exception& e) {
      return tramontane::cli::report({tramontane::ErrorKind::Internal, std::string("internal error: ") + e.what()});
    }
  }
  std::fprintf(stderr, "tramontane-cli: unknown command '%s'\n\n", argv[1]);
  print_usage(stderr);
  return 2;
}
