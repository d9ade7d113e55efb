#pragma once
// Writes a SentencePiece ModelProto from a bare vocabulary (pieces, scores, types), for GGUF
// files that carry llama.cpp's "llama" tokenizer (tokenizer.ggml.tokens / scores / token_type)
// instead of a tokenizer.model. The model it writes tokenizes like Mistral's and Llama's
// tokenizer.model: BPE, identity normalizer, a dummy-prefix space, spaces escaped as U+2581,
// extra whitespace kept, byte fallback.
//
// Bytes written (see sp_model_check.h for the field numbers):
//   pieces[i]       = {1: pieces[i], 2: scores[i], 3: types[i]}            for every i
//   trainer_spec    = {3: BPE, 4: n, 35: byte_fallback, 40..43: unk/bos/eos/pad ids,
//                      45..48: unk/bos/eos/pad pieces (those with an id)}
//   normalizer_spec = {1: "identity", 3: add_dummy_prefix, 4: false, 5: true}
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace tramontane {

struct SpVocab {
  std::vector<std::string> pieces;
  std::vector<float> scores;
  std::vector<int32_t> types;   // SentencePiece types: NORMAL=1 UNKNOWN=2 CONTROL=3 USER_DEFINED=4
                                // UNUSED=5 BYTE=6 (GGUF token_type uses the same numbers)
  int32_t unk_id = 0;
  int32_t bos_id = 1;
  int32_t eos_id = 2;
  int32_t pad_id = -1;          // -1: none (as bos/eos/unk)
  bool add_dummy_prefix = true;
  bool byte_fallback = true;
};

// Serialized ModelProto bytes. Fails (BadInput, "SOURCE: ...") only when the three arrays differ
// in length or an id is neither -1 nor a piece index; everything else (types, UTF-8, duplicates,
// byte pieces) is checked when the bytes are loaded (Tokenizer::from_model_proto).
Expected<std::string> build_sentencepiece_model(const SpVocab& v, const std::string& source);

}  // namespace tramontane
