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
//
// Byte-level BPE (tokenizer.ggml.model = "gpt2", bpe_model.h):
//   tokenizer.ggml.tokens, tokenizer.ggml.token_type (optional, default normal)
//   tokenizer.ggml.merges           ARRAY of STRING "left right" (required)
//   tokenizer.ggml.pre              STRING, the pre-tokenizer (required; only "smollm" is
//                                   supported, others are refused naming the file and value)
//   tokenizer.ggml.bos/eos/unknown/padding_token_id  (optional; default none)
//   tokenizer.chat_template         STRING (optional; kept for detect_template)
// tokenizer.ggml.add_bos_token is not read: encode() never adds BOS.
#include <memory>

#include "engine/core/status.h"
#include "engine/format/gguf.h"
#include "engine/tokenizer/sp_model_builder.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane {

// Errors are BadInput and start with the file's path.
Expected<SpVocab> sp_vocab_from_gguf(const GgufFile& f);      // "llama" only
Expected<BpeVocab> bpe_vocab_from_gguf(const GgufFile& f);    // the keys above, any model name
// Either kind, by tokenizer.ggml.model.
Expected<std::unique_ptr<Tokenizer>> tokenizer_from_gguf(const GgufFile& f);

}  // namespace tramontane
