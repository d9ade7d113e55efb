#pragma once
// The tokenizer of a model, one of two kinds behind one interface:
//   - SentencePiece (libsentencepiece), loaded from a tokenizer.model file or from ModelProto
//     bytes (see sp_model_builder.h for GGUF "llama" vocabularies). The bytes are checked by
//     check_sentencepiece_model() before the library parses them.
//   - byte-level BPE (bpe_model.h), from a GGUF "gpt2" vocabulary (gguf_vocab.h): no byte
//     pieces (is_byte() is false), every token stands for bytes (token_bytes()), control tokens
//     (type 3, e.g. "<|im_start|>") give no text, and model_info() has no dummy prefix and no
//     whitespace rules.
//
// What follows is said for SentencePiece; for BPE see bpe_model.h (the same rules otherwise:
// no BOS/EOS added, special tokens written as text are text, invalid UTF-8 read as U+FFFD).
//
// encode() is plain SentencePiece encoding: the dummy-prefix space is added, no BOS/EOS, and text
// that looks like a control token ("[INST]", "</s>") is encoded as ordinary text. Invalid UTF-8
// in the input is encoded as U+FFFD (libsentencepiece's normalizer does that), never an error.
// (A SentencePiece model is refused when opened if libsentencepiece cannot encode a set of probe
// texts; should it still fail on some other text, encode() throws BadInput naming the model.)
// All methods are const and safe to call from several threads at once.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/tokenizer/bpe_model.h"
#include "engine/tokenizer/sp_model_check.h"

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace tramontane {

class Tokenizer {
 public:
  // Reads and checks `path` (at most kMaxSpModelBytes); errors name the path.
  static Expected<std::unique_ptr<Tokenizer>> from_file(const std::string& path);
  // `source` names the bytes in errors, e.g. "model.gguf: tokenizer".
  static Expected<std::unique_ptr<Tokenizer>> from_model_proto(std::string serialized, const std::string& source);
  // A byte-level BPE tokenizer; errors as BpeModel::create.
  static Expected<std::unique_ptr<Tokenizer>> from_bpe(BpeVocab vocab, const std::string& source);
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Never fails for a model that loaded (libsentencepiece reporting an error would throw
  // ErrorException(Internal)).
  std::vector<int32_t> encode(std::string_view text) const;
  // SentencePiece decoding (control ids give no text, byte pieces are joined into UTF-8 with
  // U+FFFD for each byte that does not form a character). An id outside 0..n_vocab-1 is BadInput.
  Expected<std::string> decode(const std::vector<int32_t>& ids) const;

  int32_t n_vocab() const { return info_.n_pieces; }
  std::string piece(int32_t id) const;    // "" when id is out of range
  int32_t bos_id() const;                 // -1 when the model has none
  int32_t eos_id() const;
  int32_t unk_id() const;
  // The id of `piece` when it is a CONTROL piece (e.g. "[INST]" in Mistral v3), else nullopt.
  std::optional<int32_t> control_token(std::string_view piece) const;
  bool is_control(int32_t id) const;      // false when out of range
  bool is_byte(int32_t id) const;
  bool is_unknown(int32_t id) const;
  // 0..255 for a byte piece ("<0xE2>" -> 0xE2), -1 for any other id.
  int byte_value(int32_t id) const;

  // True for byte-level BPE. Then token_bytes(id) is what id decodes to (control tokens: "").
  bool byte_level() const { return bpe_ != nullptr; }
  std::string token_bytes(int32_t id) const;   // "" when out of range or not byte-level
  // The chat template text the model file carries (GGUF tokenizer.chat_template; "" when none
  // or for SentencePiece), for detect_template().
  const std::string& chat_template_text() const;

  // What decode() follows (for StreamDecoder): the normalizer flags and the text of <unk>.
  const SpModelInfo& model_info() const { return info_; }
  const std::string& source() const { return source_; }

 private:
  Tokenizer() = default;
  bool in_range(int32_t id) const { return id >= 0 && id < info_.n_pieces; }

  std::unique_ptr<sentencepiece::SentencePieceProcessor> sp_;   // exactly one of sp_, bpe_
  std::unique_ptr<BpeModel> bpe_;
  SpModelInfo info_;
  std::string source_;
};

}  // namespace tramontane
