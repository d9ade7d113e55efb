#include "engine/tokenizer/stream_decoder.h"

#include "engine/tokenizer/tokenizer.h"
#include "engine/tokenizer/unicode_class.h"

namespace tramontane {

namespace {

constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";   // U+2581 '▁'
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";   // U+FFFD

enum class Utf8Start { Complete, Invalid, NeedMore };

bool is_trail(uint8_t b) { return (b & 0xC0) == 0x80; }

// Classifies the character at the start of `b` the way libsentencepiece's DecodeUTF8 does
// (strict: no overlong forms, no surrogates, nothing above U+10FFFF), except that a sequence
// whose bytes so far are all plausible is NeedMore while more bytes may still come.
Utf8Start classify(std::string_view b, bool run_ended, size_t* len) {
  const uint8_t c0 = uint8_t(b[0]);
  if (c0 < 0x80) {
    *len = 1;
    return Utf8Start::Complete;
  }
  size_t n = 0;
  uint32_t min_cp = 0;
  if ((c0 & 0xE0) == 0xC0) { n = 2; min_cp = 0x80; }
  else if ((c0 & 0xF0) == 0xE0) { n = 3; min_cp = 0x800; }
  else if ((c0 & 0xF8) == 0xF0) { n = 4; min_cp = 0x10000; }
  else return Utf8Start::Invalid;   // a trail byte or 0xF8..0xFF cannot start a character
  for (size_t i = 1; i < n && i < b.size(); ++i)
    if (!is_trail(uint8_t(b[i]))) return Utf8Start::Invalid;
  if (b.size() < n) return run_ended ? Utf8Start::Invalid : Utf8Start::NeedMore;
  uint32_t cp = c0 & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (size_t i = 1; i < n; ++i) cp = (cp << 6) | (uint8_t(b[i]) & 0x3F);
  const bool valid_cp = cp < 0xD800 || (cp >= 0xE000 && cp <= 0x10FFFF);
  if (cp < min_cp || !valid_cp) return Utf8Start::Invalid;
  *len = n;
  return Utf8Start::Complete;
}

}  // namespace

void StreamDecoder::flush_bytes(bool run_ended, std::string* out) {
  if (tok_.byte_level()) {   // one U+FFFD per maximal subpart, as Tokenizer::decode
    while (!bytes_.empty()) {
      size_t len = 0;
      const Utf8Step k = utf8_step(bytes_, run_ended, &len);
      if (k == Utf8Step::NeedMore) break;
      out->append(k == Utf8Step::Complete ? std::string_view(bytes_).substr(0, len) : kReplacement);
      bytes_.erase(0, len);
    }
    return;
  }
  while (!bytes_.empty()) {
    size_t len = 0;
    const Utf8Start k = classify(bytes_, run_ended, &len);
    if (k == Utf8Start::NeedMore) break;
    if (k == Utf8Start::Complete) {
      out->append(bytes_, 0, len);
      bytes_.erase(0, len);
    } else {  // one U+FFFD for the first byte, then try again from the next one
      out->append(kReplacement);
      bytes_.erase(0, 1);
    }
    text_empty_ = false;
  }
}

Expected<std::string> StreamDecoder::push(int32_t id) {
  if (id < 0 || id >= tok_.n_vocab())
    return Error{ErrorKind::BadInput, tok_.source() + ": token id " + std::to_string(id) +
                                          " is outside the vocabulary of " + std::to_string(tok_.n_vocab())};
  std::string out;
  if (tok_.byte_level()) {   // all tokens' bytes form one run; control tokens add none
    bytes_ += tok_.token_bytes(id);
    flush_bytes(false, &out);
    return out;
  }
  const int byte = tok_.byte_value(id);
  if (byte >= 0) {
    bytes_.push_back(char(uint8_t(byte)));
    flush_bytes(false, &out);
    return out;
  }
  flush_bytes(true, &out);  // a non-byte piece ends the run of byte pieces

  // libsentencepiece: the '▁' of a piece is the dummy prefix while nothing has been written
  // and the previous piece did not already drop one.
  if (bos_ws_seen_ || !text_empty_) is_bos_ws_ = false;
  std::string text;
  if (tok_.is_control(id)) {
    bos_ws_seen_ = false;
  } else if (tok_.is_unknown(id)) {
    text = tok_.model_info().unk_surface;
    bos_ws_seen_ = false;
  } else {
    std::string_view p;
    const std::string piece = tok_.piece(id);
    p = piece;
    const SpModelInfo& m = tok_.model_info();
    bool dropped = false;
    if (is_bos_ws_ && (m.add_dummy_prefix || m.remove_extra_whitespaces)) {
      if (p.substr(0, kSpaceSymbol.size()) == kSpaceSymbol) {
        p.remove_prefix(kSpaceSymbol.size());
        dropped = true;
      }
      if (m.remove_extra_whitespaces) dropped = false;  // then every leading '▁' goes
    }
    bos_ws_seen_ = dropped;
    text.reserve(p.size());
    while (!p.empty()) {
      if (p.substr(0, kSpaceSymbol.size()) == kSpaceSymbol) {
        text.push_back(' ');
        p.remove_prefix(kSpaceSymbol.size());
      } else {
        text.push_back(p.front());
        p.remove_prefix(1);
      }
    }
  }
  if (!text.empty()) text_empty_ = false;
  out += text;
  return out;
}

std::string StreamDecoder::finish() {
  std::string out;
  flush_bytes(true, &out);
  text_empty_ = true;
  bos_ws_seen_ = false;
  is_bos_ws_ = true;
  return out;
}

}  // namespace tramontane
