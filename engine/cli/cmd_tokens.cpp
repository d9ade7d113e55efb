// tramontane-cli tokenize / chat-tokens: the model's tokenizer and chat template as JSON ids.
#include <cstdio>
#include <filesystem>

#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/cli/json_out.h"
#include "engine/cli/report.h"
#include "engine/core/mapped_file.h"
#include "engine/format/gguf.h"
#include "engine/tokenizer/gguf_vocab.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane::cli {

namespace {
constexpr uint64_t kMaxMessagesBytes = 64ull << 20;

// Only the tokenizer is needed: a model directory's tokenizer.model, a .gguf's vocabulary,
// or a SentencePiece model file given directly. The weights are not read.
Expected<std::unique_ptr<Tokenizer>> tokenizer_for(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    const auto tok = std::filesystem::path(path) / "tokenizer.model";
    if (!std::filesystem::is_regular_file(tok, ec))
      return Error{ErrorKind::BadInput, tok.string() + ": missing (this command needs the model's tokenizer)"};
    return Tokenizer::from_file(tok.string());
  }
  const std::string ext = ".gguf";
  if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0) {
    auto f = read_gguf(path);
    if (!f) return f.error();
    return tokenizer_from_gguf(*f);
  }
  return Tokenizer::from_file(path);
}
}  // namespace

int cmd_tokenize(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"bos"});
  if (!args) return report(args.error());
  if (auto ok = args->check_known({"text", "bos"}); !ok) return report(ok.error());
  if (args->positional().size() != 1 || !args->has("text"))
    return report(usage_error("usage: tramontane-cli tokenize MODEL --text TEXT [--bos]"));
  auto tok = tokenizer_for(args->positional()[0]);
  if (!tok) return report(tok.error());
  std::vector<int32_t> ids;
  if (args->has("bos")) ids.push_back((*tok)->bos_id());
  for (int32_t id : (*tok)->encode(*args->get("text"))) ids.push_back(id);
  std::printf("%s\n", ids_json(ids).c_str());
  return 0;
}

int cmd_chat_tokens(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {});
  if (!args) return report(args.error());
  if (auto ok = args->check_known({"messages", "template"}); !ok) return report(ok.error());
  if (args->positional().size() != 1 || !args->has("messages"))
    return report(usage_error("usage: tramontane-cli chat-tokens MODEL --messages FILE.json [--template v1|v3|chatml]"));
  auto tok = tokenizer_for(args->positional()[0]);
  if (!tok) return report(tok.error());
  ChatTemplate tmpl = detect_template(**tok);
  if (auto t = args->get("template")) {
    auto parsed = chat_template_from_name(*t);
    if (!parsed) return report(usage_error("--template must be v1, v3 or chatml, got '" + *t + "'"));
    tmpl = *parsed;
  }
  const std::string path = *args->get("messages");
  auto text = read_text_file(path, kMaxMessagesBytes);
  if (!text) return report(text.error());
  auto messages = parse_chat_messages(*text, path);
  if (!messages) return report(messages.error());
  auto ids = apply_chat_template(**tok, tmpl, *messages);
  if (!ids) return report(ids.error());
  std::printf("%s\n", ids_json(*ids).c_str());
  return 0;
}

}  // namespace tramontane::cli
