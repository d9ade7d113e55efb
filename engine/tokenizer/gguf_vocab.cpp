#include "engine/tokenizer/gguf_vocab.h"

#include "engine/format/json_util.h"

namespace tramontane {

namespace {

[[noreturn]] void wrong_type(const GgufFile& f, const std::string& key, const char* want) {
  throw_bad_input(f.path + ": " + key + " must be " + want);
}

// tokenizer.ggml.token_type, when present: every entry a llama.cpp token type (1..6).
std::optional<std::vector<int32_t>> token_types(const GgufFile& f) {
  const std::string key = "tokenizer.ggml.token_type";
  if (!f.find(key)) return std::nullopt;
  const std::optional<std::vector<int64_t>> types = f.get_int_array(key);
  if (!types) wrong_type(f, key, "an array of integers");
  std::vector<int32_t> out;
  out.reserve(types->size());
  for (size_t i = 0; i < types->size(); ++i) {
    const int64_t t = (*types)[i];
    if (t < 1 || t > 6)
      throw_bad_input(f.path + ": " + key + "[" + std::to_string(i) + "] = " + std::to_string(t) +
                      " is not a token type (1..6)");
    out.push_back(int32_t(t));
  }
  return out;
}

// An optional token id: absent -> fallback; present -> an integer in 0..INT32_MAX.
int32_t token_id(const GgufFile& f, const std::string& key, int32_t fallback) {
  if (!f.find(key)) return fallback;
  const std::optional<uint64_t> v = f.get_uint(key);
  if (!v) wrong_type(f, key, "an unsigned integer");
  if (*v > uint64_t(INT32_MAX)) throw_bad_input(f.path + ": " + key + " = " + std::to_string(*v) + " is too large");
  return int32_t(*v);
}

SpVocab read_vocab(const GgufFile& f) {
  const std::string model_key = "tokenizer.ggml.model";
  if (!f.find(model_key)) throw_bad_input(f.path + ": no tokenizer (" + model_key + " is missing)");
  const std::optional<std::string> model = f.get_string(model_key);
  if (!model) wrong_type(f, model_key, "a string");
  if (*model != "llama")
    throw_bad_input(f.path + ": tokenizer '" + escape_for_message(*model) +
                    "' is not supported here (SentencePiece needs tokenizer.ggml.model = \"llama\")");

  SpVocab v;
  const std::string tokens_key = "tokenizer.ggml.tokens";
  if (!f.find(tokens_key)) throw_bad_input(f.path + ": " + tokens_key + " is missing");
  std::optional<std::vector<std::string>> tokens = f.get_string_array(tokens_key);
  if (!tokens) wrong_type(f, tokens_key, "an array of strings");
  v.pieces = std::move(*tokens);
  const size_t n = v.pieces.size();

  const std::string scores_key = "tokenizer.ggml.scores";
  if (f.find(scores_key)) {
    std::optional<std::vector<float>> scores = f.get_float_array(scores_key);
    if (!scores) wrong_type(f, scores_key, "an array of floats");
    v.scores = std::move(*scores);
  } else {
    v.scores.assign(n, 0.0f);
  }

  if (auto types = token_types(f)) {
    v.types = std::move(*types);
  } else {
    v.types.assign(n, int32_t(SpPieceType::Normal));
  }
  if (v.scores.size() != n || v.types.size() != n)
    throw_bad_input(f.path + ": " + std::to_string(n) + " tokens but " + std::to_string(v.scores.size()) +
                    " scores and " + std::to_string(v.types.size()) + " token types");

  v.bos_id = token_id(f, "tokenizer.ggml.bos_token_id", 1);
  v.eos_id = token_id(f, "tokenizer.ggml.eos_token_id", 2);
  v.unk_id = token_id(f, "tokenizer.ggml.unknown_token_id", 0);
  v.pad_id = token_id(f, "tokenizer.ggml.padding_token_id", -1);
  const std::string prefix_key = "tokenizer.ggml.add_space_prefix";
  if (f.find(prefix_key)) {
    const std::optional<bool> b = f.get_bool(prefix_key);
    if (!b) wrong_type(f, prefix_key, "a boolean");
    v.add_dummy_prefix = *b;
  }
  v.byte_fallback = false;
  for (int32_t t : v.types)
    if (t == int32_t(SpPieceType::Byte)) v.byte_fallback = true;
  return v;
}

std::string model_name(const GgufFile& f) {
  const std::string model_key = "tokenizer.ggml.model";
  if (!f.find(model_key)) throw_bad_input(f.path + ": no tokenizer (" + model_key + " is missing)");
  const std::optional<std::string> model = f.get_string(model_key);
  if (!model) wrong_type(f, model_key, "a string");
  if (*model != "llama" && *model != "gpt2")
    throw_bad_input(f.path + ": tokenizer '" + escape_for_message(*model) +
                    "' is not supported (tokenizer.ggml.model must be \"llama\" (SentencePiece) or \"gpt2\" "
                    "(byte-level BPE))");
  return *model;
}

std::vector<std::string> string_array(const GgufFile& f, const std::string& key) {
  if (!f.find(key)) throw_bad_input(f.path + ": " + key + " is missing");
  std::optional<std::vector<std::string>> v = f.get_string_array(key);
  if (!v) wrong_type(f, key, "an array of strings");
  return std::move(*v);
}

BpeVocab read_bpe_vocab(const GgufFile& f) {
  BpeVocab v;
  v.tokens = string_array(f, "tokenizer.ggml.tokens");
  if (auto types = token_types(f)) v.types = std::move(*types);
  const std::string pre_key = "tokenizer.ggml.pre";
  if (!f.find(pre_key))
    throw_bad_input(f.path + ": " + pre_key + " is missing (a byte-level BPE tokenizer needs its pre-tokenizer)");
  const std::optional<std::string> pre = f.get_string(pre_key);
  if (!pre) wrong_type(f, pre_key, "a string");
  v.pre = *pre;
  v.merges = string_array(f, "tokenizer.ggml.merges");
  v.bos_id = token_id(f, "tokenizer.ggml.bos_token_id", -1);
  v.eos_id = token_id(f, "tokenizer.ggml.eos_token_id", -1);
  v.unk_id = token_id(f, "tokenizer.ggml.unknown_token_id", -1);
  v.pad_id = token_id(f, "tokenizer.ggml.padding_token_id", -1);
  const std::string template_key = "tokenizer.chat_template";
  if (f.find(template_key)) {
    const std::optional<std::string> t = f.get_string(template_key);
    if (!t) wrong_type(f, template_key, "a string");
    v.chat_template = *t;
  }
  return v;
}

}  // namespace

Expected<BpeVocab> bpe_vocab_from_gguf(const GgufFile& f) {
  return try_call([&] { return read_bpe_vocab(f); });
}

Expected<SpVocab> sp_vocab_from_gguf(const GgufFile& f) {
  return try_call([&] { return read_vocab(f); });
}

Expected<std::unique_ptr<Tokenizer>> tokenizer_from_gguf(const GgufFile& f) {
  Expected<std::string> model = try_call([&] { return model_name(f); });
  if (!model) return model.error();
  if (*model == "gpt2") {
    Expected<BpeVocab> bpe = bpe_vocab_from_gguf(f);
    if (!bpe) return bpe.error();
    return Tokenizer::from_bpe(std::move(*bpe), f.path);
  }
  Expected<SpVocab> vocab = sp_vocab_from_gguf(f);
  if (!vocab) return vocab.error();
  Expected<std::string> proto = build_sentencepiece_model(*vocab, f.path);
  if (!proto) return proto.error();
  return Tokenizer::from_model_proto(std::move(*proto), f.path);
}

}  // namespace tramontane
