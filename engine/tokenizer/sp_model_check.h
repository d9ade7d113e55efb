#pragma once
// Checks a serialized SentencePiece ModelProto before libsentencepiece sees it. Debian's 0.1.97
// trusts parts of the model (the precompiled normalization trie is read without bounds checks),
// so every byte is walked here first and anything a Mistral/Llama tokenizer never needs is refused.
//
// ModelProto (sentencepiece_model.proto, proto2):
//   1 pieces (repeated SentencePiece: 1 piece string, 2 score float, 3 type enum
//     NORMAL=1 UNKNOWN=2 CONTROL=3 USER_DEFINED=4 UNUSED=5 BYTE=6)
//   2 trainer_spec   (3 model_type UNIGRAM=1 BPE=2, 35 byte_fallback, 44 unk_surface,
//                     45..48 unk/bos/eos/pad piece; other fields only matter for training)
//   3 normalizer_spec (1 name, 2 precompiled_charsmap, 3 add_dummy_prefix,
//                      4 remove_extra_whitespaces, 5 escape_whitespaces)
//   4 self_test_data (1 samples: 1 input, 2 expected)
//   5 denormalizer_spec (as normalizer_spec)
// Unknown fields are skipped (their framing is still checked), as protobuf does.
//
// Refused (BadInput, "SOURCE: ..."): more than kMaxSpModelBytes; any malformed varint, length
// or wire type; a known field with the wrong wire type; no pieces or more than kMaxSpPieces; a
// piece that is empty, longer than kMaxSpPieceBytes, not UTF-8, with a NUL byte, a non-finite score or a type
// outside 1..6; the same piece twice; not exactly one UNKNOWN piece; no NORMAL piece; model type
// other than Unigram or BPE; BYTE pieces other than "<0x00>".."<0xFF>", BYTE pieces without
// byte_fallback, byte_fallback without all 256; a non-empty precompiled_charsmap (normalizer or
// denormalizer); an unk_surface that is not UTF-8 or longer than kMaxSpPieceBytes; a CONTROL
// piece of a single character (libsentencepiece 0.1.97 then cannot encode text holding it).
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace tramontane {

inline constexpr uint64_t kMaxSpModelBytes = 64ull << 20;   // 64 MiB
inline constexpr int32_t kMaxSpPieces = 1'000'000;
inline constexpr size_t kMaxSpPieceBytes = 65'536;

enum class SpPieceType : int32_t { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

// What the checks read from a model that passed them.
struct SpModelInfo {
  int32_t n_pieces = 0;
  int32_t model_type = 1;                 // 1 Unigram, 2 BPE
  bool byte_fallback = false;
  bool add_dummy_prefix = true;           // normalizer_spec defaults
  bool remove_extra_whitespaces = true;
  bool escape_whitespaces = true;
  std::string unk_surface = " \xE2\x81\x87 ";   // " ⁇ ", what decode writes for the unknown piece
};

Expected<SpModelInfo> check_sentencepiece_model(std::string_view bytes, const std::string& source);

// "<0x41>" -> 0x41; -1 for anything else (SentencePiece's exact spelling: upper-case hex).
int byte_piece_value(std::string_view piece);

}  // namespace tramontane
