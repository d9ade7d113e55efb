#include "engine/tokenizer/bpe_model.h"

#include <queue>

#include "engine/core/text.h"
#include "engine/format/json_util.h"
#include "engine/tokenizer/sp_model_check.h"
#include "engine/tokenizer/unicode_class.h"

namespace tramontane {

namespace {

// GPT-2's bytes_to_unicode(): byte -> code point of its character.
struct ByteMap {
  char32_t to_char[256];
  std::unordered_map<char32_t, uint8_t> to_byte;
  ByteMap() {
    int n = 0;
    for (int b = 0; b < 256; ++b) {
      const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      to_char[b] = printable ? char32_t(b) : char32_t(256 + n++);
      to_byte[to_char[b]] = uint8_t(b);
    }
  }
};

const ByteMap& byte_map() {
  static const ByteMap m;
  return m;
}

// The bytes a token decodes to (see bpe_model.h).
std::string token_to_bytes(const std::string& token) {
  std::vector<char32_t> cps;
  std::string clean;
  std::vector<size_t> offsets;
  utf8_code_points(token, &cps, &clean, &offsets);
  std::string out;
  for (char32_t c : cps) {
    auto it = byte_map().to_byte.find(c);
    if (it == byte_map().to_byte.end()) return token;
    out.push_back(char(it->second));
  }
  return out;
}

uint64_t pair_key(int32_t a, int32_t b) { return (uint64_t(uint32_t(a)) << 32) | uint32_t(b); }

}  // namespace

Expected<BpeModel> BpeModel::create(BpeVocab vocab, const std::string& source) {
  return try_call([&] {
    BpeModel m;
    const size_t n = vocab.tokens.size();
    if (n == 0) throw_bad_input(source + ": the BPE vocabulary has no tokens");
    if (n > size_t(kMaxSpPieces))
      throw_bad_input(source + ": the BPE vocabulary has " + std::to_string(n) + " tokens (at most " +
                      std::to_string(kMaxSpPieces) + ")");
    if (vocab.types.empty()) vocab.types.assign(n, 1);
    if (vocab.types.size() != n)
      throw_bad_input(source + ": " + std::to_string(n) + " tokens but " + std::to_string(vocab.types.size()) +
                      " token types");
    if (vocab.pre != "smollm")
      throw_bad_input(source + ": BPE pre-tokenizer '" + escape_for_message(vocab.pre) +
                      "' (tokenizer.ggml.pre) is not supported (supported: \"smollm\")");
    m.ids_.reserve(n);
    m.bytes_.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      const std::string& t = vocab.tokens[i];
      if (t.empty() || t.size() > kMaxSpPieceBytes || !is_valid_utf8(t))
        throw_bad_input(source + ": BPE token " + std::to_string(i) + " is empty, longer than " +
                        std::to_string(kMaxSpPieceBytes) + " bytes or not UTF-8");
      if (vocab.types[i] < 1 || vocab.types[i] > 6)
        throw_bad_input(source + ": token type " + std::to_string(vocab.types[i]) + " of token " +
                        std::to_string(i) + " is not a token type (1..6)");
      m.ids_.emplace(t, int32_t(i));   // keeps the lowest id of a repeated token
      // Control tokens decode to nothing; user-defined ones to their own text.
      m.bytes_.push_back(vocab.types[i] == 3 ? std::string() : vocab.types[i] == 4 ? t : token_to_bytes(t));
    }
    int n_bytes = 0;
    for (int b = 0; b < 256; ++b) {
      std::string c;
      append_utf8(byte_map().to_char[b], &c);
      m.byte_token_[b] = m.find(c);   // -1: the byte is dropped (SmolLM2 lacks 21 of them)
      if (m.byte_token_[b] >= 0) ++n_bytes;
    }
    if (n_bytes < 128)
      throw_bad_input(source + ": the BPE vocabulary has tokens for only " + std::to_string(n_bytes) +
                      " of the 256 byte characters, so it is not byte-level");
    m.merges_.reserve(vocab.merges.size());
    for (size_t r = 0; r < vocab.merges.size(); ++r) {
      const std::string& s = vocab.merges[r];
      const size_t sp = s.find(' ');
      const auto bad = [&](const std::string& why) {
        throw_bad_input(source + ": BPE merge " + std::to_string(r) + " '" + escape_for_message(s) + "' " + why);
      };
      if (sp == std::string::npos || sp == 0 || sp + 1 == s.size() || s.find(' ', sp + 1) != std::string::npos)
        bad("is not two tokens separated by one space");
      const std::string left = s.substr(0, sp), right = s.substr(sp + 1);
      const int32_t a = m.find(left), b = m.find(right), c = m.find(left + right);
      if (a < 0 || b < 0) bad("names a token that is not in the vocabulary");
      if (c < 0) bad("makes a token that is not in the vocabulary");
      m.merges_[pair_key(a, b)] = Merge{int32_t(r), c};   // a repeated merge: the last one counts
    }
    const auto check_id = [&](int32_t id, const char* what) {
      if (id >= int32_t(n))
        throw_bad_input(source + ": " + what + " id " + std::to_string(id) + " is outside the vocabulary of " +
                        std::to_string(n));
    };
    check_id(vocab.bos_id, "BOS");
    check_id(vocab.eos_id, "EOS");
    check_id(vocab.unk_id, "unknown token");
    check_id(vocab.pad_id, "padding token");
    m.vocab_ = std::move(vocab);
    return m;
  });
}

