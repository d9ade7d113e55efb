#pragma once
// The tokenizer of a GGUF file: llama.cpp's "llama" (SentencePiece) vocabulary keys -> SpVocab ->
// ModelProto bytes (sp_model_builder.h) -> Tokenizer.
//
// Keys (llama.cpp names):
//   tokenizer.ggml.model            STRING, must be "llama"
//   tokenizer.ggml.tokens           ARRAY of STRING (required)
//   tokenizer.ggml.scores           ARRAY of FLOAT32 (optional, default 0)
//   tokenizer.ggml.token_type       ARRAY of INT32 (optional, default 1 = normal); 1 normal,
//                                   2 unknown, 3 control, 4 user defined, 5 unused, 6 byte
//   tokenizer.ggml.bos_token_id / eos_token_id / unknown_token_id / padding_token_id
//                                   UINT32 (optional; defaults 1, 2, 0, none)
//   tokenizer.ggml.add_space_prefix BOOL (optional, default true)
// byte_fallback is on when the vocabulary has byte tokens (llama.cpp's SentencePiece tokenizer
// always falls back to bytes).
#include <memory>

#include "engine/core/status.h"
#include "engine/format/gguf.h"
#include "engine/tokenizer/sp_model_builder.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane {

// Errors are BadInput and start with the file's path.
Expected<SpVocab> sp_vocab_from_gguf(const GgufFile& f);
Expected<std::unique_ptr<Tokenizer>> tokenizer_from_gguf(const GgufFile& f);

}  // namespace tramontane
