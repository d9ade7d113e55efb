#pragma once
// Byte-level BPE (GPT-2 style), the second tokenizer behind Tokenizer (tokenizer.h): llama.cpp's
// tokenizer.ggml.model = "gpt2" vocabularies, token-identical to the `tokenizers` package
// (0.20) with the same vocabulary, merges and pre-tokenizer.
//
// Encoding of a text (no BOS/EOS; special tokens written as text are plain text, i.e. as
// `tokenizers` with encode_special_tokens = True / transformers' split_special_tokens=True):
//   1. invalid UTF-8 is read as U+FFFD (one per maximal subpart);
//   2. pre-tokenization, by tokenizer.ggml.pre:
//        "smollm"  (SmolLM/SmolLM2, as llama.cpp names it; in tokenizer.json a Sequence of
//                  Digits(individual_digits) and ByteLevel(add_prefix_space=false, use_regex)):
//                  every \p{N} character is a piece of its own, then each remaining run is split
//                  by GPT-2's regex
//                    's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//      other values are refused when the vocabulary is loaded;
//   3. each piece's UTF-8 bytes are mapped to GPT-2's byte characters (bytes_to_unicode: the
//      printable Latin-1 bytes stand for themselves, the rest for U+0100 + k), each byte
//      character starts as its own token (a byte whose character is not in the vocabulary is
//      left out, as `tokenizers` does without an unknown token), and merges apply lowest rank first (leftmost first
//      among equal ranks) until none applies.
// Decoding: control tokens give nothing; every other token gives the bytes its characters
// stand for (a token with a character outside the byte map gives its own UTF-8 text, as the
// `tokenizers` ByteLevel decoder does); the bytes of all tokens together are read as UTF-8
// with U+FFFD for each maximal subpart that is not valid.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/status.h"

namespace tramontane {

// What a GGUF file (or another source) gives for a byte-level BPE vocabulary.
struct BpeVocab {
  std::vector<std::string> tokens;
  std::vector<int32_t> types;          // llama.cpp token types: 1 normal, 2 unknown, 3 control,
                                       // 4 user defined, 5 unused, 6 byte
  std::vector<std::string> merges;     // "left right", highest priority first
  std::string pre;                     // tokenizer.ggml.pre
  std::string chat_template;           // tokenizer.chat_template ("" when absent); not checked
  int32_t bos_id = -1, eos_id = -1, unk_id = -1, pad_id = -1;
};

class BpeModel {
 public:
  // BadInput ("SOURCE: ...") for: no tokens, more than 1,000,000 tokens, a token that is empty,
  // too long (> 65,536 bytes) or not UTF-8, a type outside 1..6, tokens/types of different
  // lengths, a merge that is not two tokens of the vocabulary separated by one space or whose
  // result is not in the vocabulary, fewer than 128 of the 256 byte characters as tokens, a special id
  // outside the vocabulary, and a pre-tokenizer other than the ones above.
  static Expected<BpeModel> create(BpeVocab vocab, const std::string& source);

  std::vector<int32_t> encode(std::string_view text) const;
  // The bytes of the tokens (ids must be in range; control tokens give "").
  std::string decode_bytes(const std::vector<int32_t>& ids) const;
  const std::string& token_bytes(int32_t id) const { return bytes_[size_t(id)]; }

  int32_t n_tokens() const { return int32_t(vocab_.tokens.size()); }
  const BpeVocab& vocab() const { return vocab_; }
  int32_t find(std::string_view token) const;   // -1 when absent (the lowest id when repeated)

 private:
  struct Merge {
    int32_t rank;
    int32_t result;
  };
  void bpe(std::string_view piece, std::vector<int32_t>* out) const;
  void pre_tokenize_and_encode(const std::vector<char32_t>& cps, const std::vector<size_t>& offsets,
                               const std::string& text, std::vector<int32_t>* out) const;

  BpeVocab vocab_;
  std::unordered_map<std::string, int32_t> ids_;
  std::unordered_map<uint64_t, Merge> merges_;   // (left << 32 | right) -> rank, result
  std::vector<std::string> bytes_;               // decoded bytes per token
  int32_t byte_token_[256] = {};                 // token of each byte's character
};

}  // namespace tramontane
