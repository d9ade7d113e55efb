#include "engine/tokenizer/unicode_class.h"

#include <algorithm>
#include <iterator>

namespace tramontane {

namespace {

struct CodeRange {
  char32_t lo, hi;
};

#include "engine/tokenizer/unicode_tables.inc"

template <size_t N>
bool in_ranges(const CodeRange (&r)[N], char32_t c) {
  const CodeRange* it = std::upper_bound(std::begin(r), std::end(r), c,
                                         [](char32_t v, const CodeRange& x) { return v < x.lo; });
  return it != std::begin(r) && c <= (it - 1)->hi;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";   // U+FFFD

}  // namespace

bool is_unicode_letter(char32_t c) { return c >= 0x80 ? in_ranges(kLetterRanges, c) : ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
bool is_unicode_number(char32_t c) { return c >= 0x80 ? in_ranges(kNumberRanges, c) : (c >= '0' && c <= '9'); }
bool is_unicode_space(char32_t c) { return in_ranges(kSpaceRanges, c); }

Utf8Step utf8_step(std::string_view b, bool final, size_t* len) {
  const uint8_t c0 = uint8_t(b[0]);
  if (c0 < 0x80) {
    *len = 1;
    return Utf8Step::Complete;
  }
  size_t n = 0;
  uint8_t lo = 0x80, hi = 0xBF;   // the allowed range of the second byte (Unicode table 3-7)
  if (c0 >= 0xC2 && c0 <= 0xDF) n = 2;
  else if (c0 >= 0xE0 && c0 <= 0xEF) {
    n = 3;
    if (c0 == 0xE0) lo = 0xA0;
    if (c0 == 0xED) hi = 0x9F;   // no surrogates
  } else if (c0 >= 0xF0 && c0 <= 0xF4) {
    n = 4;
    if (c0 == 0xF0) lo = 0x90;
    if (c0 == 0xF4) hi = 0x8F;   // nothing above U+10FFFF
  } else {
    *len = 1;   // 0x80..0xC1, 0xF5..0xFF never start a character
    return Utf8Step::Invalid;
  }
  for (size_t i = 1; i < n; ++i) {
    if (i >= b.size()) {
      if (!final) return Utf8Step::NeedMore;
      *len = i;
      return Utf8Step::Invalid;
    }
    const uint8_t c = uint8_t(b[i]);
    const bool ok = i == 1 ? (c >= lo && c <= hi) : (c & 0xC0) == 0x80;
    if (!ok) {
      *len = i;
      return Utf8Step::Invalid;
    }
  }
  *len = n;
  return Utf8Step::Complete;
}

void append_utf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(char(c));
  } else if (c < 0x800) {
    out->push_back(char(0xC0 | (c >> 6)));
    out->push_back(char(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(char(0xE0 | (c >> 12)));
    out->push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(char(0x80 | (c & 0x3F)));
  } else {
    out->push_back(char(0xF0 | (c >> 18)));
    out->push_back(char(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(char(0x80 | (c & 0x3F)));
  }
}

std::string utf8_lossy(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    size_t len = 0;
    if (utf8_step(bytes, true, &len) == Utf8Step::Complete) out.append(bytes.substr(0, len));
    else out.append(kReplacement);
    bytes.remove_prefix(len);
  }
  return out;
}

void utf8_code_points(std::string_view text, std::vector<char32_t>* cps, std::string* clean,
                      std::vector<size_t>* offsets) {
  cps->clear();
  clean->clear();
  offsets->clear();
  while (!text.empty()) {
    size_t len = 0;
    char32_t c = 0xFFFD;
    if (utf8_step(text, true, &len) == Utf8Step::Complete) {
      const uint8_t c0 = uint8_t(text[0]);
      c = len == 1 ? c0 : len == 2 ? (c0 & 0x1F) : len == 3 ? (c0 & 0x0F) : (c0 & 0x07);
      for (size_t i = 1; i < len; ++i) c = (c << 6) | (uint8_t(text[i]) & 0x3F);
    }
    offsets->push_back(clean->size());
    cps->push_back(c);
    append_utf8(c, clean);
    text.remove_prefix(len);
  }
  offsets->push_back(clean->size());
}

}  // namespace tramontane
