#include "engine/tokenizer/protobuf_wire.h"

#include <cstring>

#include "engine/core/status.h"

namespace tramontane {

const char* wire_type_name(WireType t) {
  switch (t) {
    case WireType::Varint: return "varint";
    case WireType::I64: return "64-bit";
    case WireType::Len: return "length-delimited";
    case WireType::I32: return "32-bit";
  }
  return "?";
}

void WireReader::fail(uint64_t at, const std::string& what) const {
  throw_bad_input(where_ + ": " + what + " at byte " + std::to_string(base_ + at));
}

// A varint of at most 10 bytes whose value fits 64 bits (the 10th byte may only be 0 or 1).
uint64_t WireReader::read_varint(uint64_t field_start, const char* what) {
  uint64_t v = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos_ >= msg_.size()) fail(field_start, std::string("truncated varint (") + what + ")");
    const uint8_t b = static_cast<uint8_t>(msg_[pos_++]);
    if (i == 9 && b > 1) fail(field_start, std::string("varint (") + what + ") does not fit 64 bits");
    v |= uint64_t(b & 0x7F) << (7 * i);
    if (b < 0x80) return v;
  }
  fail(field_start, std::string("varint (") + what + ") longer than 10 bytes");
}

bool WireReader::next(WireField* f) {
  if (pos_ >= msg_.size()) return false;
  const uint64_t start = pos_;
  const uint64_t key = read_varint(start, "field key");
  if (key > 0xFFFFFFFFull) fail(start, "field key " + std::to_string(key) + " does not fit 32 bits");
  const uint32_t number = uint32_t(key >> 3);
  const uint32_t wire = uint32_t(key & 7);
  if (number == 0) fail(start, "field number 0");
  const std::string field = "field " + std::to_string(number);
  *f = WireField{};
  f->number = number;
  f->offset = base_ + start;
  const size_t left = msg_.size() - pos_;
  switch (wire) {
    case 0:
      f->type = WireType::Varint;
      f->varint = read_varint(start, "value");
      return true;
    case 1:
      if (left < 8) fail(start, field + ": 8-byte value runs past the end of the message (" +
                                    std::to_string(left) + " bytes left)");
      f->type = WireType::I64;
      std::memcpy(&f->fixed, msg_.data() + pos_, 8);  // little-endian hosts only (x86-64, arm64)
      pos_ += 8;
      return true;
    case 5: {
      if (left < 4) fail(start, field + ": 4-byte value runs past the end of the message (" +
                                    std::to_string(left) + " bytes left)");
      f->type = WireType::I32;
      uint32_t v;
      std::memcpy(&v, msg_.data() + pos_, 4);
      f->fixed = v;
      pos_ += 4;
      return true;
    }
    case 2: {
      const uint64_t n = read_varint(start, "length");
      const size_t rest = msg_.size() - pos_;
      if (n > rest) fail(start, field + ": length " + std::to_string(n) +
                                    " runs past the end of the message (" + std::to_string(rest) + " bytes left)");
      f->type = WireType::Len;
      f->bytes = msg_.substr(pos_, size_t(n));
      pos_ += size_t(n);
      return true;
    }
    default:
      fail(start, field + ": unsupported wire type " + std::to_string(wire));
  }
}

void WireWriter::put_varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(char(uint8_t(v) | 0x80));
    v >>= 7;
  }
  out_.push_back(char(uint8_t(v)));
}

void WireWriter::add_varint(uint32_t number, uint64_t v) {
  put_varint(uint64_t(number) << 3 | 0);
  put_varint(v);
}

void WireWriter::add_int32(uint32_t number, int32_t v) {
  add_varint(number, uint64_t(int64_t(v)));  // protobuf int32: negative values sign-extended
}

void WireWriter::add_float(uint32_t number, float v) {
  put_varint(uint64_t(number) << 3 | 5);
  char b[4];
  std::memcpy(b, &v, 4);
  out_.append(b, 4);
}

void WireWriter::add_bytes(uint32_t number, std::string_view v) {
  put_varint(uint64_t(number) << 3 | 2);
  put_varint(v.size());
  out_.append(v.data(), v.size());
}

}  // namespace tramontane
