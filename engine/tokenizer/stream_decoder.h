#pragma once
// Incremental detokenization for streaming generation: fed one id at a time, returns the text
// that is final. The concatenation of everything returned (push()... then finish()) equals
// Tokenizer::decode() of all the ids, byte for byte, and every returned piece of text is valid
// UTF-8 on its own:
//   - byte pieces (<0xE2> <0x82> <0xAC>) are held until they form a character; a byte that
//     cannot start or continue one becomes U+FFFD as soon as that is certain, and a run that
//     ends before its character is complete (at a non-byte piece or finish()) gives one U+FFFD
//     per byte (libsentencepiece's decode rule);
//   - the leading '▁' of the first piece of the stream is dropped (the dummy-prefix space), as
//     libsentencepiece does, and every other '▁' becomes ' ';
//   - control ids (<s>, </s>, [INST]) give no text; the unknown piece gives " ⁇ ".
//
// Byte-level BPE tokenizers (Tokenizer::byte_level()): the bytes of every token (control tokens
// have none) join one run, held until they form whole characters; one U+FFFD per maximal
// subpart that cannot (at finish(), or as soon as it is certain), as Tokenizer::decode.
//
// Example (Mistral v1): push(1 "<s>") -> "", push(22557 "▁Hello") -> "Hello",
//   push(28705 "▁") -> " ", push(243 "<0xF0>") -> "", push(162 "<0x9F>") -> "",
//   push(155 "<0x98>") -> "", push(131 "<0x80>") -> "😀", push(243 "<0xF0>") -> "",
//   finish() -> "\uFFFD".
#include <cstdint>
#include <string>

#include "engine/core/status.h"

namespace tramontane {

class Tokenizer;

class StreamDecoder {
 public:
  // `tok` must outlive the decoder.
  explicit StreamDecoder(const Tokenizer& tok) : tok_(tok) {}

  // The new final text after `id`. An id outside the vocabulary is BadInput (state unchanged).
  Expected<std::string> push(int32_t id);
  // Flushes held bytes (as U+FFFD) and returns that text; the decoder then starts a new stream.
  std::string finish();

 private:
  void flush_bytes(bool run_ended, std::string* out);

  const Tokenizer& tok_;
  std::string bytes_;          // byte-piece values not yet part of a finished character
  bool text_empty_ = true;     // no text produced yet in this stream
  bool bos_ws_seen_ = false;   // the previous non-byte piece had its leading '▁' dropped
  bool is_bos_ws_ = true;      // the next piece may still lose its leading '▁'
};

}  // namespace tramontane
