#include "engine/tokenizer/sp_model_check.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "engine/format/json_util.h"
#include "engine/tokenizer/protobuf_wire.h"

namespace tramontane {

namespace {

// True when s (valid UTF-8) is exactly one code point.
bool utf8_one_code_point(std::string_view s) {
  if (s.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(s[0]);
  const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  return s.size() == len;
}

struct PieceCheck {
  std::string_view piece;
  int32_t type = 1;
};

// Throws "WHERE: field N has wire type X, expected Y at byte B" unless f has wire type `want`.
void expect_wire(const WireReader& r, const WireField& f, WireType want) {
  if (f.type != want)
    throw_bad_input(r.where() + ": field " + std::to_string(f.number) + " has wire type " +
                    wire_type_name(f.type) + ", expected " + wire_type_name(want) + " at byte " +
                    std::to_string(f.offset));
}

uint64_t offset_in(std::string_view whole, std::string_view part) {
  return uint64_t(part.data() - whole.data());
}

class ModelChecker {
 public:
  ModelChecker(std::string_view bytes, const std::string& source) : all_(bytes), source_(source) {}

  SpModelInfo run() {
    if (all_.size() > kMaxSpModelBytes)
      throw_bad_input(source_ + ": " + std::to_string(all_.size()) + " bytes, more than the limit of " +
                      std::to_string(kMaxSpModelBytes));
    WireReader r(all_, source_);
    WireField f;
    while (r.next(&f)) {
      switch (f.number) {
        case 1: expect_wire(r, f, WireType::Len); piece(f); break;
        case 2: expect_wire(r, f, WireType::Len); trainer_spec(f.bytes); break;
        case 3: expect_wire(r, f, WireType::Len); normalizer_spec(f.bytes, "normalizer_spec", true); break;
        case 4: expect_wire(r, f, WireType::Len); self_test_data(f.bytes); break;
        case 5: expect_wire(r, f, WireType::Len); normalizer_spec(f.bytes, "denormalizer_spec", false); break;
        default: break;  // unknown field: skipped, as protobuf does
      }
    }
    check_vocabulary();
    info_.n_pieces = int32_t(pieces_.size());
    return info_;
  }

 private:
  std::string piece_where(size_t id) const { return source_ + ": piece " + std::to_string(id); }

  void piece(const WireField& outer) {
    const size_t id = pieces_.size();
    if (id >= size_t(kMaxSpPieces))
      throw_bad_input(source_ + ": more than " + std::to_string(kMaxSpPieces) + " pieces");
    WireReader r(outer.bytes, piece_where(id), offset_in(all_, outer.bytes));
    PieceCheck p;
    float score = 0.0f;
    WireField f;
    while (r.next(&f)) {
      if (f.number == 1) {
        expect_wire(r, f, WireType::Len);
        p.piece = f.bytes;
      } else if (f.number == 2) {
        expect_wire(r, f, WireType::I32);
        const uint32_t bits = uint32_t(f.fixed);
        std::memcpy(&score, &bits, 4);
      } else if (f.number == 3) {
        expect_wire(r, f, WireType::Varint);
        if (f.varint < 1 || f.varint > 6)
          throw_bad_input(piece_where(id) + ": type " + std::to_string(f.varint) +
                          " is not a SentencePiece type (1..6)");
        p.type = int32_t(f.varint);
      }
    }
    if (p.piece.empty()) throw_bad_input(piece_where(id) + ": empty piece");
    if (p.piece.size() > kMaxSpPieceBytes)
      throw_bad_input(piece_where(id) + ": " + std::to_string(p.piece.size()) + " bytes, more than " +
                      std::to_string(kMaxSpPieceBytes));
    if (!is_valid_utf8(p.piece))
      throw_bad_input(piece_where(id) + ": '" + escape_for_message(p.piece) + "' is not valid UTF-8");
    // The library's tries (darts-clone) take NUL-terminated keys; byte 0 is the piece <0x00>.
    if (p.piece.find('\0') != std::string_view::npos)
      throw_bad_input(piece_where(id) + ": '" + escape_for_message(p.piece) + "' contains a NUL byte");
    if (!std::isfinite(score))
      throw_bad_input(piece_where(id) + " '" + escape_for_message(p.piece) + "': score is not finite");
    pieces_.push_back(p);
  }

  void trainer_spec(std::string_view msg) {
    WireReader r(msg, source_ + ": trainer_spec", offset_in(all_, msg));
    WireField f;
    while (r.next(&f)) {
      switch (f.number) {
        case 3:
          expect_wire(r, f, WireType::Varint);
          if (f.varint != 1 && f.varint != 2)
            throw_bad_input(r.where() + ": model type " + std::to_string(f.varint) +
                            " is not supported (1 Unigram or 2 BPE)");
          info_.model_type = int32_t(f.varint);
          break;
        case 35:
          expect_wire(r, f, WireType::Varint);
          info_.byte_fallback = f.varint != 0;
          break;
        case 44:
          expect_wire(r, f, WireType::Len);
          if (f.bytes.size() > kMaxSpPieceBytes || !is_valid_utf8(f.bytes))
            throw_bad_input(r.where() + ": unk_surface '" + escape_for_message(f.bytes) +
                            "' is not valid UTF-8 of at most " + std::to_string(kMaxSpPieceBytes) + " bytes");
          info_.unk_surface.assign(f.bytes);
          break;
        case 45: case 46: case 47: case 48:  // unk/bos/eos/pad piece names
          expect_wire(r, f, WireType::Len);
          break;
        default: break;
      }
    }
  }

  void normalizer_spec(std::string_view msg, const char* name, bool is_normalizer) {
    WireReader r(msg, source_ + ": " + name, offset_in(all_, msg));
    WireField f;
    while (r.next(&f)) {
      switch (f.number) {
        case 1: expect_wire(r, f, WireType::Len); break;
        case 2:
          expect_wire(r, f, WireType::Len);
          if (!f.bytes.empty())
            throw_bad_input(r.where() + ": a precompiled_charsmap (" + std::to_string(f.bytes.size()) +
                            " bytes) is not supported; Mistral and Llama tokenizers use the identity normalizer");
          break;
        case 3: case 4: case 5: {
          expect_wire(r, f, WireType::Varint);
          if (!is_normalizer) break;
          const bool v = f.varint != 0;
          if (f.number == 3) info_.add_dummy_prefix = v;
          if (f.number == 4) info_.remove_extra_whitespaces = v;
          if (f.number == 5) info_.escape_whitespaces = v;
          break;
        }
        default: break;
      }
    }
  }

  void self_test_data(std::string_view msg) {
    WireReader r(msg, source_ + ": self_test_data", offset_in(all_, msg));
    WireField f;
    while (r.next(&f)) {
      if (f.number != 1) continue;
      expect_wire(r, f, WireType::Len);
      WireReader s(f.bytes, source_ + ": self_test_data sample", offset_in(all_, f.bytes));
      WireField g;
      while (s.next(&g))
        if (g.number == 1 || g.number == 2) expect_wire(s, g, WireType::Len);
    }
  }

  void check_vocabulary() {
    if (pieces_.empty()) throw_bad_input(source_ + ": no pieces (not a SentencePiece model)");
    std::unordered_map<std::string_view, size_t> seen;
    seen.reserve(pieces_.size());
    std::vector<bool> byte_seen(256, false);
    int64_t unk = -1;
    bool any_normal = false;
    for (size_t id = 0; id < pieces_.size(); ++id) {
      const PieceCheck& p = pieces_[id];
      auto [it, fresh] = seen.emplace(p.piece, id);
      if (!fresh)
        throw_bad_input(source_ + ": piece '" + escape_for_message(p.piece) + "' appears twice (ids " +
                        std::to_string(it->second) + " and " + std::to_string(id) + ")");
      switch (SpPieceType(p.type)) {
        case SpPieceType::Normal: any_normal = true; break;
        case SpPieceType::Control:
          // libsentencepiece (0.1.97, BPE) then fails to encode any text holding that character
          // ("all normalized characters are not consumed"): found by fuzz_sp_model. Real control
          // pieces are markup such as "</s>" or "[INST]".
          if (utf8_one_code_point(p.piece))
            throw_bad_input(piece_where(id) + ": control piece '" + escape_for_message(p.piece) +
                            "' is a single character, which sentencepiece cannot encode around");
          break;
        case SpPieceType::Unknown:
          if (unk >= 0)
            throw_bad_input(source_ + ": two UNKNOWN pieces (ids " + std::to_string(unk) + " and " +
                            std::to_string(id) + ")");
          unk = int64_t(id);
          break;
        case SpPieceType::Byte: {
          const int b = byte_piece_value(p.piece);
          if (b < 0)
            throw_bad_input(piece_where(id) + ": byte piece '" + escape_for_message(p.piece) +
                            "' is not of the form <0xXX>");
          if (!info_.byte_fallback)
            throw_bad_input(piece_where(id) + ": byte piece '" + std::string(p.piece) +
                            "' in a model without byte_fallback");
          byte_seen[size_t(b)] = true;
          break;
        }
        default: break;
      }
    }
    if (unk < 0) throw_bad_input(source_ + ": no UNKNOWN piece");
    if (!any_normal) throw_bad_input(source_ + ": no NORMAL piece");
    if (info_.byte_fallback) {
      for (int b = 0; b < 256; ++b) {
        if (!byte_seen[size_t(b)]) {
          char name[8];
          std::snprintf(name, sizeof name, "<0x%02X>", b);
          throw_bad_input(source_ + ": byte_fallback needs all 256 byte pieces; " + name + " is missing");
        }
      }
    }
  }

  std::string_view all_;
  const std::string& source_;
  std::vector<PieceCheck> pieces_;
  SpModelInfo info_;
};

}  // namespace

int byte_piece_value(std::string_view p) {
  if (p.size() != 6 || p.substr(0, 3) != "<0x" || p[5] != '>') return -1;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  const int hi = hex(p[3]), lo = hex(p[4]);
  if (hi < 0 || lo < 0) return -1;
  return hi * 16 + lo;
}

Expected<SpModelInfo> check_sentencepiece_model(std::string_view bytes, const std::string& source) {
  return try_call([&] { return ModelChecker(bytes, source).run(); });
}

}  // namespace tramontane