int32_t BpeModel::find(std::string_view token) const {
  auto it = ids_.find(std::string(token));
  return it == ids_.end() ? -1 : it->second;
}

// BPE of one pre-tokenized piece (its UTF-8 bytes), merges lowest rank first, leftmost first
// among equal ranks (what the `tokenizers` package's priority queue does).
void BpeModel::bpe(std::string_view piece, std::vector<int32_t>* out) const {
  struct Symbol {
    int32_t id;
    int32_t prev, next;   // -1 at the ends
  };
  // Bytes without a token are left out (as `tokenizers` does without an unknown token, and
  // llama.cpp), so their neighbours may merge.
  std::vector<Symbol> sym;
  sym.reserve(piece.size());
  for (char ch : piece) {
    const int32_t id = byte_token_[uint8_t(ch)];
    if (id < 0) continue;
    sym.push_back(Symbol{id, int32_t(sym.size()) - 1, int32_t(sym.size()) + 1});
  }
  if (!sym.empty()) sym.back().next = -1;
  if (sym.size() > 1) {
    struct Cand {
      int32_t rank, pos, left, right;   // pos: the left symbol; left/right: the ids when queued
      bool operator>(const Cand& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    std::priority_queue<Cand, std::vector<Cand>, std::greater<Cand>> q;
    const auto push = [&](int32_t pos) {
      if (pos < 0 || sym[size_t(pos)].next < 0) return;
      const int32_t a = sym[size_t(pos)].id, b = sym[size_t(sym[size_t(pos)].next)].id;
      auto it = merges_.find(pair_key(a, b));
      if (it != merges_.end()) q.push(Cand{it->second.rank, pos, a, b});
    };
    for (int32_t i = 0; i + 1 < int32_t(sym.size()); ++i) push(i);
    while (!q.empty()) {
      const Cand c = q.top();
      q.pop();
      Symbol& l = sym[size_t(c.pos)];
      if (l.id != c.left || l.next < 0 || sym[size_t(l.next)].id != c.right) continue;   // stale
      Symbol& r = sym[size_t(l.next)];
      l.id = merges_.at(pair_key(c.left, c.right)).result;
      r.id = -1;   // removed
      l.next = r.next;
      if (r.next >= 0) sym[size_t(r.next)].prev = c.pos;
      push(l.prev);
      push(c.pos);
    }
  }
  for (int32_t i = sym.empty() ? -1 : 0; i >= 0; i = sym[size_t(i)].next) out->push_back(sym[size_t(i)].id);
}

void BpeModel::pre_tokenize_and_encode(const std::vector<char32_t>& cps, const std::vector<size_t>& offsets,
                                       const std::string& text, std::vector<int32_t>* out) const {
  const auto emit = [&](size_t i, size_t j) {
    bpe(std::string_view(text).substr(offsets[i], offsets[j] - offsets[i]), out);
  };
  const auto L = [&](size_t i) { return is_unicode_letter(cps[i]); };
  const auto N = [&](size_t i) { return is_unicode_number(cps[i]); };
  const auto S = [&](size_t i) { return is_unicode_space(cps[i]); };
  // GPT-2's regex over cps[b, e).
  const auto gpt2 = [&](size_t b, size_t e) {
    size_t i = b;
    while (i < e) {
      const char32_t c = cps[i];
      size_t k = i;
      if (c == '\'' && i + 1 < e) {
        const char32_t c1 = cps[i + 1], c2 = i + 2 < e ? cps[i + 2] : 0;
        if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') k = i + 2;
        else if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) k = i + 3;
      }
      if (k == i) {
        const size_t j = c == ' ' ? i + 1 : i;   // the optional leading space
        if (j < e && L(j)) {
          for (k = j; k < e && L(k); ++k) {}
        } else if (j < e && N(j)) {
          for (k = j; k < e && N(k); ++k) {}
        } else if (j < e && !S(j)) {
          for (k = j; k < e && !S(k) && !L(k) && !N(k); ++k) {}
        } else {   // c is whitespace: \s+(?!\S) leaves the last one before a non-space, else \s+
          size_t r = i;
          while (r < e && S(r)) ++r;
          k = (r < e && r - i >= 2) ? r - 1 : r;
        }
      }
      emit(i, k);
      i = k;
    }
  };
  // "smollm": each \p{N} character alone, the rest by the regex.
  size_t start = 0;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (!N(i)) continue;
    gpt2(start, i);
    emit(i, i + 1);
    start = i + 1;
  }
  gpt2(start, cps.size());
}

std::vector<int32_t> BpeModel::encode(std::string_view text) const {
  std::vector<char32_t> cps;
  std::string clean;
  std::vector<size_t> offsets;
  utf8_code_points(text, &cps, &clean, &offsets);
  std::vector<int32_t> out;
  out.reserve(clean.size() / 3 + 1);
  pre_tokenize_and_encode(cps, offsets, clean, &out);
  return out;
}

std::string BpeModel::decode_bytes(const std::vector<int32_t>& ids) const {
  std::string out;
  for (int32_t id : ids) out += bytes_[size_t(id)];
  return out;
}

}  // namespace tramontane
