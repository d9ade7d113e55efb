#pragma once
// One function per tramontane-cli subcommand (ARCHITECTURE.md, "CLI contract").
// Each returns the process exit code: 0 ok, 2 usage, 3 bad input, 4 resource.
namespace tramontane::cli {

int cmd_info(int argc, char** argv);
int cmd_inspect(int argc, char** argv);
int cmd_tokenize(int argc, char** argv);
int cmd_chat_tokens(int argc, char** argv);
int cmd_logits(int argc, char** argv);
int cmd_attention(int argc, char** argv);
int cmd_bench(int argc, char** argv);
int cmd_generate(int argc, char** argv);
int cmd_selftest(int argc, char** argv);
int cmd_moderate(int argc, char** argv);

}  // namespace tramontane::cli
